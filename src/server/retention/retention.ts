/**
 * Retention: what the notice promises about time. A consented record's data are erased a set
 * number of months after the end of the person's counselling (the notice: 3 years); counselling
 * ends on the day a coordinator marks, or counts as ended a set number of months after the
 * record's last revision. A refusal (the fact only, so the person is not asked again) is kept a
 * set number of months. Erasure is the same as after a withdrawal (`erasure/erase.ts`), with the
 * reason `retention`: the personal data go, the consent proof stays.
 *
 * The periods are server-only settings (`server_meta` `retention_settings`), not the deployment
 * settings artifact: that artifact is pulled by every tablet and each of its versions is named by
 * the consent evidence of the notices it filled, while the periods are what the server does with
 * data it alone holds; changing one must not mint a settings version that tablets fetch and new
 * consent records name. The notice states the period in words; whoever changes a period here
 * changes what the notice promises and must publish a notice that says so.
 *
 * The daily job (`startRetentionSchedule`) and every run (CLI, coordinator) take the `retention`
 * lock in the database first and erase everything due in that one transaction, so several server
 * processes on one PostgreSQL never run it at once; the scheduled run happens once per day (a
 * second process finds the day's report and does nothing). Running again erases nothing new: an
 * erased record is never due. Each run stores its report (`retention_runs`).
 *
 * The consent proof is not kept forever either (issue #14; notice@3, "Wie lange speichern wir
 * Ihre Daten?"): an erased record's proof goes `proofMonths` after its erasure (the notice: 3
 * years), and a refusal's entry — which is nothing but the proof of the refusal — goes whole
 * when its `refusalMonths` run out, in the run that erases it. Deleting a proof (`deleteProof`)
 * empties `erasures.proof` and the keyed person hash, deletes the record's `record_consent` rows
 * and the withdrawals coordinators entered, and sets `erasures.proof_deleted_at`; what stays is
 * the bare `records` row (ids, times, notice reference, revision numbers and payload hashes), so
 * tablets are still told of the erasure and the record page can say that the proof is gone.
 * Each deletion is an audit entry `record.proof_delete`, as each erasure is a `record.erase`.
 */
import { audit, type AuditActor } from '../audit/log';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { RetentionItem, RetentionPreview, RetentionProofItem, RetentionRun, RetentionSettings, RetentionSettingsValues } from '../../core/api/index';
import type { ServerContext } from '../context';
import { takeLock } from '../db/locks';
import type { Database, RetentionRunsTable } from '../db/schema';
import { eraseRecord } from '../erasure/erase';

type Db = Kysely<Database> | Transaction<Database>;

export const DEFAULT_RETENTION: RetentionSettingsValues = {
  counsellingMonths: 36,
  counsellingEndsAfterMonths: 24,
  refusalMonths: 12,
  // The notice: "Wir löschen ihn [den Nachweis] 3 Jahre nach dem Löschen Ihrer Daten."
  proofMonths: 36,
};

const SETTINGS_KEY = 'retention_settings';

export async function retentionSettings(db: Db): Promise<RetentionSettings> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  if (!row) return { values: DEFAULT_RETENTION, updatedAt: null, updatedBy: null };
  const saved = JSON.parse(row.value) as RetentionSettings;
  // Settings saved before the proof period existed keep the notice's period for it.
  return { ...saved, values: { ...DEFAULT_RETENTION, ...saved.values } };
}

export async function saveRetentionSettings(db: Kysely<Database> | Transaction<Database>, values: RetentionSettingsValues, by: string, nowIso: string): Promise<RetentionSettings> {
  const settings: RetentionSettings = { values, updatedAt: nowIso, updatedBy: by };
  const value = JSON.stringify(settings);
  await db.insertInto('server_meta').values({ key: SETTINGS_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return settings;
}

/** `YYYY-MM-DD` plus whole months; a day the month lacks becomes its last (31 Jan + 1 → 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth + 1)}-${pad(Math.min(date, lastDay))}`;
}

const PAGE = 1000;

/** Every record not erased yet whose period has run out on `date` (YYYY-MM-DD, UTC), oldest due first. */
export async function dueOn(db: Db, date: string, settings: RetentionSettingsValues): Promise<RetentionItem[]> {
  const due: RetentionItem[] = [];
  for (let after = ''; ; ) {
    const rows = await db
      .selectFrom('records')
      .select(['record_id', 'form_ref', 'received_at', 'updated_at', 'counselling_ended_on'])
      .where('erased_at', 'is', null)
      .where('record_id', '>', after)
      .orderBy('record_id')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      let item: RetentionItem;
      if (row.form_ref === null) {
        // A refusal: the fact, from the day the server received it.
        const since = row.received_at.slice(0, 10);
        item = { recordId: row.record_id, kind: 'refusal', since, sinceSource: 'refused', dueOn: addMonths(since, settings.refusalMonths) };
      } else {
        const marked = row.counselling_ended_on;
        const since = marked ?? addMonths(row.updated_at.slice(0, 10), settings.counsellingEndsAfterMonths);
        item = { recordId: row.record_id, kind: 'consent', since, sinceSource: marked ? 'marked' : 'last_revision', dueOn: addMonths(since, settings.counsellingMonths) };
      }
      if (item.dueOn <= date) due.push(item);
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.record_id;
  }
  return due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.recordId.localeCompare(b.recordId));
}

/**
 * Every consent proof still kept whose period has run out on `date`: an erased record's
 * `proofMonths` after its erasure, a refusal's `refusalMonths` after it was received. Oldest due first.
 */
export async function proofsDueOn(db: Db, date: string, settings: RetentionSettingsValues): Promise<RetentionProofItem[]> {
  const due: RetentionProofItem[] = [];
  for (let after = ''; ; ) {
    const rows = await db
      .selectFrom('erasures as e')
      .innerJoin('records as r', 'r.record_id', 'e.record_id')
      .select(['e.record_id', 'e.erased_at', 'r.form_ref', 'r.received_at'])
      .where('e.proof_deleted_at', 'is', null)
      .where('e.record_id', '>', after)
      .orderBy('e.record_id')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const item: RetentionProofItem =
        row.form_ref === null
          ? { recordId: row.record_id, kind: 'refusal', since: row.received_at.slice(0, 10), dueOn: addMonths(row.received_at.slice(0, 10), settings.refusalMonths) }
          : { recordId: row.record_id, kind: 'consent', since: row.erased_at.slice(0, 10), dueOn: addMonths(row.erased_at.slice(0, 10), settings.proofMonths) };
      if (item.dueOn <= date) due.push(item);
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.record_id;
  }
  return sortProofs(due);
}

const sortProofs = (items: RetentionProofItem[]) => items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.recordId.localeCompare(b.recordId));

/**
 * Deletes what the proof of an erased record consists of (see the head of this file), once:
 * false when there is no erasure or its proof is already deleted.
 */
export async function deleteProof(trx: Transaction<Database>, recordId: string, nowIso: string): Promise<boolean> {
  const done = await trx
    .updateTable('erasures')
    .set({ proof: null, person_key: null, proof_deleted_at: nowIso })
    .where('record_id', '=', recordId)
    .where('proof_deleted_at', 'is', null)
    .returning('record_id')
    .executeTakeFirst();
  if (!done) return false;
  await trx.deleteFrom('record_consent').where('record_id', '=', recordId).execute();
  await trx.deleteFrom('consent_withdrawals').where('record_id', '=', recordId).execute();
  return true;
}

/** What a run on `date` would erase and which proofs it would delete, with the settings in force now. Changes nothing. */
export async function previewRetention(db: Kysely<Database>, date: string): Promise<RetentionPreview> {
  const { values } = await retentionSettings(db);
  const due = await dueOn(db, date, values);
  // A refusal erased in the run loses its proof in the same run.
  const refusals: RetentionProofItem[] = due.filter((item) => item.kind === 'refusal').map((item) => ({ recordId: item.recordId, kind: 'refusal', since: item.since, dueOn: item.dueOn }));
  return { date, settings: values, due, proofsDue: sortProofs([...(await proofsDueOn(db, date, values)), ...refusals]) };
}

function runOf(row: RetentionRunsTable): RetentionRun {
  const report = JSON.parse(row.report) as { settings: RetentionSettingsValues; erased: RetentionItem[]; proofsDeleted?: RetentionProofItem[] };
  return {
    id: row.id,
    runOn: row.run_on,
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    erasedCount: row.erased_count,
    settings: { ...DEFAULT_RETENTION, ...report.settings },
    erased: report.erased,
    proofsDeleted: report.proofsDeleted ?? [],
    ranBy: row.ran_by,
  };
}

export async function retentionRuns(db: Kysely<Database>, limit = 100): Promise<RetentionRun[]> {
  const rows = await db.selectFrom('retention_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(runOf);
}

export interface RunRequest {
  /** The day judged (YYYY-MM-DD); today (UTC, server clock) when absent. */
  date?: string;
  trigger: RetentionRunsTable['trigger'];
  ranBy: string | null;
  /** Who the audit log names: the signed-in account; the system (schedule, CLI) when absent. */
  actor?: AuditActor;
}

/**
 * Erases everything due on the day, under the `retention` lock, and stores the run's report.
 * A scheduled run for a day that already has one does nothing and returns null.
 */
export async function runRetention(context: ServerContext, request: RunRequest): Promise<RetentionRun | null> {
  const startedAt = context.now().toISOString();
  const date = request.date ?? startedAt.slice(0, 10);
  return context.database.db.transaction().execute(async (trx) => {
    await takeLock(trx, 'retention', startedAt);
    if (request.trigger === 'schedule') {
      const done = await trx.selectFrom('retention_runs').select('id').where('run_on', '=', date).where('trigger', '=', 'schedule').executeTakeFirst();
      if (done) return null;
    }
    const { values } = await retentionSettings(trx);
    const due = await dueOn(trx, date, values);
    const nowIso = context.now().toISOString();
    const actor: AuditActor = request.actor ?? { type: 'system', name: request.ranBy };
    const erased: RetentionItem[] = [];
    for (const item of due) {
      const outcome = await eraseRecord(trx, item.recordId, 'retention', nowIso, context.personKey, actor);
      if (outcome.erased) erased.push(item);
    }
    const runId = crypto.randomUUID();
    // Then the proofs whose period ran out, the refusals just erased among them.
    const proofsDeleted: RetentionProofItem[] = [];
    for (const item of await proofsDueOn(trx, date, values)) {
      if (!(await deleteProof(trx, item.recordId, nowIso))) continue;
      proofsDeleted.push(item);
      await audit(trx, { actor, action: 'record.proof_delete', target: { type: 'record', id: item.recordId }, details: { runId, kind: item.kind, since: item.since, dueOn: item.dueOn }, at: new Date(nowIso) });
    }
    const row: RetentionRunsTable = {
      id: runId,
      run_on: date,
      trigger: request.trigger,
      started_at: startedAt,
      finished_at: context.now().toISOString(),
      erased_count: erased.length,
      report: JSON.stringify({ settings: values, erased, proofsDeleted }),
      ran_by: request.ranBy,
    };
    await trx.insertInto('retention_runs').values(row).execute();
    await audit(trx, { actor, action: 'retention.run', target: null, details: { runId: row.id, runOn: date, trigger: request.trigger, erased: erased.length, proofsDeleted: proofsDeleted.length }, at: context.now() });
    return runOf(row);
  });
}

const HOUR_MS = 60 * 60_000;

/**
 * The daily job: looks every hour (and a minute after start) whether today's scheduled run has
 * happened, and runs it if not. Returns a function that stops it.
 */
export function startRetentionSchedule(context: ServerContext, log: FastifyBaseLogger, everyMs = HOUR_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const run = await runRetention(context, { trigger: 'schedule', ranBy: null });
      if (run) log.info({ runId: run.id, runOn: run.runOn, erased: run.erasedCount, proofsDeleted: run.proofsDeleted.length }, 'retention run');
    } catch (error) {
      log.error({ err: error }, 'retention run failed; it is tried again within the hour');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), Math.min(60_000, everyMs));
  const timer = setInterval(() => void tick(), everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
