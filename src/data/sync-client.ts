/**
 * The sync runner (sync-protocol.md): one run pushes the outbox (`sync-push.ts`), pulls
 * artifacts (`sync-pull.ts`), and repeats while new entries appeared, over the transport in
 * `sync-transport.ts`. Enrolment is `enrol.ts`; when runs happen is `sync-scheduler.ts`.
 *
 * - Only one tab syncs at a time (Web Locks, where the browser has them).
 * - A 401/403 stops syncing and keeps every local record; the user is asked to re-enrol.
 * - Network errors, 429 and 5xx are "retry later" (the scheduler backs off with jitter).
 */
import type { LotseDatabase } from './db';
import { getMeta, setMeta, deleteMeta } from './meta';
import { pushAll, type AckTally } from './sync-push';
import { pullAll } from './sync-pull';
import { request } from './sync-transport';
import { wipeLocalData } from './wipe';
import { ensureRecoveryWrap } from './keyring';
import type { Session } from './sync-transport';
import { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_ENTRIES, SyncStop, failureOf, isSyncFailure, type SyncConfig, type SyncFailure, type SyncOutcome } from './sync-types';

/**
 * Notes for the sync screen (last attempt, last error, last success). On a full device they
 * cannot be written; that must neither keep the interviews from reaching the server nor replace
 * the run's outcome.
 */
async function noteSyncState(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch {
    // The outcome of the run tells the user what happened.
  }
}

async function runLocked<T>(name: string, work: () => Promise<T>): Promise<T | 'busy'> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return work();
  return locks.request(name, { ifAvailable: true }, async (lock) => (lock ? work() : 'busy'));
}

/** One sync run: push until the outbox is empty, pull until nothing more, repeat while new entries appeared. */
export async function syncNow(db: LotseDatabase, config: SyncConfig = {}): Promise<SyncOutcome> {
  const result = await runLocked('lotse-sync', async (): Promise<SyncOutcome> => {
    const [deviceId, token, authRefusedAt] = await Promise.all([getMeta(db, 'deviceId'), getMeta(db, 'deviceToken'), getMeta(db, 'authRefusedAt')]);
    if (!deviceId || !token) return { kind: 'not_enrolled' };
    if (authRefusedAt) {
      const earlier = await getMeta(db, 'lastSyncError');
      const failure: SyncFailure = isSyncFailure(earlier) ? earlier : { problem: { code: 'token_refused', status: 401 }, message: `refused at ${authRefusedAt}` };
      return { kind: 'auth_refused', status: 'status' in failure.problem ? failure.problem.status : 403, ...failure };
    }
    const now = config.now ?? (() => new Date());
    const session: Session = { db, deviceId, token, baseUrl: config.baseUrl ?? '', fetch: config.fetch ?? fetch.bind(globalThis), now };
    const settings = { ...config, maxEntries: config.maxEntries ?? DEFAULT_BATCH_ENTRIES, maxBytes: config.maxBytes ?? DEFAULT_BATCH_BYTES };
    const tally: AckTally = { applied: 0, duplicates: 0, conflicts: 0, rejected: 0 };
    let pushed = 0;
    let pulled = 0;
    await noteSyncState(() => setMeta(db, 'lastSyncAttemptAt', now().toISOString()));
    try {
      for (let pass = 0; pass < (config.maxPasses ?? 3); pass++) {
        pushed += await pushAll(session, settings, tally);
        pulled += await pullAll(session, config);
        if (await getMeta(db, 'wipeRequested')) return await wipeAfterPush(session, settings, tally);
        // A tablet that enrolled before its first pull wraps its key for the recovery key now.
        await ensureRecoveryWrap(db);
        if ((await db.outbox.count()) === 0) break;
      }
    } catch (error) {
      const outcome: SyncOutcome = error instanceof SyncStop ? error.outcome : { kind: 'failed', ...failureOf(error) };
      if ('problem' in outcome) await noteSyncState(() => setMeta(db, 'lastSyncError', { problem: outcome.problem, message: outcome.message }));
      return outcome;
    }
    await noteSyncState(async () => {
      await setMeta(db, 'lastSyncSuccessAt', now().toISOString());
      await deleteMeta(db, 'lastSyncError');
    });
    return { kind: 'done', pushed, pulled, ...tally };
  });
  return result === 'busy' ? { kind: 'busy' } : result;
}

/**
 * The device was marked lost (issue #12 item 6): push what is still waiting, and only when the
 * outbox is empty tell the server and delete everything. An entry the server did not answer stops
 * the wipe until the next run (the data stay, and the next pull says `wipe` again).
 */
async function wipeAfterPush(session: Session, settings: Parameters<typeof pushAll>[1], tally: AckTally): Promise<SyncOutcome> {
  const { db } = session;
  await pushAll(session, settings, tally);
  if ((await db.outbox.count()) > 0) {
    const first = await db.outbox.orderBy('seq').first();
    throw new SyncStop({ kind: 'retry_later', problem: { code: 'not_cleared', seq: first?.seq ?? 0 }, message: 'entries are still waiting; the wipe follows once they are sent', retryAfterMs: null });
  }
  try {
    // Revokes the token on the server. Best effort: the token is deleted here either way.
    await request(session, '/api/v1/sync/wiped', { method: 'POST', body: JSON.stringify({ deviceId: session.deviceId }), headers: { 'content-type': 'application/json' } });
  } catch {
    // The server still shows the wipe as requested; the tablet holds nothing any more.
  }
  await wipeLocalData(db, 'remote', session.now());
  return { kind: 'wiped' };
}
