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

describe.each(engines)('unreadable push entries and numbers past the database integer on %s', (engine) => {
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

  // Found by the fuzzer: a pendingCount of 2^31 reached PostgreSQL's 32-bit integer column and the
  // push failed with 500, which a device retries forever.
  it.each([
    ['pendingCount', (body: Record<string, unknown>) => ({ ...body, pendingCount: 2 ** 31 })],
    ['rev', (body: Record<string, unknown>) => ({ ...body, entries: (body.entries as Record<string, unknown>[]).map((entry) => ({ ...entry, rev: 2 ** 31, baseRev: 2 ** 31 - 1 })) })],
    ['seq', (body: Record<string, unknown>) => ({ ...body, entries: (body.entries as Record<string, unknown>[]).map((entry) => ({ ...entry, seq: 2 ** 31 })) })],
    ['noticeRef.version', (body: Record<string, unknown>) => ({ ...body, entries: (body.entries as Record<string, unknown>[]).map((entry) => ({ ...entry, noticeRef: { ...(entry.noticeRef as object), version: 2 ** 31 } })) })],
  ])('refuses a %s of 2^31 with a 400 naming it, stores nothing, and takes the same push with sane numbers', async (field, spoil) => {
    const device = await enrolledDevice(app, cookie);
    const good = pushBody(device, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 })]) as unknown as Record<string, unknown>;
    const before = await storedSyncRows(database.db);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${device.deviceToken}` },
      payload: spoil(good),
    });
    expect(bad.statusCode, bad.body).toBe(400);
    const { error } = bad.json();
    expect(error.message).toBe('The push body is not valid.');
    expect(error.details.map((issue: { path: (string | number)[] }) => issue.path.join('.'))).toContainEqual(
      field === 'pendingCount' ? 'pendingCount' : `entries.0.${field}`,
    );
    expect(await storedSyncRows(database.db)).toEqual(before);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${device.deviceToken}` }, payload: good });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().results).toMatchObject([{ seq: 1, status: 'applied' }]);
  });

  it('rejects an entry whose formRef names a version past it as an unknown form and applies the rest', async () => {
    const device = await enrolledDevice(app, cookie);
    const entries = [1, 2].map((seq) => pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq }));
    const body = pushBody(device, [{ ...entries[0]!, formRef: 'testbogen@2147483648' }, entries[1]!]);
    const response = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${device.deviceToken}` }, payload: body });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toMatchObject([
      { seq: 1, status: 'rejected', code: 'unknown_form' },
      { seq: 2, status: 'applied' },
    ]);
  });
});
