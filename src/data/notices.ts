/**
 * Notice texts, filled from the deployment settings (and hashed again where filled): the newest
 * version, which the consent stage offers (`latestNoticeTexts`), and one exact version — a record
 * keeps the version it was shown, so its receipt and its summary read that version, never merely
 * the newest, even after the version was retired (`noticeVersionTexts`). The form stage needs only
 * a few strings of its record's version (`noticeLabelBook`, notice-labels.ts).
 */
import { filledNotice, type NoticeArtifact } from '../core/consent';
import { latestSettings, settingsVersion, usableNotice } from './artifacts';
import type { LotseDatabase } from './db';
import { artifactRows } from './artifact-rows';

/**
 * Every language of one notice version on this device that passed its check when it arrived
 * (schema and SHA-256, artifact-checks.ts), filled with
 * the settings version the record names (`settingsVersion`), as the applicant saw it. A version
 * with placeholders is left out when those settings are not on the device.
 */
export async function noticeVersionTexts(db: LotseDatabase, id: string, version: number, settingsVersionShown?: number): Promise<NoticeArtifact[]> {
  const [rows, settings] = await Promise.all([
    artifactRows(db, 'notice', id),
    settingsVersionShown === undefined ? null : settingsVersion(db, settingsVersionShown),
  ]);
  const notices = await Promise.all(rows.filter((row) => row.version === version).map(usableNotice));
  return notices.flatMap((notice) => (notice ? [notice] : [])).flatMap((notice) => filledNotice(notice, settings) ?? []);
}

/** What the consent stage offers: one text per language, each with the German text it is read beside. */
export interface NoticeTexts {
  /**
   * One text per language: the newest version of that language whose German text of the same
   * version is on the device too. A German version published before its translations therefore
   * never hides them: they stay offered in the version they were translated from.
   */
  texts: NoticeArtifact[];
  /** The German text of every version in `texts`: a text is always read beside its own version. */
  references: NoticeArtifact[];
}

/**
 * The notice texts to offer, filled from the newest settings (retired versions, texts that failed
 * their check when they arrived and texts whose placeholders cannot be filled yet left out, so that an applicant
 * never reads an empty contact).
 *
 * Only the current version is offered: the newest whose German text is usable here, in the
 * languages that version has. A language the current version does not have (yet) is not offered
 * in an older version: from notice@3 on the versions differ in what they ask (the core purpose,
 * the health item, a guardian) and enforce, so every applicant decides on the same terms.
 */
export async function latestNoticeTexts(db: LotseDatabase, id = 'notice'): Promise<NoticeTexts> {
  const [rows, settings] = await Promise.all([
    artifactRows(db, 'notice', id).then((all) => all.filter((row) => !row.retired)),
    latestSettings(db),
  ]);
  const usable = (await Promise.all(rows.map(usableNotice)))
    .flatMap((notice) => (notice ? [notice] : []))
    .flatMap((notice) => filledNotice(notice, settings) ?? []);
  const germanByVersion = new Map(usable.filter((notice) => notice.lang === 'de').map((notice) => [notice.version, notice]));
  if (germanByVersion.size === 0) return { texts: [], references: [] };
  const current = Math.max(...germanByVersion.keys());
  const texts = usable.filter((notice) => notice.version === current);
  return { texts, references: [germanByVersion.get(current)!] };
}
