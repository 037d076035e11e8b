/**
 * The one module that opens the server's database. Everything else receives a
 * `ServerDatabase` and talks Kysely, so the same queries run on both engines:
 * - embedded SQLite (better-sqlite3, WAL, synchronous=FULL) in DATA_DIR — the default;
 * - PostgreSQL when DATABASE_URL is set (optionally in DATABASE_SCHEMA).
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema';
import { migrationProvider } from './migrations/index';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface ServerDatabase {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** The PostgreSQL schema in use, if one was named. */
  schema?: string | undefined;
  /** A short description for logs, without credentials. */
  describe: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  databaseSchema?: string | undefined;
  /** Max pool size for PostgreSQL. */
  poolSize?: number;
}

function openSqlite(dataDir: string): ServerDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'lotse.sqlite');
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  // FULL: a transaction that was acknowledged to a device survives a power cut.
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return { db, engine: 'sqlite', describe: `sqlite:${file}`, close: () => db.destroy() };
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

async function openPostgres(url: string, schema: string | undefined, poolSize: number): Promise<ServerDatabase> {
  if (schema) {
    assertSafeSchemaName(schema);
    const admin = new pg.Client({ connectionString: url });
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
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    schema,
    describe: `${redactUrl(url)}${schema ? ` (schema ${schema})` : ''}`,
    close: () => db.destroy(),
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<ServerDatabase> {
  const database = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.databaseSchema, options.poolSize ?? 10)
    : openSqlite(options.dataDir);
  try {
    await migrateToLatest(database.db, database.schema);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
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

/** True when the database answers a trivial query. */
export async function isDatabaseReachable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
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
