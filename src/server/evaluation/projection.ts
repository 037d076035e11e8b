/**
 * Keeps `evaluation_facts` / `evaluation_values` in step with the records: the coded facts of each
 * record's current revision (core/evaluation/facts.ts), so the figures are GROUP BY queries over
 * short rows (a payload with its signature image is ~20 KB; 100,000 of them are too many to parse
 * for every figure).
 *
 * A push writes the facts of the revisions it stores in its own transaction (sync/push.ts, with
 * `evaluationRowsOf` / `storeEvaluationRows`); an erasure replaces them (erasure/erase.ts). So the
 * facts are current whenever a record is. `refreshEvaluationFacts` catches up on records stored
 * before that (an upgrade: migration 0018 marks every facts row stale) and on anything written by
 * another path: it looks for records whose facts are missing or behind `records.current_rev`
 * (a scan of every record: ~0.1 s at 100,000 records on an idle machine, more under load) once
 * per database handle, i.e. once per server process, and projects them in batches.
 *
 * Several server processes may refresh at once: each batch runs under the `evaluation` lock and
 * re-reads what is still stale inside it, so a record is never projected twice into the tables.
 */
import type { Kysely, Transaction } from 'kysely';
import { evaluationFactsOf, multiDimensions, singleDimensions, valueDimensions, type EvaluationFacts, type SingleDimension } from '../../core/evaluation/index';
import type { InterviewRecord } from '../../core/record/index';
import type { NoticeRef } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { takeLock } from '../db/locks';
import type { Database, EvaluationFactsTable, EvaluationValuesTable } from '../db/schema';

const BATCH = 500;
/** Rows per insert statement: SQLite allows 32,766 bound values; a facts row has 24. */
const ROWS_PER_INSERT = 400;

/** `germanSpokenInteraction` → `german_spoken_interaction`. */
export const columnOf = (dimension: SingleDimension): keyof EvaluationFactsTable & string =>
  dimension.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as keyof EvaluationFactsTable & string;

type StaleRow = { record_id: string; current_rev: number; device_id: string; form_ref: string | null; notice: string; payload: string };

function staleRecords(db: Kysely<Database> | Transaction<Database>, limit: number): Promise<StaleRow[]> {
  return db
    .selectFrom('records as r')
    .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
    .leftJoin('evaluation_facts as f', 'f.record_id', 'r.record_id')
    .select(['r.record_id', 'r.current_rev', 'r.device_id', 'r.form_ref', 'r.notice', 'rr.payload'])
    .where((eb) => eb.or([eb('f.record_id', 'is', null), eb('f.rev', '<>', eb.ref('r.current_rev'))]))
    // An erased record's data are gone (erasure/erase.ts): it has no facts to derive.
    .where('r.erased_at', 'is', null)
    .orderBy('r.record_id')
    .limit(limit)
    .execute();
}

async function factsOf(context: ServerContext, row: StaleRow): Promise<EvaluationFacts | null> {
  const ref = JSON.parse(row.notice) as NoticeRef;
  const notice = await context.artifacts.notice(ref.id, ref.version, ref.lang);
  const payload = JSON.parse(row.payload) as InterviewRecord;
  try {
    return evaluationFactsOf(payload, notice?.purposes.map((p) => p.id) ?? []);
  } catch {
    // Stored records passed validation; one that still cannot be read is not counted rather than guessed.
    return null;
  }
}

/** The facts column that holds a multi-valued dimension's codes (a JSON array). */
export const setColumnOf = { otherLanguage: 'other_languages', goal: 'goals', measure: 'measures' } as const satisfies Record<(typeof multiDimensions)[number], keyof EvaluationFactsTable>;

export interface EvaluationRows {
  facts: EvaluationFactsTable;
  values: EvaluationValuesTable[];
}

/** A multi-valued fact as one value: its distinct codes sorted, as JSON (null: none). */
const setOf = (values: readonly string[] | undefined): string | null => (values && values.length > 0 ? JSON.stringify([...new Set(values)].sort()) : null);

/** The facts rows of one record at one revision (`facts` null: its payload could not be read). */
export function evaluationRowsOf(base: { record_id: string; rev: number; device_id: string; form_ref: string | null }, facts: EvaluationFacts | null): EvaluationRows {
  const empty = Object.fromEntries(singleDimensions.map((d) => [columnOf(d), null]));
  const none = { other_languages: null, goals: null, measures: null, consent: null };
  if (!facts) return { facts: { ...empty, ...none, ...base, interview_date: '0000-00-00', excluded: 'unreadable' } as EvaluationFactsTable, values: [] };
  const single = Object.fromEntries(singleDimensions.map((d) => [columnOf(d), facts.single[d] ?? null]));
  const recipients = Object.keys(facts.recipients).sort();
  const sets = {
    ...Object.fromEntries(multiDimensions.map((d) => [setColumnOf[d], setOf(facts.multi[d])])),
    consent: recipients.length > 0 ? JSON.stringify(Object.fromEntries(recipients.map((r) => [r, facts.recipients[r]]))) : null,
  };
  const values: EvaluationValuesTable[] = [];
  for (const dimension of [...multiDimensions, ...valueDimensions]) for (const value of new Set(facts.multi[dimension] ?? [])) values.push({ record_id: base.record_id, dimension, value });
  for (const recipient of recipients) values.push({ record_id: base.record_id, dimension: `recipient:${recipient}`, value: facts.recipients[recipient]! });
  return { facts: { ...empty, ...single, ...sets, ...base, interview_date: facts.interviewDate, excluded: facts.excluded } as EvaluationFactsTable, values };
}

/**
 * What the projection derives, as a number kept in `server_meta`: when it grows (a dimension is
 * added — 2: the referral partners, `valueDimensions`), every stored facts row is marked stale once
 * so the records are projected again, with no migration. The first facts written into an empty
 * table set the number (a new installation projects nothing twice); the first evaluation of a
 * database that has facts but no number (an upgrade) projects them again once, as after migration 0018.
 */
export const PROJECTION_VERSION = 2;
const PROJECTION_META = 'evaluation_projection_version';

/** Replaces the facts rows of these records (inside the caller's transaction). */
export async function storeEvaluationRows(trx: Transaction<Database>, rows: readonly EvaluationRows[]): Promise<void> {
  if (rows.length === 0) return;
  await noteProjectionVersionOfNewTable(trx);
  const ids = rows.map((row) => row.facts.record_id);
  for (const part of chunks(ids, 500)) {
    await trx.deleteFrom('evaluation_values').where('record_id', 'in', part).execute();
    await trx.deleteFrom('evaluation_facts').where('record_id', 'in', part).execute();
  }
  for (const part of chunks(rows.map((row) => row.facts), ROWS_PER_INSERT)) await trx.insertInto('evaluation_facts').values(part).execute();
  for (const part of chunks(rows.flatMap((row) => row.values), 5_000)) await trx.insertInto('evaluation_values').values(part).execute();
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Database handles whose records were checked once (see the head comment). */
const checked = new WeakSet<object>();


/**
 * The first facts ever written (a new installation) are of this projection: say so, so the first
 * evaluation does not project them again. Facts written before the number existed (an upgrade)
 * leave it unset, and the first evaluation projects them again (`markStaleIfProjectionChanged`).
 */
async function noteProjectionVersionOfNewTable(trx: Transaction<Database>): Promise<void> {
  const row = await trx.selectFrom('server_meta').select('value').where('key', '=', PROJECTION_META).executeTakeFirst();
  if (row !== undefined) return;
  const any = await trx.selectFrom('evaluation_facts').select('record_id').limit(1).executeTakeFirst();
  if (any !== undefined) return;
  await trx.insertInto('server_meta').values({ key: PROJECTION_META, value: String(PROJECTION_VERSION) }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

async function markStaleIfProjectionChanged(context: ServerContext): Promise<void> {
  const { db } = context.database;
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', PROJECTION_META).executeTakeFirst();
  if (row !== undefined && Number(row.value) >= PROJECTION_VERSION) return;
  await db.transaction().execute(async (trx) => {
    await takeLock(trx, 'evaluation', context.now().toISOString());
    const again = await trx.selectFrom('server_meta').select('value').where('key', '=', PROJECTION_META).executeTakeFirst();
    if (again !== undefined && Number(again.value) >= PROJECTION_VERSION) return;
    // A database without facts (a new installation) has nothing derived the old way.
    const any = await trx.selectFrom('evaluation_facts').select('record_id').limit(1).executeTakeFirst();
    // -1 is no revision: every facts row of a record not erased is behind its record now.
    if (any !== undefined) await trx
      .updateTable('evaluation_facts')
      .set({ rev: -1 })
      .where('record_id', 'in', (eb) => eb.selectFrom('records').select('record_id').where('erased_at', 'is', null))
      .execute();
    const value = String(PROJECTION_VERSION);
    await trx.insertInto('server_meta').values({ key: PROJECTION_META, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  });
}

/**
 * Brings the facts up to date; returns how many records were (re)projected. Once per database
 * handle unless `always`: after that, pushes and erasures keep them current themselves.
 */
export async function refreshEvaluationFacts(context: ServerContext, options: { always?: boolean } = {}): Promise<number> {
  const { db } = context.database;
  if (!options.always && checked.has(context.database)) return 0;
  await markStaleIfProjectionChanged(context);
  let projected = 0;
  for (;;) {
    // Read and derive outside the transaction: the artifact catalog uses the database too, and
    // SQLite has one connection. Most evaluations find nothing stale and take no lock at all.
    const rows = await staleRecords(db, BATCH);
    if (rows.length === 0) {
      checked.add(context.database);
      return projected;
    }
    const derived = new Map<string, { row: StaleRow; facts: EvaluationFacts | null }>();
    for (const row of rows) derived.set(row.record_id, { row, facts: await factsOf(context, row) });

    projected += await db.transaction().execute(async (trx) => {
      await takeLock(trx, 'evaluation', context.now().toISOString());
      // Under the lock: only what is still stale and still at the revision derived from.
      const current = await trx
        .selectFrom('records as r')
        .leftJoin('evaluation_facts as f', 'f.record_id', 'r.record_id')
        .select(['r.record_id', 'r.current_rev', 'f.rev'])
        .where('r.record_id', 'in', [...derived.keys()])
        .execute();
      const due = current.filter((c) => c.rev !== c.current_rev && derived.get(c.record_id)!.row.current_rev === c.current_rev).map((c) => derived.get(c.record_id)!);
      if (due.length === 0) return 0;
      await storeEvaluationRows(
        trx,
        due.map(({ row, facts }) => evaluationRowsOf({ record_id: row.record_id, rev: row.current_rev, device_id: row.device_id, form_ref: row.form_ref }, facts)),
      );
      return due.length;
    });
  }
}
