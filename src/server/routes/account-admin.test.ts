import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer, testClock } from '../testing/server';
import { cookieOf, jsonWithCookie, login, signedInCoordinator, TEST_PASSWORD } from '../testing/api';

const NEW_PASSWORD = 'a new password, long enough';

describe.each(engines)('account management on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  const clock = testClock();
  let address = 0;

  const as = (cookie: string) => ({
    get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url: string, payload?: Record<string, unknown>) =>
      app.inject({ method: 'POST', url, headers: jsonWithCookie(cookie), ...(payload && { payload }) }),
  });
  const tokenOf = (response: LightMyRequestResponse) => {
    const url = new URL(response.json().link.url as string);
    expect(url.pathname).toBe('/coordinator/password');
    return url.hash.slice(1);
  };
  const setPassword = (token: string, password = TEST_PASSWORD) => app.inject({ method: 'POST', url: '/api/v1/accounts/password', payload: { token, password } });
  const signIn = (name: string, password = TEST_PASSWORD) => login(app, name, password, `10.9.0.${++address}`);
  const errorCode = (response: LightMyRequestResponse) => response.json().error.code as string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database, {}, { now: clock.now });
    admin = await signedInCoordinator(app, database.db, 'Anna');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('creates an account whose owner sets the password with a one-time link, then works in their role', async () => {
    const created = await as(admin).post('/api/v1/accounts', { name: '  Carla Koordination ', role: 'coordinator' });
    expect(created.statusCode).toBe(201);
    expect(created.json().account).toMatchObject({ name: 'Carla Koordination', role: 'coordinator', disabledAt: null, passwordSet: false });
    expect(created.json().link.expiresAt).toBe(new Date(clock.now().getTime() + 72 * 60 * 60_000).toISOString());
    const token = tokenOf(created);
    // Only the link's hash is stored.
    const links = await database.db.selectFrom('password_links').select('token_hash').execute();
    expect(links.map((link) => link.token_hash)).not.toContain(token);

    // Without a password nobody signs in with that name.
    expect((await signIn('Carla Koordination', '!')).statusCode).toBe(401);
    expect(errorCode(await setPassword(token, 'short'))).toBe('weak_password');
    const set = await setPassword(token);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().coordinator).toMatchObject({ name: 'Carla Koordination', role: 'coordinator' });
    const carla = cookieOf(set);
    // The link is used up.
    const again = await setPassword(token, NEW_PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(errorCode(again)).toBe('invalid_password_link');

    expect((await as(carla).get('/api/v1/records')).statusCode).toBe(200);
    expect((await as(carla).get('/api/v1/evaluation')).statusCode).toBe(200);
    for (const url of ['/api/v1/accounts', '/api/v1/devices', '/api/v1/audit', '/api/v1/settings']) {
      const refused = await as(carla).get(url);
      expect(refused.statusCode, url).toBe(403);
      expect(errorCode(refused), url).toBe('forbidden');
    }
    expect((await signIn('Carla Koordination')).statusCode).toBe(200);

    const list = await as(admin).get('/api/v1/accounts');
    expect(list.json().accounts.map((account: { name: string; role: string; passwordSet: boolean; linkExpiresAt: string | null }) => [account.name, account.role, account.passwordSet, account.linkExpiresAt]))
      .toEqual([['Anna', 'admin', true, null], ['Carla Koordination', 'coordinator', true, null]]);
  });

  it('refuses a taken name, an unknown role, an unknown account and an expired link', async () => {
    expect(errorCode(await as(admin).post('/api/v1/accounts', { name: 'Anna', role: 'analyst' }))).toBe('name_taken');
    expect((await as(admin).post('/api/v1/accounts', { name: 'Dora', role: 'superuser' })).statusCode).toBe(400);
    expect((await as(admin).post('/api/v1/accounts', { name: '', role: 'analyst' })).statusCode).toBe(400);
    expect((await as(admin).post(`/api/v1/accounts/${crypto.randomUUID()}/disable`)).statusCode).toBe(404);
    expect((await as(admin).post('/api/v1/accounts/not-a-uuid/disable')).statusCode).toBe(400);

    const created = await as(admin).post('/api/v1/accounts', { name: 'Late Larry', role: 'analyst' });
    const token = tokenOf(created);
    clock.advance(72 * 60 * 60_000 + 1000);
    expect(errorCode(await setPassword(token))).toBe('invalid_password_link');
    admin = cookieOf(await signIn('Anna'));
    // The list says the link has run out; a new one works.
    const larry = (await as(admin).get('/api/v1/accounts')).json().accounts.find((account: { name: string }) => account.name === 'Late Larry');
    expect(larry).toMatchObject({ passwordSet: false, linkExpiresAt: null });
    const renewed = await as(admin).post(`/api/v1/accounts/${larry.id}/password-link`);
    expect(renewed.statusCode).toBe(200);
    expect((await setPassword(tokenOf(renewed))).statusCode).toBe(200);
  });

  it('changes a role with effect on the next request of a live session', async () => {
    const created = await as(admin).post('/api/v1/accounts', { name: 'Rolf', role: 'coordinator' });
    const id = created.json().account.id as string;
    const rolf = cookieOf(await setPassword(tokenOf(created)));
    expect((await as(rolf).get('/api/v1/records')).statusCode).toBe(200);

    const changed = await as(admin).post(`/api/v1/accounts/${id}/role`, { role: 'analyst' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().account.role).toBe('analyst');
    expect((await as(rolf).get('/api/v1/records')).statusCode).toBe(403);
    expect((await as(rolf).get(`/api/v1/records/${crypto.randomUUID()}`)).statusCode).toBe(403);
    expect((await as(rolf).get('/api/v1/evaluation')).statusCode).toBe(200);
    expect((await as(rolf).get('/api/v1/auth/me')).json().coordinator.role).toBe('analyst');

    expect((await as(admin).post(`/api/v1/accounts/${id}/role`, { role: 'admin' })).statusCode).toBe(200);
    expect((await as(rolf).get('/api/v1/accounts')).statusCode).toBe(200);
  });

  it('disables an account: its sessions end at once and it cannot sign in until enabled', async () => {
    const created = await as(admin).post('/api/v1/accounts', { name: 'Dieter', role: 'coordinator' });
    const id = created.json().account.id as string;
    const first = cookieOf(await setPassword(tokenOf(created)));
    const second = cookieOf(await signIn('Dieter'));

    const disabled = await as(admin).post(`/api/v1/accounts/${id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().account.disabledAt).toBe(clock.now().toISOString());
    for (const cookie of [first, second]) {
      const refused = await as(cookie).get('/api/v1/auth/me');
      expect(refused.statusCode).toBe(401);
      expect(errorCode(refused)).toBe('unauthenticated');
    }
    expect(await database.db.selectFrom('sessions').select('id_hash').where('coordinator_id', '=', id).execute()).toEqual([]);
    expect((await signIn('Dieter')).statusCode).toBe(401);
    // A reset link is not handed out for a disabled account.
    expect(errorCode(await as(admin).post(`/api/v1/accounts/${id}/password-link`))).toBe('account_disabled');

    expect((await as(admin).post(`/api/v1/accounts/${id}/enable`)).json().account.disabledAt).toBeNull();
    expect((await signIn('Dieter')).statusCode).toBe(200);
  });

  it('resets a password: the old one stops working and sessions end; the link sets a new one', async () => {
    const created = await as(admin).post('/api/v1/accounts', { name: 'Paula', role: 'analyst' });
    const id = created.json().account.id as string;
    const session = cookieOf(await setPassword(tokenOf(created)));

    const reset = await as(admin).post(`/api/v1/accounts/${id}/password-link`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().account).toMatchObject({ passwordSet: false });
    expect((await as(session).get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await signIn('Paula')).statusCode).toBe(401);

    // A second reset makes the first link worthless.
    const newer = await as(admin).post(`/api/v1/accounts/${id}/password-link`);
    expect(errorCode(await setPassword(tokenOf(reset), NEW_PASSWORD))).toBe('invalid_password_link');
    expect((await setPassword(tokenOf(newer), NEW_PASSWORD)).statusCode).toBe(200);
    expect((await signIn('Paula', NEW_PASSWORD)).statusCode).toBe(200);
    expect((await signIn('Paula')).statusCode).toBe(401);
  });

  it('never leaves the server without an admin who can sign in', async () => {
    const fresh = await createTestDatabase(engine);
    const server = await createTestServer(fresh);
    try {
      const only = await signedInCoordinator(server, fresh.db, 'Solo');
      const me = (await server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: only } })).json().coordinator.id as string;
      const post = (url: string, payload?: Record<string, unknown>) => server.inject({ method: 'POST', url, headers: jsonWithCookie(only), ...(payload && { payload }) });
      for (const refused of [await post(`/api/v1/accounts/${me}/role`, { role: 'coordinator' }), await post(`/api/v1/accounts/${me}/disable`)]) {
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error.code).toBe('last_admin');
      }
      // An admin who has not set a password yet does not count.
      const second = await post('/api/v1/accounts', { name: 'Second', role: 'admin' });
      expect((await post(`/api/v1/accounts/${me}/disable`)).statusCode).toBe(409);
      await server.inject({ method: 'POST', url: '/api/v1/accounts/password', payload: { token: new URL(second.json().link.url as string).hash.slice(1), password: TEST_PASSWORD } });
      expect((await post(`/api/v1/accounts/${me}/role`, { role: 'coordinator' })).statusCode).toBe(200);
      // Solo is no admin any more: account management is closed to them.
      expect((await post(`/api/v1/accounts/${me}/role`, { role: 'admin' })).statusCode).toBe(403);
      const row = await fresh.db.selectFrom('coordinators').select('role').where('id', '=', me).executeTakeFirstOrThrow();
      expect(row.role).toBe('coordinator');
    } finally {
      await server.close();
      await fresh.drop();
    }
  });

  it('makes the first set-up account an admin', async () => {
    const fresh = await createTestDatabase(engine);
    const server = await createTestServer(fresh);
    try {
      const { createSetupToken } = await import('../accounts/coordinators');
      const { token } = await createSetupToken(fresh.db, new Date());
      const created = await server.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, name: 'Erste', password: TEST_PASSWORD } });
      expect(created.statusCode).toBe(201);
      expect(created.json().coordinator.role).toBe('admin');
      expect((await server.inject({ method: 'GET', url: '/api/v1/accounts', headers: { cookie: cookieOf(created) } })).statusCode).toBe(200);
    } finally {
      await server.close();
      await fresh.drop();
    }
  });
});
