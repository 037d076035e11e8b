/**
 * The tablet's sync client (src/data, on fake-indexeddb) against the real server over real
 * HTTP, on embedded SQLite and on PostgreSQL: what a coordinator would check afterwards is
 * what is asserted — every record on the server exactly once, nothing lost on the device.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { enrolDevice, getMeta, listOpenSyncIssues, openDatabaseNamed, readSyncStatus, recordWithdrawal, syncNow, type LotseDatabase, type SyncProgress } from '../src/data';
import { changeOutboxPayload, unlockForTest } from '../src/data/test-keyring';
import { createTestDatabase, engines, type TestDatabase } from '../src/server/testing/databases';
import { createTestServer } from '../src/server/testing/server';
import { jsonWithCookie, publishTestContent, signedInCoordinator } from '../src/server/testing/api';
import { capturedInterview } from './support/capture';

describe.each(engines)('sync client against the real server on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let cookie: string;
  let db: LotseDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishTestContent(database.db);
    app = await createTestServer(database, { maxPushBytes: 64 * 1024 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  beforeEach(async () => {
    db = openDatabaseNamed(`device-${crypto.randomUUID()}`);
    const created = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
    const outcome = await enrolDevice(db, { code: created.json().code, deviceName: 'Tablet Nord', baseUrl });
    expect(outcome.ok).toBe(true);
    await unlockForTest(db);
  });
  afterEach(async () => {
    await db.delete();
  });

  async function serverRows(recordIds: string[]) {
    return database.db.selectFrom('record_revisions').select(['record_id', 'rev']).where('record_id', 'in', recordIds).execute();
  }

  it('pushes interviews in batches, each onto the server exactly once, and pulls the published artifacts', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await capturedInterview(db, `Person ${i}`));
    ids.push(await capturedInterview(db, 'Refusal', 'refused'));
    const progress: SyncProgress[] = [];
    const outcome = await syncNow(db, { baseUrl, maxEntries: 2, onProgress: (p) => progress.push(p) });

    expect(outcome).toMatchObject({ kind: 'done', pushed: 6, applied: 6, duplicates: 0, conflicts: 0, rejected: 0 });
    expect(progress.filter((p) => p.phase === 'push').map((p) => p.sent)).toEqual([0, 2, 4, 6]);
    expect((await serverRows(ids)).length).toBe(6);
    expect(new Set((await serverRows(ids)).map((row) => row.record_id)).size).toBe(6);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.records.toArray()).map((record) => record.status)).toEqual(Array(6).fill('synced'));
    // Pulled: the test form and both notice texts, stored with the cursor.
    const pulled = await db.artifacts.where('source').equals('server').count().catch(async () => (await db.artifacts.toArray()).filter((a) => a.source === 'server').length);
    expect(pulled).toBe(3);
    expect(await getMeta(db, 'pullCursor')).toBeTruthy();
  });

  it('a lost response is resent and answered as duplicate: still exactly once on the server', async () => {
    const id = await capturedInterview(db, 'Lost Response');
    let calls = 0;
    const dropFirstResponse: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      calls += 1;
      if (calls === 1 && String(input).endsWith('/sync/push')) throw new TypeError('connection reset after the server answered');
      return response;
    };
    const first = await syncNow(db, { baseUrl, fetch: dropFirstResponse });
    expect(first.kind).toBe('retry_later');
    expect(await db.outbox.count()).toBe(1);
    expect((await db.records.get(id))?.status).toBe('complete');

    const second = await syncNow(db, { baseUrl });
    expect(second).toMatchObject({ kind: 'done', applied: 0, duplicates: 1 });
    expect(await serverRows([id])).toEqual([{ record_id: id, rev: 1 }]);
    expect((await db.records.get(id))?.status).toBe('synced');
  });

  it('a rejected entry is kept as a sync issue and never blocks the entries after it', async () => {
    const ids = [await capturedInterview(db, 'First'), await capturedInterview(db, 'Broken'), await capturedInterview(db, 'Third')];
    // The second entry's payload no longer matches its hash (a corrupted local row).
    await changeOutboxPayload(db, ids[1]!, (payload) => ({ ...payload, answers: { surname: 'Changed' } }));

    const outcome = await syncNow(db, { baseUrl });
    expect(outcome).toMatchObject({ kind: 'done', applied: 2, rejected: 1 });
    expect((await serverRows(ids)).map((row) => row.record_id).sort()).toEqual([ids[0], ids[2]].sort());
    const issues = await listOpenSyncIssues(db);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ recordId: ids[1], kind: 'rejected', code: 'hash_mismatch' });
    expect(issues[0]!.message).toMatch(/SHA-256/);
    expect((await db.records.get(ids[1]!))?.status).toBe('rejected');
    expect(await db.outbox.count()).toBe(0);
  });

  it('a rejection whose answer was lost is still filed as a rejection when the resend is answered as duplicate', async () => {
    const id = await capturedInterview(db, 'Lost Rejection');
    await changeOutboxPayload(db, id, (payload) => ({ ...payload, answers: { surname: 'Tampered' } }));
    let pushes = 0;
    const dropFirstPushAnswer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/sync/push') && ++pushes === 1) throw new TypeError('connection cut');
      return response;
    };
    expect((await syncNow(db, { baseUrl, fetch: dropFirstPushAnswer })).kind).toBe('retry_later');
    expect(await syncNow(db, { baseUrl })).toMatchObject({ kind: 'done', rejected: 1, duplicates: 0 });
    expect(await db.syncIssues.where('recordId').equals(id).toArray()).toMatchObject([{ kind: 'rejected', code: 'hash_mismatch' }]);
    expect((await db.records.get(id))?.status).toBe('rejected');
    expect(await serverRows([id])).toEqual([]);
  });

  it('an oversized batch is split; a single entry over the limit stays on the device with a clear error', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await capturedInterview(db, `Splittable ${i}`));
    const outcome = await syncNow(db, { baseUrl, maxBytes: 10 * 1024 * 1024, maxEntries: 100 });
    expect(outcome.kind).toBe('done');
    expect((await serverRows(ids)).length).toBe(4);

    const big = await capturedInterview(db, 'Huge');
    const seq = await changeOutboxPayload(db, big, (payload) => ({ ...payload, padding: 'x'.repeat(100 * 1024) }));
    const refused = await syncNow(db, { baseUrl });
    expect(refused).toMatchObject({ kind: 'failed', problem: { code: 'entry_too_large', seq }, message: expect.stringContaining('413') });
    expect(await db.outbox.count()).toBe(1);
  });

  it('a revoked device stops syncing and keeps every local record', async () => {
    const ids = [await capturedInterview(db, 'Before Revoke')];
    expect((await syncNow(db, { baseUrl })).kind).toBe('done');
    ids.push(await capturedInterview(db, 'After Revoke'));
    const deviceId = await getMeta(db, 'deviceId');
    const revoked = await app.inject({ method: 'POST', url: `/api/v1/devices/${deviceId}/revoke`, headers: jsonWithCookie(cookie) });
    expect(revoked.statusCode).toBe(200);

    const outcome = await syncNow(db, { baseUrl });
    expect(outcome).toMatchObject({ kind: 'auth_refused', status: 403, problem: { code: 'device_revoked' } });
    // The next run does not ask the server again, and still says why.
    expect(await syncNow(db, { baseUrl })).toMatchObject({ kind: 'auth_refused', problem: { code: 'device_revoked' } });
    expect(await db.records.count()).toBe(2);
    expect(await db.outbox.count()).toBe(1);
    expect(await getMeta(db, 'authRefusedAt')).toBeTruthy();
    // No further requests until re-enrolment.
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    expect((await syncNow(db, { baseUrl, fetch: counting })).kind).toBe('auth_refused');
    expect(requests).toBe(0);

    // Re-enrolment renumbers what waits, and it arrives.
    const created = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
    expect((await enrolDevice(db, { code: created.json().code, deviceName: 'Tablet Nord (neu)', baseUrl })).ok).toBe(true);
    expect((await db.outbox.toArray()).map((entry) => entry.seq)).toEqual([1]);
    expect(await syncNow(db, { baseUrl })).toMatchObject({ kind: 'done', applied: 1 });
    expect((await serverRows(ids)).length).toBe(2);

    // The re-enrolled tablet continues the revoked device: an interview captured before is still
    // its own to revise (a withdrawal, as revision 2).
    await recordWithdrawal(db, ids[0]!, {
      scope: { recipients: ['jobcenter'], purposes: [] },
      actor: { role: 'interviewer', id: 'iv-1', name: 'Ines' },
      channel: 'in_person',
      now: new Date(),
    });
    expect(await syncNow(db, { baseUrl })).toMatchObject({ kind: 'done', applied: 1, rejected: 0 });
    expect((await serverRows([ids[0]!])).map((row) => row.rev).sort()).toEqual([1, 2]);
  });

  it('an answer the device cannot record while the next batch is already out fails the run, loses nothing, and is made good by the next run', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await capturedInterview(db, `Volle Platte ${i}`));
    // The same database opened again, with storage that fills up when the second answer is recorded.
    db.close();
    const faulty = openDatabaseNamed(db.name);
    let recordWrites = 0;
    faulty.use({
      stack: 'dbcore',
      name: 'storage-fills-up',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'records') return table;
          return {
            ...table,
            mutate: (request) => {
              recordWrites += 1;
              return recordWrites === 2 ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(request);
            },
          };
        },
      }),
    });

    const failed = await syncNow(faulty, { baseUrl, maxEntries: 2 });
    expect(failed).toMatchObject({ kind: 'failed', problem: { code: 'storage_full' }, message: expect.stringContaining('quota') });
    // The server took every batch, exactly once; the device cleared only what it recorded.
    expect((await serverRows(ids)).length).toBe(5);
    expect(await faulty.outbox.count()).toBe(3);
    const statuses = new Map((await faulty.records.toArray()).map((record) => [record.recordId, record.status]));
    expect(ids.map((id) => statuses.get(id))).toEqual(['synced', 'synced', 'complete', 'complete', 'complete']);
    faulty.close();

    db = openDatabaseNamed(db.name);
    expect(await syncNow(db, { baseUrl, maxEntries: 2 })).toMatchObject({ kind: 'done', pushed: 3, applied: 0, duplicates: 3 });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.records.toArray()).map((record) => record.status)).toEqual(Array(5).fill('synced'));
    expect((await serverRows(ids)).length).toBe(5);
    expect(new Set((await serverRows(ids)).map((row) => row.record_id)).size).toBe(5);
  });

  it('a server whose validation budget runs out after each entry answers part of every batch: the device sends the rest, each record arrives exactly once', async () => {
    // A second server on the same database with no time for more than one entry per push.
    const hurried = await createTestServer(database, { pushValidationBudgetMs: 0 });
    await hurried.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = hurried.server.address();
      const hurriedUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const tablet = openDatabaseNamed(`device-${crypto.randomUUID()}`);
      const created = await hurried.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
      expect((await enrolDevice(tablet, { code: created.json().code, deviceName: 'Tablet Eile', baseUrl: hurriedUrl })).ok).toBe(true);
      await unlockForTest(tablet);
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await capturedInterview(tablet, `Eilig ${i}`));
      const pushes: number[] = [];
      const countingPushes: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).endsWith('/sync/push')) pushes.push(response.status);
        return response;
      };

      const outcome = await syncNow(tablet, { baseUrl: hurriedUrl, maxEntries: 4, fetch: countingPushes });

      expect(outcome).toMatchObject({ kind: 'done', pushed: 4, applied: 4, duplicates: 0, rejected: 0 });
      // One entry answered per push: the batch of four took four pushes.
      expect(pushes).toEqual([200, 200, 200, 200]);
      const rows = await serverRows(ids);
      expect(rows.map((row) => row.record_id).sort()).toEqual([...ids].sort());
      expect(await tablet.outbox.count()).toBe(0);
      expect((await tablet.records.toArray()).map((record) => record.status)).toEqual(Array(4).fill('synced'));
      await tablet.delete();
    } finally {
      await hurried.close();
    }
  });

  it("the tablet's sync figures and the coordinator's device list agree, also after a run with nothing to push and after a failed run", async () => {
    const deviceId = await getMeta(db, 'deviceId');
    async function coordinatorSees() {
      const listed = await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } });
      const device = (listed.json() as { devices: { id: string; lastSyncAt: string | null; pendingCount: number | null }[] }).devices.find((d) => d.id === deviceId);
      return { lastSyncAt: device?.lastSyncAt ?? null, pendingCount: device?.pendingCount ?? null };
    }
    // The server notes the end of the run when it answers the last pull; the tablet a moment later.
    const sameRun = (server: string | null, device: string | null) => {
      expect(server).not.toBeNull();
      expect(device).not.toBeNull();
      const gap = Date.parse(device ?? '') - Date.parse(server ?? '');
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThan(1000);
    };

    await capturedInterview(db, 'Erste Person');
    await capturedInterview(db, 'Zweite Person');
    expect((await syncNow(db, { baseUrl, maxEntries: 1 })).kind).toBe('done');
    let tablet = await readSyncStatus(db);
    let coordinator = await coordinatorSees();
    expect(tablet.pendingEntries).toBe(0);
    expect(coordinator.pendingCount).toBe(0);
    sameRun(coordinator.lastSyncAt, tablet.lastSyncSuccessAt);

    // A later run with nothing to push still is a sync on both sides.
    const firstRun = coordinator.lastSyncAt;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await syncNow(db, { baseUrl })).kind).toBe('done');
    tablet = await readSyncStatus(db);
    coordinator = await coordinatorSees();
    expect(coordinator.lastSyncAt).not.toBe(firstRun);
    sameRun(coordinator.lastSyncAt, tablet.lastSyncSuccessAt);

    // A failed run changes neither side's last sync; the tablet counts what waits.
    await capturedInterview(db, 'Dritte Person');
    expect((await syncNow(db, { baseUrl: 'http://127.0.0.1:9' })).kind).toBe('retry_later');
    const afterFailure = await readSyncStatus(db);
    expect(afterFailure.lastSyncSuccessAt).toBe(tablet.lastSyncSuccessAt);
    expect(afterFailure.pendingEntries).toBe(1);
    expect(afterFailure.lastSyncError).toMatchObject({ problem: { code: 'network' } });
    expect((await coordinatorSees()).lastSyncAt).toBe(coordinator.lastSyncAt);
  });

  it('a server that cannot be reached is "retry later" and nothing is lost', async () => {
    await capturedInterview(db, 'Offline');
    const outcome = await syncNow(db, { baseUrl: 'http://127.0.0.1:9' });
    expect(outcome).toMatchObject({ kind: 'retry_later', problem: { code: 'network' } });
    expect(await getMeta(db, 'lastSyncError')).toMatchObject({ problem: { code: 'network' } });
    expect(await db.outbox.count()).toBe(1);
  });
});
