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
 */
import { audit, type AuditActor } from '../audit/log';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { RetentionItem, RetentionPreview, RetentionRun, RetentionSettings, RetentionSettingsValues } from '../../core/api/index';
import type { ServerContext } from '../context';
import { takeLock } from '../db/locks';
import type { Database, RetentionRunsTable } from '../db/schema';
import { eraseRecord } from '../erasure/erase';

type Db = Kysely<Database> | Transaction<Database>;

export const DEFAULT_RETENTION: RetentionSettingsValues = {
  counsellingMonths: 36,
  counsellingEndsAfterMonths: 24,
  refusalMonths: 12,
};

const SETTINGS_KEY = 'retention_settings';

export async function retentionSettings(db: Db): Promise<RetentionSettings> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', SETTINGS_KEY).executeTakeFirst();
  if (!row) return { values: DEFAULT_RETENTION, updatedAt: null, updatedBy: null };
  return JSON.parse(row.value) as RetentionSettings;
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

/** What a run on `date` would erase, with the settings in force now. Changes nothing. */
export async function previewRetention(db: Kysely<Database>, date: string): Promise<RetentionPreview> {
  const { values } = await retentionSettings(db);
  return { date, settings: values, due: await dueOn(db, date, values) };
}

function runOf(row: RetentionRunsTable): RetentionRun {
  const report = JSON.parse(row.report) as { settings: RetentionSettingsValues; erased: RetentionItem[] };
  return {
    id: row.id,
    runOn: row.run_on,
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    erasedCount: row.erased_count,
    settings: report.settings,
    erased: report.erased,
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
    const row: RetentionRunsTable = {
      id: crypto.randomUUID(),
      run_on: date,
      trigger: request.trigger,
      started_at: startedAt,
      finished_at: context.now().toISOString(),
      erased_count: erased.length,
      report: JSON.stringify({ settings: values, erased }),
      ran_by: request.ranBy,
    };
    await trx.insertInto('retention_runs').values(row).execute();
    await audit(trx, { actor, action: 'retention.run', target: null, details: { runId: row.id, runOn: date, trigger: request.trigger, erased: erased.length }, at: context.now() });
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
      if (run) log.info({ runId: run.id, runOn: run.runOn, erased: run.erasedCount }, 'retention run');
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
