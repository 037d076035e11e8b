import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { migrateToLatest } from './database';

describe.each(engines)('database on %s', (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('runs every migration once and is idempotent on restart', async () => {
    database = await createTestDatabase(engine);
    expect(await migrateToLatest(database.db, database.schema)).toEqual([]);
    await database.db.insertInto('server_meta').values({ key: 'k', value: 'v' }).execute();
    const rows = await database.db.selectFrom('server_meta').selectAll().execute();
    expect(rows).toEqual([{ key: 'k', value: 'v' }]);
  });

  it('uses durable settings', async () => {
    database = await createTestDatabase(engine);
    if (engine === 'sqlite') {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
      expect(sync.rows[0]?.synchronous).toBe(2); // FULL
    } else {
      const path = await sql<{ search_path: string }>`show search_path`.execute(database.db);
      expect(path.rows[0]?.search_path).toContain('t_');
    }
  });
});
