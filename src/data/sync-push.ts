/**
 * The push pipeline (sync-protocol.md, "push"): the outbox goes out in batches capped by count
 * and bytes, and each answer is applied in one local transaction. A rejected or conflicting
 * entry never blocks the others: it is acknowledged like any other, and moved to `syncIssues`
 * with the server's reason.
 */
import { PROTOCOL_VERSION, pushResponseSchema, type PushRequest, type PushResult } from '../core/sync';
import type { LotseDatabase, OutboxRow, RecordRow, SealedSyncIssueRow, SyncIssue } from './db';
import { setMeta } from './meta';
import { isUnlocked } from './keyring';
import { isSealed, openOutboxRow, sealSyncIssue } from './sealed-rows';
import { clearIndexRowOf } from './record-index';
import { serverSealedEntryOf } from './server-seal';
import { readErrorMessage, request, type Session } from './sync-transport';
import { SyncStop, type SyncConfig } from './sync-types';

/** A batch ready to send: its entries (seq order, at least one) and the request body. */
interface PreparedBatch {
  entries: OutboxRow[];
  text: string;
}

export type PushEntry = PushRequest['entries'][number];

/**
 * THE SEAM between the outbox as stored and the push (issue #12): the entry as sent, from a row.
 * Today it opens the sealed payload with the data key, so pushing needs the keyring unlocked
 * (`StorageError('locked')`). Sync while locked (item 3) replaces this with the row's copy sealed
 * for the server, which needs no data key.
 */
export async function pushEntryOf(db: LotseDatabase, row: OutboxRow): Promise<PushEntry> {
  // Sync while locked (issue #12 item 3): a row with a copy sealed for the server is sent as it is.
  if (row.serverSealed) return serverSealedEntryOf({ ...row, serverSealed: row.serverSealed });
  const { seq, recordId, rev, baseRev, formRef, noticeRef, payload, payloadSha256 } = await openOutboxRow(db, row);
  return { seq, recordId, rev, baseRev, formRef, noticeRef, payload, payloadSha256 };
}

/** Whether the push can read the outbox now: rows sealed with the data key need it unlocked, unless sealed for the server too. */
export async function pushNeedsUnlock(db: LotseDatabase): Promise<boolean> {
  if (isUnlocked(db)) return false;
  const first = await db.outbox.orderBy('seq').first();
  return first !== undefined && isSealed(first) && !first.serverSealed;
}

/**
 * The next batch after `afterSeq` (0: from the start), capped by count and bytes, with its
 * body already written; null when nothing waits.
 */
async function prepareBatch(session: Session, afterSeq: number, maxEntries: number, maxBytes: number): Promise<PreparedBatch | null> {
  const { db } = session;
  const candidates = await db.outbox.where('seq').above(afterSeq).limit(maxEntries).toArray();
  const entries: OutboxRow[] = [];
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
    entries: await Promise.all(entries.map((entry) => pushEntryOf(db, entry))),
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

export interface AckTally {
  applied: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
}

/** Applies the server's answer in ONE transaction: outbox cleared up to lastSeq, records updated, issues kept. */
async function applyPushAnswer(session: Session, batch: readonly OutboxRow[], lastSeq: number, results: PushResult[], tally: AckTally): Promise<void> {
  const { db } = session;
  const bySeq = new Map(batch.map((entry) => [entry.seq, entry]));
  const at = session.now().toISOString();
  // The issues' messages and server records are sealed before the transaction (never inside it).
  const sealedIssues = new Map<number, SealedSyncIssueRow>();
  for (const answer of results) {
    const entry = bySeq.get(answer.seq);
    if (!entry || answer.status === 'gap') continue;
    const result = effectiveResult(answer);
    if (result.status !== 'conflict' && result.status !== 'rejected') continue;
    const issue: SyncIssue = { recordId: entry.recordId, seq: entry.seq, rev: entry.rev, kind: result.status, code: result.code, message: result.message, serverRecord: result.serverRecord, at, resolvedAt: null };
    sealedIssues.set(answer.seq, await sealSyncIssue(db, issue));
  }
  await db.transaction('rw', [db.outbox, db.records, db.recordIndex, db.syncIssues, db.meta], async () => {
    // Read every record once, change them in answer order (a batch may hold several revisions of
    // one), and write each changed one once. Only clear fields change (state, server revision).
    const recordIds = [...new Set(batch.map((entry) => entry.recordId))];
    const records = new Map<string, RecordRow>();
    for (const record of await db.records.bulkGet(recordIds)) if (record) records.set(record.recordId, record);
    const changed = new Set<string>();
    const issues: SealedSyncIssueRow[] = [];
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
        }
        continue;
      }
      if (result.status === 'conflict') tally.conflicts += 1;
      else tally.rejected += 1;
      issues.push(sealedIssues.get(answer.seq)!);
      if (record && record.rev === entry.rev && record.status !== 'draft') {
        records.set(record.recordId, { ...record, status: result.status });
        changed.add(record.recordId);
      }
    }
    if (changed.size > 0) {
      await db.records.bulkPut([...changed].map((recordId) => records.get(recordId)!));
      // The index row carries the record's status and the fields a save checks the record by
      // (records.ts `stillAsRead`): it changes with the record, in this transaction.
      const rows = await db.recordIndex.bulkGet([...changed]);
      const updated = rows.flatMap((row) => {
        const record = row ? records.get(row.recordId) : undefined;
        if (!row || !record) return [];
        return [{ ...row, ...clearIndexRowOf(record) }];
      });
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
export async function pushAll(session: Session, config: Required<Pick<SyncConfig, 'maxEntries' | 'maxBytes'>> & SyncConfig, tally: AckTally): Promise<number> {
  const { db } = session;
  if (await pushNeedsUnlock(db)) {
    throw new SyncStop({ kind: 'retry_later', problem: { code: 'locked' }, message: 'the outbox waits for the next unlock', retryAfterMs: null });
  }
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
