/**
 * The evaluation page's aggregates over 100,000 records (quick: 20,000), on embedded SQLite and on
 * PostgreSQL: `evaluate()` of src/server/evaluation/queries.ts — what GET /api/v1/evaluation runs
 * — timed in this process: the labels, every GROUP BY, small-cell suppression.
 *
 * Data: a demo campaign of that many interviews (src/server/demo) through the real push path
 * (`handlePush` in batches as a tablet sends them, the same validation, storage and — since the
 * facts are written at push — projection), seeded once per engine per run and dropped after it.
 * `BENCH_EVALUATION_RECORDS=N` seeds fewer on a machine too busy for that (the figure's name
 * says how many). The notes give the seeding rate and how many records a first evaluation and a
 * first name search still had to derive after it (0: push wrote their rows).
 *
 * Baseline: the same GROUP BY queries written by hand in SQL (PostgreSQL: one GROUPING SETS query;
 * SQLite: one GROUP BY per dimension), run through the bare driver (better-sqlite3 on the same
 * file / node-postgres on the same schema) against the same tables, interleaved with Lotse's
 * repetitions.
 */
import { keyedHashWith } from '../../src/server/auth/secrets';
import Fastify from 'fastify';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { multiDimensions, singleDimensions } from '../../src/core/evaluation';
import { createArtifactCatalog } from '../../src/server/artifacts/catalog';
import { publishContentDirectory } from '../../src/server/artifacts/content-dir';
import { configFromEnv } from '../../src/server/config';
import type { ServerContext } from '../../src/server/context';
import { openDatabase } from '../../src/server/db/database';
import { insertDemoData } from '../../src/server/demo/demo-data';
import { columnOf, refreshEvaluationFacts, setColumnOf } from '../../src/server/evaluation/projection';
import { refreshRecordSearch } from '../../src/server/records/search';
import { evaluate } from '../../src/server/evaluation/queries';
import type { Benchmark, BenchContext } from '../lib/context';
import { repoRoot } from '../lib/paths';
import type { Figure } from '../lib/report';
import { freshDatabase, postgresUrl, type Engine } from '../lib/servers';
import { median } from '../lib/stats';

const GOAL_MS = 1000;

/** What `evaluate()` counts, by hand: inclusion, consent, every single- and multi-valued dimension; the device list. */
function handWrittenQueries(engine: Engine): string[] {
  const counted = [...singleDimensions.map(columnOf), ...multiDimensions.map((d) => setColumnOf[d])];
  if (engine === 'postgres') {
    const all = ['excluded', 'consent', ...counted];
    return [
      `select grouping(${all.join(', ')}) as g, ${all.join(', ')}, count(*) as n_all, count(*) filter (where excluded is null) as n_counted
         from evaluation_facts group by grouping sets (${all.map((c) => `(${c})`).join(', ')})`,
      `select id, name from devices order by name`,
    ];
  }
  return [
    `select excluded as key, count(*) as n from evaluation_facts group by excluded`,
    `select consent as key, count(*) as n from evaluation_facts group by consent`,
    ...counted.map((column) => `select ${column} as key, count(*) as n from evaluation_facts where excluded is null group by ${column}`),
    `select id, name from devices order by name`,
  ];
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

async function onEngine(context: BenchContext, engine: Engine, target: number, repetitions: number): Promise<{ figure: Figure; notes: string[] }> {
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
    context.log(`evaluation (${engine}): ${target.toLocaleString('en')} demo interviews through the push path …`);
    let started = performance.now();
    let told = 0;
    const seeded = await insertDemoData(server, {
      count: target,
      seed: 2016,
      start: '2016-01-04',
      weeks: 52,
      devices: 10,
      onProgress: (done, total) => {
        if (done - told >= total / 10) {
          told = done;
          context.log(`evaluation (${engine}): ${done.toLocaleString('en')} of ${total.toLocaleString('en')} pushed (${((performance.now() - started) / 1000).toFixed(0)} s)`);
        }
      },
    });
    const pushSeconds = (performance.now() - started) / 1000;
    // What a first evaluation and a first name search after the import still have to derive (0: the push wrote it).
    started = performance.now();
    const staleFacts = await refreshEvaluationFacts(server, { always: true });
    const factsCheckMs = performance.now() - started;
    started = performance.now();
    const staleSearch = await refreshRecordSearch(server, undefined, { always: true });
    const searchCheckMs = performance.now() - started;
    const { n } = await database.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const records = Number(n);
    if (records !== target) throw new Error(`expected ${target} records, have ${records}`);
    // Statistics as a live database has them after autovacuum / a periodic ANALYZE; both sides read the same tables.
    await sql`analyze`.execute(database.db);

    const raw = await rawRunner(engine, fresh.env);
    const queries = handWrittenQueries(engine);
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
    // The filters the page offers, for the notes: one municipality, one quarter.
    const municipality = warm.options.municipalities[0]?.code;
    const filteredMs = { municipality: [] as number[], period: [] as number[] };
    for (let i = 0; i < 3; i += 1) {
      let t = performance.now();
      await evaluate(server, { municipality }, 'de');
      filteredMs.municipality.push(performance.now() - t);
      t = performance.now();
      await evaluate(server, { from: '2016-04-01', to: '2016-06-30' }, 'de');
      filteredMs.period.push(performance.now() - t);
    }
    notes.push(
      `evaluation, ${engine}: ${records.toLocaleString('en')} records (${counted.toLocaleString('en')} in the inclusion table; ${seeded.revisions.toLocaleString('en')} revisions), ` +
        `${queries.length} queries by hand; pushed in ${pushSeconds.toFixed(0)} s (${(records / pushSeconds).toFixed(0)} records/s, facts and search rows included); ` +
        `after it a first evaluation had ${staleFacts} records to project (its check of every record ${factsCheckMs.toFixed(0)} ms, once per server process) ` +
        `and a first name search ${staleSearch} to derive (${searchCheckMs.toFixed(0)} ms). ` +
        `Filtered (median of 3): one municipality ${median(filteredMs.municipality).toFixed(0)} ms, one quarter ${median(filteredMs.period).toFixed(0)} ms.`,
    );
    const value = median(lotse);
    return {
      figure: {
        benchmark: 'evaluation',
        name: `evaluation aggregates, ${target.toLocaleString('en')} records, ${engine}`,
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
    const override = Number(process.env.BENCH_EVALUATION_RECORDS);
    const target = Number.isInteger(override) && override > 0 ? override : context.quick ? 20_000 : 100_000;
    const repetitions = context.quick ? 3 : 7;
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const engine of context.engines) {
      const result = await onEngine(context, engine, target, repetitions);
      figures.push(result.figure);
      notes.push(...result.notes);
    }
    if (!context.engines.includes('postgres')) notes.push('evaluation: PostgreSQL did not answer, its row is skipped.');
    return { figures, notes };
  },
};
