/**
 * The one module that opens the server's database. Everything else receives a
 * `ServerDatabase` and talks Kysely, so the same queries run on both engines:
 * - embedded SQLite (better-sqlite3, WAL, synchronous=FULL) in DATA_DIR — the default;
 * - PostgreSQL when DATABASE_URL is set (optionally in DATABASE_SCHEMA).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Database } from './schema';
import { migrationProvider } from './migrations/index';
import { databaseFaultOf, type DatabaseFault } from './faults';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface ServerDatabase {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** The PostgreSQL schema in use, if one was named. */
  schema?: string | undefined;
  /** A short description for logs, without credentials. */
  describe: string;
  /**
   * Where a failure of a pooled connection outside any request goes (an idle PostgreSQL
   * connection terminated by a restart, say); stderr until the server sets its logger.
   */
  onConnectionError(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  databaseSchema?: string | undefined;
  /** Max pool size for PostgreSQL. */
  poolSize?: number;
  /** PostgreSQL: how long opening a connection (or waiting for a free one) may take. */
  databaseConnectTimeoutMs?: number;
  /** PostgreSQL: how long one statement may take before it is cancelled (and the connection dropped if the answer never comes). */
  databaseQueryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 15_000;

/** The database file and its WAL companions hold personal data: owner only. */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

function makePrivate(file: string): void {
  try {
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, PRIVATE_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** A database file that fails SQLite's quick_check (or is no database at all). */
export class DamagedDatabaseError extends Error {
  constructor(file: string, problems: string[]) {
    super(
      `The database file ${file} is damaged (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; ${problems.length - 5} more` : ''}). ` +
        'The server does not start on it, so that nothing is acknowledged into a broken file: restore it from a backup ' +
        '(or move it aside and recover what `sqlite3 lotse.sqlite .recover` finds).',
    );
    this.name = 'DamagedDatabaseError';
  }
}

function openSqlite(dataDir: string): ServerDatabase {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const file = path.join(dataDir, 'lotse.sqlite');
  // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the mode of the database file.
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) makePrivate(each);
  const connection = new SQLite(file);
  try {
    connection.pragma('journal_mode = WAL');
    // FULL: a transaction that was acknowledged to a device survives a power cut.
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    // Damaged pages found now stop the start; found later, the requests touching them answer 503 database_damaged.
    const problems = (connection.pragma('quick_check(20)') as { quick_check: string }[]).map((row) => row.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw new DamagedDatabaseError(file, problems);
  } catch (error) {
    connection.close();
    if (error instanceof DamagedDatabaseError) throw error;
    if (databaseFaultOf(error) === 'database_damaged') throw new DamagedDatabaseError(file, [error instanceof Error ? error.message : String(error)]);
    throw error;
  }
  // After SQLITE_FULL, SQLITE_IOERR or SQLITE_BUSY SQLite may have rolled the transaction back
  // itself; Kysely's ROLLBACK would then fail and its error replace the one that says what happened.
  const database = {
    close: () => connection.close(),
    prepare: (text: string) => (!connection.inTransaction && /^\s*rollback\s*$/i.test(text) ? connection.prepare('select 1 where 0') : connection.prepare(text)),
  };
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // One in-process connection: nothing fails behind a request's back.
  return { db, engine: 'sqlite', describe: `sqlite:${file}`, onConnectionError: () => undefined, close: () => db.destroy() };
}

function assertSafeSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`DATABASE_SCHEMA must be a plain lower-case identifier, got "${schema}"`);
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres:(unparseable url)';
  }
}

/**
 * node-postgres hands a connection back to the pool as healthy after a client-side read timeout,
 * with the stalled query still in flight, so every later query on it would wait behind that one.
 * A connection that failed that way is released with an error, which makes the pool drop it.
 */
function dropBrokenConnections(pool: pg.Pool): PostgresPool {
  const broken = new WeakSet<pg.PoolClient>();
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((...args: Parameters<pg.PoolClient['query']>) => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if (databaseFaultOf(error) === 'database_unavailable') broken.add(client);
        });
      }
      return result;
    }) as PostgresPoolClient['query'],
    release: () => client.release(broken.has(client) ? new Error('connection failed; not reused') : undefined),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

interface PostgresTimeouts {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

async function openPostgres(url: string, schema: string | undefined, poolSize: number, timeouts: PostgresTimeouts): Promise<ServerDatabase> {
  if (schema) {
    assertSafeSchemaName(schema);
    const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeouts.connectTimeoutMs, query_timeout: timeouts.queryTimeoutMs });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (error) {
      // Instances starting together can race here: IF NOT EXISTS does not stop PostgreSQL from
      // failing on a schema created concurrently. That schema is all we wanted.
      const found = await admin.query('select 1 from information_schema.schemata where schema_name = $1', [schema]);
      if (found.rowCount === 0) throw error;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Seen in pg_stat_activity, so an operator (or a test) can tell which instance a backend serves.
    application_name: schema ? `lotse:${schema}` : 'lotse',
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    // The server cancels a statement first (57014, the connection stays usable); the client's own
    // read timeout, a little later, catches a database that does not answer at all.
    statement_timeout: timeouts.queryTimeoutMs,
    query_timeout: timeouts.queryTimeoutMs + 1_000,
    // A transaction whose server vanished must not hold a device's row lock for long.
    idle_in_transaction_session_timeout: Math.max(2 * timeouts.queryTimeoutMs, 10_000),
    // A peer gone without a FIN (a partition) is found by the kernel rather than never.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  let report: (error: Error) => void = (error) => {
    process.stderr.write(`database connection failed: ${error.message}\n`);
  };
  // Without these listeners a connection the database ends (restart, failover, pg_terminate_backend)
  // raises an unhandled 'error' event and ends the process. The pool drops such a connection by itself.
  pool.on('error', (error) => report(error));
  pool.on('connect', (client) => client.on('error', (error) => report(error)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: dropBrokenConnections(pool) }) });
  return {
    db,
    engine: 'postgres',
    schema,
    describe: `${redactUrl(url)}${schema ? ` (schema ${schema})` : ''}`,
    onConnectionError(listener) {
      report = listener;
    },
    close: () => db.destroy(),
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<ServerDatabase> {
  const database = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.databaseSchema, options.poolSize ?? 10, {
        connectTimeoutMs: options.databaseConnectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        queryTimeoutMs: options.databaseQueryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
      })
    : openSqlite(options.dataDir);
  try {
    if (options.databaseUrl) {
      await migratePostgres(options.databaseUrl, database.schema, options.databaseConnectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      // Kysely opens its pool on first use, and close() before that use would end nothing: a
      // "closed" database would go on answering. Use it once here, which also fails the start
      // early when the server's own connection settings cannot connect.
      await sql`select 1`.execute(database.db);
    } else await migrateToLatest(database.db, database.schema);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * Migrates on connections of its own without the statement timeout: a migration may take long,
 * and instances starting together wait on the migration lock until the first is done.
 */
async function migratePostgres(url: string, schema: string | undefined, connectTimeoutMs: number): Promise<void> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    application_name: schema ? `lotse:${schema}:migrate` : 'lotse:migrate',
    connectionTimeoutMillis: connectTimeoutMs,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => undefined); // an idle one ending here fails the next query, which reports it
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, schema);
  } finally {
    await db.destroy();
  }
}

export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  // With a named schema the migration bookkeeping must live in it too; otherwise
  // Kysely would find another schema's lock table and skip creating its own.
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface DatabaseHealth {
  /** It answered a query. */
  reachable: boolean;
  /** It committed a write that needed fresh pages. */
  writable: boolean;
  /** Why not, when either is false: `timeout` when no answer came in time. */
  problem?: DatabaseFault | 'timeout' | 'write_failed';
}

/**
 * Asks the database to answer and to commit a write, within `timeoutMs` however it behaves.
 * The write inserts and deletes a row of ~8 KB of incompressible text in one transaction: it needs
 * pages the file may not have, so a full disk (or SQLite's max_page_count) fails it, where updating
 * a row in place would still succeed.
 */
export async function checkDatabase(db: Kysely<Database>, timeoutMs: number): Promise<DatabaseHealth> {
  let reachable = false;
  const probe = (async (): Promise<DatabaseHealth> => {
    try {
      await sql`select 1`.execute(db);
      reachable = true;
    } catch (error) {
      return { reachable: false, writable: false, problem: databaseFaultOf(error) ?? 'database_unavailable' };
    }
    try {
      const key = `health_probe:${crypto.randomUUID()}`;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('server_meta').values({ key, value: crypto.randomBytes(6_000).toString('base64') }).execute();
        await trx.deleteFrom('server_meta').where('key', '=', key).execute();
      });
      return { reachable: true, writable: true };
    } catch (error) {
      return { reachable: true, writable: false, problem: databaseFaultOf(error) ?? 'write_failed' };
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(() => resolve({ reachable, writable: false, problem: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True for PostgreSQL's refusal of text it cannot store: a NUL character (SQLSTATE 22021) or
 * one the encoding lacks (22P05). It comes from the request's text, so it is the client's error
 * (400), not the server's; SQLite stores such text as it is.
 */
export function isUnstorableTextError(error: unknown): boolean {
  return error instanceof pg.DatabaseError && (error.code === '22021' || error.code === '22P05');
}
