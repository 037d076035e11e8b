/**
 * Test databases for the server suites. Every suite runs against both engines:
 * a fresh embedded SQLite in a temporary directory, and a real PostgreSQL
 * (TEST_DATABASE_URL, default the local server's `test` database) in a schema
 * of its own, so parallel and repeated runs never see each other's rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseEngine, type ServerDatabase } from '../db/database';

export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const engines: DatabaseEngine[] = ['sqlite', 'postgres'];

export interface TestDatabase extends ServerDatabase {
  /** Connection settings to open the same database again (e.g. from another process). */
  env: Record<string, string>;
  /** Close and remove everything this test database created. */
  drop(): Promise<void>;
}

/** Connection settings for a database nobody has used yet (nothing is created until it is opened). */
export function freshTestDatabaseEnv(engine: DatabaseEngine): Record<string, string> {
  if (engine === 'sqlite') return { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-test-')) };
  return { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: `t_${process.pid}_${crypto.randomBytes(4).toString('hex')}` };
}

/** Opens (and migrates) the test database that `env` names; `drop()` removes it. */
export async function openTestDatabase(engine: DatabaseEngine, env: Record<string, string>): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dataDir = env.DATA_DIR!;
    const database = await openDatabase({ dataDir });
    return {
      ...database,
      env,
      async drop() {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = env.DATABASE_SCHEMA!;
  const database = await openDatabase({ dataDir: '', databaseUrl: env.DATABASE_URL, databaseSchema: schema, poolSize: 20 });
  return {
    ...database,
    env,
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export function createTestDatabase(engine: DatabaseEngine): Promise<TestDatabase> {
  return openTestDatabase(engine, freshTestDatabaseEnv(engine));
}
