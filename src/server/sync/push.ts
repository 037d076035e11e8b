/**
 * Push handling, as shared/design/sync-protocol.md says: entries in `seq`
 * order, each judged by the protocol's rules against what is committed, the
 * device's `last_seq` and every entry's stored outcome written in the same
 * transaction as the entry, and the answer sent only after that commit.
 *
 * One transaction per batch, not per entry: the protocol's per-entry
 * transaction is there so that an entry is stored together with its outcome
 * and `last_seq`, and so that one failing entry cannot hold back the others.
 * Both still hold. Everything an entry writes commits together with its
 * outcome and the new `last_seq`, or not at all; no answer is sent before the
 * commit, so a device clears nothing the server might lose. An entry the
 * database refuses (an error, not a rejection — those are outcomes) rolls the
 * batch back, which is then committed again without it and everything after
 * it: the device gets the answers up to it and resends from there, exactly
 * as if each entry had had its own transaction. What one transaction per
 * batch saves is a commit (an fsync on both engines) and the device row's
 * read and write for every entry; new records are also stored with one
 * multi-row statement per table (`insertNewRecords`). With the client's
 * pipelining, 695 interviews went from 2.8 s to about 1.1 s on SQLite and
 * from 5.5 s to about 1.2 s on PostgreSQL (bench/README.md).
 *
 * Exactly-once rests on the device row: the transaction starts by updating
 * it, which holds its row lock on PostgreSQL (like SELECT … FOR UPDATE) and
 * makes the transaction SQLite's single writer at once. Whoever comes second —
 * another tab, a retry racing the original, another server process — waits,
 * then reads the `last_seq` the first one committed and answers `duplicate`
 * from the stored outcomes.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Insertable, Transaction } from 'kysely';
import { filledNotice, isEvidenceUnchanged, type ConsentProof, type ConsentRecord, type DeploymentSettings, type NoticeArtifact } from '../../core/consent/index';
import { validatedRecordEntry, type RecordEntryVerdict, type Sha256Hex } from '../../core/record/index';
import { canonicalJson, type PushEntry, type PushRequest, type PushResponse, type PushResult, type ServerRecord, type WirePushEntry } from '../../core/sync/index';
import { isCryptoError } from '../../core/encryption/index';
import { openSealed } from './open-sealed';
import { serverSealingKey, type ServerSealingKey } from '../artifacts/server-key';
import type { Database, PushOutcomesTable } from '../db/schema';
import type { ServerContext } from '../context';
import type { KeyedHash } from '../auth/secrets';
import { httpError } from '../http/errors';
import { ERASED_PAYLOAD, eraseRecord, proofOf, storedProof, updateProof } from '../erasure/erase';
import { consentRowsFromHistory, enteredWithdrawals, mergedStatus, storeRecordConsent } from '../erasure/record-consent';
import { eraseExplicitAnswers, withdrawnExplicitConsents } from '../erasure/explicit';
import { evaluationFactsOf, type EvaluationFacts } from '../../core/evaluation/index';
import type { InterviewRecord } from '../../core/record/index';
import { evaluationRowsOf, storeEvaluationRows } from '../evaluation/projection';
import { searchFactsOf, storeSearchRows, type SearchFacts } from '../records/search';

type Trx = Transaction<Database>;
type ConflictResult = Extract<PushResult, { status: 'conflict' }>;

/**
 * What push_outcomes.result holds: the answer without a conflict's server
 * record (rebuilt from its immutable revision, so payloads are not copied),
 * plus the record's revision at the time for every status.
 */
type StoredOutcome = (Exclude<PushResult, ConflictResult | { status: 'gap' }> | Omit<ConflictResult, 'serverRecord'>) & { serverRev: number };

/** One push's transaction, as it moves the device along. */
interface Batch {
  readonly deviceId: string;
  readonly nowIso: string;
  /** The device's `last_seq` as this transaction has moved it. */
  lastSeq: number;
  /** The outcomes of the entries handled in this transaction, written with the device row at its end. */
  readonly outcomes: Map<number, Insertable<PushOutcomesTable>>;
  /** Entries stored up front as new records (`insertNewRecords`): applied at revision 1. */
  readonly inserted: Set<PushEntry>;
  /** What was judged before the transaction, for every entry that may be new. */
  readonly judged: ReadonlyMap<PushEntry, Judged>;
  /** This device and the devices it continues (re-enrolment): whose records it may revise. */
  readonly lineage: ReadonlySet<string>;
  /** The keyed hash kept of a person's reference when their record is erased. */
  readonly personKey: KeyedHash;
  /** Entries applied to a record already erased: stored as their hash only. */
  readonly storedAsHash: Set<PushEntry>;
  /** Per record, the last entry this batch made its current revision (its derived rows are written at the end). */
  readonly current: Map<string, PushEntry>;
  /** Records this batch erased or found erased: their derived rows are the erasure's. */
  readonly erased: Map<string, number>;
}

/** An entry during which the database failed; `index` is its place in the sorted batch. */
class EntryFailure extends Error {
  /** The failure came from storing the batch's new records together. */
  static readonly AMONG_NEW_RECORDS = -1;

  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`entry ${index} of the batch failed`, { cause });
  }
}

// The latest calendar date anywhere on earth (UTC+14) is "today" for "not in the future"
// rules: the server must never be stricter than the device's local date was at the interview.
const LATEST_UTC_OFFSET_MS = 14 * 60 * 60_000;

function todayOf(now: Date): string {
  return new Date(now.getTime() + LATEST_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** node:crypto's SHA-256: the same digest as core's portable one (sha256.test.ts), several times faster. */
const nodeSha256: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An entry's verdict, and its payload's canonical JSON: what is hashed is what is stored. */
interface Judged {
  verdict: RecordEntryVerdict;
  canonicalPayload: string | null;
  /** The entry's consent record, read once here (outside the transaction) for an entry that passed. */
  consent?: ConsentRecord | null;
  /**
   * For an entry that passed: what the evaluation counts and the record list finds it by
   * (null facts: not readable as an interview), derived here so that the transaction that
   * stores the revision writes them too.
   */
  derived?: { facts: EvaluationFacts | null; search: SearchFacts };
}

function derivedOf(entry: PushEntry, notice: NoticeArtifact | null): NonNullable<Judged['derived']> {
  let facts: EvaluationFacts | null;
  try {
    facts = evaluationFactsOf(entry.payload as unknown as InterviewRecord, notice?.purposes.map((p) => p.id) ?? []);
  } catch {
    // As the refresh does (evaluation/projection.ts): counted as unreadable rather than guessed.
    facts = null;
  }
  return { facts, search: searchFactsOf(entry.recordId, entry.payload) };
}

// The catalog keeps each published template and settings version as one object, so the filled
// text (scanned and hashed) is made once per pair rather than once per entry.
const filledTexts = new WeakMap<NoticeArtifact, Map<number, NoticeArtifact | null>>();

function shownNotice(template: NoticeArtifact, settings: DeploymentSettings | null): NoticeArtifact | null {
  let bySettings = filledTexts.get(template);
  if (!bySettings) filledTexts.set(template, (bySettings = new Map()));
  const key = settings?.version ?? 0;
  if (!bySettings.has(key)) bySettings.set(key, filledNotice(template, settings));
  return bySettings.get(key)!;
}

async function judge(context: ServerContext, entry: PushEntry, now: Date): Promise<Judged> {
  const { artifacts } = context;
  const { settingsVersion } = entry.noticeRef;
  const [form, template, referenceTemplate, settings] = await Promise.all([
    entry.formRef === null ? null : artifacts.form(entry.formRef),
    artifacts.notice(entry.noticeRef.id, entry.noticeRef.version, entry.noticeRef.lang),
    artifacts.notice(entry.noticeRef.id, entry.noticeRef.version, 'de'),
    settingsVersion === undefined ? null : artifacts.settings(settingsVersion),
  ]);
  if (settingsVersion !== undefined && settings === null) {
    const message = `The deployment settings version ${settingsVersion} the notice was filled with are not published on this server.`;
    return { verdict: { ok: false, code: 'unknown_notice', message }, canonicalPayload: null };
  }
  // The record's hash is that of the text the applicant read: the published template filled with
  // the settings the entry names. Without settings a notice with placeholders cannot be matched.
  const notice = template && shownNotice(template, settings);
  const referenceNotice = referenceTemplate && shownNotice(referenceTemplate, settings);
  if ((template && !notice) || (referenceTemplate && !referenceNotice)) {
    const message = `The notice ${entry.noticeRef.id}@${entry.noticeRef.version} names deployment settings, but the entry names no settings version it was filled with.`;
    return { verdict: { ok: false, code: 'hash_mismatch', message }, canonicalPayload: null };
  }
  let canonicalPayload: string;
  try {
    canonicalPayload = canonicalJson(entry.payload);
  } catch (error) {
    // A payload that cannot even be hashed — nested deeper than the stack allows (RangeError), or
    // holding a number JSON turned into Infinity (TypeError) — is no record. Rejecting the entry
    // keeps it from failing the whole batch with a 500, which the device would retry forever.
    if (error instanceof RangeError || error instanceof TypeError) {
      const message = `The payload cannot be read as an interview record: ${error instanceof RangeError ? 'it is nested too deeply' : error.message}.`;
      return { verdict: { ok: false, code: 'invalid_payload', message }, canonicalPayload: null };
    }
    throw error;
  }
  const { verdict, record } = validatedRecordEntry(entry, { form, notice, referenceNotice, today: todayOf(now), sha256: nodeSha256, canonicalPayload });
  // The consent as validation read it (the same schema `consentOfPayload` parses with, and the
  // notice's checks on top): parsed once per entry, not twice.
  return { verdict, canonicalPayload, ...(verdict.ok && record && { consent: record.consent, derived: derivedOf(entry, template) }) };
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

/** The answer to an entry whose seq was handled before (by this batch or an earlier one): what happened then. */
async function replayedOutcome(trx: Trx, batch: Batch, entry: PushEntry): Promise<PushResult> {
  const row =
    batch.outcomes.get(entry.seq) ??
    (await trx
      .selectFrom('push_outcomes')
      .select(['record_id', 'result'])
      .where('device_id', '=', batch.deviceId)
      .where('seq', '=', entry.seq)
      .executeTakeFirst());
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

/** The records row of an entry that is its record's first revision. */
function newRecordValues(batch: Batch, entry: PushEntry) {
  return {
    record_id: entry.recordId,
    device_id: batch.deviceId,
    current_rev: 1,
    form_ref: entry.formRef,
    notice: JSON.stringify(entry.noticeRef),
    received_at: batch.nowIso,
    updated_at: batch.nowIso,
  };
}

/** `erased`: the record's data are erased; what arrives for it is kept as its hash only. */
function revisionValues(batch: Batch, entry: PushEntry, erased = false) {
  const { deviceId, nowIso } = batch;
  return {
    record_id: entry.recordId,
    rev: entry.rev,
    base_rev: entry.baseRev,
    form_ref: entry.formRef,
    notice: JSON.stringify(entry.noticeRef),
    // The bytes payloadSha256 is the hash of (the same value as JSON.stringify, keys sorted).
    payload: erased ? ERASED_PAYLOAD : (batch.judged.get(entry)?.canonicalPayload ?? canonicalJson(entry.payload)),
    payload_sha256: entry.payloadSha256,
    device_id: deviceId,
    seq: entry.seq,
    received_at: nowIso,
  };
}

/** Keeps the entry beside the server's version for a coordinator, and answers with the server's version. */
async function conflict(trx: Trx, batch: Batch, entry: PushEntry, serverRev: number, message: string, erased = false): Promise<PushResult> {
  const { record_id, rev, base_rev, form_ref, notice, payload, payload_sha256, seq } = revisionValues(batch, entry, erased);
  await trx
    .insertInto('conflicts')
    .values({ device_id: batch.deviceId, seq, record_id, rev, base_rev, form_ref, notice, payload, payload_sha256, server_rev: serverRev, created_at: batch.nowIso })
    .execute();
  const serverRecord = serverRev > 0 ? await serverRecordAt(trx, entry.recordId, serverRev) : null;
  return { seq: entry.seq, status: 'conflict', serverRev, message, serverRecord };
}

const MAX_RULE_ATTEMPTS = 5;

/** The revision rules for an entry that passed validation (rule 3 of the protocol). */
async function applyRevision(trx: Trx, batch: Batch, entry: PushEntry): Promise<PushResult> {
  const { nowIso } = batch;
  // Another device may write the same record concurrently (only the device row is locked), so every
  // write below is conditional; when one finds the record changed, the rules are judged again on
  // what is committed now (PostgreSQL's READ COMMITTED gives each statement a fresh snapshot).
  for (let attempt = 0; attempt < MAX_RULE_ATTEMPTS; attempt += 1) {
    if (entry.rev === 1) {
      // Most entries are new records: try the insert first, which is also the check.
      const inserted = await trx
        .insertInto('records')
        .values(newRecordValues(batch, entry))
        .onConflict((oc) => oc.column('record_id').doNothing())
        .returning('record_id')
        .executeTakeFirst();
      if (inserted) {
        await trx.insertInto('record_revisions').values(revisionValues(batch, entry)).execute();
        return { seq: entry.seq, status: 'applied', serverRev: 1 };
      }
    }

    const record = await trx.selectFrom('records').select(['current_rev', 'device_id', 'erased_at']).where('record_id', '=', entry.recordId).executeTakeFirst();
    if (!record) {
      // Records are never deleted, so a refused insert means one exists; look again.
      if (entry.rev === 1) continue;
      return conflict(trx, batch, entry, 0, `The server has no revision of this record, and revision ${entry.rev} is not its first.`);
    }
    // Before anything about the record is said (a conflict would send its content).
    if (!batch.lineage.has(record.device_id)) {
      return {
        seq: entry.seq,
        status: 'rejected',
        code: 'foreign_record',
        message: 'This record was created on another device; a device can only add revisions to its own records.',
      };
    }

    const sameRev = await trx
      .selectFrom('record_revisions')
      .select('payload_sha256')
      .where('record_id', '=', entry.recordId)
      .where('rev', '=', entry.rev)
      .executeTakeFirst();
    const erased = record.erased_at !== null;
    if (sameRev) {
      if (sameRev.payload_sha256 === entry.payloadSha256) return { seq: entry.seq, status: 'duplicate', serverRev: record.current_rev };
      return conflict(trx, batch, entry, record.current_rev, `The server holds another version of revision ${entry.rev}.`, erased);
    }
    if (record.current_rev !== entry.baseRev) {
      return conflict(
        trx,
        batch,
        entry,
        record.current_rev,
        `The server holds revision ${record.current_rev}; this entry was made from revision ${entry.baseRev}.`,
        erased,
      );
    }
    if (erased) return applyToErased(trx, batch, entry);

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
    await trx.insertInto('record_revisions').values(revisionValues(batch, entry)).execute();
    return { seq: entry.seq, status: 'applied', serverRev: entry.rev };
  }
  // Only reachable if other devices keep writing this very record; the entry stays unhandled and is retried.
  throw new Error(`record ${entry.recordId} changed under ${MAX_RULE_ATTEMPTS} attempts to apply an entry`);
}

/** Evidence and decisions of a proof, without the history that may only grow. */
function unchangingPartOf(proof: ConsentProof): string {
  const { events: _grows, ...rest } = proof;
  return canonicalJson(rest);
}

/**
 * The next revision of a record whose data are erased (a tablet that had not synced yet): taken
 * like any other — so the tablet clears it and nothing is sent again — but stored as its hash
 * only, never as data. Its consent may only gain events, as before the erasure; the proof takes
 * them in.
 */
async function applyToErased(trx: Trx, batch: Batch, entry: PushEntry): Promise<PushResult> {
  const consent = batch.judged.get(entry)?.consent ?? null;
  const before = await storedProof(trx, entry.recordId);
  const withdrawals = await enteredWithdrawals(trx, entry.recordId);
  // Events the proof does not hold yet are stamped as received now.
  const stamped = consent && { ...consent, events: consent.events.map((event, index) => ({ ...event, server_received_at: event.server_received_at ?? (before?.events[index]?.event_time === event.event_time ? before.events[index]?.server_received_at : undefined) ?? batch.nowIso })) };
  const after = stamped ? proofOf(stamped, withdrawals, batch.personKey) : null;
  if (before && after && unchangingPartOf(before) !== unchangingPartOf(after)) {
    return {
      seq: entry.seq,
      status: 'rejected',
      code: 'evidence_changed',
      message: 'Synced consent evidence cannot change; record a withdrawal as a new event, or a correction as a new consent capture.',
    };
  }
  const moved = await trx
    .updateTable('records')
    .set({ current_rev: entry.rev, form_ref: entry.formRef, notice: JSON.stringify(entry.noticeRef), updated_at: batch.nowIso })
    .where('record_id', '=', entry.recordId)
    .where('current_rev', '=', entry.baseRev)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) throw new Error(`erased record ${entry.recordId} changed while an entry was applied`);
  await trx.insertInto('record_revisions').values(revisionValues(batch, entry, true)).execute();
  batch.storedAsHash.add(entry);
  if (after && (!before || after.events.length > before.events.length)) {
    await updateProof(trx, entry.recordId, after);
    await storeRecordConsent(trx, entry.recordId, consentRowsFromHistory(entry.recordId, after, []));
  }
  return { seq: entry.seq, status: 'applied', serverRev: entry.rev };
}

/**
 * After an entry was stored as its record's new current revision: the record's current consent
 * per purpose and recipient is brought up to date, and a consent that the revision ends (a
 * withdrawal recorded on the tablet) erases the record's data in this same transaction.
 */
async function afterApplied(trx: Trx, batch: Batch, entry: PushEntry): Promise<void> {
  const consent = batch.judged.get(entry)?.consent ?? null;
  if (consent === null) return;
  const isNew = batch.inserted.has(entry);
  // A record stored by this batch has no entered withdrawals yet, and its rows were written with it.
  const withdrawals = isNew ? [] : await enteredWithdrawals(trx, entry.recordId);
  if (!isNew) await storeRecordConsent(trx, entry.recordId, consentRowsFromHistory(entry.recordId, consent, withdrawals));
  if (mergedStatus(consent, withdrawals) === 'withdrawn') {
    await eraseRecord(trx, entry.recordId, 'withdrawn', batch.nowIso, batch.personKey, { type: 'device', id: batch.deviceId });
    batch.erased.set(entry.recordId, entry.rev);
    return;
  }
  // An explicit consent (health) a coordinator entered as withdrawn: the tablet does not know and
  // still sends its answer; it is erased from this revision as from the earlier ones (issue #14).
  if (!isNew) {
    const withdrawnExplicit = withdrawnExplicitConsents(consent, withdrawals);
    if (withdrawnExplicit.length > 0) await eraseExplicitAnswers(trx, entry.recordId, consent, withdrawnExplicit);
  }
}

/**
 * The evaluation's facts and the record list's search rows of every record this batch gave a new
 * current revision, in the batch's transaction: both are current whenever the record is. An
 * erased record has the rows its erasure wrote; a revision stored as its hash only moves them to
 * its number.
 */
async function storeDerivedRows(trx: Trx, batch: Batch): Promise<void> {
  const ids = [...batch.current.keys()].filter((id) => !batch.erased.has(id));
  const owners = new Map<string, string>();
  for (const part of chunks(ids)) {
    const rows = await trx.selectFrom('records').select(['record_id', 'device_id']).where('record_id', 'in', part).execute();
    for (const row of rows) owners.set(row.record_id, row.device_id);
  }
  const evaluation = [];
  const search = [];
  for (const id of ids) {
    const entry = batch.current.get(id)!;
    const derived = batch.judged.get(entry)?.derived;
    if (!derived) continue; // not judged here: the refresh derives it
    evaluation.push(evaluationRowsOf({ record_id: id, rev: entry.rev, device_id: owners.get(id) ?? batch.deviceId, form_ref: entry.formRef }, derived.facts));
    search.push({ rev: entry.rev, facts: derived.search });
  }
  await storeEvaluationRows(trx, evaluation);
  await storeSearchRows(trx, search);
  for (const [id, rev] of batch.erased) await trx.updateTable('record_search').set({ rev }).where('record_id', '=', id).execute();
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

// Ten columns a revision row: 500 rows stay far below SQLite's and PostgreSQL's limits on bound parameters.
const ROWS_PER_INSERT = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) out.push(rows.slice(start, start + ROWS_PER_INSERT));
  return out;
}

/**
 * The entries this batch will handle as new (contiguous seqs after `lastSeq`, up to a gap)
 * that are a valid first revision and the first mention of their record in the batch.
 * Storing those before the others changes no answer: nothing earlier in the batch touches
 * their record, and what comes later sees them as it would have anyway.
 */
function newRecordCandidates(entries: readonly PushEntry[], lastSeq: number, judged: ReadonlyMap<PushEntry, Judged>): PushEntry[] {
  const candidates: PushEntry[] = [];
  const mentioned = new Set<string>();
  let expected = lastSeq + 1;
  for (const entry of entries) {
    if (entry.seq < expected) continue; // answered from the stored outcome: writes nothing
    if (entry.seq > expected) break; // a gap: nothing from here is stored
    expected += 1;
    if (entry.rev === 1 && judged.get(entry)?.verdict.ok === true && !mentioned.has(entry.recordId)) candidates.push(entry);
    mentioned.add(entry.recordId);
  }
  return candidates;
}

/**
 * Rule 3's most common case in two statements for the whole batch instead of two per entry:
 * unknown records at revision 1 are inserted together; a record the server already holds
 * (ON CONFLICT DO NOTHING) is left to the entry-by-entry rules.
 */
async function insertNewRecords(trx: Trx, batch: Batch, candidates: readonly PushEntry[]): Promise<void> {
  const insertedIds = new Set<string>();
  for (const rows of chunks(candidates)) {
    const returned = await trx
      .insertInto('records')
      .values(rows.map((entry) => newRecordValues(batch, entry)))
      .onConflict((oc) => oc.column('record_id').doNothing())
      .returning('record_id')
      .execute();
    for (const row of returned) insertedIds.add(row.record_id);
  }
  const inserted = candidates.filter((entry) => insertedIds.has(entry.recordId));
  for (const rows of chunks(inserted)) {
    await trx.insertInto('record_revisions').values(rows.map((entry) => revisionValues(batch, entry))).execute();
  }
  const consentRows = inserted.flatMap((entry) => {
    const consent = batch.judged.get(entry)?.consent;
    return consent ? consentRowsFromHistory(entry.recordId, consent, []) : [];
  });
  for (const rows of chunks(consentRows)) await trx.insertInto('record_consent').values(rows).execute();
  for (const entry of inserted) batch.inserted.add(entry);
}

/**
 * One entry inside the batch's transaction. `verdict` was computed before the
 * transaction (artifact look-ups must not run inside it: SQLite has one
 * connection) for every entry that may be new; an entry whose seq was
 * already handled needs none.
 */
async function handleEntry(trx: Trx, batch: Batch, entry: PushEntry, verdict: RecordEntryVerdict | undefined): Promise<PushResult> {
  if (entry.seq <= batch.lastSeq) return replayedOutcome(trx, batch, entry);
  if (entry.seq > batch.lastSeq + 1) return { seq: entry.seq, status: 'gap', expectedSeq: batch.lastSeq + 1 };
  if (!verdict) throw new Error(`entry ${entry.seq} reached the transaction without a verdict`);

  const result: PushResult = !verdict.ok
    ? { seq: entry.seq, status: 'rejected', code: verdict.code, message: verdict.message }
    : batch.inserted.has(entry)
      ? { seq: entry.seq, status: 'applied', serverRev: 1 }
      : await applyRevision(trx, batch, entry);
  if (result.status === 'applied') {
    if (batch.storedAsHash.has(entry)) batch.erased.set(entry.recordId, entry.rev);
    else {
      batch.current.set(entry.recordId, entry);
      await afterApplied(trx, batch, entry);
    }
  }
  const serverRev = 'serverRev' in result ? result.serverRev : await currentRevOf(trx, entry.recordId);
  batch.outcomes.set(entry.seq, {
    device_id: batch.deviceId,
    seq: entry.seq,
    record_id: entry.recordId,
    rev: entry.rev,
    status: result.status,
    result: JSON.stringify(storedOutcomeOf(result, serverRev)),
    processed_at: batch.nowIso,
  });
  batch.lastSeq = entry.seq;
  return result;
}

interface BatchAnswer {
  results: PushResult[];
  /** The device's last_seq after the commit. */
  lastSeq: number;
  /** The highest seq this answer covers (0: none). */
  highestAnswered: number;
}

/** The device and every device it continues, back to the first enrolment of the tablet. */
async function lineageOf(trx: Trx, deviceId: string, succeeds: string | null): Promise<Set<string>> {
  const lineage = new Set([deviceId]);
  for (let previous = succeeds; previous !== null && !lineage.has(previous); ) {
    lineage.add(previous);
    const row = await trx.selectFrom('devices').select('succeeds').where('id', '=', previous).executeTakeFirst();
    previous = row?.succeeds ?? null;
  }
  return lineage;
}

/**
 * The entries (sorted) in one transaction; an entry the database fails on throws an
 * EntryFailure. `together`: new records are stored in one go (`insertNewRecords`).
 */
async function commitBatch(
  context: ServerContext,
  deviceId: string,
  entries: readonly PushEntry[],
  judged: ReadonlyMap<PushEntry, Judged>,
  pendingCount: number | undefined,
  now: Date,
  together: boolean,
): Promise<BatchAnswer> {
  const nowIso = now.toISOString();
  return context.database.db.transaction().execute(async (trx): Promise<BatchAnswer> => {
    const device = await trx
      .updateTable('devices')
      .set({ last_seen_at: nowIso })
      .where('id', '=', deviceId)
      .returning(['last_seq', 'revoked_at', 'succeeds'])
      .executeTakeFirst();
    // Revoked while the request was on its way: the same answer as for a revoked device's token.
    if (!device || device.revoked_at !== null) throw httpError(403, 'device_revoked', 'This device has been revoked by a coordinator.');

    const batch: Batch = {
      deviceId,
      nowIso,
      lastSeq: device.last_seq,
      outcomes: new Map(),
      inserted: new Set(),
      judged,
      lineage: await lineageOf(trx, deviceId, device.succeeds),
      personKey: context.personKey,
      storedAsHash: new Set(),
      current: new Map(),
      erased: new Map(),
    };
    if (together) {
      try {
        await insertNewRecords(trx, batch, newRecordCandidates(entries, batch.lastSeq, judged));
      } catch (cause) {
        // Which of them the database refused is not known here; entry by entry will tell.
        throw new EntryFailure(EntryFailure.AMONG_NEW_RECORDS, cause);
      }
    }
    const results: PushResult[] = [];
    let highestAnswered = 0;
    for (const [index, entry] of entries.entries()) {
      let result: PushResult;
      try {
        result = await handleEntry(trx, batch, entry, judged.get(entry)?.verdict);
      } catch (cause) {
        throw new EntryFailure(index, cause);
      }
      results.push(result);
      if (result.status === 'gap') break;
      highestAnswered = entry.seq;
    }

    await storeDerivedRows(trx, batch);
    const outcomes = [...batch.outcomes.values()];
    for (const rows of chunks(outcomes)) await trx.insertInto('push_outcomes').values(rows).execute();
    await trx
      .updateTable('devices')
      .set((eb) => ({
        last_seq: batch.lastSeq,
        entries_received: eb('entries_received', '+', outcomes.length),
        last_sync_at: nowIso,
        ...(pendingCount !== undefined && { pending_count: pendingCount }),
      }))
      .where('id', '=', deviceId)
      .execute();
    return { results, lastSeq: batch.lastSeq, highestAnswered };
  });
}

/**
 * A sealed entry (issue #12 item 3) opened with the server's sealing key: from here on it is the
 * same entry a client of before would have sent with `payload`, judged and stored the same way.
 * One that does not open keeps an empty payload and is that entry's rejection (never the batch's).
 */
function openedEntry(entry: WirePushEntry, key: ServerSealingKey | null): { entry: PushEntry; refused?: Judged } {
  if (!('sealed' in entry)) return { entry };
  const { sealed, ...rest } = entry;
  const refused = (code: 'unsupported_envelope' | 'sealed_unreadable' | 'invalid_payload', message: string) => ({
    entry: { ...rest, payload: {} },
    refused: { verdict: { ok: false as const, code, message }, canonicalPayload: null },
  });
  if (!key) return refused('sealed_unreadable', 'This server has no sealing key yet (it is made when the server starts); send the entry again later.');
  let plain: string;
  try {
    plain = openSealed(sealed, { recordId: entry.recordId, rev: entry.rev }, key);
  } catch (error) {
    if (!isCryptoError(error)) throw error;
    if (error.code === 'unsupported_version') return refused('unsupported_envelope', `The sealed entry's envelope is not one this server opens: ${error.message}.`);
    return refused('sealed_unreadable', `The sealed entry does not open: ${error.message}.`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(plain);
  } catch {
    return refused('invalid_payload', 'The sealed payload is not JSON.');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return refused('invalid_payload', 'The sealed payload is not a JSON object.');
  return { entry: { ...rest, payload: payload as Record<string, unknown> } };
}

/**
 * Handles a parsed push from an authenticated device (whose id the body
 * matches). `lastSeq` in the answer never exceeds the highest seq this answer
 * covers, so a client that clears its outbox up to it has an answer for every
 * entry it clears, even when another push of the same device ran alongside.
 */
export async function handlePush(context: ServerContext, deviceId: string, push: PushRequest, log: FastifyBaseLogger): Promise<PushResponse> {
  const { db } = context.database;
  const now = context.now();
  const before = await db.selectFrom('devices').select('last_seq').where('id', '=', deviceId).executeTakeFirstOrThrow();
  // last_seq only grows, so an entry at or below it is a duplicate for sure and needs no verdict.
  const judged = new Map<PushEntry, Judged>();
  const key = push.entries.some((entry) => 'sealed' in entry && entry.seq > before.last_seq) ? await serverSealingKey(db) : null;
  // Opened here, one after another, with node:crypto (sync/open-sealed.ts): about 0.17 ms per
  // entry, where WebCrypto's chain of jobs took about 0.6 ms even side by side.
  const opened = push.entries.map((wire): { entry: PushEntry; refused?: Judged } => {
    if ('sealed' in wire && wire.seq <= before.last_seq) {
      // A duplicate is answered from its stored outcome; its payload is never read.
      const { sealed: _sealed, ...rest } = wire;
      return { entry: { ...rest, payload: {} } as PushEntry };
    }
    return openedEntry(wire, key);
  });
  const entries: PushEntry[] = [];
  for (const { entry, refused } of opened) {
    if (refused) judged.set(entry, refused);
    entries.push(entry);
  }
  entries.sort((a, b) => a.seq - b.seq);
  // Validation has a time budget per push. The entries not judged when it runs out are left out
  // of this transaction and answer, as after an entry the database failed on: lastSeq stops
  // before them and the device sends them again. At least one is always judged, so every push
  // moves the device along. (A single entry cannot run long: text is capped and no pattern
  // that backtracks catastrophically is run, see core/form/pattern-safety.ts.)
  const budgetEnds = performance.now() + context.config.pushValidationBudgetMs;
  let handled = entries;
  for (const [index, entry] of entries.entries()) {
    if (entry.seq <= before.last_seq || judged.has(entry)) continue;
    if (judged.size > 0 && performance.now() > budgetEnds) {
      handled = entries.slice(0, index);
      log.warn({ deviceId, batchId: push.batchId, judged: judged.size, left: entries.length - index }, 'push validation ran out of its time budget; the rest of the batch is left for the device to send again');
      break;
    }
    judged.set(entry, await judge(context, entry, now));
  }

  let answer: BatchAnswer | undefined;
  let together = true;
  for (let upTo = handled.length; answer === undefined; ) {
    try {
      answer = await commitBatch(context, deviceId, handled.slice(0, upTo), judged, push.pendingCount, now, together);
    } catch (error) {
      if (!(error instanceof EntryFailure)) throw error;
      if (error.index === EntryFailure.AMONG_NEW_RECORDS) {
        log.warn({ err: error.cause, deviceId, batchId: push.batchId }, 'storing new records together failed; trying entry by entry');
        together = false;
        continue;
      }
      if (error.index === 0) throw error.cause;
      // The database failed on one entry: commit the ones before it; the device resends from it.
      log.warn({ err: error.cause, deviceId, batchId: push.batchId, seq: handled[error.index]?.seq }, 'push entry failed; committing the entries before it');
      upTo = error.index;
    }
  }

  const { results, highestAnswered } = answer;
  const lastSeq = highestAnswered > 0 ? Math.min(answer.lastSeq, highestAnswered) : answer.lastSeq;
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  log.info({ deviceId, batchId: push.batchId, entries: entries.length, outcomes: counts, lastSeq }, 'push handled');
  return { lastSeq, results };
}
