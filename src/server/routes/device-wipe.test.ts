/**
 * Issue #12: a device marked lost is told to wipe itself on its next pull, its pushes still count,
 * and its confirmation revokes the token (item 6); the tablets' lock policy (item 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { createCoordinator } from '../accounts/coordinators';
import { engines } from '../testing/databases';
import { TEST_PASSWORD, cookieOf, enrolledDevice, jsonWithCookie, login, push, pushBody, pushRaw, startSyncTestServer, stopSyncTestServer, type SyncTestServer } from '../testing/api';

describe.each(engines)('lost devices and the lock policy on %s', (engine) => {
  let server: SyncTestServer;
  let coordinatorCookie: string;

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    await createCoordinator(server.database.db, { name: 'Carla', password: TEST_PASSWORD, now: new Date(), role: 'coordinator' });
    coordinatorCookie = cookieOf(await login(server.app, 'Carla'));
  });
  afterAll(() => stopSyncTestServer(server));

  const markLost = (id: string, cookie = server.cookie) => server.app.inject({ method: 'POST', url: `/api/v1/devices/${id}/wipe`, headers: jsonWithCookie(cookie) });
  const pull = (token: string) => server.app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${token}` } });
  const wiped = (device: { deviceId: string; deviceToken: string }) =>
    server.app.inject({ method: 'POST', url: '/api/v1/sync/wiped', headers: { authorization: `Bearer ${device.deviceToken}` }, payload: { deviceId: device.deviceId } });
  const listed = async (id: string) => ((await server.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: server.cookie } })).json().devices as { id: string }[]).find((d) => d.id === id);

  it('marks a device lost: its pushes still count, its pull says wipe, its confirmation revokes it; each step is in the audit log', async () => {
    const device = await enrolledDevice(server.app, server.cookie, 'Tablet verloren');
    expect((await pull(device.deviceToken)).json().wipe).toBeUndefined();

    expect((await markLost(device.deviceId, coordinatorCookie)).statusCode).toBe(403);
    const marked = await markLost(device.deviceId);
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toEqual({ id: device.deviceId, name: 'Tablet verloren', wipeRequestedAt: expect.any(String) });
    // Twice keeps the first time, and logs once.
    expect((await markLost(device.deviceId)).json().wipeRequestedAt).toBe(marked.json().wipeRequestedAt);
    expect(await listed(device.deviceId)).toMatchObject({ revoked: false, wipeRequestedAt: marked.json().wipeRequestedAt, wipedAt: null });

    const recordId = crypto.randomUUID();
    const answer = await push(server.app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })]);
    expect(answer.results).toEqual([{ seq: 1, status: 'applied', serverRev: 1 }]);
    expect((await pull(device.deviceToken)).json().wipe).toBe(true);

    expect((await wiped(device)).statusCode).toBe(204);
    const refused = await pushRaw(server.app, device, pushBody(device, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 2 })]));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('device_revoked');
    expect((await pull(device.deviceToken)).statusCode).toBe(403);
    expect(await listed(device.deviceId)).toMatchObject({ revoked: true, wipedAt: expect.any(String) });
    const records = await server.database.db.selectFrom('records').select('record_id').where('device_id', '=', device.deviceId).execute();
    expect(records).toEqual([{ record_id: recordId }]);

    const audit = await server.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('target_id', '=', device.deviceId).orderBy('seq').execute();
    expect(audit.map((row) => `${row.action}/${row.actor_type}`)).toEqual(['device.enrol/device', 'device.wipe_request/account', 'device.wipe/device']);
  });

  it('refuses to mark a revoked device lost, and a wipe confirmation nobody asked for', async () => {
    const device = await enrolledDevice(server.app, server.cookie, 'Tablet 2');
    const early = await wiped(device);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('wipe_not_requested');
    expect((await pull(device.deviceToken)).statusCode).toBe(200);
    await server.app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(server.cookie) });
    const late = await markLost(device.deviceId);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('device_revoked');
    expect((await markLost(crypto.randomUUID())).statusCode).toBe(404);
  });

  it('a lost mark is taken back before the device made contact (audited); once it was in contact the mark stays', async () => {
    const cancel = (id: string) => server.app.inject({ method: 'DELETE', url: `/api/v1/devices/${id}/wipe`, headers: jsonWithCookie(server.cookie) });
    const device = await enrolledDevice(server.app, server.cookie, 'Tablet in der Schublade');
    expect((await markLost(device.deviceId)).statusCode).toBe(200);
    const cancelled = await cancel(device.deviceId);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toEqual({ id: device.deviceId, name: 'Tablet in der Schublade', wipeRequestedAt: null });
    expect(await listed(device.deviceId)).toMatchObject({ revoked: false, wipeRequestedAt: null });
    // The device is not told to wipe itself, and its token still works.
    expect((await pull(device.deviceToken)).json().wipe).toBeUndefined();
    expect((await cancel(device.deviceId)).json().error.code).toBe('wipe_not_requested');

    // Marked again; the device pulls (and learns of the wipe): the mark can no longer be taken back.
    expect((await markLost(device.deviceId)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await pull(device.deviceToken)).json().wipe).toBe(true);
    const late = await cancel(device.deviceId);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('wipe_delivered');
    expect(await listed(device.deviceId)).toMatchObject({ wipeRequestedAt: expect.any(String) });
    expect((await pull(device.deviceToken)).json().wipe).toBe(true);
    expect((await cancel(crypto.randomUUID())).statusCode).toBe(404);

    const audit = await server.database.db.selectFrom('audit_log').select(['action', 'actor_type']).where('target_id', '=', device.deviceId).orderBy('seq').execute();
    expect(audit.map((row) => `${row.action}/${row.actor_type}`)).toEqual(['device.enrol/device', 'device.wipe_request/account', 'device.wipe_cancel/account', 'device.wipe_request/account']);
  });

  it('the lock policy: defaults until an admin saves one, then pulled as device-policy by tablets that accept it', async () => {
    const get = (cookie = server.cookie) => server.app.inject({ method: 'GET', url: '/api/v1/device-policy', headers: { cookie } });
    const put = (payload: unknown, cookie = server.cookie) => server.app.inject({ method: 'PUT', url: '/api/v1/device-policy', headers: { cookie }, payload: payload as Record<string, unknown> });
    expect((await get()).json()).toEqual({ values: { inactivityMinutes: 5, hiddenMinutes: 1 }, version: null, publishedAt: null });
    expect((await get(coordinatorCookie)).statusCode).toBe(403);
    expect((await put({ inactivityMinutes: 3, hiddenMinutes: 0 }, coordinatorCookie)).statusCode).toBe(403);
    const bad = await put({ inactivityMinutes: 0, hiddenMinutes: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ path: ['inactivityMinutes'] })]);

    const saved = await put({ inactivityMinutes: 3, hiddenMinutes: 0 });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ values: { inactivityMinutes: 3, hiddenMinutes: 0 }, version: 1 });
    expect((await put({ inactivityMinutes: 3, hiddenMinutes: 0 })).statusCode).toBe(200);
    expect((await put({ inactivityMinutes: 10, hiddenMinutes: 2 })).json()).toMatchObject({ version: 2 });

    const device = await enrolledDevice(server.app, server.cookie, 'Tablet 3');
    const withPolicy = await server.app.inject({ method: 'GET', url: '/api/v1/sync/pull?accept=device-policy', headers: { authorization: `Bearer ${device.deviceToken}` } });
    const policies = withPolicy.json().changes.filter((change: { kind: string }) => change.kind === 'device-policy');
    expect(policies.map((change: { body: unknown }) => change.body)).toEqual([
      { id: 'tablets', version: 1, inactivityMinutes: 3, hiddenMinutes: 0 },
      { id: 'tablets', version: 2, inactivityMinutes: 10, hiddenMinutes: 2 },
    ]);
    const without = await pull(device.deviceToken);
    expect(without.json().changes.some((change: { kind: string }) => change.kind === 'device-policy')).toBe(false);
    const audit = await server.database.db.selectFrom('audit_log').select('action').where('action', '=', 'device_policy.change').execute();
    expect(audit).toHaveLength(2);
  });
});
