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
 *
 * A partial erasure (issue #14: an explicit consent item such as health withdrawn on its own; the
 * pull asks for them with `PARTIAL_ERASURES` in `accept`) names the answers to erase (`fields`):
 * after the page's transaction they leave the sealed local copy (consent-records.ts `eraseAnswers`, which
 * needs the key: while locked they wait for a run while unlocked), the rest stays, and its `id`
 * is noted to confirm. As with whole records, a record with outbox entries waiting is left for the
 * next pass (the push sends them, the server strips the answers from them).
 */
import { MAX_ERASURES_PER_PULL, PARTIAL_ERASURES, erasureConfirmResponseSchema, optionalArtifactKinds, pullResponseSchema, type ErasureChange } from '../core/sync';
import type { LotseDatabase } from './db';
import { rowsFromChanges } from './artifacts';
import { getMeta, setMeta } from './meta';
import { isUnlocked } from './keyring';
import { pruneIndex } from './record-index';
import { eraseAnswers } from './consent-records';
import { readErrorMessage, request, type Session } from './sync-transport';
import { SyncStop, type SyncConfig } from './sync-types';

/** The optional kinds this version understands, as the pull's `accept` names them. */
const ACCEPTS = [...optionalArtifactKinds].sort().join(',');
/** What the pull's `accept` names: the optional kinds and that this version applies partial erasures. */
const ACCEPT_QUERY = encodeURIComponent(`${ACCEPTS},${PARTIAL_ERASURES}`);

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
    const response = await request(session, `/api/v1/sync/pull?limit=50&accept=${ACCEPT_QUERY}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { method: 'GET' });
    if (!response.ok) throw new SyncStop({ kind: 'failed', problem: { code: 'pull_refused', status: response.status }, message: await readErrorMessage(response) });
    const parsed = pullResponseSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw new SyncStop({ kind: 'retry_later', problem: { code: 'answer_unreadable' }, message: 'pull answer does not match the protocol', retryAfterMs: null });
    }
    const { add, retire } = rowsFromChanges(parsed.data.changes);
    await db.transaction('rw', [db.artifacts, db.meta, db.records, db.evidence, db.recordIndex, db.outbox, db.syncIssues], async () => {
      const existing = new Set((await db.artifacts.bulkGet(add.map((row) => row.key))).filter(Boolean).map((row) => row!.key));
      await db.artifacts.bulkAdd(add.filter((row) => !existing.has(row.key)));
      for (const key of retire) await db.artifacts.update(key, { retired: 1 });
      await applyErasures(db, (parsed.data.erasures ?? []).filter((erasure) => erasure.fields === undefined));
      // Marked lost: the run pushes what is left and wipes (sync-client.ts); noted, so a reload does not forget it.
      if (parsed.data.wipe === true) await setMeta(db, 'wipeRequested', session.now().toISOString());
      await setMeta(db, 'pullCursor', parsed.data.cursor);
    });
    // The erased records' names leave the sealed index shards too (needs the key: while locked,
    // the next unlock's first list does it, record-index.ts `pruneIndex`).
    if ((parsed.data.erasures ?? []).some((erasure) => erasure.fields === undefined) && isUnlocked(db)) await pruneIndex(db);
    await applyPartialErasures(db, (parsed.data.erasures ?? []).filter((erasure) => erasure.fields !== undefined), session.now().toISOString());
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
    await db.evidence.delete(recordId);
    await db.recordIndex.delete(recordId);
    await db.syncIssues.where('recordId').equals(recordId).delete();
    toConfirm.add(recordId);
  }
  await setMeta(db, 'erasuresToConfirm', [...toConfirm]);
}

/** Erases the named answers from the local copies (after the page's transaction); notes the ids to confirm. */
async function applyPartialErasures(db: LotseDatabase, erasures: readonly ErasureChange[], now: string): Promise<void> {
  if (erasures.length === 0) return;
  const done: string[] = [];
  for (const { recordId, fields, id } of erasures) {
    if (id === undefined || fields === undefined) continue;
    if ((await db.outbox.where('recordId').equals(recordId).count()) > 0) continue;
    if ((await db.records.get(recordId)) !== undefined) {
      if (!isUnlocked(db)) continue;
      await eraseAnswers(db, recordId, fields, now);
    }
    done.push(id);
  }
  if (done.length === 0) return;
  await db.transaction('rw', [db.meta], async () => {
    const noted = new Set((await getMeta(db, 'partialErasuresToConfirm')) ?? []);
    for (const id of done) noted.add(id);
    await setMeta(db, 'partialErasuresToConfirm', [...noted]);
  });
}

/**
 * Tells the server which erased records this device has deleted. A failure leaves them noted:
 * the server lists them again and the next run confirms them.
 */
async function confirmErasures(session: Session): Promise<void> {
  const { db } = session;
  const noted = (await getMeta(db, 'erasuresToConfirm')) ?? [];
  const notedPartial = (await getMeta(db, 'partialErasuresToConfirm')) ?? [];
  for (let start = 0; start < Math.max(noted.length, notedPartial.length); start += MAX_ERASURES_PER_PULL) {
    const recordIds = noted.slice(start, start + MAX_ERASURES_PER_PULL);
    const partialIds = notedPartial.slice(start, start + MAX_ERASURES_PER_PULL);
    const response = await request(session, '/api/v1/sync/erasures', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // `partialIds` only when there are some: a server of before takes no other key.
      body: JSON.stringify({ deviceId: session.deviceId, recordIds, ...(partialIds.length > 0 && { partialIds }) }),
    });
    if (!response.ok) throw new SyncStop({ kind: 'failed', problem: { code: 'pull_refused', status: response.status }, message: await readErrorMessage(response) });
    if (!erasureConfirmResponseSchema.safeParse(await response.json().catch(() => null)).success) {
      throw new SyncStop({ kind: 'retry_later', problem: { code: 'answer_unreadable' }, message: 'erasure confirmation answer does not match the protocol', retryAfterMs: null });
    }
    await db.transaction('rw', [db.meta], async () => {
      const confirmed = new Set(recordIds);
      const still = ((await getMeta(db, 'erasuresToConfirm')) ?? []).filter((id) => !confirmed.has(id));
      await setMeta(db, 'erasuresToConfirm', still);
      const confirmedPartial = new Set(partialIds);
      await setMeta(db, 'partialErasuresToConfirm', ((await getMeta(db, 'partialErasuresToConfirm')) ?? []).filter((id) => !confirmedPartial.has(id)));
    });
  }
}
