/**
 * The attacks on the rate limits that worked before (issue 16.2): 200 wrong sign-ins at once were
 * all checked (limit 5) and scrypt filled the thread pool so a static file took 24.6 s; 300 wrong
 * enrolment codes at once were all evaluated on PostgreSQL; anyone could lock a coordinator out by
 * name; behind a proxy the client chose its own address in X-Forwarded-For.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { login, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import { configFromEnv } from '../config';

// Each wrong password costs a full scrypt (about 0.8 s on a loaded two-core machine).
const SLOW = 180_000;

function statuses(responses: LightMyRequestResponse[]): Record<number, number> {
  const counted: Record<number, number> = {};
  for (const response of responses) counted[response.statusCode] = (counted[response.statusCode] ?? 0) + 1;
  return counted;
}

describe.each(engines)('rate limits under concurrency on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database);
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('checks no more than 5 of 200 wrong sign-ins sent at once from one address, and the owner still gets in', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => login(app, 'Anna', 'wrong password!', '10.20.0.1')));
    const counted = statuses(answers);
    expect(counted[401], JSON.stringify(counted)).toBeGreaterThanOrEqual(1);
    expect(counted[401], JSON.stringify(counted)).toBeLessThanOrEqual(5);
    // Everything else was refused unchecked: by the limit, or because hashing was busy.
    expect((counted[429] ?? 0) + (counted[503] ?? 0) + counted[401]!, JSON.stringify(counted)).toBe(200);
    const limited = answers.find((answer) => answer.statusCode === 429)!;
    expect(limited.json().error.code).toBe('too_many_attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The guessing address is held; the coordinator at her own desk is not.
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.20.0.1')).statusCode).toBe(429);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.20.0.2')).statusCode).toBe(200);
  }, SLOW);

  it('evaluates no more than 5 of 300 wrong enrolment codes sent at once from one address', async () => {
    const before = await database.db.selectFrom('devices').select('id').execute();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        app.inject({ method: 'POST', url: '/api/v1/enrol', remoteAddress: '10.21.0.1', payload: { code: `WRNG-${String(i).padStart(4, '0').replace(/\d/g, (d) => 'ABCDEFGHJK'[Number(d)]!)}`, deviceName: 'Guess' } }),
      ),
    );
    const counted = statuses(answers);
    expect(counted[400], JSON.stringify(counted)).toBeGreaterThanOrEqual(1);
    expect(counted[400], JSON.stringify(counted)).toBeLessThanOrEqual(5);
    expect(counted[400]! + (counted[429] ?? 0), JSON.stringify(counted)).toBe(300);
    expect(await database.db.selectFrom('devices').select('id').execute()).toEqual(before);
    // A tablet elsewhere enrols with a good code as usual.
    const { code } = (await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} })).json();
    expect((await app.inject({ method: 'POST', url: '/api/v1/enrol', remoteAddress: '10.21.0.2', payload: { code, deviceName: 'Tablet' } })).statusCode).toBe(201);
  }, SLOW);

  it('lets a coordinator whose name is being guessed from many addresses in from a clean address, and an admin lift the limit', async () => {
    for (let i = 0; i < 10; i += 1) expect((await login(app, 'Anna', 'wrong password!', `10.22.0.${i}`)).statusCode).toBe(401);
    // An address that has failed before is held by the name's limit, briefly (≤ 5 min)...
    const held = await login(app, 'Anna', TEST_PASSWORD, '10.22.0.3');
    expect(held.statusCode).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeLessThanOrEqual(5 * 60);
    // ...an address without failures is not: the right password works at once.
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.22.1.1')).statusCode).toBe(200);

    const unlock = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'unlock-login', 'anna'], {
      env: { ...process.env, ...database.env },
      encoding: 'utf8',
    });
    expect(unlock.stderr).toBe('');
    expect(unlock.status).toBe(0);
    expect(unlock.stdout).toMatch(/Sign-in for "anna" unlocked \(\d+ failed attempts forgotten\)/);
    expect((await login(app, 'Anna', TEST_PASSWORD, '10.22.0.3')).statusCode).toBe(200);
  }, SLOW);
});

describe('password hashing under a sign-in flood', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-flood-'));
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Lotse</title>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc.js'), 'export const shell = 1;');
    database = await createTestDatabase('sqlite');
    app = await createTestServer(database, { staticDir });
    await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers a static file and health promptly while 300 sign-ins from 300 addresses arrive at once', async () => {
    let floodStarted!: () => void;
    const started = new Promise<void>((resolve) => (floodStarted = resolve));
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        login(app, `Guess ${i}`, 'wrong password!', `10.30.${Math.floor(i / 250)}.${i % 250}`).then((answer) => {
          floodStarted();
          return answer;
        }),
      ),
    );
    // Once the first guesses are answered the rest are hashing or queued for it.
    await started;
    const startedAt = performance.now();
    const file = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    const elapsedMs = performance.now() - startedAt;
    const answers = await flood;

    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('shell = 1');
    expect(health.statusCode).toBe(200);
    // Unbounded, 300 scrypt runs (0.8 s each here) queued ahead of the file on 4 threads: about a minute.
    expect(elapsedMs).toBeLessThan(5000);
    const counted = statuses(answers);
    expect(counted[401]! + counted[503]!, JSON.stringify(counted)).toBe(300);
    const busy = answers.find((answer) => answer.statusCode === 503)!;
    expect(busy.json().error.code).toBe('busy');
    expect(busy.headers['retry-after']).toBe('1');
    // A refusal for being busy is not a failure of whoever tried: it leaves no count behind.
    const failures = await database.db.selectFrom('login_attempts').select('id').where('key', 'like', 'login-ip:%').execute();
    expect(failures.length).toBe(counted[401]);
  }, SLOW);
});

describe('client addresses behind a proxy', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.drop();
  });

  for (const trustProxy of [1, '10.0.0.1'] as const) {
    it(`takes the address the proxy saw, not one the client wrote (TRUST_PROXY=${trustProxy})`, async () => {
      const app = await createTestServer(database, { trustProxy });
      await signedInCoordinator(app, database.db, `Anna ${trustProxy}`);
      try {
        // Our proxy (10.0.0.1) appends the address it saw; everything to its left is the client's own writing.
        const viaProxy = (forged: string, real: string, password = 'wrong password!') =>
          app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: '10.0.0.1',
            headers: { 'x-forwarded-for': `${forged}, ${real}` },
            payload: { name: `Anna ${trustProxy}`, password },
          });
        for (let i = 0; i < 5; i += 1) expect((await viaProxy(`198.51.100.${i}`, '203.0.113.7')).statusCode).toBe(401);
        expect((await viaProxy('198.51.100.99', '203.0.113.7', TEST_PASSWORD)).statusCode).toBe(429);
        // Another real client behind the same proxy is not held by the first one's failures.
        expect((await viaProxy('198.51.100.1', '203.0.113.8', TEST_PASSWORD)).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    }, SLOW);
  }

  it('without TRUST_PROXY ignores X-Forwarded-For entirely, and refuses TRUST_PROXY=true', async () => {
    const app = await createTestServer(database);
    await signedInCoordinator(app, database.db, 'Bert');
    try {
      for (let i = 0; i < 5; i += 1) {
        const answer = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.5', headers: { 'x-forwarded-for': `198.51.100.${i}` }, payload: { name: 'Bert', password: 'wrong password!' } });
        expect(answer.statusCode).toBe(401);
      }
      expect((await login(app, 'Bert', TEST_PASSWORD, '192.0.2.5')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
    expect(() => configFromEnv({ TRUST_PROXY: 'true' })).toThrow(/number of proxies/);
    expect(configFromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(configFromEnv({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy).toBe('127.0.0.1,10.0.0.0/8');
  }, SLOW);
});
