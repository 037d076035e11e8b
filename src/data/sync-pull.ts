/**
 * The pull (sync-protocol.md, "pull"): new and retired artifacts, page by page from the stored
 * cursor; each page and the cursor after it are stored in one transaction, so an interrupted
 * pull continues where it stopped.
 */
import { pullResponseSchema } from '../core/sync';
import { rowsFromChanges } from './artifacts';
import { getMeta, setMeta } from './meta';
import { readErrorMessage, request, type Session } from './sync-transport';
import { SyncStop, type SyncConfig } from './sync-types';

/** Pulls until the server has nothing more; returns how many changes arrived. */
export async function pullAll(session: Session, config: SyncConfig): Promise<number> {
  const { db } = session;
  let pulled = 0;
  for (;;) {
    const cursor = (await getMeta(db, 'pullCursor')) ?? '';
    const response = await request(session, `/api/v1/sync/pull?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { method: 'GET' });
    if (!response.ok) throw new SyncStop({ kind: 'failed', problem: { code: 'pull_refused', status: response.status }, message: await readErrorMessage(response) });
    const parsed = pullResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw new SyncStop({ kind: 'retry_later', problem: { code: 'answer_unreadable' }, message: 'pull answer does not match the protocol', retryAfterMs: null });
    }
    const { add, retire } = rowsFromChanges(parsed.data.changes);
    await db.transaction('rw', [db.artifacts, db.meta], async () => {
      const existing = new Set((await db.artifacts.bulkGet(add.map((row) => row.key))).filter(Boolean).map((row) => row!.key));
      await db.artifacts.bulkAdd(add.filter((row) => !existing.has(row.key)));
      for (const key of retire) await db.artifacts.update(key, { retired: 1 });
      await setMeta(db, 'pullCursor', parsed.data.cursor);
    });
    pulled += parsed.data.changes.length;
    config.onProgress?.({ phase: 'pull', sent: pulled, total: pulled, bytesSent: 0 });
    if (!parsed.data.hasMore) return pulled;
  }
}
