/**
 * Request forgery and the headers every answer carries. The attack that worked before: a page on
 * another port of the same host posted a `text/plain` form to the revoke route, the browser
 * attached the coordinator's SameSite=Strict cookie (same site), and the device was revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { cookieOf, enrolledDevice, jsonWithCookie, login, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import { CONTENT_SECURITY_POLICY } from './browser-guards';

// What Fastify's inject sends as Host; the app's own pages post with exactly this Origin.
const OWN_ORIGIN = 'http://localhost:80';

function expectSecurityHeaders(response: LightMyRequestResponse, what: string): void {
  expect(response.headers['content-security-policy'], what).toBe(CONTENT_SECURITY_POLICY);
  expect(response.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.headers['referrer-policy'], what).toBe('no-referrer');
  expect(response.headers['x-frame-options'], what).toBe('DENY');
}

describe.each(engines)('request forgery on %s', (engine) => {
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

  async function isRevoked(deviceId: string): Promise<boolean> {
    const devices = (await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } })).json().devices as { id: string; revoked: boolean }[];
    return devices.find((device) => device.id === deviceId)!.revoked;
  }

  it('refuses the text/plain form post from another port of the same host that revoked a device', async () => {
    const device = await enrolledDevice(app, cookie);
    const forged = await app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device.deviceId}/revoke`,
      // Exactly what Chromium sends for <form method=post enctype=text/plain> on http://localhost:8081.
      headers: { cookie, 'content-type': 'text/plain', origin: 'http://localhost:8081', 'sec-fetch-site': 'same-site' },
      payload: 'x=y',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('cross_origin_request');
    // A browser too old to send Origin or Sec-Fetch-Site is still refused by the body type.
    for (const headers of [
      { cookie, 'content-type': 'text/plain' },
      { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      { cookie, 'content-type': 'multipart/form-data; boundary=x' },
    ]) {
      const response = await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers, payload: 'x=y' });
      expect(response.statusCode, headers['content-type']).toBe(415);
      expect(response.json().error.code).toBe('unsupported_media_type');
    }
    // A body-less form post carries no Content-Type at all.
    const bodyless = await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: { cookie } });
    expect(bodyless.statusCode).toBe(415);
    expect(await isRevoked(device.deviceId)).toBe(false);

    // The app's own request: same origin, JSON, no body.
    const own = await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: { ...jsonWithCookie(cookie), origin: OWN_ORIGIN, 'sec-fetch-site': 'same-origin' } });
    expect(own.statusCode).toBe(200);
    expect(await isRevoked(device.deviceId)).toBe(true);
  });

  it('refuses a JSON request that a browser marks as coming from another origin or site', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/v1/enrolments', headers: { cookie } })).json().enrolments.length;
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'http://localhost:5173' },
      { origin: 'https://localhost:80' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: OWN_ORIGIN, 'sec-fetch-site': 'same-site' },
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { ...jsonWithCookie(cookie), ...headers }, payload: {} });
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(response.json().error.code).toBe('cross_origin_request');
    }
    // Signing in from another site is refused too (no forced sign-in into someone else's account).
    const crossLogin = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example' }, payload: { name: 'Anna', password: TEST_PASSWORD } });
    expect(crossLogin.statusCode).toBe(403);
    expect(crossLogin.headers['set-cookie']).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/api/v1/enrolments', headers: { cookie } })).json().enrolments.length).toBe(before);

    const own = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { ...jsonWithCookie(cookie), origin: OWN_ORIGIN, 'sec-fetch-site': 'same-origin' }, payload: {} });
    expect(own.statusCode).toBe(201);
  });

  it('answers a JSON request without a body as one (body-less DELETE and logout)', async () => {
    const created = (await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} })).json();
    const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/enrolments/${created.id}`, headers: jsonWithCookie(cookie) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    const own = cookieOf(await login(app, 'Anna', TEST_PASSWORD, '10.9.0.1'));
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: jsonWithCookie(own) });
    expect(logout.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: own } })).statusCode).toBe(401);
  });

  it('sets the security headers on API answers, errors and framework errors', async () => {
    expectSecurityHeaders(await app.inject({ method: 'GET', url: '/api/v1/health' }), 'health');
    expectSecurityHeaders(await app.inject({ method: 'GET', url: '/api/v1/devices' }), '401');
    expectSecurityHeaders(await app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 'API 404');
    expectSecurityHeaders(await app.inject({ method: 'GET', url: '/api/v1/records/%ZZ', headers: { cookie } }), 'bad URL');
    expectSecurityHeaders(await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie, origin: 'https://evil.example' }, payload: {} }), '403');
    // HSTS only where it means something: not over plain http.
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('behind an https proxy', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const proxied = { remoteAddress: '10.0.0.1' };
  const httpsHeaders = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7', host: 'lotse.example' };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    app = await createTestServer(database, { trustProxy: '10.0.0.1' });
    await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('names the session cookie __Host- (Secure, Path=/, no Domain) and sends HSTS', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: httpsHeaders, ...proxied, payload: { name: 'Anna', password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^__Host-lotse_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('Secure');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Domain');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');

    const cookie = cookieOf(response);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { ...httpsHeaders, cookie }, ...proxied });
    expect(me.statusCode).toBe(200);
    // On https a cookie without the prefix (which anyone on plain http could have planted) signs nobody in.
    const unprefixed = cookie.replace('__Host-lotse_session', 'lotse_session');
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { ...httpsHeaders, cookie: unprefixed }, ...proxied })).statusCode).toBe(401);
    // The app's own origin behind the proxy is the proxy's https origin.
    const own = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { ...httpsHeaders, ...jsonWithCookie(cookie), origin: 'https://lotse.example' }, ...proxied, payload: {} });
    expect(own.statusCode).toBe(201);
    const plainHttpOrigin = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { ...httpsHeaders, ...jsonWithCookie(cookie), origin: 'http://lotse.example' }, ...proxied, payload: {} });
    expect(plainHttpOrigin.statusCode).toBe(403);
  });
});
