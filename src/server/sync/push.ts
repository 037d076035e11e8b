/**
 * Push handling, exactly as shared/design/sync-protocol.md says: entries in
 * `seq` order, one database transaction per entry, the device's `last_seq`
 * and the entry's stored outcome written in that same transaction.
 *
 * Exactly-once rests on the device row: each entry's transaction starts by
 * updating it, which holds the row lock on PostgreSQL (like SELECT … FOR
 * UPDATE) and makes the transaction SQLite's single writer at once. Whoever
 * comes second — another tab, a retry racing the original, another server
 * process — waits, then reads the `last_seq` the first one committed and
 * answers `duplicate` from the stored outcome.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Transaction } from 'kysely';
import { isEvidenceUnchanged, type ConsentRecord } from '../../core/consent/index';
import { validateRecordEntry, type RecordEntryVerdict } from '../../core/record/index';
import type { PushEntry, PushRequest, PushResponse, PushResult, ServerRecord } from '../../core/sync/index';
import type { Database } from '../db/schema';
import type { ServerContext } from '../context';

type Trx = Transaction<Database>;
type ConflictResult = Extract<PushResult, { status: 'conflict' }>;

/**
 * What push_outcomes.result holds: the answer without a conflict's server
 * record (rebuilt from its immutable revision, so payloads are not copied),
 * plus the record's revision at the time for every status.
 */
type StoredOutcome = (Exclude<PushResult, ConflictResult | { status: 'gap' }> | Omit<ConflictResult, 'serverRecord'>) & { serverRev: number };

type EntryStep = { kind: 'revoked' } | { kind: 'answered'; result: PushResult; lastSeq: number };

// The latest calendar date anywhere on earth (UTC+14) is "today" for "not in the future"
// rules: the server must never be stricter than the device's local date was at the interview.
const LATEST_UTC_OFFSET_MS = 14 * 60 * 60_000;

function todayOf(now: Date): string {
  return new Date(now.getTime() + LATEST_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

async function verdictFor(context: ServerContext, entry: PushEntry, now: Date): Promise<RecordEntryVerdict> {
  const { artifacts } = context;
  const [form, notice, referenceNotice] = await Promise.all([
    entry.formRef === null ? null : artifacts.form(entry.formRef),
    artifacts.notice(entry.noticeRef.id, entry.noticeRef.version, entry.noticeRef.lang),
    artifacts.notice(entry.noticeRef.id, entry.noticeRef.version, 'de'),
  ]);
  try {
    return validateRecordEntry(entry, { form, notice, referenceNotice, today: todayOf(now) });
  } catch (error) {
    // A payload that cannot even be hashed — nested deeper than the stack allows (RangeError), or
    // holding a number JSON turned into Infinity (TypeError) — is no record. Rejecting the entry
    // keeps it from failing the whole batch with a 500, which the device would retry forever.
    if (error instanceof RangeError || error instanceof TypeError) {
      return { ok: false, code: 'invalid_payload', message: `The payload cannot be read as an interview record: ${error instanceof RangeError ? 'it is nested too deeply' : error.message}.` };
    }
    throw error;
  }
}

async function serverRecordAt(trx: Trx, recordId: string, rev: number): Promise<ServerRecord | null> {
  const row = await trx
    .selectFrom('record_revisions')
    .select(['rev', 'form_ref', 'notice', 'payload', 'payload_sha256', 'received_at'])
    .where('record_id', '=', recordId)
    .where('rev', '=', rev)
    .executeTakeFirst();
  if (!row) return null;
  return {
    recordId,
    rev: row.rev,
    formRef: row.form_ref,
    noticeRef: JSON.parse(row.notice) as ServerRecord['noticeRef'],
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    payloadSha256: row.payload_sha256,
    receivedAt: row.received_at,
  };
}

/** The answer to an entry whose seq was handled before: what happened then. */
async function replayedOutcome(trx: Trx, deviceId: string, entry: PushEntry): Promise<PushResult> {
  const row = await trx
    .selectFrom('push_outcomes')
    .select(['record_id', 'result'])
    .where('device_id', '=', deviceId)
    .where('seq', '=', entry.seq)
    .executeTakeFirst();
  // Every handled seq has an outcome (same transaction); without one there is nothing to replay.
  if (!row) return { seq: entry.seq, status: 'duplicate', serverRev: 0 };
  const stored = JSON.parse(row.result) as StoredOutcome;
  const replay: PushResult = { seq: entry.seq, status: 'duplicate', serverRev: stored.serverRev, original: stored.status };
  if (stored.status === 'rejected') return { ...replay, code: stored.code, message: stored.message };
  if (stored.status === 'conflict') {
    const serverRecord = stored.serverRev > 0 ? await serverRecordAt(trx, row.record_id, stored.serverRev) : null;
    return { ...replay, message: stored.message, serverRecord };
  }
  return replay;
}

function revisionValues(deviceId: string, entry: PushEntry, nowIso: string) {
  return {
    record_id: entry.recordId,
    rev: entry.rev,
    base_rev: entry.baseRev,
    form_ref: entry.formRef,
    notice: JSON.stringify(entry.noticeRef),
    payload: JSON.stringify(entry.payload),
    payload_sha256: entry.payloadSha256,
    device_id: deviceId,
    seq: entry.seq,
    received_at: nowIso,
  };
}

/** Keeps the entry beside the server's version for a coordinator, and answers with the server's version. */
async function conflict(trx: Trx, deviceId: string, entry: PushEntry, serverRev: number, message: string, nowIso: string): Promise<PushResult> {
  const { record_id, rev, base_rev, form_ref, notice, payload, payload_sha256, seq } = revisionValues(deviceId, entry, nowIso);
  await trx
    .insertInto('conflicts')
    .values({ device_id: deviceId, seq, record_id, rev, base_rev, form_ref, notice, payload, payload_sha256, server_rev: serverRev, created_at: nowIso })
    .execute();
  const serverRecord = serverRev > 0 ? await serverRecordAt(trx, entry.recordId, serverRev) : null;
  return { seq: entry.seq, status: 'conflict', serverRev, message, serverRecord };
}

const MAX_RULE_ATTEMPTS = 5;

/** The revision rules for an entry that passed validation (rule 3 of the protocol). */
async function applyRevision(trx: Trx, deviceId: string, entry: PushEntry, nowIso: string): Promise<PushResult> {
  // Another device may write the same record concurrently (only the device row is locked), so every
  // write below is conditional; when one finds the record changed, the rules are judged again on
  // what is committed now (PostgreSQL's READ COMMITTED gives each statement a fresh snapshot).
  for (let attempt = 0; attempt < MAX_RULE_ATTEMPTS; attempt += 1) {
    const record = await trx.selectFrom('records').select('current_rev').where('record_id', '=', entry.recordId).executeTakeFirst();
    if (!record) {
      if (entry.rev !== 1) {
        return conflict(trx, deviceId, entry, 0, `The server has no revision of this record, and revision ${entry.rev} is not its first.`, nowIso);
      }
      const inserted = await trx
        .insertInto('records')
        .values({
          record_id: entry.recordId,
          device_id: deviceId,
          current_rev: 1,
          form_ref: entry.formRef,
          notice: JSON.stringify(entry.noticeRef),
          received_at: nowIso,
          updated_at: nowIso,
        })
        .onConflict((oc) => oc.column('record_id').doNothing())
        .returning('record_id')
        .executeTakeFirst();
      if (!inserted) continue;
      await trx.insertInto('record_revisions').values(revisionValues(deviceId, entry, nowIso)).execute();
      return { seq: entry.seq, status: 'applied', serverRev: 1 };
    }

    const sameRev = await trx
      .selectFrom('record_revisions')
      .select('payload_sha256')
      .where('record_id', '=', entry.recordId)
      .where('rev', '=', entry.rev)
      .executeTakeFirst();
    if (sameRev) {
      if (sameRev.payload_sha256 === entry.payloadSha256) return { seq: entry.seq, status: 'duplicate', serverRev: record.current_rev };
      return conflict(trx, deviceId, entry, record.current_rev, `The server holds another version of revision ${entry.rev}.`, nowIso);
    }
    if (record.current_rev !== entry.baseRev) {
      return conflict(
        trx,
        deviceId,
        entry,
        record.current_rev,
        `The server holds revision ${record.current_rev}; this entry was made from revision ${entry.baseRev}.`,
        nowIso,
      );
    }

    const current = await serverRecordAt(trx, entry.recordId, record.current_rev);
    const consentBefore = current?.payload.consent as ConsentRecord | undefined;
    const consentAfter = entry.payload.consent as ConsentRecord;
    if (consentBefore && !isEvidenceUnchanged(consentBefore, consentAfter)) {
      return {
        seq: entry.seq,
        status: 'rejected',
        code: 'evidence_changed',
        message: 'Synced consent evidence cannot change; record a withdrawal as a new event, or a correction as a new consent capture.',
      };
    }
    const moved = await trx
      .updateTable('records')
      .set({ current_rev: entry.rev, form_ref: entry.formRef, notice: JSON.stringify(entry.noticeRef), updated_at: nowIso })
      .where('record_id', '=', entry.recordId)
      .where('current_rev', '=', entry.baseRev)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) continue;
    await trx.insertInto('record_revisions').values(revisionValues(deviceId, entry, nowIso)).execute();
    return { seq: entry.seq, status: 'applied', serverRev: entry.rev };
  }
  // Only reachable if other devices keep writing this very record; the entry stays unhandled and is retried.
  throw new Error(`record ${entry.recordId} changed under ${MAX_RULE_ATTEMPTS} attempts to apply an entry`);
}

async function currentRevOf(trx: Trx, recordId: string): Promise<number> {
  const row = await trx.selectFrom('records').select('current_rev').where('record_id', '=', recordId).executeTakeFirst();
  return row?.current_rev ?? 0;
}

function storedOutcomeOf(result: PushResult, serverRev: number): StoredOutcome {
  if (result.status === 'gap') throw new Error('a gap is never stored');
  if (result.status === 'conflict') {
    const { serverRecord: _rebuiltOnReplay, ...rest } = result;
    return rest;
  }
  return { ...result, serverRev };
}

/**
 * One entry in its own transaction. `verdict` is computed before the
 * transaction (artifact look-ups must not run inside it: SQLite has one
 * connection) whenever the entry may be new; an entry whose seq was already
 * handled needs none.
 */
async function handleEntry(context: ServerContext, deviceId: string, entry: PushEntry, verdict: RecordEntryVerdict | undefined): Promise<EntryStep> {
  const nowIso = context.now().toISOString();
  return context.database.db.transaction().execute(async (trx): Promise<EntryStep> => {
    const device = await trx
      .updateTable('devices')
      .set({ last_seen_at: nowIso })
      .where('id', '=', deviceId)
      .returning(['last_seq', 'revoked_at'])
      .executeTakeFirst();
    if (!device || device.revoked_at !== null) return { kind: 'revoked' };
    const lastSeq = device.last_seq;

    if (entry.seq <= lastSeq) return { kind: 'answered', result: await replayedOutcome(trx, deviceId, entry), lastSeq };
    if (entry.seq > lastSeq + 1) return { kind: 'answered', result: { seq: entry.seq, status: 'gap', expectedSeq: lastSeq + 1 }, lastSeq };
    if (!verdict) throw new Error(`entry ${entry.seq} reached the transaction without a verdict`);

    const result: PushResult = verdict.ok
      ? await applyRevision(trx, deviceId, entry, nowIso)
      : { seq: entry.seq, status: 'rejected', code: verdict.code, message: verdict.message };
    const serverRev = 'serverRev' in result ? result.serverRev : await currentRevOf(trx, entry.recordId);
    await trx
      .insertInto('push_outcomes')
      .values({
        device_id: deviceId,
        seq: entry.seq,
        record_id: entry.recordId,
        rev: entry.rev,
        status: result.status,
        result: JSON.stringify(storedOutcomeOf(result, serverRev)),
        processed_at: nowIso,
      })
      .execute();
    await trx
      .updateTable('devices')
      .set((eb) => ({ last_seq: entry.seq, entries_received: eb('entries_received', '+', 1) }))
      .where('id', '=', deviceId)
      .execute();
    return { kind: 'answered', result, lastSeq: entry.seq };
  });
}

/**
 * Handles a parsed push from an authenticated device (whose id the body
 * matches). `lastSeq` in the answer never exceeds the highest seq this answer
 * covers, so a client that clears its outbox up to it has an answer for every
 * entry it clears, even when another push of the same device ran alongside.
 */
export async function handlePush(context: ServerContext, deviceId: string, push: PushRequest, log: FastifyBaseLogger): Promise<PushResponse> {
  const { db } = context.database;
  const entries = [...push.entries].sort((a, b) => a.seq - b.seq);
  const results: PushResult[] = [];
  const before = await db.selectFrom('devices').select('last_seq').where('id', '=', deviceId).executeTakeFirstOrThrow();
  // last_seq only grows, so an entry at or below this hint is a duplicate for sure and needs no validation.
  let lastSeqHint = before.last_seq;
  let highestAnswered = 0;

  for (const entry of entries) {
    const verdict = entry.seq > lastSeqHint ? await verdictFor(context, entry, context.now()) : undefined;
    const step = await handleEntry(context, deviceId, entry, verdict);
    if (step.kind === 'revoked') break;
    results.push(step.result);
    lastSeqHint = step.lastSeq;
    if (step.result.status === 'gap') break;
    highestAnswered = entry.seq;
  }

  const device = await db
    .updateTable('devices')
    .set({ last_sync_at: context.now().toISOString(), ...(push.pendingCount !== undefined && { pending_count: push.pendingCount }) })
    .where('id', '=', deviceId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const lastSeq = highestAnswered > 0 ? Math.min(device.last_seq, highestAnswered) : device.last_seq;

  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  log.info({ deviceId, batchId: push.batchId, entries: entries.length, outcomes: counts, lastSeq }, 'push handled');
  return { lastSeq, results };
}
