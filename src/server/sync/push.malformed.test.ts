/**
 * Entries the validator cannot even read — a payload nested deeper than the stack, a number JSON
 * turns into Infinity, a notice reference with a NUL — are rejected one by one like any invalid
 * entry. They used to fail the whole batch with a 500, which the device retries forever, so one
 * bad entry blocked everything behind it (found by integration/reliability/fuzz.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, pushBody, startSyncTestServer, stopSyncTestServer, storedSyncRows } from '../testing/api';

describe.each(engines)('unreadable push entries on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
  });
  afterAll(() => stopSyncTestServer({ database, app }));

  it('rejects each unreadable entry and applies the valid ones around it', async () => {
    const device = await enrolledDevice(app, cookie);
    const entries = [1, 2, 3, 4, 5].map((seq) => pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq }));
    const body = JSON.stringify(pushBody(device, entries))
      // The body is written as text: the test could not even build these as objects and stringify them.
      .replace(`"recordId":"${entries[1]!.recordId}","interview"`, `"recordId":"${entries[1]!.recordId}","deep":${'['.repeat(20_000)}${']'.repeat(20_000)},"interview"`)
      .replace(`"recordId":"${entries[2]!.recordId}","interview"`, `"recordId":"${entries[2]!.recordId}","huge":1e400,"interview"`)
      .replace(`"noticeRef":{"id":"notice","version":1,"lang":"de"`, `"noticeRef":{"id":"notice","version":1,"lang":"d\\u0000e"`);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${device.deviceToken}`, 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    const { lastSeq, results } = response.json();
    expect(lastSeq).toBe(5);
    expect(results).toMatchObject([
      { seq: 1, status: 'rejected', code: 'unknown_notice' },
      { seq: 2, status: 'rejected', code: 'invalid_payload' },
      { seq: 3, status: 'rejected', code: 'invalid_payload' },
      { seq: 4, status: 'applied' },
      { seq: 5, status: 'applied' },
    ]);
    expect(results[1].message).toMatch(/nested too deeply/);
    expect(results[2].message).toMatch(/non-finite number/);
    expect(await storedSyncRows(database.db)).toMatchObject({ records: 2, revisions: 2, outcomes: 5 });
  });
});
