/**
 * Notice texts by exact version. A record keeps the version it was shown, so its receipt and its
 * summary read that version — never merely the newest — even after the version was retired.
 */
import { filledNotice, noticeArtifactSchema, verifyNoticeHash, type NoticeArtifact } from '../core/consent';
import { settingsVersion } from './artifacts';
import type { LotseDatabase } from './db';

/**
 * Every language of one notice version on this device whose text matches its SHA-256, filled with
 * the settings version the record names (`settingsVersion`), as the applicant saw it. A version
 * with placeholders is left out when those settings are not on the device.
 */
export async function noticeVersionTexts(db: LotseDatabase, id: string, version: number, settingsVersionShown?: number): Promise<NoticeArtifact[]> {
  const [rows, settings] = await Promise.all([
    db.artifacts.where('[kind+id]').equals(['notice', id]).toArray(),
    settingsVersionShown === undefined ? null : settingsVersion(db, settingsVersionShown),
  ]);
  return rows
    .filter((row) => row.version === version)
    .map((row) => noticeArtifactSchema.safeParse(row.body))
    .flatMap((result) => (result.success && verifyNoticeHash(result.data) ? [result.data] : []))
    .flatMap((notice) => filledNotice(notice, settings) ?? []);
}
