/**
 * Notice texts by exact version. A record keeps the version it was shown, so its receipt and its
 * summary read that version — never merely the newest — even after the version was retired.
 */
import { filledNotice, type NoticeArtifact } from '../core/consent';
import { settingsVersion, usableNotice } from './artifacts';
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
