/**
 * Honest faults of the storage itself (issue 16, item 7): a full disk answers 503 `storage_full`
 * on push and sign-in and health says so, losing nothing acknowledged; a SQLite file with damaged
 * pages stops the start with a clear message; the data directory and the database files are the
 * server's alone.
 *
 * The full disk is SQLite's `max_page_count` (the same SQLITE_FULL a full file system gives);
 * PostgreSQL's disk-full (53100) needs a full volume under the database server, which the
 * test machine does not have, so there its answer is checked on the error itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { freshTestDatabaseEnv, openTestDatabase } from '../testing/databases';
import { login, pushBody, pushRaw, startSyncTestServer, stopSyncTestServer, storedSyncRows, enrolledDevice, TEST_PASSWORD } from '../testing/api';
import { startServerProcess, writeTestContentDir } from '../testing/processes';
import { DamagedDatabaseError, openDatabase } from './database';
import { databaseFaultOf } from './faults';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a full disk (SQLite at max_page_count)', () => {
  it('answers push and sign-in with 503 storage_full, health reports it, and nothing acknowledged is lost', async () => {
    const server = await startSyncTestServer('sqlite');
    cleanups.push(() => stopSyncTestServer(server));
    const { app, database, cookie } = server;
    const device = await enrolledDevice(app, cookie);

    // Entries acknowledged before the disk fills.
    const before = Array.from({ length: 5 }, (_, i) => pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: i + 1 }));
    const first = await pushRaw(app, device, pushBody(device, before));
    expect(first.json()).toMatchObject({ lastSeq: 5 });

    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
    await sql.raw(`pragma max_page_count = ${pages.rows[0]!.page_count}`).execute(database.db);

    // The file's free pages go first; then every write is refused. Bounded: 60 entries of ~1 KB
    // need far more than the pages a WAL checkpoint can leave free.
    let seq = 5;
    let refused: Awaited<ReturnType<typeof pushRaw>> | undefined;
    for (let attempt = 0; attempt < 60 && !refused; attempt++) {
      const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: seq + 1 });
      const response = await pushRaw(app, device, pushBody(device, [entry]));
      if (response.statusCode === 200) seq = response.json().lastSeq;
      else refused = response;
    }
    expect(refused?.statusCode, refused?.body).toBe(503);
    expect(refused!.json()).toEqual({ error: { code: 'storage_full', message: expect.stringContaining('no room') } });
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);

    // A sign-in writes a session row. Pages of that table with room left still take one, so they
    // are filled first (directly, bounded), as a full disk would have left them.
    const coordinator = await database.db.selectFrom('coordinators').select('id').executeTakeFirstOrThrow();
    let filled = false;
    for (let i = 0; i < 2_000 && !filled; i++) {
      try {
        const now = new Date().toISOString();
        await database.db.insertInto('sessions').values({ id_hash: `filler-${i}-${'0'.repeat(50)}`, coordinator_id: coordinator.id, created_at: now, expires_at: now }).execute();
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        filled = true;
      }
    }
    expect(filled).toBe(true);
    const signIn = await login(app, 'Anna');
    expect(signIn.statusCode, signIn.body).toBe(503);
    expect(signIn.json().error.code).toBe('storage_full');

    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', database: { reachable: true, writable: false, problem: 'storage_full' } });

    // Everything acknowledged is there, once; nothing of the refused push.
    expect(await storedSyncRows(database.db)).toEqual({ records: seq, revisions: seq, outcomes: seq, conflicts: 0 });
    const device_ = await database.db.selectFrom('devices').select('last_seq').where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(device_.last_seq).toBe(seq);

    // Room again: the refused entry goes through when the tablet retries, and health recovers.
    await sql`pragma max_page_count = 1073741823`.execute(database.db);
    const retried = await pushRaw(app, device, pushBody(device, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: seq + 1 })]));
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ lastSeq: seq + 1, results: [{ status: 'applied' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    expect((await login(app, 'Anna', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('takes PostgreSQL disk full (53100) and its failures of the connection for what they are', () => {
    const diskFull = Object.assign(new pg.DatabaseError('could not extend file: No space left on device', 0, 'error'), { code: '53100' });
    const terminated = Object.assign(new pg.DatabaseError('terminating connection due to administrator command', 0, 'error'), { code: '57P01' });
    const uniqueViolation = Object.assign(new pg.DatabaseError('duplicate key', 0, 'error'), { code: '23505' });
    expect(databaseFaultOf(diskFull)).toBe('storage_full');
    expect(databaseFaultOf(terminated)).toBe('database_unavailable');
    expect(databaseFaultOf(new Error('Connection terminated unexpectedly'))).toBe('database_unavailable');
    expect(databaseFaultOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('database_unavailable');
    expect(databaseFaultOf(uniqueViolation)).toBeUndefined();
    expect(databaseFaultOf(new TypeError('x is undefined'))).toBeUndefined();
  });
});

describe('a SQLite file another process holds locked', () => {
  it('answers 503 database_unavailable after the busy timeout, and takes the push once the lock is gone', async () => {
    const server = await startSyncTestServer('sqlite');
    cleanups.push(() => stopSyncTestServer(server));
    const { app, database, cookie } = server;
    const device = await enrolledDevice(app, cookie);
    // Another writer on the same file, as a second process (or a backup tool) would be.
    const other = new SQLite(path.join(database.env.DATA_DIR!, 'lotse.sqlite'));
    cleanups.push(() => void other.close());
    other.exec('begin immediate');
    const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 });
    const started = Date.now();
    const locked = await pushRaw(app, device, pushBody(device, [entry]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500); // SQLite's busy_timeout waited first
    expect(locked.statusCode, locked.body).toBe(503);
    expect(locked.json().error.code).toBe('database_unavailable');
    expect(locked.headers['retry-after']).toBe('5');

    other.exec('rollback');
    const retried = await pushRaw(app, device, pushBody(device, [entry]));
    expect(retried.json()).toMatchObject({ lastSeq: 1, results: [{ seq: 1, status: 'applied' }] });
    expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 1, conflicts: 0 });
  }, 30_000);
});

/** Overwrites `count` pages at the end of a closed SQLite file with random bytes: damage no ordinary read at start touches. */
function damageLastPages(file: string, count: number): void {
  const pageSize = fs.readFileSync(file).readUInt16BE(16);
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    for (let page = 1; page <= count; page++) fs.writeSync(fd, crypto.getRandomValues(Buffer.alloc(pageSize)), 0, pageSize, size - page * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

describe('a SQLite file with damaged pages', () => {
  it('is found at start: the server refuses to start and says why, and the file is left as it was', async () => {
    const env = freshTestDatabaseEnv('sqlite');
    cleanups.push(() => fs.rmSync(env.DATA_DIR!, { recursive: true, force: true }));
    const database = await openTestDatabase('sqlite', env);
    // Enough rows for a table of many pages, then closed cleanly (checkpointed into the file).
    for (let i = 0; i < 200; i++) {
      await database.db.insertInto('server_meta').values({ key: `filler:${i}`, value: 'x'.repeat(2_000) }).execute();
    }
    await database.close();
    const file = path.join(env.DATA_DIR!, 'lotse.sqlite');
    damageLastPages(file, 3);
    const damaged = fs.readFileSync(file);

    await expect(openDatabase({ dataDir: env.DATA_DIR! })).rejects.toThrow(DamagedDatabaseError);

    const contentDir = writeTestContentDir();
    cleanups.push(() => fs.rmSync(contentDir, { recursive: true, force: true }));
    const started = startServerProcess({ ...env, CONTENT_DIR: contentDir });
    await expect(started).rejects.toThrow(/Lotse failed to start: The database file .*lotse\.sqlite is damaged \(.+\)\. The server does not start on it/);
    expect(fs.readFileSync(file).equals(damaged)).toBe(true);
  }, 60_000);
});

describe('file permissions', () => {
  it('creates the data directory 0700 and the database, -wal and -shm files 0600, and tightens an existing file', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-perm-'));
    cleanups.push(() => fs.rmSync(parent, { recursive: true, force: true }));
    const dataDir = path.join(parent, 'data');
    const database = await openDatabase({ dataDir });
    await database.db.insertInto('server_meta').values({ key: 'k', value: 'v' }).execute();
    const mode = (file: string) => fs.statSync(file).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) expect(mode(path.join(dataDir, `lotse.sqlite${suffix}`)), suffix).toBe(0o600);
    await database.close();

    fs.chmodSync(path.join(dataDir, 'lotse.sqlite'), 0o644);
    const reopened = await openDatabase({ dataDir });
    cleanups.push(() => reopened.close());
    expect(mode(path.join(dataDir, 'lotse.sqlite'))).toBe(0o600);
  });
});
