/**
 * Real servers for the benchmarks, on free loopback ports:
 * - Lotse itself (`tsx src/server/main.ts`, as `npm start` runs it) on a fresh embedded SQLite
 *   directory or a fresh PostgreSQL schema, set up through its own API (the one-time set-up
 *   link it prints, then a coordinator session that creates enrolments);
 * - the raw ingest baseline (bench/baselines/raw-ingest-server.ts) on the same engine.
 * Every process, directory and schema is registered with the cleanup registry.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hold } from './cleanup';
import { benchDir, repoRoot } from './paths';
import { freePort } from '../../src/server/testing/processes';

export type Engine = 'sqlite' | 'postgres';

export const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; the PostgreSQL rows are skipped (and say so) when it does not. */
export async function isPostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface FreshDatabase {
  engine: Engine;
  /** Environment for a process that should use it (DATA_DIR or DATABASE_URL + DATABASE_SCHEMA). */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** An empty database: a temporary directory for SQLite, a new schema for PostgreSQL. */
export function freshDatabase(engine: Engine, label: string): FreshDatabase {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lotse-bench-${label}-`));
    const drop = hold(`sqlite dir ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
    return { engine, env: { DATA_DIR: dir }, drop };
  }
  const schema = `bench_${label.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const drop = hold(`postgres schema ${schema}`, async () => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
  return { engine, env: { DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema }, drop };
}

export interface LotseServer {
  url: string;
  pid: number;
  engine: Engine;
  database: FreshDatabase;
  /** Cookie of the signed-in coordinator created through the set-up link. */
  coordinatorCookie: string;
  /** A new enrolment code (as a coordinator would hand to a tablet). */
  enrolmentCode(): Promise<string>;
  /** Enrols a device straight through the API (what a tablet's enrolment screen sends). */
  enrolDevice(name: string): Promise<{ deviceId: string; deviceToken: string }>;
  stop(): Promise<void>;
}

/** The CPU profile a server process started with `profileDir` wrote when it stopped. */
export function serverProfileOf(profileDir: string, pid: number): string | null {
  if (!fs.existsSync(profileDir)) return null;
  // Node names it CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
  const file = fs.readdirSync(profileDir).find((name) => name.includes(`.${pid}.0.`) && name.endsWith('.cpuprofile'));
  return file ? path.join(profileDir, file) : null;
}

interface ServerProcess {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node --import tsx src/server/main.ts`, as src/server/testing/processes.ts starts it, plus
 * `--cpu-prof` under `--profile` (Node refuses that flag in NODE_OPTIONS).
 */
async function startServerProcess(env: Record<string, string>, timeoutMs: number, profileDir?: string): Promise<ServerProcess> {
  const port = await freePort();
  const profileArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profileArgs, '--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', STATIC_DIR: '/nonexistent', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server process exited with ${child.exitCode}:\n${output}`);
    if (output.includes('Lotse is running')) {
      const healthy = await fetch(`${url}/api/v1/health`).then((response) => response.ok, () => false);
      if (healthy) return { url, pid: child.pid!, output: () => output, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`server process did not start within ${timeoutMs} ms:\n${output}`);
}

const BENCH_PASSWORD = 'bench-coordinator-password';

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Starts `src/server/main.ts` on a fresh database and signs in its first coordinator. */
export async function startLotseServer(
  engine: Engine,
  options: { label: string; staticDir?: string; env?: Record<string, string>; /** Write a CPU profile here on stop. */ profileDir?: string },
): Promise<LotseServer> {
  const database = freshDatabase(engine, options.label);
  let process_: ServerProcess;
  try {
    process_ = await startServerProcess({
      ...database.env,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '3000',
      ...(options.staticDir && { STATIC_DIR: options.staticDir }),
      ...options.env,
    }, 60_000, options.profileDir);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const stopProcess = hold(`lotse server ${process_.url}`, () => process_.stop());
  const stop = async () => {
    await stopProcess();
    await database.drop();
  };
  try {
    const deadline = Date.now() + 10_000;
    let token: string | undefined;
    while (!token && Date.now() < deadline) {
      token = /\/setup#([A-Za-z0-9_-]+)/.exec(process_.output())?.[1];
      if (!token) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!token) throw new Error(`the server printed no set-up link:\n${process_.output()}`);
    const setup = await postJson(`${process_.url}/api/v1/setup`, { token, name: 'Bench Koordination', password: BENCH_PASSWORD });
    if (setup.status !== 201) throw new Error(`set-up failed: ${setup.status} ${await setup.text()}`);
    const coordinatorCookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const enrolmentCode = async () => {
      const created = await postJson(`${process_.url}/api/v1/enrolments`, {}, { cookie: coordinatorCookie });
      if (created.status !== 201) throw new Error(`creating an enrolment failed: ${created.status} ${await created.text()}`);
      return ((await created.json()) as { code: string }).code;
    };
    return {
      url: process_.url,
      pid: process_.pid,
      engine,
      database,
      coordinatorCookie,
      enrolmentCode,
      async enrolDevice(name) {
        const enrolled = await postJson(`${process_.url}/api/v1/enrol`, { code: await enrolmentCode(), deviceName: name });
        if (enrolled.status !== 201) throw new Error(`enrolment failed: ${enrolled.status} ${await enrolled.text()}`);
        return (await enrolled.json()) as { deviceId: string; deviceToken: string };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RawIngestServer {
  url: string;
  /** Empties the baseline table between runs. */
  reset(): Promise<void>;
  rowCount(): Promise<number>;
  stop(): Promise<void>;
}

/** The bare `node:http` + multi-row INSERT baseline, in its own process like the Lotse server. */
export async function startRawIngestServer(database: FreshDatabase): Promise<RawIngestServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'baselines/raw-ingest-server.ts')], {
    env: { ...process.env, ...database.env, BENCH_ENGINE: database.engine },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopProcess = hold(`raw ingest server (${database.engine})`, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`raw ingest server did not start:\n${output}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      const match = /listening on (http:\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`raw ingest server exited with ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stopProcess();
    throw error;
  });
  const call = async (route: string) => {
    const response = await fetch(`${url}${route}`, { method: 'POST' });
    if (!response.ok) throw new Error(`raw ingest server ${route}: ${response.status}`);
    return (await response.json()) as { rows: number };
  };
  return {
    url,
    reset: async () => void (await call('/reset')),
    rowCount: async () => (await call('/count')).rows,
    stop: stopProcess,
  };
}

/** Rows the Lotse server committed (record revisions), read straight from its database. */
export async function committedRevisions(database: FreshDatabase): Promise<number> {
  if (database.engine === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    const connection = new SQLite(path.join(database.env.DATA_DIR!, 'lotse.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return (connection.prepare('select count(*) as n from record_revisions').get() as { n: number }).n;
    } finally {
      connection.close();
    }
  }
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(`select count(*) as n from "${database.env.DATABASE_SCHEMA}".record_revisions`);
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}
