/**
 * A notice's reference and its SHA-256 (notice.ts describes the artifact): what the consent record
 * and the sync protocol carry, and what filling a notice from the settings recomputes — on the
 * way to every interview screen, so kept apart from the text parser and the checks (issue #15).
 */
import type { NoticeRef } from '../sync/index';
import type { NoticeArtifact } from './notice-schema';
import { sha256Hex } from './sha256';

/** The reference the sync protocol and the form records carry for the exact text shown. */
export function noticeRef(notice: NoticeArtifact): NoticeRef {
  const ref: NoticeRef = { id: notice.id, version: notice.version, lang: notice.lang, sha256: notice.sha256 };
  return notice.settings ? { ...ref, settingsVersion: notice.settings.version } : ref;
}

type HashedParts = Pick<NoticeArtifact, 'text' | 'sha256'> & Partial<NoticeArtifact>;

/**
 * What hash scheme 2 hashes: one JSON array of everything the applicant reads before deciding, in
 * the order it is written here — scheme tag, notice id, version, language, title, text, core
 * purpose, then `[id, label, description]` of each purpose, explicit consent and recipient in the
 * notice's order, then every `[key, value]` of `ui` sorted by key (the decision screen's and the
 * receipt's strings). Arrays, not objects, so key order cannot change the bytes; an auditor
 * recomputes it with `JSON.stringify` in any language that escapes like JSON (no pretty-printing).
 */
export function noticeHashInput(notice: NoticeArtifact): string {
  const items = (list: readonly { id: string; label: string; description: string }[] | undefined) =>
    (list ?? []).map((item) => [item.id, item.label, item.description]);
  const ui = Object.entries(notice.ui)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    'lotse-notice/2', notice.id, notice.version, notice.lang, notice.title, notice.text, notice.corePurpose ?? null,
    items(notice.purposes), items(notice.explicitConsents), items(notice.recipients), ui,
  ]);
}

/**
 * The SHA-256 a notice must carry under its own scheme: scheme 1 (absent), the UTF-8 bytes of
 * `text` — notice@1 and @2 keep it forever; scheme 2, `noticeHashInput`.
 */
export function noticeHash(notice: HashedParts): string {
  return notice.hashScheme === 2 ? sha256Hex(noticeHashInput(notice as NoticeArtifact)) : sha256Hex(notice.text);
}

/** True iff the stored `sha256` is the hash of what the notice's scheme covers. */
export function verifyNoticeHash(notice: HashedParts): boolean {
  return noticeHash(notice) === notice.sha256;
}
