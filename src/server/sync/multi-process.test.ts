/**
 * Several real server processes against one database, as behind a load
 * balancer: they start together (migrations and content publication must not
 * collide), then the same batches of one device are pushed to all of them at
 * once. Each entry must be applied exactly once.
 *
 * PostgreSQL is the engine for several instances; on SQLite the processes share
 * one database file on one machine, which must be just as safe.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushEntry, PushResponse } from '../../core/sync/index';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { createCoordinator } from '../accounts/coordinators';
import { createEnrolment, redeemEnrolment, type EnrolledDevice } from '../accounts/enrolments';
import { engines, freshTestDatabaseEnv, openTestDatabase, type TestDatabase } from '../testing/databases';
import { startServerProcess, writeTestContentDir, type ServerProcess } from '../testing/processes';
import { countRows, storedSyncRows, TEST_PASSWORD } from '../testing/api';

const PROCESSES = 3;

describe.each(engines)('several server processes on one %s database', (engine) => {
  let database: TestDatabase;
  let contentDir: string;
  let servers: ServerProcess[] = [];
  let device: EnrolledDevice;

  beforeAll(async () => {
    contentDir = writeTestContentDir();
    const databaseEnv = freshTestDatabaseEnv(engine);
    const env = { ...databaseEnv, CONTENT_DIR: contentDir };
    // On PostgreSQL all start at once on an empty schema: migrations and publication race.
    // SQLite's migration lock only works inside one process, so there the first process migrates alone.
    if (engine === 'sqlite') servers.push(await startServerProcess(env));
    await Promise.all(Array.from({ length: PROCESSES - servers.length }, async () => servers.push(await startServerProcess(env))));
    database = await openTestDatabase(engine, databaseEnv);

    const coordinator = await createCoordinator(database.db, { name: 'Anna', password: TEST_PASSWORD, now: new Date() });
    const enrolment = await createEnrolment(database.db, { deviceName: 'Tablet', createdBy: coordinator.id, now: new Date(), ttlMinutes: 60 });
    const redeemed = await redeemEnrolment(database.db, { code: enrolment.code, deviceName: 'Tablet', now: new Date() });
    if (!redeemed) throw new Error('enrolment failed');
    device = redeemed;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
    await database.drop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  async function pushTo(server: ServerProcess, entries: PushEntry[]): Promise<PushResponse> {
    const response = await fetch(`${server.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.deviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ protocolVersion: 1, deviceId: device.deviceId, batchId: crypto.randomUUID(), entries }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as PushResponse;
  }

  it('published the bundled content and the server sealing key once although every process started with them', async () => {
    const rows = await database.db.selectFrom('artifacts').select(['change_no', 'kind', 'lang']).orderBy('change_no').execute();
    expect(rows.map((r) => r.change_no)).toEqual([1, 2, 3, 4]);
    expect(rows.map((r) => `${r.kind}:${r.lang}`).sort()).toEqual(['form:', 'notice:de', 'notice:en', 'server-key:']);
  });

  it('applies each entry once when every process receives the same batches at once', async () => {
    const entries = Array.from({ length: 12 }, () => interviewRecord({ recordId: crypto.randomUUID() })).flatMap((record, i) => [
      pushEntryFor(record, { seq: 2 * i + 1 }),
      pushEntryFor({ ...record, answers: { surname: `Edited ${i}` } }, { seq: 2 * i + 2, rev: 2, baseRev: 1 }),
    ]);
    entries.push(pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: entries.length + 1, formRef: 'unknown@1' }));
    // Overlapping windows too, as a client retrying with a moved start would send.
    const batches = [entries, entries.slice(0, 9), entries, entries.slice(0, 17)];
    const responses = await Promise.all(servers.flatMap((server) => batches.map((batch) => pushTo(server, batch))));

    const results = responses.flatMap((r) => r.results);
    for (const entry of entries) {
      const answers = results.filter((r) => r.seq === entry.seq && r.status !== 'gap');
      const first = answers.filter((r) => r.status !== 'duplicate' || r.original === undefined);
      expect(first, `seq ${entry.seq} handled more than once`).toHaveLength(1);
      expect(answers.every((r) => r.status !== 'gap')).toBe(true);
    }
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(24);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);

    expect(await storedSyncRows(database.db)).toEqual({ records: 12, revisions: 24, outcomes: 25, conflicts: 0 });
    const row = await database.db.selectFrom('devices').select(['last_seq', 'entries_received']).where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(row).toEqual({ last_seq: 25, entries_received: 25 });
    expect(await countRows(database.db, 'devices')).toBe(1);
  });
});
