/**
 * Wiping the tablet (issue #12 item 6): everything local — the database with interviews, drafts,
 * outbox, receipts, artifacts, the keyring's wraps and the device token — is deleted.
 *
 * - Remote: a coordinator marked the device lost; the pull answers `wipe`. The sync run then pushes
 *   what is still in the outbox, tells the server (`POST /api/v1/sync/wiped`, which revokes the
 *   token) and deletes everything (`sync-client.ts`). Nothing is deleted while an entry is unsent.
 * - Local: the interviewer wipes from the settings screen, after a warning that names what has not
 *   reached the server (`unsyncedSummary`).
 *
 * The database is gone afterwards, so the fact that a wipe happened is kept outside it
 * (`localStorage`, no personal data): the app shows a plain "this tablet was wiped" screen once.
 */
import type { IndexRow, LotseDatabase } from './db';
import { isUnlocked, lock } from './keyring';
import { listRowOf, openedIndex } from './record-index';
import { WIPED_KEY, type WipedNotice } from './wiped-notice';
import { noteSecretHint } from './boot';

export { wipedNotice, dismissWipedNotice, type WipedNotice } from './wiped-notice';

/** Deletes the whole local database and forgets the key. */
export async function wipeLocalData(db: LotseDatabase, reason: WipedNotice['reason'], now = new Date()): Promise<void> {
  lock();
  await db.delete();
  noteSecretHint(db.name, false);
  try {
    localStorage.setItem(WIPED_KEY, JSON.stringify({ at: now.toISOString(), reason } satisfies WipedNotice));
  } catch {
    // No storage (tests, a blocked profile): the data are gone all the same.
  }
}

export interface UnsyncedItem {
  recordId: string;
  /** The applicant's name as the interviewer entered it; null when none was entered yet. */
  displayName: string | null;
  updatedAt: string;
}

/** What a local wipe would lose: completed revisions still in the outbox, and drafts never completed. */
export async function unsyncedSummary(db: LotseDatabase): Promise<{ outbox: UnsyncedItem[]; drafts: UnsyncedItem[] }> {
  const [entries, drafts] = await Promise.all([db.outbox.toArray(), db.recordIndex.where('status').equals('draft').toArray()]);
  const ids = [...new Set(entries.map((entry) => entry.recordId))];
  const rows = await db.recordIndex.bulkGet(ids);
  // Names are sealed (index shards): readable while unlocked; locked, the list shows the count only.
  const cache = isUnlocked(db) ? await openedIndex(db) : null;
  const nameOf = (row: IndexRow | undefined): string | null => (row && cache ? listRowOf(row, cache).displayName || null : null);
  const byId = new Map(rows.filter((row) => row !== undefined).map((row) => [row.recordId, row]));
  return {
    outbox: ids.map((recordId) => ({ recordId, displayName: nameOf(byId.get(recordId)), updatedAt: byId.get(recordId)?.updatedAt ?? '' })),
    drafts: drafts.map((row) => ({ recordId: row.recordId, displayName: nameOf(row), updatedAt: row.updatedAt })),
  };
}
