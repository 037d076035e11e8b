/**
 * Notice texts by exact version. A record keeps the version it was shown, so its receipt and its
 * summary read that version — never merely the newest — even after the version was retired.
 */
import { noticeArtifactSchema, verifyNoticeHash, type NoticeArtifact } from '../core/consent';
import type { LotseDatabase } from './db';

/** Every language of one notice version on this device whose text matches its SHA-256. */
export async function noticeVersionTexts(db: LotseDatabase, id: string, version: number): Promise<NoticeArtifact[]> {
  const rows = await db.artifacts.where('[kind+id]').equals(['notice', id]).toArray();
  return rows
    .filter((row) => row.version === version)
    .map((row) => noticeArtifactSchema.safeParse(row.body))
    .flatMap((result) => (result.success && verifyNoticeHash(result.data) ? [result.data] : []));
}
