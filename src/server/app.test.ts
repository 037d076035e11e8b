/**
 * Regression tests for answers the reliability fuzzer (integration/reliability/fuzz.test.ts)
 * found outside the one error shape or as 500s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { apiErrorSchema } from '../core/sync/index';
import { createTestDatabase, engines, type TestDatabase } from './testing/databases';
import { createTestServer } from './testing/server';
import { jsonWithCookie, publishTestContent, signedInCoordinator } from './testing/api';

function expectWellFormedError(response: LightMyRequestResponse, status: number, code?: string): void {
  expect(response.statusCode, response.body).toBe(status);
  const parsed = apiErrorSchema.safeParse(response.json());
  expect(parsed.success, response.body).toBe(true);
  if (code) expect(parsed.data?.error.code).toBe(code);
}

describe.each(engines)('error answers on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishTestContent(database.db);
    app = await createTestServer(database);
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers a URL with broken percent-encoding in the one error shape (was Fastify\'s own)', async () => {
    for (const url of ['/api/v1/records/%ZZ', '/api/v1/devices/%E0%A4/revoke', '/api/v1/enrolments/%']) {
      const method = url.endsWith('revoke') ? 'POST' : url.includes('enrolments') ? 'DELETE' : 'GET';
      expectWellFormedError(await app.inject({ method, url, headers: { cookie } }), 400, 'bad_url');
    }
  });

  it('answers a path parameter over the length limit in the one error shape', async () => {
    // Over maxParamLength the router falls through to the /api/* catch-all.
    expectWellFormedError(await app.inject({ method: 'GET', url: `/api/v1/records/${'a'.repeat(150)}`, headers: { cookie } }), 404, 'not_found');
  });

  it('never answers text with a NUL character with a 500 (PostgreSQL cannot store it)', async () => {
    const { code } = (await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} })).json();
    const requests = [
      { method: 'POST', url: '/api/v1/auth/login', payload: { name: 'An\u0000na', password: 'wrong password' } },
      { method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: { deviceName: 'Tab\u0000let' } },
      { method: 'POST', url: '/api/v1/enrol', payload: { code, deviceName: 'Tab\u0000let' } },
      { method: 'DELETE', url: '/api/v1/enrolments/ab%00cd', headers: jsonWithCookie(cookie) },
      { method: 'POST', url: '/api/v1/artifacts/retire', headers: { cookie }, payload: { kind: 'form', id: 'test\u0000bogen', version: 1, lang: null } },
    ] as const;
    for (const request of requests) {
      const response = await app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBeLessThan(500);
      expect(apiErrorSchema.safeParse(response.json()).success || response.statusCode < 300, response.body).toBe(true);
      if (engine === 'postgres') expectWellFormedError(response, 400, 'bad_request');
    }
  });
});
