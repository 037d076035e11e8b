/**
 * The pull (sync-protocol.md, "pull"): new and retired artifacts, page by page from the stored
 * cursor; each page and the cursor after it are stored in one transaction, so an interrupted
 * pull continues where it stopped.
 *
 * Each answer also lists the records the server has erased that this device created (a
 * withdrawal, the retention period): in the page's transaction the device deletes its copy —
 * the record, its index row, its sync issues and whatever outbox entries it still has for it —
 * and notes it to confirm (`POST /api/v1/sync/erasures`, after the pull). A record with outbox
 * entries still waiting is left for the next pass of the run, which pushes them first (the
 * server takes them and erases them too), so nothing it had not sent is lost to the server's
 * proof. Listing the same erasure again (until confirmed) deletes nothing more.
 */
import { MAX_ERASURES_PER_PULL, erasureConfirmResponseSchema, optionalArtifactKinds, pullResponseSchema, type ErasureChange } from '../core/sync';
import type { LotseDatabase } from './db';
import { rowsFromChanges } from './artifacts';
import { getMeta, setMeta } from './meta';
import { isUnlocked } from './keyring';
import { pruneIndex } from './record-index';
import { readErrorMessage, request, type Session } from './sync-transport';
import { SyncStop, type SyncConfig } from './sync-types';

/** The optional kinds this version understands, as the pull's `accept` names them. */
const ACCEPTS = [...optionalArtifactKinds].sort().join(',');

/** Pulls until the server has nothing more; returns how many changes arrived. */
export async function pullAll(session: Session, config: SyncConfig): Promise<number> {
  const { db } = session;
  let pulled = 0;
  if ((await getMeta(db, 'pullAccepts')) !== ACCEPTS) {
    // The stored cursor was moved on without the kinds this version accepts (the recovery key):
    // pull once from the start. Artifacts already here are kept as they are (never overwritten).
    await db.transaction('rw', [db.meta], async () => {
      await setMeta(db, 'pullCursor', '');
      await setMeta(db, 'pullAccepts', ACCEPTS);
    });
  }
  for (;;) {
    const cursor = (await getMeta(db, 'pullCursor')) ?? '';
    const response = await request(session, `/api/v1/sync/pull?limit=50&accept=${encodeURIComponent(ACCEPTS)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { method: 'GET' });
    if (!response.ok) throw new SyncStop({ kind: 'failed', problem: { code: 'pull_refused', status: response.status }, message: await readErrorMessage(response) });
    const parsed = pullResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw new SyncStop({ kind: 'retry_later', problem: { code: 'answer_unreadable' }, message: 'pull answer does not match the protocol', retryAfterMs: null });
    }
    const { add, retire } = rowsFromChanges(parsed.data.changes);
    await db.transaction('rw', [db.artifacts, db.meta, db.records, db.recordIndex, db.outbox, db.syncIssues], async () => {
      const existing = new Set((await db.artifacts.bulkGet(add.map((row) => row.key))).filter(Boolean).map((row) => row!.key));
      await db.artifacts.bulkAdd(add.filter((row) => !existing.has(row.key)));
      for (const key of retire) await db.artifacts.update(key, { retired: 1 });
      await applyErasures(db, parsed.data.erasures ?? []);
      // Marked lost: the run pushes what is left and wipes (sync-client.ts); noted, so a reload does not forget it.
      if (parsed.data.wipe === true) await setMeta(db, 'wipeRequested', session.now().toISOString());
      await setMeta(db, 'pullCursor', parsed.data.cursor);
    });
    // The erased records' names leave the sealed index shards too (needs the key: while locked,
    // the next unlock's first list does it, record-index.ts `pruneIndex`).
    if ((parsed.data.erasures ?? []).length > 0 && isUnlocked(db)) await pruneIndex(db);
    pulled += parsed.data.changes.length;
    config.onProgress?.({ phase: 'pull', sent: pulled, total: pulled, bytesSent: 0 });
    if (!parsed.data.hasMore || parsed.data.wipe === true) {
      await confirmErasures(session);
      return pulled;
    }
  }
}

/** Deletes the local copies of erased records (inside the caller's transaction); notes them to confirm. */
async function applyErasures(db: LotseDatabase, erasures: readonly ErasureChange[]): Promise<void> {
  if (erasures.length === 0) return;
  const toConfirm = new Set((await getMeta(db, 'erasuresToConfirm')) ?? []);
  for (const { recordId } of erasures) {
    // Entries not pushed yet go first: the next pass of the run sends them, then this erases.
    if ((await db.outbox.where('recordId').equals(recordId).count()) > 0) continue;
    await db.records.delete(recordId);
    await db.recordIndex.delete(recordId);
    await db.syncIssues.where('recordId').equals(recordId).delete();
    toConfirm.add(recordId);
  }
  await setMeta(db, 'erasuresToConfirm', [...toConfirm]);
}

/**
 * Tells the server which erased records this device has deleted. A failure leaves them noted:
 * the server lists them again and the next run confirms them.
 */
async function confirmErasures(session: Session): Promise<void> {
  const { db } = session;
  const noted = (await getMeta(db, 'erasuresToConfirm')) ?? [];
  for (let start = 0; start < noted.length; start += MAX_ERASURES_PER_PULL) {
    const recordIds = noted.slice(start, start + MAX_ERASURES_PER_PULL);
    const response = await request(session, '/api/v1/sync/erasures', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: session.deviceId, recordIds }),
    });
    if (!response.ok) throw new SyncStop({ kind: 'failed', problem: { code: 'pull_refused', status: response.status }, message: await readErrorMessage(response) });
    if (!erasureConfirmResponseSchema.safeParse(await response.json().catch(() => null)).success) {
      throw new SyncStop({ kind: 'retry_later', problem: { code: 'answer_unreadable' }, message: 'erasure confirmation answer does not match the protocol', retryAfterMs: null });
    }
    await db.transaction('rw', [db.meta], async () => {
      const confirmed = new Set(recordIds);
      const still = ((await getMeta(db, 'erasuresToConfirm')) ?? []).filter((id) => !confirmed.has(id));
      await setMeta(db, 'erasuresToConfirm', still);
    });
  }
}
