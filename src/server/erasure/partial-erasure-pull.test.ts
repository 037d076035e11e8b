/**
 * Issue #14: a health consent withdrawn on its own reaches the tablet that captured the record, on
 * both engines. A pull that says it applies partial erasures (`accept` names `PARTIAL_ERASURES`)
 * lists the record with the health answer's keys until the device confirms; a pull of an older
 * client (which would read it as the whole record) never lists it; another device's pull neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { filledNotice, noticeRef } from '../../core/consent/index';
import { payloadHash } from '../../core/record/payload-hash';
import { PARTIAL_ERASURES, pullResponseSchema, type PushEntry } from '../../core/sync/index';
import { notice3Record, notice3Settings, notice3Templates, v2AnswersWithEveryPart } from '../../core/record/__fixtures__/notice3';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, jsonWithCookie, push, startSyncTestServer, stopSyncTestServer, type TestDevice } from '../testing/api';

const content = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../content/${path}`, import.meta.url), 'utf8'));

describe.each(engines)('a health-only withdrawal in the tablet\'s pull (%s)', (engine) => {
  let server: Awaited<ReturnType<typeof startSyncTestServer>>;
  let app: FastifyInstance;
  let database: TestDatabase;
  let cookie: string;

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    ({ app, database, cookie } = server);
    const prepared = prepareArtifact('form', content('forms/profilingbogen@2.json'));
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    const saved = await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: { values: notice3Settings.values } });
    expect(saved.statusCode, saved.body).toBe(201);
  });
  afterAll(() => stopSyncTestServer(server));

  const pull = async (device: TestDevice, accept: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/sync/pull?accept=${encodeURIComponent(accept)}`, headers: { authorization: `Bearer ${device.deviceToken}` } });
    expect(response.statusCode, response.body).toBe(200);
    return pullResponseSchema.parse(response.json()).erasures ?? [];
  };
  const confirm = (device: TestDevice, body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/sync/erasures', headers: { authorization: `Bearer ${device.deviceToken}` }, payload: { deviceId: device.deviceId, ...body } });

  it('lists the health answer to the capturing tablet until it confirms', async () => {
    const settings = { ...notice3Settings, version: (await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } })).json().settings.version };
    const de = filledNotice(notice3Templates.de, settings)!;
    const device = await enrolledDevice(app, cookie);
    const other = await enrolledDevice(app, cookie, 'Tablet 2');
    const recordId = crypto.randomUUID();
    const record = notice3Record(recordId, { profiling: true, counselling: true, referral: true, statistics: true, health: true }, { ...v2AnswersWithEveryPart, workRestrictions: true }, de);
    const payload = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    const entry: PushEntry = { seq: 1, recordId, rev: 1, baseRev: 0, formRef: 'profilingbogen@2', noticeRef: noticeRef(de), payload, payloadSha256: payloadHash(payload) };
    expect((await push(app, device, [entry])).results[0]).toMatchObject({ status: 'applied' });
    const accepts = `recovery-key,server-key,${PARTIAL_ERASURES}`;
    expect(await pull(device, accepts)).toEqual([]);

    const withdrawn = await app.inject({ method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, headers: jsonWithCookie(cookie), payload: { channel: 'phone', receivedOn: '2026-12-01', scope: { explicitConsents: ['health'] } } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);

    // The capturing tablet is told which answers to erase; the record itself stays.
    const listed = await pull(device, accepts);
    expect(listed).toEqual([{ op: 'erase', recordId, erasedAt: expect.any(String), fields: ['workRestrictions'], id: expect.any(String) }]);
    // Again on the next pull, until confirmed.
    expect(await pull(device, accepts)).toEqual(listed);
    // An older client (no PARTIAL_ERASURES in accept) would take it for the whole record: not listed.
    expect(await pull(device, 'recovery-key,server-key')).toEqual([]);
    const oldStyle = await app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${device.deviceToken}` } });
    expect(oldStyle.json().erasures).toEqual([]);
    // Another tablet never held the record.
    expect(await pull(other, accepts)).toEqual([]);

    // Another device cannot confirm it; an empty confirmation is refused.
    expect((await confirm(other, { recordIds: [], partialIds: [listed[0]!.id] })).json()).toEqual({ confirmed: 0 });
    expect((await confirm(device, { recordIds: [] })).statusCode).toBe(400);

    const confirmed = await confirm(device, { recordIds: [], partialIds: [listed[0]!.id] });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ confirmed: 1 });
    expect(await pull(device, accepts)).toEqual([]);
    // A repeated confirmation counts nothing.
    expect((await confirm(device, { recordIds: [], partialIds: [listed[0]!.id] })).json()).toEqual({ confirmed: 0 });

    // The record was not erased as a whole: the rest is still on the server.
    const current = await database.db.selectFrom('records').select('erased_at').where('record_id', '=', recordId).executeTakeFirstOrThrow();
    expect(current.erased_at).toBeNull();
  });
});
