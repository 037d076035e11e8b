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

export async function createTestDatabase(engine: DatabaseEngine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-test-'));
    const database = await openDatabase({ dataDir });
    return {
      ...database,
      env: { DATA_DIR: dataDir },
      async drop() {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const database = await openDatabase({ dataDir: '', databaseUrl: testPostgresUrl, databaseSchema: schema, poolSize: 20 });
  return {
    ...database,
    env: { DATABASE_URL: testPostgresUrl, DATABASE_SCHEMA: schema },
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
