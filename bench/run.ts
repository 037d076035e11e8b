/**
 * `npm run bench [-- --quick] [-- --only=<name>[,<name>]] [-- --profile]`
 *
 * Runs Lotse's benchmarks, each beside a raw baseline measured in the same run, prints one
 * table (figure | Lotse | raw baseline | ratio | goal | pass) with the machine it ran on, and
 * writes bench/results/latest.json plus a timestamped copy. See bench/README.md.
 */
// Before anything imports src/data: Dexie picks up the global indexedDB when it loads.
import './lib/fake-indexeddb';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { autosaveBenchmark } from './benchmarks/autosave';
import { bundleBenchmark } from './benchmarks/bundle';
import { coldStartBenchmark } from './benchmarks/cold-start';
import { exportsBenchmark } from './benchmarks/exports';
import { evaluationBenchmark } from './benchmarks/evaluation';
import { ingestBenchmark } from './benchmarks/ingest';
import { interviewListBenchmark } from './benchmarks/interview-list';
import { lighthouseBenchmark } from './benchmarks/lighthouse';
import { syncBenchmark } from './benchmarks/sync';
import { unlockBenchmark } from './benchmarks/unlock';
import { buildAll, type AppBuild } from './lib/build';
import { chromiumExecutable } from './lib/browser';
import { isInterrupted, releaseAll, releaseOnExit } from './lib/cleanup';
import type { Benchmark, BenchContext } from './lib/context';
import { benchDir, repoRoot } from './lib/paths';
import { markdownTable, tableRows, writeResults, type BenchmarkOutcome, type RunRecord } from './lib/report';
import { isPostgresReachable, postgresUrl, type Engine } from './lib/servers';

const benchmarks: Benchmark[] = [bundleBenchmark, coldStartBenchmark, lighthouseBenchmark, autosaveBenchmark, interviewListBenchmark, syncBenchmark, ingestBenchmark, exportsBenchmark, evaluationBenchmark, unlockBenchmark];

const usage = `usage: npm run bench [-- --quick] [-- --only=<name>[,<name>…]] [-- --profile]
  --quick     a fast smoke run: fewer repetitions, smaller data sets (under ~2 minutes)
  --only=…    run only these benchmarks: ${benchmarks.map((benchmark) => benchmark.name).join(', ')}
  --profile   also take CPU profiles (extra, uncounted runs) and say where the time goes`;

interface Options {
  quick: boolean;
  profile: boolean;
  only: string[] | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, profile: false, only: null };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length).split(',').map((name) => name.trim()).filter(Boolean);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${usage}`);
  }
  const unknown = (options.only ?? []).filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}\n${usage}`);
  return options;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function databaseVersions(engines: Engine[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  const memory = new SQLite(':memory:');
  versions.sqlite = (memory.prepare('select sqlite_version() as v').get() as { v: string }).v;
  memory.close();
  if (engines.includes('postgres')) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    versions.postgres = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    await client.end();
  }
  return versions;
}

interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  chromium: string;
  os: string;
  engines: Engine[];
  databases: Record<string, string>;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

function machine(chromiumPath: string, engines: Engine[], databases: Record<string, string>): Machine {
  let chromium = 'unknown';
  try {
    if (chromiumPath) chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Reported as unknown; the browser benchmarks will fail with a clearer message.
  }
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    chromium,
    os: `${os.type()} ${os.release()}`,
    engines,
    databases,
    loadAverageAtStart: loadAverage(),
  };
}

function describeMachine(m: Machine): string {
  const databases = [`SQLite ${m.databases.sqlite}`, ...(m.databases.postgres ? [`PostgreSQL ${m.databases.postgres}`] : [])].join(', ');
  return (
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.chromium}, ${databases}; ` +
    `load average ${m.loadAverageAtStart.join(' ')} at start, ${(m.loadAverageAtEnd ?? []).join(' ')} at end`
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.chdir(repoRoot);
  releaseOnExit();
  const startedAt = new Date();
  let chromiumPath = '';
  try {
    chromiumPath = chromiumExecutable();
  } catch (error) {
    // Only the browser benchmarks need it; they fail with this message, the others run.
    log(`  ${error instanceof Error ? error.message : String(error)}`);
  }
  const selected = benchmarks.filter((benchmark) => !options.only || options.only.includes(benchmark.name));
  const postgres = await isPostgresReachable();
  // BENCH_ENGINES=postgres (or sqlite) runs the database rows on one engine only, e.g. to re-measure one.
  const wanted = process.env.BENCH_ENGINES?.split(',').map((name) => name.trim());
  const engines: Engine[] = (postgres ? (['sqlite', 'postgres'] as Engine[]) : (['sqlite'] as Engine[])).filter((engine) => !wanted || wanted.includes(engine));
  const machineInfo = machine(chromiumPath, engines, await databaseVersions(engines));
  log(`Lotse benchmarks (${options.quick ? 'quick' : 'full'}): ${selected.map((benchmark) => benchmark.name).join(', ')}`);
  if (!postgres) log(`PostgreSQL does not answer at ${postgresUrl.replace(/:[^:@/]+@/, ':***@')}: the PostgreSQL rows are skipped.`);

  let builds: Promise<AppBuild> | undefined;
  const context: BenchContext = {
    quick: options.quick,
    profile: options.profile,
    engines,
    log,
    chromiumPath,
    builds: () => (builds ??= buildAll(log).then((built) => {
      if (built.buildSeconds > 0) log(`  built in ${built.buildSeconds.toFixed(1)} s`);
      return built;
    })),
  };

  const outcomes: BenchmarkOutcome[] = [];
  for (const benchmark of selected) {
    if (isInterrupted()) break;
    log(`\n▶ ${benchmark.title}`);
    const start = performance.now();
    try {
      const result = await benchmark.run(context);
      outcomes.push({ name: benchmark.name, figures: result.figures, notes: result.notes, seconds: (performance.now() - start) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`  ${benchmark.name} failed: ${message}`);
      outcomes.push({ name: benchmark.name, figures: [], notes: [], error: message, seconds: (performance.now() - start) / 1000 });
    } finally {
      // Whatever a benchmark left running (it failed half-way) stops before the next one starts.
      await releaseAll();
    }
    log(`  (${((performance.now() - start) / 1000).toFixed(0)} s)`);
  }

  // An interrupted run is not a result: latest.json keeps the last complete one.
  if (isInterrupted()) return;
  const finishedAt = new Date();
  const record: RunRecord = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    mode: options.quick ? 'quick' : 'full',
    only: options.only,
    machine: { ...machineInfo, loadAverageAtEnd: loadAverage() },
    outcomes,
  };
  const written = writeResults(path.join(benchDir, 'results'), record);

  const out: string[] = [];
  out.push(`Lotse benchmarks — ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${record.mode} run, ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s`);
  out.push(describeMachine({ ...machineInfo, loadAverageAtEnd: loadAverage() }));
  out.push('ratio = Lotse ÷ raw baseline (times and sizes: lower is better; rec/s, entries/s: higher is better). Values are medians over this run\'s repetitions unless the figure names a percentile.');
  out.push('');
  out.push(markdownTable(tableRows(outcomes)));
  const notes = outcomes.flatMap((outcome) => [...outcome.notes.map((note) => `- [${outcome.name}] ${note}`), ...(outcome.error ? [`- [${outcome.name}] FAILED: ${outcome.error.split('\n')[0]}`] : [])]);
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  out.push('', `Results: ${path.relative(repoRoot, written.latest)} (copy: ${path.relative(repoRoot, written.copy)})`);
  process.stdout.write(`\n${out.join('\n')}\n`);
  process.exitCode = outcomes.some((outcome) => outcome.error) ? 1 : 0;
}

main()
  .catch(async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await releaseAll();
  });
