/**
 * The sync runner (sync-protocol.md): push the outbox in batches capped by count and
 * bytes, apply the per-entry answers in one transaction, then pull artifacts page by page.
 *
 * - Only one tab syncs at a time (Web Locks, where the browser has them).
 * - A 401/403 stops syncing and keeps every local record; the user is asked to re-enrol.
 * - Network errors, 429 and 5xx are "retry later" (the scheduler backs off with jitter).
 * - A rejected or conflicting entry never blocks the others: it is acknowledged like any
 *   other, and moved to `syncIssues` with the server's reason.
 */
import {
  PROTOCOL_VERSION,
  enrolResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  type PushRequest,
  type PushResult,
} from '../core/sync';
import type { LocalRecord, LotseDatabase, OutboxEntry, RecordStatus, SyncIssue } from './db';
import { getMeta, setMeta, deleteMeta } from './meta';
import { rowsFromChanges } from './artifacts';
import { asStorageError } from './errors';

export interface SyncProgress {
  phase: 'push' | 'pull';
  sent: number;
  total: number;
  bytesSent: number;
}

export interface SyncConfig {
  /** Origin of the server ('' = the app's own origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  maxEntries?: number;
  maxBytes?: number;
  /** How many push/pull rounds one run may take when new entries keep appearing. */
  maxPasses?: number;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
}

// With real interviews (~20 KB each, a drawn signature included) the byte cap binds at about
// 50 entries; the two caps agree (bench/: batch sizes 25-200 made no measurable difference).
export const DEFAULT_BATCH_ENTRIES = 50;
export const DEFAULT_BATCH_BYTES = 1024 * 1024;

/** Why a run stopped, in terms the UI puts into the user's language (`code` plus what the sentence needs). */
export type SyncProblem =
  | { code: 'network' }
  | { code: 'server_unavailable'; status: number }
  | { code: 'device_revoked' }
  | { code: 'token_refused'; status: number }
  | { code: 'entry_too_large'; seq: number }
  | { code: 'protocol_newer' }
  | { code: 'batch_refused'; status: number }
  | { code: 'answer_unreadable' }
  | { code: 'not_cleared'; seq: number }
  | { code: 'entries_missing'; from: number; to: number }
  | { code: 'nothing_acknowledged' }
  | { code: 'pull_refused'; status: number }
  | { code: 'storage_full' }
  | { code: 'unexpected' };

/** A failed run as kept on the device: the problem, and the technical detail (the server's or the browser's own words). */
export interface SyncFailure {
  problem: SyncProblem;
  message: string;
}

export type SyncOutcome =
  | { kind: 'done'; pushed: number; applied: number; duplicates: number; conflicts: number; rejected: number; pulled: number }
  | { kind: 'not_enrolled' }
  | { kind: 'busy' }
  | ({ kind: 'auth_refused'; status: number } & SyncFailure)
  | ({ kind: 'retry_later'; retryAfterMs: number | null } & SyncFailure)
  | ({ kind: 'failed' } & SyncFailure);

class SyncStop extends Error {
  constructor(readonly outcome: SyncOutcome) {
    super(outcome.kind);
  }
}

/** A stored failure; devices updated from an earlier version hold a plain string. */
export function isSyncFailure(value: unknown): value is SyncFailure {
  return typeof value === 'object' && value !== null && 'problem' in value && 'message' in value;
}

/** A run that threw something else than a SyncStop: storage failing under it, or a bug. */
export function failureOf(error: unknown): SyncFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { problem: asStorageError(error).code === 'storage_full' ? { code: 'storage_full' } : { code: 'unexpected' }, message };
}

interface Session {
  db: LotseDatabase;
  baseUrl: string;
  token: string;
  deviceId: string;
  fetch: typeof fetch;
  now: () => Date;
}

/** The server's `{ error: { code, message } }`, as far as the answer has one. */
async function readError(response: Response): Promise<{ code: string | null; message: string }> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
    return { code: typeof body.error?.code === 'string' ? body.error.code : null, message: `${message} (HTTP ${response.status})` };
  } catch {
    return { code: null, message: `HTTP ${response.status}` };
  }
}

async function readErrorMessage(response: Response): Promise<string> {
  return (await readError(response)).message;
}

async function request(session: Session, path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await session.fetch(`${session.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), authorization: `Bearer ${session.token}` },
    });
  } catch (error) {
    throw new SyncStop({ kind: 'retry_later', problem: { code: 'network' }, message: error instanceof Error ? error.message : String(error), retryAfterMs: null });
  }
  if (response.status === 401 || response.status === 403) {
    const { code, message } = await readError(response);
    await setMeta(session.db, 'authRefusedAt', session.now().toISOString());
    const problem: SyncProblem = code === 'device_revoked' ? { code: 'device_revoked' } : { code: 'token_refused', status: response.status };
    throw new SyncStop({ kind: 'auth_refused', status: response.status, problem, message });
  }
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new SyncStop({
      kind: 'retry_later',
      problem: { code: 'server_unavailable', status: response.status },
      message: await readErrorMessage(response),
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
    });
  }
  return response;
}

/** A batch ready to send: its entries (seq order, at least one) and the request body. */
interface PreparedBatch {
  entries: OutboxEntry[];
  text: string;
}

/**
 * The next batch after `afterSeq` (0: from the start), capped by count and bytes, with its
 * body already written; null when nothing waits.
 */
async function prepareBatch(session: Session, afterSeq: number, maxEntries: number, maxBytes: number): Promise<PreparedBatch | null> {
  const { db } = session;
  const candidates = await db.outbox.where('seq').above(afterSeq).limit(maxEntries).toArray();
  const entries: OutboxEntry[] = [];
  let bytes = 0;
  for (const entry of candidates) {
    if (entries.length > 0 && bytes + entry.bytes > maxBytes) break;
    entries.push(entry);
    bytes += entry.bytes;
  }
  const last = entries.at(-1);
  if (!last) return null;
  const body: PushRequest = {
    protocolVersion: PROTOCOL_VERSION,
    deviceId: session.deviceId,
    batchId: crypto.randomUUID(),
    entries: entries.map(({ seq, recordId, rev, baseRev, formRef, noticeRef, payload, payloadSha256 }) => ({ seq, recordId, rev, baseRev, formRef, noticeRef, payload, payloadSha256 })),
    pendingCount: await db.outbox.where('seq').above(last.seq).count(),
  };
  return { entries, text: JSON.stringify(body) };
}

type EffectiveResult =
  | { status: 'applied' }
  | { status: 'duplicate' }
  | { status: 'conflict'; code: null; message: string; serverRecord: Record<string, unknown> | null }
  | { status: 'rejected'; code: string | null; message: string; serverRecord: null };

/**
 * A `duplicate` whose first answer was lost carries what happened then: a conflict or a
 * rejection is filed as such, exactly as if the first answer had arrived.
 */
function effectiveResult(result: Exclude<PushResult, { status: 'gap' }>): EffectiveResult {
  switch (result.status) {
    case 'applied':
      return { status: 'applied' };
    case 'conflict':
      return { status: 'conflict', code: null, message: result.message, serverRecord: result.serverRecord ?? null };
    case 'rejected':
      return { status: 'rejected', code: result.code, message: result.message, serverRecord: null };
    case 'duplicate':
      if (result.original === 'rejected') return { status: 'rejected', code: result.code ?? null, message: result.message ?? 'rejected earlier', serverRecord: null };
      if (result.original === 'conflict') return { status: 'conflict', code: null, message: result.message ?? 'conflict earlier', serverRecord: result.serverRecord ?? null };
      return { status: 'duplicate' };
  }
}

interface AckTally {
  applied: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
}

/** Applies the server's answer in ONE transaction: outbox cleared up to lastSeq, records updated, issues kept. */
async function applyPushAnswer(session: Session, batch: readonly OutboxEntry[], lastSeq: number, results: PushResult[], tally: AckTally): Promise<void> {
  const { db } = session;
  const bySeq = new Map(batch.map((entry) => [entry.seq, entry]));
  const at = session.now().toISOString();
  await db.transaction('rw', [db.outbox, db.records, db.recordIndex, db.syncIssues, db.meta], async () => {
    // Read every record once, change them in answer order (a batch may hold several revisions of
    // one), and write each changed one once.
    const recordIds = [...new Set(batch.map((entry) => entry.recordId))];
    const records = new Map<string, LocalRecord>();
    for (const record of await db.records.bulkGet(recordIds)) if (record) records.set(record.recordId, record);
    const changed = new Set<string>();
    const indexStatus = new Map<string, RecordStatus>();
    const issues: SyncIssue[] = [];
    for (const answer of results) {
      const entry = bySeq.get(answer.seq);
      if (!entry || answer.status === 'gap') continue;
      const result = effectiveResult(answer);
      const record = records.get(entry.recordId);
      if (result.status === 'applied' || result.status === 'duplicate') {
        if (result.status === 'applied') tally.applied += 1;
        else tally.duplicates += 1;
        if (record) {
          const isCurrent = record.rev === entry.rev && record.status === 'complete';
          records.set(record.recordId, { ...record, serverRev: Math.max(record.serverRev, entry.rev), status: isCurrent ? 'synced' : record.status });
          changed.add(record.recordId);
          if (isCurrent) indexStatus.set(record.recordId, 'synced');
        }
        continue;
      }
      if (result.status === 'conflict') tally.conflicts += 1;
      else tally.rejected += 1;
      issues.push({
        recordId: entry.recordId,
        seq: entry.seq,
        rev: entry.rev,
        kind: result.status,
        code: result.code,
        message: result.message,
        serverRecord: result.serverRecord,
        at,
        resolvedAt: null,
      });
      if (record && record.rev === entry.rev && record.status !== 'draft') {
        records.set(record.recordId, { ...record, status: result.status });
        changed.add(record.recordId);
        indexStatus.set(record.recordId, result.status);
      }
    }
    if (changed.size > 0) await db.records.bulkPut([...changed].map((recordId) => records.get(recordId)!));
    if (indexStatus.size > 0) {
      const rows = await db.recordIndex.bulkGet([...indexStatus.keys()]);
      const updated = rows.flatMap((row) => (row ? [{ ...row, status: indexStatus.get(row.recordId)! }] : []));
      await db.recordIndex.bulkPut(updated);
    }
    if (issues.length > 0) await db.syncIssues.bulkAdd(issues);
    await db.outbox.where('seq').belowOrEqual(lastSeq).delete();
    await setMeta(db, 'lastAckSeq', lastSeq);
  });
}

/**
 * Pushes the outbox batch by batch. While a batch is on its way the next one is read and
 * written, and the answer to one batch is applied on the device while the next is on its
 * way: the device's bookkeeping and the server's work overlap instead of taking turns.
 * The next batch goes out before the previous answer is applied only when the server took
 * that batch whole; everything else (a gap, a partial answer, a smaller batch after a 413)
 * waits for the device to be up to date and reads the outbox again.
 */
async function pushAll(session: Session, config: Required<Pick<SyncConfig, 'maxEntries' | 'maxBytes'>> & SyncConfig, tally: AckTally): Promise<number> {
  const { db } = session;
  let maxEntries = config.maxEntries;
  let sent = 0;
  let bytesSent = 0;
  const total = await db.outbox.count();
  config.onProgress?.({ phase: 'push', sent, total, bytesSent });
  let previousFirstSeq: number | null = null;
  // The local transaction applying the latest answer, and the batch to send next.
  let applied: Promise<void> = Promise.resolve();
  let next: Promise<PreparedBatch | null> = prepareBatch(session, 0, maxEntries, config.maxBytes);
  const fromTheOutbox = async () => {
    await applied;
    return prepareBatch(session, 0, maxEntries, config.maxBytes);
  };
  try {
    for (;;) {
      const batch = await next;
      if (!batch) break;
      const first = batch.entries[0]!.seq;
      const last = batch.entries.at(-1)!.seq;
      if (first === previousFirstSeq) {
        // The same entry again after an answer that should have cleared it: stop rather than loop.
        throw new SyncStop({
          kind: 'failed',
          problem: { code: 'not_cleared', seq: first },
          message: `Entry ${first} was answered but not cleared; sync stopped so nothing is sent twice in a loop.`,
        });
      }
      const answer = request(session, '/api/v1/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: batch.text,
      });
      const following = prepareBatch(session, last, maxEntries, config.maxBytes);
      following.catch(() => undefined); // used only if this batch is taken whole; its error then surfaces there
      const response = await answer;
      await applied;
      if (response.status === 413) {
        if (batch.entries.length === 1) {
          throw new SyncStop({ kind: 'failed', problem: { code: 'entry_too_large', seq: first }, message: await readErrorMessage(response) });
        }
        maxEntries = Math.max(1, Math.floor(batch.entries.length / 2));
        next = fromTheOutbox();
        continue;
      }
      if (response.status === 426) {
        throw new SyncStop({ kind: 'failed', problem: { code: 'protocol_newer' }, message: await readErrorMessage(response) });
      }
      if (!response.ok) {
        throw new SyncStop({ kind: 'failed', problem: { code: 'batch_refused', status: response.status }, message: await readErrorMessage(response) });
      }
      const parsed = pushResponseSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) {
        throw new SyncStop({ kind: 'retry_later', problem: { code: 'answer_unreadable' }, message: 'push answer does not match the protocol', retryAfterMs: null });
      }
      const { lastSeq, results } = parsed.data;
      previousFirstSeq = first;
      const acknowledged = batch.entries.filter((entry) => entry.seq <= lastSeq).length;
      applied = applyPushAnswer(session, batch.entries, lastSeq, results, tally).then(async () => {
        sent += acknowledged;
        bytesSent += batch.text.length;
        config.onProgress?.({ phase: 'push', sent, total: Math.max(total, sent + (await db.outbox.count())), bytesSent });
      });
      applied.catch(() => undefined); // awaited before the next answer is judged; its error surfaces there
      const gap = results.find((result) => result.status === 'gap');
      if (gap && gap.status === 'gap') {
        await applied;
        const waiting = await db.outbox.orderBy('seq').first();
        if (waiting && waiting.seq > gap.expectedSeq) {
          throw new SyncStop({
            kind: 'failed',
            problem: { code: 'entries_missing', from: gap.expectedSeq, to: waiting.seq - 1 },
            message: `The server expects entry ${gap.expectedSeq}; this device holds entries from ${waiting.seq}.`,
          });
        }
        next = fromTheOutbox();
      } else if (acknowledged === 0) {
        await applied;
        throw new SyncStop({ kind: 'retry_later', problem: { code: 'nothing_acknowledged' }, message: `lastSeq ${lastSeq} is below the batch's first entry ${first}`, retryAfterMs: null });
      } else {
        next = lastSeq >= last ? following : fromTheOutbox();
      }
    }
  } catch (error) {
    // Never leave a local transaction running behind the caller (the sync lock is released after this).
    await applied.catch(() => undefined);
    throw error;
  }
  await applied;
  return sent;
}

async function pullAll(session: Session, config: SyncConfig): Promise<number> {
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

export interface EnrolInput {
  code: string;
  deviceName: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  now?: Date;
}

export type EnrolOutcome = { ok: true; deviceId: string; deviceName: string } | { ok: false; status: number | null; message: string };

/**
 * Redeems an enrolment code. A new device identity starts a new sequence on the server,
 * so entries still waiting are renumbered from 1 in the same transaction.
 */
export async function enrolDevice(db: LotseDatabase, input: EnrolInput): Promise<EnrolOutcome> {
  const doFetch = input.fetch ?? fetch.bind(globalThis);
  // A tablet enrolled before names the device it was, with that device's token as proof: the new
  // device continues it, so the interviews captured before stay this tablet's to edit.
  const [previousId, previousToken] = await Promise.all([getMeta(db, 'deviceId'), getMeta(db, 'deviceToken')]);
  const previous = previousId && previousToken ? { deviceId: previousId, deviceToken: previousToken } : undefined;
  let response: Response;
  try {
    response = await doFetch(`${input.baseUrl ?? ''}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: input.code.trim().toUpperCase(), deviceName: input.deviceName.trim(), ...(previous && { previous }) }),
    });
  } catch (error) {
    return { ok: false, status: null, message: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok) return { ok: false, status: response.status, message: await readErrorMessage(response) };
  const parsed = enrolResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, status: response.status, message: 'The server sent an enrolment answer this app does not understand.' };
  const { deviceId, deviceToken, deviceName } = parsed.data;
  const at = (input.now ?? new Date()).toISOString();
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    const pending = await db.outbox.orderBy('seq').toArray();
    await db.outbox.clear();
    await db.outbox.bulkAdd(pending.map((entry, index) => ({ ...entry, seq: index + 1 })));
    await setMeta(db, 'nextSeq', pending.length + 1);
    await setMeta(db, 'lastAckSeq', 0);
    await setMeta(db, 'deviceId', deviceId);
    await setMeta(db, 'deviceToken', deviceToken);
    await setMeta(db, 'deviceName', deviceName);
    await setMeta(db, 'enrolledAt', at);
    await deleteMeta(db, 'authRefusedAt');
    await deleteMeta(db, 'pullCursor');
  });
  return { ok: true, deviceId, deviceName };
}
