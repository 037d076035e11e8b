import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer, testClock } from '../testing/server';
import { cookieOf, jsonWithCookie, login, TEST_PASSWORD } from '../testing/api';
import { createSetupToken } from '../accounts/coordinators';

describe.each(engines)('coordinator accounts on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const clock = testClock();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database, {}, { now: clock.now });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('creates the first coordinator once with the set-up token, and signs them in', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ setupRequired: true });
    const { token } = await createSetupToken(database.db, clock.now());

    const wrongToken = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token: 'nope', name: 'Anna', password: TEST_PASSWORD } });
    expect(wrongToken.statusCode).toBe(401);
    const weak = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, name: 'Anna', password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('weak_password');

    const created = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, name: 'Anna', password: TEST_PASSWORD } });
    expect(created.statusCode).toBe(201);
    expect(created.json().coordinator.name).toBe('Anna');
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookieOf(created) } });
    expect(me.json().coordinator.name).toBe('Anna');

    const again = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, name: 'Eve', password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ setupRequired: false });
    // A token made before the first coordinator existed is worthless afterwards.
    const rows = await database.db.selectFrom('setup_tokens').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('signs in with an HTTP-only, SameSite=Strict cookie whose id is stored only as a hash', async () => {
    const response = await login(app, 'Anna');
    expect(response.statusCode).toBe(200);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^lotse_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).toContain('Max-Age=43200');
    expect(header).not.toContain('Secure'); // plain http here; https requests get Secure
    const sessionId = cookieOf(response).split('=')[1]!;
    const stored = await database.db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(sessionId);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.id_hash))).toBe(true);
  });

  it('refuses a wrong password or name alike, and coordinator routes without a session', async () => {
    const wrongPassword = await login(app, 'Anna', 'wrong password!', '10.0.0.2');
    const wrongName = await login(app, 'Nobody', TEST_PASSWORD, '10.0.0.3');
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongName.statusCode).toBe(401);
    expect(wrongPassword.json().error).toEqual(wrongName.json().error);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie: 'lotse_session=forged' } })).statusCode).toBe(401);
  });

  it('rate-limits failures per name at one address (429 with Retry-After) until the window passes, without locking the name elsewhere', async () => {
    await database.db.deleteFrom('login_attempts').execute();
    for (let i = 0; i < 5; i += 1) expect((await login(app, 'Anna', 'wrong password!', '10.1.0.1')).statusCode).toBe(401);
    const limited = await login(app, 'Anna', TEST_PASSWORD, '10.1.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('too_many_attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Five wrong passwords from one place no longer lock the coordinator out everywhere.
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.1.0.99')).statusCode).toBe(200);
    clock.advance(15 * 60_000 + 1000);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.1.0.1')).statusCode).toBe(200);
  });

  it('rate-limits failures per name across addresses for addresses that have failed, for a short window', async () => {
    await database.db.deleteFrom('login_attempts').execute();
    for (let i = 0; i < 10; i += 1) expect((await login(app, 'Anna', 'wrong password!', `10.1.1.${i}`)).statusCode).toBe(401);
    const limited = await login(app, 'Anna', TEST_PASSWORD, '10.1.1.0');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(5 * 60);
    expect((await login(app, 'Anna', 'wrong password!', '10.1.1.11')).statusCode).toBe(401);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.1.1.11')).statusCode).toBe(429);
    clock.advance(5 * 60_000 + 1000);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.1.1.0')).statusCode).toBe(200);
  });

  it('rate-limits failures per address across names', async () => {
    await database.db.deleteFrom('login_attempts').execute();
    for (let i = 0; i < 10; i += 1) expect((await login(app, `Guess${i}`, 'wrong password!', '10.2.0.1')).statusCode).toBe(401);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(429);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.2.0.2')).statusCode).toBe(200);
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const cookie = cookieOf(await login(app, 'Anna', TEST_PASSWORD, '10.3.0.1'));
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: jsonWithCookie(cookie) });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/lotse_session=;/);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends a session after 12 hours', async () => {
    const cookie = cookieOf(await login(app, 'Anna', TEST_PASSWORD, '10.4.0.1'));
    clock.advance(12 * 60 * 60_000 - 1000);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    clock.advance(2000);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('creates coordinators from the command line, reading the password from stdin', () => {
    const run = (name: string, input: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'create-coordinator', name], {
        input,
        env: { ...process.env, ...database.env },
        encoding: 'utf8',
      });
    const created = run('Bert', `${TEST_PASSWORD}\n`);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('Coordinator "Bert" created');
    expect(created.status).toBe(0);
    const duplicate = run('Bert', `${TEST_PASSWORD}\n`);
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('exists already');
    const short = run('Carla', 'short\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    // Three processes, each starting tsx: slow on a busy machine.
  }, 90_000);

  it('creates an account of another role from the command line', () => {
    const analyst = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'create-coordinator', '--role', 'analyst', 'Dana', 'Daten'], {
      input: `${TEST_PASSWORD}\n`,
      env: { ...process.env, ...database.env },
      encoding: 'utf8',
    });
    expect(analyst.stdout).toContain('Coordinator "Dana Daten" created, role analyst');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'create-coordinator', '--role', 'boss', 'Eve'], { input: `${TEST_PASSWORD}\n`, env: { ...process.env, ...database.env }, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--role must be one of admin, coordinator, analyst');
  }, 60_000);

  it('lets the new coordinator sign in', async () => {
    expect((await login(app, 'Bert', TEST_PASSWORD, '10.5.0.1')).statusCode).toBe(200);
    // The command line made Bert an admin (the default) and Dana an analyst.
    const roles = await database.db.selectFrom('coordinators').select(['name', 'role']).where('name', 'in', ['Bert', 'Dana Daten']).orderBy('name').execute();
    expect(roles).toEqual([{ name: 'Bert', role: 'admin' }, { name: 'Dana Daten', role: 'analyst' }]);
  });
});
