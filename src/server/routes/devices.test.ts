import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer, testClock } from '../testing/server';
import { countRows, enrolledDevice, jsonWithCookie, publishTestContent, push, pushRaw, pushBody, signedInCoordinator } from '../testing/api';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';

describe.each(engines)('enrolment and devices on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  const clock = testClock();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database, {}, { now: clock.now });
    cookie = await signedInCoordinator(app, database.db);
    await publishTestContent(database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const createEnrolment = (payload: Record<string, unknown> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie, host: 'lotse.example:8080' }, payload });
  const enrol = (code: string, deviceName = 'Tablet', remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code, deviceName }, remoteAddress });

  it('creates an enrolment: a grouped code, its expiry and a QR code of the enrol URL; only the hash is stored', async () => {
    const response = await createEnrolment({ deviceName: 'Tablet Nord' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(body.expiresAt).toBe(new Date(clock.now().getTime() + 24 * 60 * 60_000).toISOString());
    expect(body.enrolUrl).toBe(`http://lotse.example:8080/enrol#${body.code}`);
    expect(body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const rows = await database.db.selectFrom('enrolments').select('code_hash').execute();
    expect(JSON.stringify(rows)).not.toContain(body.code.replace('-', ''));

    const open = await app.inject({ method: 'GET', url: '/api/v1/enrolments', headers: { cookie } });
    expect(open.json().enrolments).toEqual([expect.objectContaining({ id: body.id, deviceName: 'Tablet Nord', createdBy: 'Anna' })]);
  });

  it('redeems a code once, under the name the coordinator gave; the token is stored only as a hash', async () => {
    const { code } = (await createEnrolment({ deviceName: 'Tablet Süd' })).json();
    const first = await enrol(code.toLowerCase().replace('-', ' '), 'Samsung');
    expect(first.statusCode).toBe(201);
    const device = first.json();
    expect(device).toEqual({ deviceId: expect.any(String), deviceToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), deviceName: 'Tablet Süd' });
    const second = await enrol(code, 'Other');
    expect(second.statusCode).toBe(400);
    expect(second.json().error.code).toBe('invalid_enrolment_code');
    const stored = await database.db.selectFrom('devices').selectAll().where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(device.deviceToken);
  });

  it('lets exactly one of several concurrent redemptions of one code through', async () => {
    const { code } = (await createEnrolment()).json();
    const before = await countRows(database.db, 'devices');
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => enrol(code, `Racer ${i}`, `10.9.0.${i}`)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 400, 400, 400, 400, 400]);
    expect(await countRows(database.db, 'devices')).toBe(before + 1);
  });

  it('refuses an expired code', async () => {
    const { code } = (await createEnrolment({ expiresInMinutes: 10 })).json();
    clock.advance(10 * 60_000);
    expect((await enrol(code, 'Late', '10.8.0.1')).statusCode).toBe(400);
  });

  it('rate-limits wrong codes per address', async () => {
    for (let i = 0; i < 5; i += 1) expect((await enrol('ZZZZ-ZZZZ', 'Guess', '10.7.0.1')).statusCode).toBe(400);
    const { code } = (await createEnrolment()).json();
    const limited = await enrol(code, 'Guess', '10.7.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await enrol(code, 'Honest', '10.7.0.2')).statusCode).toBe(201);
  });

  it('withdraws an open enrolment by id or by code', async () => {
    const byId = (await createEnrolment()).json();
    const byCode = (await createEnrolment()).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/enrolments/${byId.id}`, headers: jsonWithCookie(cookie) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/enrolments/${byCode.code}`, headers: jsonWithCookie(cookie) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/enrolments/${byCode.code}`, headers: jsonWithCookie(cookie) })).statusCode).toBe(404);
    expect((await enrol(byId.code, 'Tablet', '10.6.0.1')).statusCode).toBe(400);
    expect((await enrol(byCode.code, 'Tablet', '10.6.0.1')).statusCode).toBe(400);
  });

  it('keeps coordinator routes for coordinators', async () => {
    for (const [method, url] of [
      ['POST', '/api/v1/enrolments'],
      ['GET', '/api/v1/enrolments'],
      ['GET', '/api/v1/devices'],
      ['GET', '/api/v1/records'],
      ['GET', '/api/v1/issues'],
      ['POST', '/api/v1/devices/3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f/revoke'],
    ] as const) {
      expect((await app.inject({ method, url, payload: {} })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('notes every contact of a push: with the batch it stores, and after a push it refused', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet Ost');
    const lastSeen = async () => (await database.db.selectFrom('devices').select('last_seen_at').where('id', '=', device.deviceId).executeTakeFirstOrThrow()).last_seen_at;
    clock.advance(60_000);
    await push(app, device, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 })]);
    expect(await lastSeen()).toBe(clock.now().toISOString());
    clock.advance(60_000);
    const refused = await pushRaw(app, device, { ...pushBody(device, []), entries: 'not a list' });
    expect(refused.statusCode).toBe(400);
    // Noted once the answer is out.
    await expect.poll(lastSeen).toBe(clock.now().toISOString());
  });

  it('lists devices with their sync state, and revoking one stops it (403) while its records stay', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet West');
    const recordId = crypto.randomUUID();
    const result = await push(app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })], { pendingCount: 4 });
    expect(result.results[0]?.status).toBe('applied');

    const listed = (await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } })).json().devices;
    expect(listed.find((d: { id: string }) => d.id === device.deviceId)).toEqual({
      id: device.deviceId,
      name: 'Tablet West',
      enrolledAt: clock.now().toISOString(),
      lastSeenAt: clock.now().toISOString(),
      lastSyncAt: clock.now().toISOString(),
      lastSeq: 1,
      entriesReceived: 1,
      pendingCount: 4,
      revoked: false,
      revokedAt: null,
      unconfirmedErasures: { count: 0, first: [] },
      wipeRequestedAt: null,
      wipedAt: null,
    });

    const revoked = await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(cookie) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked).toBe(true);
    const refused = await pushRaw(app, device, pushBody(device, []));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('device_revoked');
    const pull = await app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${device.deviceToken}` } });
    expect(pull.statusCode).toBe(403);

    const records = await app.inject({ method: 'GET', url: `/api/v1/devices/${device.deviceId}/records`, headers: { cookie } });
    expect(records.json().records.map((r: { recordId: string }) => r.recordId)).toEqual([recordId]);
    expect((await app.inject({ method: 'POST', url: `/api/v1/devices/${crypto.randomUUID()}/revoke`, headers: jsonWithCookie(cookie) })).statusCode).toBe(404);
  });
});
