/**
 * The privacy notice (Datenschutzerklärung) as a published artifact: one file per language under
 * `content/notices/notice@<version>/<lang>.json`, each carrying the SHA-256 of its exact text.
 *
 * The text is kept in one small line-based format (headings, paragraphs, lists) so that the UI
 * renders exactly the characters that were hashed: `noticeBlocks` is the only parser, and the
 * schema refuses any text that the parser would not give back unchanged.
 */
import type { NoticeRef } from '../sync/index';
import type { NoticeArtifact } from './notice-schema';
import { sha256Hex } from './sha256';

export type { NoticeArtifact } from './notice-schema';

/** True when a text has anything visible (not only white space). */
export const hasVisibleText = (value: string) => /\S/.test(value);

const HEADING_PREFIX = '## ';
const LIST_ITEM_PREFIX = '- ';

/** The `ui` keys a notice of hash scheme 2 (notice@3 on) must have. */
export const SCHEME_2_UI_KEYS = [
  'withdrawHeading', 'withdrawByPhone', 'withdrawByEmail', 'withdrawByLetter', 'receiptApplicant', 'receiptInterviewer',
  'receiptReference', 'refusalReassurance', 'explicitHeading', 'corePurposeNote', 'coreRefusal', 'minorAgreement',
  'guardianHeading', 'guardianConsent', 'interpreterConfidentiality', 'interpreterConfirm', 'receiptGuardian',
] as const;

/** One rendered block of a notice text. */
export type NoticeBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] };

/**
 * Splits a notice text into blocks for rendering. Blocks are separated by a blank line; a line
 * starting with "## " is a heading, consecutive lines starting with "- " are one list, any other
 * run of lines is a paragraph (its inner line breaks are kept, e.g. for an address).
 */
export function noticeBlocks(text: string): NoticeBlock[] {
  const blocks: NoticeBlock[] = [];
  let paragraphLines: string[] = [];
  let listItems: string[] = [];
  const closeOpenBlock = () => {
    if (paragraphLines.length > 0) blocks.push({ kind: 'paragraph', text: paragraphLines.join('\n') });
    if (listItems.length > 0) blocks.push({ kind: 'list', items: listItems });
    paragraphLines = [];
    listItems = [];
  };
  for (const line of text.split('\n')) {
    if (line === '') {
      closeOpenBlock();
    } else if (line.startsWith(HEADING_PREFIX)) {
      closeOpenBlock();
      blocks.push({ kind: 'heading', text: line.slice(HEADING_PREFIX.length) });
    } else if (line.startsWith(LIST_ITEM_PREFIX)) {
      if (paragraphLines.length > 0) closeOpenBlock();
      listItems.push(line.slice(LIST_ITEM_PREFIX.length));
    } else {
      if (listItems.length > 0) closeOpenBlock();
      paragraphLines.push(line);
    }
  }
  closeOpenBlock();
  return blocks;
}

/** The canonical text for `blocks`; `noticeBlocks` and this function are inverses on valid texts. */
export function noticeTextFromBlocks(blocks: readonly NoticeBlock[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return HEADING_PREFIX + block.text;
        case 'paragraph':
          return block.text;
        case 'list':
          return block.items.map((item) => LIST_ITEM_PREFIX + item).join('\n');
      }
    })
    .join('\n\n');
}

/** Why `text` is not a valid notice text; empty when it is. */
export function noticeTextProblems(text: string): string[] {
  const problems: string[] = [];
  if (!hasVisibleText(text)) problems.push('the text is empty');
  if (text !== text.normalize('NFC')) problems.push('the text is not in Unicode NFC');
  if (/[\r\t]/.test(text)) problems.push('the text contains a carriage return or a tab');
  if (/[ \u00a0]$/m.test(text)) problems.push('a line ends with a space');
  const blocks = noticeBlocks(text);
  if (noticeTextFromBlocks(blocks) !== text) {
    problems.push('the text is not canonical: separate headings, paragraphs and lists by exactly one blank line');
  }
  for (const block of blocks) {
    const parts = block.kind === 'list' ? block.items : [block.text];
    if (!parts.every(hasVisibleText)) problems.push(`an empty ${block.kind}`);
  }
  return problems;
}


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

/**
 * Why `translation` does not correspond to the German `reference` text; empty when it does.
 * A translation must be the same notice and version and name the same purposes and recipients,
 * in the same order, so that a decision means the same thing in every language.
 */
export function translationProblems(translation: NoticeArtifact, reference: NoticeArtifact): string[] {
  const problems: string[] = [];
  if (reference.lang !== 'de') problems.push(`the reference text must be German, not ${reference.lang}`);
  if (reference.reviewState !== 'reviewed') problems.push('the German reference text is not reviewed');
  if (translation.id !== reference.id || translation.version !== reference.version) {
    problems.push(
      `${translation.lang} is ${translation.id}@${translation.version}, the reference is ${reference.id}@${reference.version}`,
    );
  }
  if (translation.hashScheme !== reference.hashScheme) problems.push(`${translation.lang} uses hash scheme ${translation.hashScheme ?? 1}, German ${reference.hashScheme ?? 1}`);
  if (translation.corePurpose !== reference.corePurpose) problems.push(`${translation.lang} names core purpose ${translation.corePurpose}, German ${reference.corePurpose}`);
  for (const list of ['purposes', 'recipients', 'explicitConsents'] as const) {
    const ids = (translation[list] ?? []).map((item) => item.id).join(', ');
    const referenceIds = (reference[list] ?? []).map((item) => item.id).join(', ');
    if (ids !== referenceIds) problems.push(`${translation.lang} ${list} are [${ids}], German has [${referenceIds}]`);
  }
  // A translation that names fewer contact details than German would withhold one from its readers.
  const placeholders = (notice: NoticeArtifact) =>
    [...new Set([notice.text, ...Object.values(notice.ui)].join('\n').match(/\{\{[A-Za-z]+\}\}/g) ?? [])].sort().join(', ');
  if (placeholders(translation) !== placeholders(reference)) {
    problems.push(`${translation.lang} uses the placeholders [${placeholders(translation)}], German [${placeholders(reference)}]`);
  }
  return problems;
}
