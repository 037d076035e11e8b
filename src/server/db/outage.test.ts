/**
 * PostgreSQL going away under a real server process (issue 16, item 1): its backends terminated
 * in the middle of pushes and sign-ins, and a network partition that answers nothing. The process
 * must stay up, answer 503 `database_unavailable` rather than crash or hang, recover by itself,
 * and store every acknowledged entry exactly once.
 */
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushEntry } from '../../core/sync/index';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { createCoordinator } from '../accounts/coordinators';
import { createEnrolment, redeemEnrolment, type EnrolledDevice } from '../accounts/enrolments';
import { freshTestDatabaseEnv, openTestDatabase, testPostgresUrl, type TestDatabase } from '../testing/databases';
import { startServerProcess, writeTestContentDir, type ServerProcess } from '../testing/processes';
import { startStallingProxy, type StallingProxy } from '../testing/stalling-proxy';
import { storedSyncRows, TEST_PASSWORD } from '../testing/api';

const DEVICES = 4;
const ENTRIES_PER_DEVICE = 30;
const BATCH = 5;

/** Short timeouts, so the test waits seconds where production waits a little longer. */
const timeoutEnv = { DATABASE_CONNECT_TIMEOUT_MS: '1500', DATABASE_QUERY_TIMEOUT_MS: '2000', HEALTH_TIMEOUT_MS: '1000' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
  ms: number;
  body: unknown;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text for the failure message
  }
  const code = (body as { error?: { code?: string } } | null)?.error?.code;
  return { status: response.status, code, retryAfter: response.headers.get('retry-after'), ms: Date.now() - started, body };
}

function pushTo(server: ServerProcess, device: EnrolledDevice, entries: PushEntry[]): Promise<Answer> {
  return call(`${server.url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.deviceToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ protocolVersion: 1, deviceId: device.deviceId, batchId: crypto.randomUUID(), entries }),
  });
}

function loginTo(server: ServerProcess): Promise<Answer> {
  return call(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Anna', password: TEST_PASSWORD }),
  });
}

async function enrolDevices(database: TestDatabase, count: number): Promise<EnrolledDevice[]> {
  const coordinator = await createCoordinator(database.db, { name: 'Anna', password: TEST_PASSWORD, now: new Date() });
  const devices: EnrolledDevice[] = [];
  for (let i = 0; i < count; i++) {
    const enrolment = await createEnrolment(database.db, { deviceName: `Tablet ${i}`, createdBy: coordinator.id, now: new Date(), ttlMinutes: 60 });
    const device = await redeemEnrolment(database.db, { code: enrolment.code, deviceName: `Tablet ${i}`, now: new Date() });
    if (!device) throw new Error('enrolment failed');
    devices.push(device);
  }
  return devices;
}

describe('PostgreSQL backends terminated under load', () => {
  let contentDir: string;
  let databaseEnv: Record<string, string>;
  let server: ServerProcess;
  let database: TestDatabase;
  let admin: pg.Client;
  let devices: EnrolledDevice[];

  beforeAll(async () => {
    contentDir = writeTestContentDir();
    databaseEnv = freshTestDatabaseEnv('postgres');
    server = await startServerProcess({ ...databaseEnv, ...timeoutEnv, CONTENT_DIR: contentDir });
    database = await openTestDatabase('postgres', databaseEnv);
    devices = await enrolDevices(database, DEVICES);
    admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
    await database?.drop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  /** Terminates every backend of the server process (its pool names itself after the schema). */
  async function terminateServerBackends(): Promise<number> {
    const result = await admin.query<{ terminated: boolean }>(
      'select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1',
      [`lotse:${databaseEnv.DATABASE_SCHEMA}`],
    );
    return result.rows.filter((row) => row.terminated).length;
  }

  it('survives its idle connections being terminated and answers the next request', async () => {
    expect((await call(`${server.url}/api/v1/health`)).status).toBe(200);
    expect(await terminateServerBackends()).toBeGreaterThan(0);
    await sleep(200); // the terminations reach the idle connections
    const health = await call(`${server.url}/api/v1/health`);
    expect(health.status, `${JSON.stringify(health.body)}\n${server.output()}`).toBe(200);
    expect(server.output()).not.toMatch(/Unhandled 'error' event|failed to start/);
  });

  it('answers pushes and sign-ins with 200 or 503 while its backends are terminated, then stores every entry once', async () => {
    const queues = devices.map(() =>
      Array.from({ length: ENTRIES_PER_DEVICE }, (_, i) => pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: i + 1 })),
    );
    const unavailable: Answer[] = [];
    const unexpected: Answer[] = [];
    let loadRunning = true;
    let terminations = 0;

    const deviceLoad = async (device: EnrolledDevice, entries: PushEntry[]) => {
      let acknowledged = 0;
      // Bounded: every attempt either moves on or waits; 300 attempts is far more than 6 batches need.
      for (let attempt = 0; attempt < 300 && acknowledged < entries.length; attempt++) {
        const answer = await pushTo(server, device, entries.slice(acknowledged, acknowledged + BATCH));
        if (answer.status === 200) {
          const lastSeq = (answer.body as { lastSeq: number }).lastSeq;
          expect(lastSeq).toBeGreaterThanOrEqual(acknowledged);
          acknowledged = lastSeq;
        } else if (answer.status === 503) {
          unavailable.push(answer);
          await sleep(50);
        } else {
          unexpected.push(answer);
          await sleep(50);
        }
      }
      return acknowledged;
    };
    const loginLoad = async () => {
      const statuses: number[] = [];
      while (loadRunning && statuses.length < 40) {
        const answer = await loginTo(server);
        statuses.push(answer.status);
        if (answer.status === 503) unavailable.push(answer);
        else if (answer.status !== 200) unexpected.push(answer);
      }
      return statuses;
    };
    const terminator = async () => {
      for (let round = 0; loadRunning && round < 100; round++) {
        terminations += await terminateServerBackends();
        await sleep(120);
      }
    };

    const terminating = terminator();
    const logins = loginLoad();
    const acknowledged = await Promise.all(devices.map((device, i) => deviceLoad(device, queues[i]!)));
    loadRunning = false;
    await terminating;
    const loginStatuses = await logins;

    expect(unexpected, JSON.stringify(unexpected.slice(0, 3))).toEqual([]);
    expect(terminations).toBeGreaterThanOrEqual(3);
    expect(acknowledged).toEqual(devices.map(() => ENTRIES_PER_DEVICE));
    expect(loginStatuses).toContain(200);
    // Requests were caught in flight (else this test would not test that case).
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.code).toBe('database_unavailable');
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }

    // The process is the same one, healthy, and holds each entry exactly once.
    const health = await call(`${server.url}/api/v1/health`);
    expect(health.status, server.output()).toBe(200);
    expect(server.output()).not.toMatch(/Unhandled 'error' event/);
    const total = DEVICES * ENTRIES_PER_DEVICE;
    expect(await storedSyncRows(database.db)).toEqual({ records: total, revisions: total, outcomes: total, conflicts: 0 });
    const rows = await database.db.selectFrom('devices').select(['last_seq', 'entries_received']).execute();
    expect(rows).toEqual(devices.map(() => ({ last_seq: ENTRIES_PER_DEVICE, entries_received: ENTRIES_PER_DEVICE })));
    const stored = await database.db.selectFrom('record_revisions').select('record_id').execute();
    expect(new Set(stored.map((row) => row.record_id))).toEqual(new Set(queues.flat().map((entry) => entry.recordId)));
  }, 120_000);
});

describe('PostgreSQL behind a partition that answers nothing', () => {
  let contentDir: string;
  let proxy: StallingProxy;
  let server: ServerProcess;
  let database: TestDatabase;
  let device: EnrolledDevice;

  beforeAll(async () => {
    contentDir = writeTestContentDir();
    const databaseEnv = freshTestDatabaseEnv('postgres');
    const target = new URL(databaseEnv.DATABASE_URL!);
    proxy = await startStallingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(target);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    server = await startServerProcess({ ...databaseEnv, DATABASE_URL: proxied.toString(), ...timeoutEnv, CONTENT_DIR: contentDir });
    database = await openTestDatabase('postgres', databaseEnv);
    [device] = await enrolDevices(database, 1) as [EnrolledDevice];
  }, 120_000);

  afterAll(async () => {
    proxy?.resume();
    await server?.stop();
    await proxy?.close();
    await database?.drop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  it('answers health, sign-in and push with 503 in time, and recovers when the network does', async () => {
    expect((await loginTo(server)).status).toBe(200);
    const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 });

    proxy.stall();
    const [health, login, push] = await Promise.all([call(`${server.url}/api/v1/health`), loginTo(server), pushTo(server, device, [entry])]);
    // HEALTH_TIMEOUT_MS is 1 s: never the 20 s and more of a hanging connection.
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', database: { reachable: false, writable: false, problem: 'timeout' } });
    expect(health.ms).toBeLessThan(2_500);
    // The statement timeout is 2 s, the read timeout 3 s: a clear 503 shortly after.
    for (const answer of [login, push]) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.code).toBe('database_unavailable');
      expect(answer.retryAfter).toBe('5');
      expect(answer.ms).toBeLessThan(8_000);
    }

    proxy.resume();
    let healthy = false;
    for (let attempt = 0; attempt < 40 && !healthy; attempt++) {
      healthy = (await call(`${server.url}/api/v1/health`)).status === 200;
      if (!healthy) await sleep(250);
    }
    expect(healthy, server.output()).toBe(true);
    const retried = await pushTo(server, device, [entry]);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ lastSeq: 1, results: [{ seq: 1, status: 'applied' }] });
    expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 1, conflicts: 0 });
  }, 90_000);
});
