/**
 * What coordinators see of received records: each record with its revisions,
 * conflicts and the outcome of the last entry that concerned it, and the sync
 * issues (rejected and conflicting entries) that a device's pushes produced.
 */
import { disclosuresOfRecord } from '../handover/handover';
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import { recordStates, type EntryStatus, type recordDetailSchema } from '../../core/api/index';
import { answerChanges, showAnswers, type AnswerChange, type Answers, type FormDefinition, type ShownAnswers } from '../../core/form/index';
import { normalizeShortReference } from '../../core/record/index';
import type { ConsentProof } from '../../core/consent/index';
import type { NoticeRef, RejectionCode } from '../../core/sync/index';
import { nameQuery } from '../../core/text/index';
import type { ServerContext } from '../context';
import type { Database } from '../db/schema';
import { recordConsent, type RecordConsent } from './consent';
import { germanLevelOrder, refreshRecordSearch, type SearchDimension } from './search';
import { enteredWithdrawalOf, withdrawalEvent } from '../erasure/record-consent';

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

/** A person's name as the current revision gives it, in Latin script and in the original one. */
export interface PersonName {
  latin: string | null;
  original: string | null;
}

/** The database and the clock (search rows are brought up to date under a lock stamped with it). */
export type ListContext = Pick<ServerContext, 'database' | 'now'>;

export interface RecordSummary {
  recordId: string;
  deviceId: string;
  deviceName: string | null;
  /** Null for a refusal (no answers) or a record without a name. */
  name: PersonName | null;
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

/** Rows per page when the request names none, and the most a request may ask for. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Where a page sits in the whole filtered list. */
export interface Page {
  offset: number;
  limit: number;
  total: number;
}

export interface PageRequest {
  offset: number;
  limit: number;
}

/**
 * A record is `consented` when it holds a Profilingbogen (a form), `refused` when consent was
 * refused (a minimal record without a form), `conflicted` when any entry for it conflicted.
 */
export { recordStates };
export type RecordState = (typeof recordStates)[number];

/**
 * What a list of records can be narrowed by: each is one more condition in `whereRecordsMatch`, so
 * paging, order and total stay as they are. The name search and the answer values read
 * `record_search` / `record_search_values` (search.ts), which the caller brings up to date first
 * (`needsSearchRows`).
 */
export interface RecordFilter {
  deviceId?: string;
  recordId?: string;
  state?: RecordState;
  /** First arrival on the server, inclusive ISO dates (`YYYY-MM-DD`, UTC). */
  receivedFrom?: string;
  receivedTo?: string;
  /** A name in any script or transliteration, or a short reference. */
  name?: string;
  nationality?: string;
  /** At least this CEFR level in every assessed German skill. */
  germanAtLeast?: string;
  /** KldB 2010 Berufsbereich of any past job. */
  occupationArea?: string;
  municipality?: string;
}

export interface RecordOrder {
  by: 'received' | 'updated' | 'name';
  direction: 'asc' | 'desc';
}

const newestFirst: RecordOrder = { by: 'received', direction: 'desc' };

/** Whether a list must bring the search rows up to date before it runs. */
export function needsSearchRows(filter: RecordFilter, order: RecordOrder = newestFirst): boolean {
  return (
    order.by === 'name' ||
    filter.name !== undefined ||
    filter.nationality !== undefined ||
    filter.germanAtLeast !== undefined ||
    filter.occupationArea !== undefined ||
    filter.municipality !== undefined
  );
}

/** `%`, `_` and the escape character itself stand for themselves in a LIKE pattern. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export interface IssueFilter {
  deviceId?: string;
  status?: 'rejected' | 'conflict';
  /** When the entry was handled, inclusive ISO dates (`YYYY-MM-DD`, UTC). */
  processedFrom?: string;
  processedTo?: string;
}

/** Rows per record of a page's records (at most a page of ids, so the IN list stays short). */
async function countsBy(db: Kysely<Database>, table: 'record_revisions' | 'conflicts', pageIds: readonly string[]): Promise<Map<string, number>> {
  if (pageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(table)
    .select((eb) => ['record_id', eb.fn.countAll().as('count')])
    .where('record_id', 'in', pageIds)
    .groupBy('record_id')
    .execute();
  // PostgreSQL returns count(*) as a bigint string.
  return new Map(rows.map((row) => [row.record_id, Number(row.count)]));
}

// Times are stored as ISO text, so a day's range is a text range: from its start to before the next day.
const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString();

function whereRecordsMatch<Q extends SelectQueryBuilder<Database, 'records', object>>(query: Q, filter: RecordFilter): Q {
  let q = query as SelectQueryBuilder<Database, 'records', object>;
  if (filter.deviceId !== undefined) q = q.where('records.device_id', '=', filter.deviceId);
  if (filter.recordId !== undefined) q = q.where('records.record_id', '=', filter.recordId);
  if (filter.receivedFrom !== undefined) q = q.where('records.received_at', '>=', dayStart(filter.receivedFrom));
  if (filter.receivedTo !== undefined) q = q.where('records.received_at', '<', dayAfter(filter.receivedTo));
  if (filter.state === 'consented') q = q.where('records.form_ref', 'is not', null);
  if (filter.state === 'refused') q = q.where('records.form_ref', 'is', null);
  if (filter.state === 'conflicted') {
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('conflicts').select('conflicts.record_id').whereRef('conflicts.record_id', '=', 'records.record_id')));
  }
  // An id list from the (dimension, value, record_id) index, rather than a lookup per record.
  const valueFilter = (dimension: SearchDimension, values: readonly string[]) => {
    q = q.where('records.record_id', 'in', ({ selectFrom }) =>
      selectFrom('record_search_values as v').select('v.record_id').where('v.dimension', '=', dimension).where('v.value', 'in', values),
    );
  };
  if (filter.nationality !== undefined) valueFilter('nationality', [filter.nationality]);
  if (filter.municipality !== undefined) valueFilter('municipality', [filter.municipality]);
  if (filter.occupationArea !== undefined) valueFilter('occupationArea', [filter.occupationArea]);
  if (filter.germanAtLeast !== undefined) {
    const from = germanLevelOrder.indexOf(filter.germanAtLeast);
    valueFilter('german', from < 0 ? [filter.germanAtLeast] : germanLevelOrder.slice(from));
  }
  const name = filter.name === undefined ? null : nameQuery(filter.name);
  if (name !== null) {
    // As the tablet's list matches (core/text matchesName): the query as typed anywhere in the
    // folded names, or every word of it spelled alike (its skeleton the start of a name word's
    // skeleton, the whole of it for a one-letter skeleton); or the short reference, however typed.
    const reference = normalizeShortReference(filter.name!);
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('record_search as s')
          .select('s.record_id')
          .whereRef('s.record_id', '=', 'records.record_id')
          .where((eb) =>
            eb.or([
              eb(sql<string>`s.name_folded`, 'like', sql<string>`${`%${likeEscaped(name.folded)}%`} escape '\\'`),
              ...(name.skeletons.length > 0
                ? [eb.and(name.skeletons.map((skeleton) => eb(sql<string>`s.name_skeletons`, 'like', sql<string>`${skeleton.length > 1 ? `% ${skeleton}%` : `% ${skeleton} %`}`)))]
                : []),
              ...(reference !== null ? [eb('s.short_reference', '=', reference)] : []),
            ]),
          ),
      ),
    );
  }
  return q as Q;
}

/**
 * One page of records in the asked order, ties broken by record id (so the order is total and pages
 * never overlap; newest first by default, where the records_received_at index gives the order), and
 * how many match in all. Offset paging: a record arriving meanwhile shifts later pages by one.
 * Counts, last outcomes and names are read for the page's rows only: no statement carries more ids
 * than a page has.
 */
async function summaries(
  context: ListContext,
  filter: RecordFilter,
  page: PageRequest,
  order: RecordOrder = newestFirst,
): Promise<{ rows: RecordSummary[]; total: number }> {
  const { db, engine } = context.database;
  if (needsSearchRows(filter, order)) await refreshRecordSearch(context);
  let pageQuery = whereRecordsMatch(
    db
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
      ]),
    filter,
  );
  const direction = order.direction;
  if (order.by === 'name') {
    // Nameless records (refusals) last either way; byte order of the folded name on both engines.
    const name = engine === 'postgres' ? sql`s.name_sort collate "C"` : sql`s.name_sort`;
    pageQuery = pageQuery
      .leftJoin('record_search as s', 's.record_id', 'records.record_id')
      .orderBy(sql`case when s.name_sort is null then 1 else 0 end`)
      .orderBy(name, direction);
  } else {
    pageQuery = pageQuery.orderBy(order.by === 'updated' ? 'records.updated_at' : 'records.received_at', direction);
  }
  const [rows, counted] = await Promise.all([
    pageQuery.orderBy('records.record_id', direction).limit(page.limit).offset(page.offset).execute(),
    whereRecordsMatch(db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')), filter).executeTakeFirstOrThrow(),
  ]);
  // Counted for the page's rows only (in the page query, PostgreSQL would count for every skipped row too).
  const ids = rows.map((row) => row.record_id);
  const [revisionCounts, conflictCounts, names] = await Promise.all([countsBy(db, 'record_revisions', ids), countsBy(db, 'conflicts', ids), namesOf(context, ids)]);
  const lastOutcomes = new Map<string, EntryOutcome>();
  if (ids.length > 0) {
    const outcomes = await db.selectFrom('push_outcomes').selectAll().where('record_id', 'in', ids).orderBy('processed_at').orderBy('seq').execute();
    for (const outcome of outcomes) lastOutcomes.set(outcome.record_id, outcomeOf(outcome));
  }
  return {
    // PostgreSQL returns count(*) as a bigint string.
    total: Number(counted.n),
    rows: rows.map((row) => ({
      recordId: row.record_id,
      deviceId: row.device_id,
      deviceName: row.device_name,
      name: names.get(row.record_id) ?? null,
      currentRev: row.current_rev,
      formRef: row.form_ref,
      noticeRef: JSON.parse(row.notice) as NoticeRef,
      receivedAt: row.received_at,
      updatedAt: row.updated_at,
      revisionCount: revisionCounts.get(row.record_id) ?? 0,
      conflictCount: conflictCounts.get(row.record_id) ?? 0,
      lastOutcome: lastOutcomes.get(row.record_id) ?? null,
    })),
  };
}

/** The names of a page's records as the current revisions give them (their search rows brought up to date first). */
async function namesOf(context: ListContext, ids: readonly string[]): Promise<Map<string, PersonName>> {
  if (ids.length === 0) return new Map();
  await refreshRecordSearch(context, ids);
  const rows = await context.database.db.selectFrom('record_search').select(['record_id', 'name_latin', 'name_original']).where('record_id', 'in', ids).execute();
  return new Map(
    rows.filter((row) => row.name_latin !== null || row.name_original !== null).map((row) => [row.record_id, { latin: row.name_latin, original: row.name_original }]),
  );
}

/** One page of received records (of one device, or all), and the total that match. */
export async function listRecords(context: ListContext, filter: RecordFilter, page: PageRequest, order: RecordOrder = newestFirst): Promise<{ records: RecordSummary[]; page: Page }> {
  const { rows, total } = await summaries(context, filter, page, order);
  return { records: rows, page: { ...page, total } };
}

/**
 * One page of the entries that were rejected or conflicted, newest first: a rejected first
 * revision never becomes a record, yet it must be seen, never silently dropped.
 */
export async function listIssues(db: Kysely<Database>, filter: IssueFilter, page: PageRequest): Promise<{ issues: EntryOutcome[]; page: Page }> {
  const matching = <Q extends SelectQueryBuilder<Database, 'push_outcomes', object>>(query: Q): Q => {
    let q = query as SelectQueryBuilder<Database, 'push_outcomes', object>;
    q = filter.status === undefined ? q.where('status', 'in', ['rejected', 'conflict']) : q.where('status', '=', filter.status);
    if (filter.deviceId !== undefined) q = q.where('device_id', '=', filter.deviceId);
    if (filter.processedFrom !== undefined) q = q.where('processed_at', '>=', dayStart(filter.processedFrom));
    if (filter.processedTo !== undefined) q = q.where('processed_at', '<', dayAfter(filter.processedTo));
    return q as Q;
  };
  const [rows, counted] = await Promise.all([
    matching(db.selectFrom('push_outcomes').selectAll())
      .orderBy('processed_at', 'desc')
      .orderBy('device_id')
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    matching(db.selectFrom('push_outcomes').select((eb) => eb.fn.countAll().as('n'))).executeTakeFirstOrThrow(),
  ]);
  return { issues: rows.map(outcomeOf), page: { ...page, total: Number(counted.n) } };
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

/** A stored revision with its answers labelled from its own form version, and what changed from the one before. */
export interface ReadableRevision extends StoredRevision {
  answers: ShownAnswers | null;
  changes: AnswerChange[] | null;
}

function answersOf(payload: unknown): Answers | null {
  const answers = typeof payload === 'object' && payload !== null ? (payload as { answers?: unknown }).answers : null;
  return typeof answers === 'object' && answers !== null && !Array.isArray(answers) ? (answers as Answers) : null;
}

/** Each revision's answers as the record page shows them, and the changes from its predecessor. */
async function readable(revisions: readonly StoredRevision[], forms: FormLookup): Promise<ReadableRevision[]> {
  const out: ReadableRevision[] = [];
  let previous: { form: FormDefinition | null; answers: Answers | null } | null = null;
  for (const revision of revisions) {
    const form = revision.formRef === null ? null : await forms(revision.formRef);
    const answers = answersOf(revision.payload);
    const current = { form, answers };
    out.push({ ...revision, answers: answers === null ? null : showAnswers(form, answers), changes: previous === null ? null : answerChanges(previous, current) });
    previous = current;
  }
  return out;
}

/** The published form `id@version`, or null (the artifact catalog's `form`). */
export type FormLookup = (formRef: string) => Promise<FormDefinition | null>;

/** One record with every revision (answers labelled, changes named), every conflicting entry and every entry outcome; undefined if unknown. */
export async function recordDetail(
  context: ListContext & { artifacts: { form: FormLookup } },
  recordId: string,
): Promise<
  | (z.input<typeof recordDetailSchema> & { record: RecordSummary | null; revisions: ReadableRevision[]; conflicts: StoredConflict[]; outcomes: EntryOutcome[]; consent: RecordConsent | null })
  | undefined
> {
  const { db } = context.database;
  const [[record], revisions, conflicts, outcomes, erasure, withdrawals, marks] = await Promise.all([
    summaries(context, { recordId }, { offset: 0, limit: 1 }).then((found) => found.rows),
    db.selectFrom('record_revisions').selectAll().where('record_id', '=', recordId).orderBy('rev').execute(),
    db.selectFrom('conflicts').selectAll().where('record_id', '=', recordId).orderBy('created_at').orderBy('seq').execute(),
    db.selectFrom('push_outcomes').selectAll().where('record_id', '=', recordId).orderBy('processed_at').orderBy('seq').execute(),
    db.selectFrom('erasures').selectAll().where('record_id', '=', recordId).executeTakeFirst(),
    db.selectFrom('consent_withdrawals').selectAll().where('record_id', '=', recordId).orderBy('entered_at').orderBy('id').execute(),
    db.selectFrom('records').select('counselling_ended_on').where('record_id', '=', recordId).executeTakeFirst(),
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
  const proof = erasure?.proof ? (JSON.parse(erasure.proof) as ConsentProof) : null;
  return {
    record: record ?? null,
    revisions: await readable(stored, (formRef) => context.artifacts.form(formRef)),
    conflicts: conflicts.map((row) => ({ ...revisionOf(row), serverRev: row.server_rev })),
    outcomes: outcomes.map(outcomeOf),
    consent: current === undefined ? null : await recordConsent(db, current, stored, { withdrawals: withdrawals.map(withdrawalEvent), proof }),
    erasure: erasure ? { erasedAt: erasure.erased_at, reason: erasure.reason, proof, proofDeletedAt: erasure.proof_deleted_at } : null,
    withdrawals: withdrawals.map(enteredWithdrawalOf),
    counsellingEndedOn: marks?.counselling_ended_on ?? null,
    disclosures: await disclosuresOfRecord(db, recordId),
  };
}
