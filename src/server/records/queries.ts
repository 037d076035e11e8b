/**
 * What coordinators see of received records: each record with its revisions,
 * conflicts and the outcome of the last entry that concerned it, and the sync
 * issues (rejected and conflicting entries) that a device's pushes produced.
 */
import type { Kysely } from 'kysely';
import type { EntryStatus } from '../../core/api/index';
import type { NoticeRef, RejectionCode } from '../../core/sync/index';
import type { Database } from '../db/schema';
import { recordConsent, type RecordConsent } from './consent';

export interface EntryOutcome {
  deviceId: string;
  seq: number;
  recordId: string;
  rev: number;
  /** Only answers that were recorded: a `gap` never is. */
  status: EntryStatus;
  code?: RejectionCode;
  message?: string;
  processedAt: string;
}

export interface RecordSummary {
  recordId: string;
  deviceId: string;
  deviceName: string | null;
  currentRev: number;
  formRef: string | null;
  noticeRef: NoticeRef;
  receivedAt: string;
  updatedAt: string;
  revisionCount: number;
  conflictCount: number;
  lastOutcome: EntryOutcome | null;
}

type OutcomeRow = { device_id: string; seq: number; record_id: string; rev: number; status: string; result: string; processed_at: string };

function outcomeOf(row: OutcomeRow): EntryOutcome {
  const stored = JSON.parse(row.result) as { code?: RejectionCode; message?: string };
  return {
    deviceId: row.device_id,
    seq: row.seq,
    recordId: row.record_id,
    rev: row.rev,
    status: row.status as EntryStatus,
    ...(stored.code !== undefined && { code: stored.code }),
    ...(stored.message !== undefined && { message: stored.message }),
    processedAt: row.processed_at,
  };
}

async function countsBy(db: Kysely<Database>, table: 'record_revisions' | 'conflicts', recordIds: string[]): Promise<Map<string, number>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .select((eb) => ['record_id', eb.fn.countAll().as('count')])
    .where('record_id', 'in', recordIds)
    .groupBy('record_id')
    .execute();
  // PostgreSQL returns count(*) as a bigint string.
  return new Map(rows.map((row) => [row.record_id, Number(row.count)]));
}

async function summaries(db: Kysely<Database>, filter: { deviceId?: string; recordId?: string }): Promise<RecordSummary[]> {
  let query = db
    .selectFrom('records')
    .leftJoin('devices', 'devices.id', 'records.device_id')
    .select([
      'records.record_id',
      'records.device_id',
      'devices.name as device_name',
      'records.current_rev',
      'records.form_ref',
      'records.notice',
      'records.received_at',
      'records.updated_at',
    ])
    .orderBy('records.received_at', 'desc')
    .orderBy('records.record_id');
  if (filter.deviceId !== undefined) query = query.where('records.device_id', '=', filter.deviceId);
  if (filter.recordId !== undefined) query = query.where('records.record_id', '=', filter.recordId);
  const rows = await query.execute();
  const ids = rows.map((row) => row.record_id);
  const [revisionCounts, conflictCounts] = await Promise.all([countsBy(db, 'record_revisions', ids), countsBy(db, 'conflicts', ids)]);
  const lastOutcomes = new Map<string, EntryOutcome>();
  if (ids.length > 0) {
    const outcomes = await db.selectFrom('push_outcomes').selectAll().where('record_id', 'in', ids).orderBy('processed_at').orderBy('seq').execute();
    for (const outcome of outcomes) lastOutcomes.set(outcome.record_id, outcomeOf(outcome));
  }
  return rows.map((row) => ({
    recordId: row.record_id,
    deviceId: row.device_id,
    deviceName: row.device_name,
    currentRev: row.current_rev,
    formRef: row.form_ref,
    noticeRef: JSON.parse(row.notice) as NoticeRef,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    revisionCount: revisionCounts.get(row.record_id) ?? 0,
    conflictCount: conflictCounts.get(row.record_id) ?? 0,
    lastOutcome: lastOutcomes.get(row.record_id) ?? null,
  }));
}

/**
 * Records (of one device, or all) and the entries that were rejected or
 * conflicted: a rejected first revision never becomes a record, yet it must
 * be seen, never silently dropped.
 */
export async function listRecords(db: Kysely<Database>, filter: { deviceId?: string }): Promise<{ records: RecordSummary[]; issues: EntryOutcome[] }> {
  let issuesQuery = db
    .selectFrom('push_outcomes')
    .selectAll()
    .where('status', 'in', ['rejected', 'conflict'])
    .orderBy('processed_at', 'desc')
    .orderBy('seq', 'desc');
  if (filter.deviceId !== undefined) issuesQuery = issuesQuery.where('device_id', '=', filter.deviceId);
  const [records, issues] = await Promise.all([summaries(db, filter), issuesQuery.execute()]);
  return { records, issues: issues.map(outcomeOf) };
}

export interface StoredRevision {
  rev: number;
  baseRev: number;
  formRef: string | null;
  noticeRef: NoticeRef;
  payload: unknown;
  payloadSha256: string;
  deviceId: string;
  seq: number;
  receivedAt: string;
}

export interface StoredConflict extends StoredRevision {
  serverRev: number;
}

/** One record with every revision, every conflicting entry and every entry outcome; undefined if unknown. */
export async function recordDetail(
  db: Kysely<Database>,
  recordId: string,
): Promise<
  | { record: RecordSummary | null; revisions: StoredRevision[]; conflicts: StoredConflict[]; outcomes: EntryOutcome[]; consent: RecordConsent | null }
  | undefined
> {
  const [[record], revisions, conflicts, outcomes] = await Promise.all([
    summaries(db, { recordId }),
    db.selectFrom('record_revisions').selectAll().where('record_id', '=', recordId).orderBy('rev').execute(),
    db.selectFrom('conflicts').selectAll().where('record_id', '=', recordId).orderBy('created_at').orderBy('seq').execute(),
    db.selectFrom('push_outcomes').selectAll().where('record_id', '=', recordId).orderBy('processed_at').orderBy('seq').execute(),
  ]);
  // A record the server never stored can still have conflicting or rejected entries to show.
  if (!record && conflicts.length === 0 && outcomes.length === 0) return undefined;
  const revisionOf = (row: (typeof revisions)[number] | (typeof conflicts)[number]): StoredRevision => ({
    rev: row.rev,
    baseRev: row.base_rev,
    formRef: row.form_ref,
    noticeRef: JSON.parse(row.notice) as NoticeRef,
    payload: JSON.parse(row.payload) as unknown,
    payloadSha256: row.payload_sha256,
    deviceId: row.device_id,
    seq: row.seq,
    receivedAt: 'received_at' in row ? row.received_at : row.created_at,
  });
  const stored = revisions.map(revisionOf);
  // The consent as it stands: that of the current revision (withdrawals are appended to it).
  const current = stored.find((revision) => revision.rev === record?.currentRev) ?? stored.at(-1);
  return {
    record: record ?? null,
    revisions: stored,
    conflicts: conflicts.map((row) => ({ ...revisionOf(row), serverRev: row.server_rev })),
    outcomes: outcomes.map(outcomeOf),
    consent: current === undefined ? null : await recordConsent(db, current, stored),
  };
}
