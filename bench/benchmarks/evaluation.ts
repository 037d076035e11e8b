/**
 * The evaluation page's aggregates over 100,000 records (quick: 20,000), on embedded SQLite and on
 * PostgreSQL: `evaluate()` of src/server/evaluation/queries.ts — what GET /api/v1/evaluation runs
 * — timed in this process against a database holding that many records with their evaluation
 * facts: the staleness check, every GROUP BY, the labels, small-cell suppression.
 *
 * Data: a demo campaign (src/server/demo, through the real push path) of 1,000 interviews (quick:
 * 695), projected into `evaluation_facts`/`evaluation_values` by the server's own refresh, then
 * copied under new record ids until the tables hold the target count (records, their revisions
 * with an empty payload — the evaluation never reads a payload that is not stale, and 100,000
 * signature images would be 2 GB — facts and values). Copies share the campaign's distribution.
 *
 * Baseline: the same GROUP BY queries written by hand in SQL, run through the bare driver
 * (better-sqlite3 on the same file / node-postgres on the same schema) against the same tables,
 * interleaved with Lotse's repetitions.
 */
import { keyedHashWith } from '../../src/server/auth/secrets';
import Fastify from 'fastify';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { multiDimensions, singleDimensions } from '../../src/core/evaluation';
import { createArtifactCatalog } from '../../src/server/artifacts/catalog';
import { publishContentDirectory } from '../../src/server/artifacts/content-dir';
import { configFromEnv } from '../../src/server/config';
import type { ServerContext } from '../../src/server/context';
import { openDatabase } from '../../src/server/db/database';
import type { Database } from '../../src/server/db/schema';
import { insertDemoData } from '../../src/server/demo/demo-data';
import { columnOf, refreshEvaluationFacts } from '../../src/server/evaluation/projection';
import { evaluate } from '../../src/server/evaluation/queries';
import type { Benchmark, BenchContext } from '../lib/context';
import { repoRoot } from '../lib/paths';
import type { Figure } from '../lib/report';
import { freshDatabase, postgresUrl, type Engine } from '../lib/servers';
import { median } from '../lib/stats';

const GOAL_MS = 1000;

/** The queries `evaluate()` sends, by hand: inclusion, every single dimension, the multi-valued ones and consent per recipient, the device list. */
function handWrittenQueries(recipients: readonly string[]): string[] {
  const counted = 'excluded is null';
  return [
    `select coalesce(excluded, 'counted') as key, count(*) as n from evaluation_facts group by excluded`,
    ...singleDimensions.map((dimension) => `select ${columnOf(dimension)} as key, count(*) as n from evaluation_facts where ${counted} group by ${columnOf(dimension)}`),
    `select dimension, value, count(*) as n from evaluation_values where dimension in (${multiDimensions.map((d) => `'${d}'`).join(', ')})
       and record_id in (select record_id from evaluation_facts where ${counted}) group by dimension, value`,
    `select dimension, value, count(*) as n from evaluation_values where dimension in (${recipients.map((r) => `'recipient:${r}'`).join(', ')})
       and record_id in (select record_id from evaluation_facts) group by dimension, value`,
    `select id, name from devices order by name`,
  ];
}

async function columnsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const tables = await db.introspection.getTables();
  const found = tables.find((t) => t.name === table);
  if (!found) throw new Error(`no table ${table}`);
  return found.columns.map((c) => c.name);
}

/** Copies the campaign's rows under new record ids (`<id>~<copy>`) until `target` records exist. */
export async function multiply(db: Kysely<Database>, campaign: number, target: number): Promise<number> {
  const copies = Math.ceil(target / campaign) - 1;
  const tables = ['records', 'record_revisions', 'evaluation_facts', 'evaluation_values'] as const;
  const columns = new Map<string, string[]>();
  for (const table of tables) columns.set(table, await columnsOf(db, table));
  for (let copy = 1; copy <= copies; copy += 1) {
    await db.transaction().execute(async (trx) => {
      for (const table of tables) {
        const cols = columns.get(table)!;
        const select = cols.map((c) => (c === 'record_id' ? `record_id || '~${copy}'` : table === 'record_revisions' && c === 'payload' ? `'{}'` : c)).join(', ');
        await sql.raw(`insert into ${table} (${cols.join(', ')}) select ${select} from ${table} where record_id not like '%~%'`).execute(trx);
      }
    });
  }
  // Trim to the exact target: the last copy's surplus goes.
  const surplus = (copies + 1) * campaign - target;
  if (surplus > 0) {
    const ids = (await db.selectFrom('records').select('record_id').where('record_id', 'like', `%~${copies}`).orderBy('record_id').limit(surplus).execute()).map((r) => r.record_id);
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      for (const table of ['evaluation_values', 'evaluation_facts', 'record_revisions', 'records'] as const) await db.deleteFrom(table).where('record_id', 'in', part).execute();
    }
  }
  const { n } = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

interface RawRunner {
  run(queries: readonly string[]): Promise<number>;
  /** Each query's time, for the notes. */
  timed(queries: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}

async function rawRunner(engine: Engine, env: Record<string, string>): Promise<RawRunner> {
  if (engine === 'sqlite') {
    const file = path.join(env.DATA_DIR!, 'lotse.sqlite');
    const raw = new SQLite(file, { readonly: true, fileMustExist: true });
    return {
      async run(queries) {
        let rows = 0;
        for (const query of queries) rows += raw.prepare(query).all().length;
        return rows;
      },
      async timed(queries) {
        return queries.map((query) => {
          const t = performance.now();
          raw.prepare(query).all();
          return performance.now() - t;
        });
      },
      async close() {
        raw.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`set search_path to "${env.DATABASE_SCHEMA}"`);
  return {
    async run(queries) {
      let rows = 0;
      for (const query of queries) rows += (await client.query(query)).rowCount ?? 0;
      return rows;
    },
    async timed(queries) {
      const times: number[] = [];
      for (const query of queries) {
        const t = performance.now();
        await client.query(query);
        times.push(performance.now() - t);
      }
      return times;
    },
    async close() {
      await client.end();
    },
  };
}

async function onEngine(context: BenchContext, engine: Engine, target: number, campaign: number, repetitions: number): Promise<{ figure: Figure; notes: string[] }> {
  const fresh = freshDatabase(engine, 'evaluation');
  const database =
    engine === 'sqlite'
      ? await openDatabase({ dataDir: fresh.env.DATA_DIR! })
      : await openDatabase({ dataDir: '', databaseUrl: fresh.env.DATABASE_URL, databaseSchema: fresh.env.DATABASE_SCHEMA, databaseQueryTimeoutMs: 120_000 });
  const notes: string[] = [];
  try {
    const now = () => new Date();
    const server: ServerContext = { config: configFromEnv({ PUSH_VALIDATION_BUDGET_MS: '600000' }), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await publishContentDirectory(database.db, path.join(repoRoot, 'content'), { now, log: Fastify({ logger: false }).log });
    context.log(`evaluation (${engine}): a demo campaign of ${campaign} through the push path …`);
    let started = performance.now();
    await insertDemoData(server, { count: campaign, seed: 2016, start: '2016-11-07', weeks: 8, devices: 4 });
    const pushSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const projected = await refreshEvaluationFacts(server);
    const projectSeconds = (performance.now() - started) / 1000;
    context.log(`evaluation (${engine}): copying to ${target} records …`);
    const records = await multiply(database.db, campaign, target);
    if (records !== target) throw new Error(`expected ${target} records, have ${records}`);
    // Statistics as a live database has them after autovacuum / a periodic ANALYZE; both sides read the same tables.
    await sql`analyze`.execute(database.db);

    const raw = await rawRunner(engine, fresh.env);
    const recipients = (await database.db.selectFrom('evaluation_values').select('dimension').distinct().where('dimension', 'like', 'recipient:%').execute()).map((r) =>
      r.dimension.slice('recipient:'.length),
    );
    const queries = handWrittenQueries(recipients);
    // One uncounted run of each warms caches and the artifact catalog.
    const warm = await evaluate(server, {}, 'de');
    const perQuery = await raw.timed(queries);
    const lotse: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < repetitions; i += 1) {
      context.log(`evaluation (${engine}): repetition ${i + 1}/${repetitions}`);
      let t = performance.now();
      const answer = await evaluate(server, {}, 'de');
      lotse.push(performance.now() - t);
      if (answer.tables.length !== warm.tables.length) throw new Error('the evaluation changed between repetitions');
      t = performance.now();
      await raw.run(queries);
      baseline.push(performance.now() - t);
    }
    await raw.close();
    const slowest = perQuery
      .map((ms, index) => ({ ms, query: queries[index]!.replace(/\s+/g, ' ').slice(0, 70) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3);
    notes.push(`evaluation, ${engine}: slowest hand-written queries (warm-up run): ${slowest.map((q) => `${q.ms.toFixed(0)} ms "${q.query}…"`).join('; ')}; all ${perQuery.reduce((a, b) => a + b, 0).toFixed(0)} ms.`);
    const counted = 'count' in warm.inclusion.total ? warm.inclusion.total.count : 0;
    notes.push(
      `evaluation, ${engine}: ${records.toLocaleString('en')} records (${counted.toLocaleString('en')} in the inclusion table), ${queries.length} GROUP BY queries by hand; ` +
        `the campaign of ${campaign} took ${pushSeconds.toFixed(1)} s through push and its projection ${projectSeconds.toFixed(1)} s (${projected} records, ` +
        `${((projectSeconds * 1000) / Math.max(1, projected)).toFixed(2)} ms each: the first evaluation after N new records pays about that much per record, once).`,
    );
    const value = median(lotse);
    return {
      figure: {
        benchmark: 'evaluation',
        name: `evaluation aggregates, ${(target / 1000).toFixed(0)},000 records, ${engine}`,
        unit: 'ms',
        lotse: value,
        baseline: median(baseline),
        baselineLabel: 'same GROUP BYs by hand, bare driver',
        goal: target >= 100_000 ? `≤ ${GOAL_MS} ms` : null,
        pass: target >= 100_000 ? value <= GOAL_MS : null,
        samples: { lotse, baseline },
      },
      notes,
    };
  } finally {
    await database.close();
    await fresh.drop();
  }
}

export const evaluationBenchmark: Benchmark = {
  name: 'evaluation',
  title: 'evaluation page aggregates over 100,000 records',
  async run(context) {
    const target = context.quick ? 20_000 : 100_000;
    const campaign = context.quick ? 695 : 1000;
    const repetitions = context.quick ? 3 : 7;
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const engine of context.engines) {
      const result = await onEngine(context, engine, target, campaign, repetitions);
      figures.push(result.figure);
      notes.push(...result.notes);
    }
    if (!context.engines.includes('postgres')) notes.push('evaluation: PostgreSQL did not answer, its row is skipped.');
    return { figures, notes };
  },
};
