/**
 * The tablet's sync client (src/data, on fake-indexeddb) against a real server whose storage
 * is full: the run stops as "retry later" with the server's reason, the device keeps every
 * interview, and once the server has room again every interview arrives exactly once.
 * SQLite only: its max_page_count makes the disk full on demand.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { enrolDevice, openDatabaseNamed, syncNow } from '../src/data';
import { unlockForTest } from '../src/data/test-keyring';
import { createTestDatabase, type TestDatabase } from '../src/server/testing/databases';
import { createTestServer } from '../src/server/testing/server';
import { publishTestContent, signedInCoordinator } from '../src/server/testing/api';
import { capturedInterview } from './support/capture';

describe('sync client against a server whose disk is full', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await publishTestContent(database.db);
    app = await createTestServer(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('keeps everything on the device, says the server is unavailable, and delivers each interview once when there is room', async () => {
    const db = openDatabaseNamed(`device-${crypto.randomUUID()}`);
    const created = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
    expect((await enrolDevice(db, { code: created.json().code, deviceName: 'Tablet Süd', baseUrl })).ok).toBe(true);
    await unlockForTest(db);

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await capturedInterview(db, `Person ${i}`));
    // The file may not grow any more (SQLITE_FULL, as on a full disk).
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
    await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count}`).execute(database.db);
    let stored = 0;
    // Fill what room the file still has, so the tablet's first batch cannot fit.
    for (let i = 0; i < 5_000; i++) {
      try {
        await database.db.insertInto('server_meta').values({ key: `filler:${i}`, value: 'x'.repeat(1_000) }).execute();
        stored += 1;
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
    expect(stored).toBeLessThan(5_000);

    const refused = await syncNow(db, { baseUrl });
    expect(refused).toMatchObject({ kind: 'retry_later', problem: { code: 'server_unavailable', status: 503 }, retryAfterMs: 60_000 });
    expect(refused.kind === 'retry_later' && refused.message).toMatch(/no room/);
    // Entries the server found room for before it ran full were acknowledged (a batch is committed
    // up to the entry the database fails on); the rest wait on the device, none is lost.
    const onServer = async () => (await database.db.selectFrom('record_revisions').select('record_id').where('record_id', 'in', ids).execute()).map((row) => row.record_id);
    const acknowledged = await onServer();
    expect(acknowledged.length).toBeLessThan(3);
    expect(await db.outbox.count()).toBe(3 - acknowledged.length);
    for (const id of ids) expect((await db.records.get(id))?.status).toBe(acknowledged.includes(id) ? 'synced' : 'complete');

    await database.db.deleteFrom('server_meta').where('key', 'like', 'filler:%').execute();
    await sql`pragma max_page_count = 1073741823`.execute(database.db);
    expect(await syncNow(db, { baseUrl })).toMatchObject({ kind: 'done', applied: 3 - acknowledged.length, duplicates: 0 });
    expect((await onServer()).sort()).toEqual([...ids].sort());
    expect(await db.outbox.count()).toBe(0);
    await db.delete();
  });
});
