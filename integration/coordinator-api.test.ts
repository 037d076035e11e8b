/**
 * The contract of the coordinator API: the app's client (`src/app/coordinator/api.ts`) against
 * the real server over real HTTP, on embedded SQLite and on PostgreSQL. Every answer is parsed
 * with the schemas in `src/core/api`, so a route whose answer drifts from the contract fails here
 * as `invalid_response`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createCoordinatorApi, CoordinatorApiError, type CoordinatorApi } from '../src/app/coordinator/api';
import { interviewRecord, pushEntryFor, testFormJson, testNoticeJson } from '../src/core/record/__fixtures__/interview';
import type { FormDefinition } from '../src/core/form/index';
import { exportXlsForm } from '../src/server/forms/xlsform/export';
import { writeWorkbook } from '../src/server/forms/xlsform/workbook';
import { createCoordinator } from '../src/server/accounts/coordinators';
import { createTestDatabase, engines, type TestDatabase } from '../src/server/testing/databases';
import { createTestServer } from '../src/server/testing/server';
import { publishTestContent, push, TEST_PASSWORD } from '../src/server/testing/api';

/** fetch as a browser tab does it for this origin: the session cookie the server set goes back with every request. */
function browserFetch(): typeof fetch {
  let cookie: string | null = null;
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(input, { ...init, headers });
    const set = response.headers.getSetCookie()[0];
    if (set) cookie = /max-age=0|expires=thu, 01 jan 1970/i.test(set) ? null : set.split(';')[0]!;
    return response;
  };
}

async function failureOf(promise: Promise<unknown>): Promise<CoordinatorApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CoordinatorApiError);
  return error as CoordinatorApiError;
}

async function listening(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.each(engines)('the coordinator client against the real server on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let api: CoordinatorApi;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishTestContent(database.db);
    await createCoordinator(database.db, { name: 'Anna', password: TEST_PASSWORD, now: new Date() });
    app = await createTestServer(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    api = createCoordinatorApi({ baseUrl, fetch: browserFetch() });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('signs in with JSON, and the session cookie carries the next requests', async () => {
    await expect(api.setupState()).resolves.toEqual({ setupRequired: false });
    const session = await api.login({ name: 'Anna', password: TEST_PASSWORD });
    expect(session.coordinator.name).toBe('Anna');
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    await expect(api.me()).resolves.toEqual(session);
  });

  it("turns the server's refusals into typed errors: wrong password, no session, unknown device", async () => {
    const stranger = createCoordinatorApi({ baseUrl, fetch: browserFetch() });
    expect(await failureOf(stranger.login({ name: 'Anna', password: 'not the password' }))).toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(await failureOf(stranger.devices())).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(await failureOf(api.records({ deviceId: crypto.randomUUID() }, { offset: 0, limit: 50 }))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('enrols a tablet, lists it, and revokes it; an enrolment not used can be withdrawn', async () => {
    const created = await api.createEnrolment({ deviceName: 'Tablet Nord' });
    expect(created.code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(created.enrolUrl).toBe(`${baseUrl}/enrol#${created.code}`);
    expect((await api.openEnrolments()).map((open) => open.id)).toContain(created.id);

    const enrolled = await app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: created.code, deviceName: 'Tablet Nord' } });
    expect(enrolled.statusCode).toBe(201);
    const { deviceId } = enrolled.json<{ deviceId: string }>();
    const device = (await api.devices()).find((listed) => listed.id === deviceId);
    expect(device).toMatchObject({ name: 'Tablet Nord', revoked: false, entriesReceived: 0 });
    await expect(api.revokeDevice(deviceId)).resolves.toMatchObject({ id: deviceId, revoked: true });
    expect((await api.devices()).find((listed) => listed.id === deviceId)?.revoked).toBe(true);

    const unused = await api.createEnrolment({});
    await api.deleteEnrolment(unused.id);
    expect((await api.openEnrolments()).map((open) => open.id)).not.toContain(unused.id);
  });

  it("lists a device's records on its own route, finds them by name, and shows the answers labelled but never the raw payload", async () => {
    const created = await api.createEnrolment({});
    const enrolled = await app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: created.code, deviceName: 'Tablet Süd' } });
    const device = enrolled.json<{ deviceId: string; deviceToken: string }>();
    const recordId = crypto.randomUUID();
    const result = await push(app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })]);
    expect(result.results.map((answer) => answer.status)).toEqual(['applied']);

    const list = await api.records({ deviceId: device.deviceId }, { offset: 0, limit: 50 });
    expect(list.records.map((record) => record.recordId)).toEqual([recordId]);
    expect(list.records[0]!.name).toEqual({ latin: 'Haddad', original: null });
    expect(list.page).toEqual({ offset: 0, limit: 50, total: 1 });
    expect((await api.records({}, { offset: 0, limit: 50 })).records.map((record) => record.recordId)).toContain(recordId);
    expect((await api.records({ q: 'Hadad', sort: 'name', order: 'asc' }, { offset: 0, limit: 50 })).records.map((record) => record.recordId)).toEqual([recordId]);
    expect(await failureOf(api.records({ german: 'B3' as 'B1' }, { offset: 0, limit: 50 }))).toMatchObject({ status: 400, code: 'bad_request' });
    expect((await api.issues({ deviceId: device.deviceId }, { offset: 0, limit: 50 })).issues).toEqual([]);

    const detail = await api.record(recordId);
    expect(detail.record).toMatchObject({ recordId, deviceId: device.deviceId, currentRev: 1 });
    expect(detail.revisions.map((stored) => stored.consentStatus)).toEqual(['given']);
    // The signature and the rest of the raw payload stay out of the page's memory; the answers come labelled.
    expect(detail.revisions[0]).not.toHaveProperty('payload');
    expect(JSON.stringify(detail)).not.toContain('data:image/png');
    expect(detail.revisions[0]!.answers?.sections[0]?.items[0]).toEqual({
      kind: 'field',
      id: 'surname',
      path: 'surname',
      label: { de: 'Familienname', en: 'Surname' },
      value: { kind: 'text', text: 'Haddad' },
    });
    expect(detail.revisions[0]!.changes).toBeNull();
  });

  it('reads the evaluation through the contract: one counted interview is a small cell, hidden; filters narrow it; a bad filter is refused', async () => {
    const evaluation = await api.evaluation({ lang: 'en' });
    // The record pushed above is the only interview: it counts, and as one person it is never shown as a number.
    expect(evaluation.inclusion.total).toEqual({ hidden: 'small' });
    expect(evaluation.tables.find((table) => table.id === 'sex')?.total).toEqual({ hidden: 'small' });
    expect(JSON.stringify(evaluation)).not.toContain('Haddad');
    const later = await api.evaluation({ from: '2999-01-01', lang: 'de' });
    expect(later.inclusion.total).toEqual({ count: 0 });
    expect(later.filters).toEqual({ from: '2999-01-01' });
    expect((await failureOf(api.evaluation({ from: '2026-02-30' }))).code).toBe('bad_request');
  });

  it('enters a withdrawal received by phone: the record shows as erased, its tablet as not having confirmed; bad input is a typed 400', async () => {
    const created = await api.createEnrolment({});
    const enrolled = await app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: created.code, deviceName: 'Tablet West' } });
    const device = enrolled.json<{ deviceId: string; deviceToken: string }>();
    const recordId = crypto.randomUUID();
    await push(app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })]);

    expect(await failureOf(api.enterWithdrawal(recordId, { channel: 'phone', receivedOn: '2999-01-01', scope: 'all' }))).toMatchObject({ status: 400, code: 'invalid_withdrawal' });
    expect(await failureOf(api.enterWithdrawal(recordId, { channel: 'phone', receivedOn: '2025-05-01', scope: { recipients: ['finanzamt'] } }))).toMatchObject({
      status: 400,
      code: 'unknown_recipient',
    });
    const partial = await api.enterWithdrawal(recordId, { channel: 'letter', receivedOn: '2025-05-01', scope: { recipients: ['jobcenter'] } });
    expect(partial).toMatchObject({ status: 'given', erasure: null });
    const entered = await api.enterWithdrawal(recordId, { channel: 'phone', receivedOn: '2025-05-02', scope: 'all' });
    expect(entered).toMatchObject({ status: 'withdrawn', withdrawal: { channel: 'phone', recipients: null }, erasure: { reason: 'withdrawn' } });

    const detail = await api.record(recordId);
    expect(detail.erasure).toMatchObject({ reason: 'withdrawn', erasedAt: entered.erasure!.erasedAt });
    expect(detail.withdrawals.map((withdrawal) => withdrawal.channel)).toEqual(['letter', 'phone']);
    expect(detail.consent?.overview.status).toBe('withdrawn');
    expect(JSON.stringify(detail)).not.toContain('Haddad');
    expect((await api.devices()).find((listed) => listed.id === device.deviceId)?.unconfirmedErasures).toEqual({ count: 1, first: [{ recordId, erasedAt: entered.erasure!.erasedAt }] });
    expect(await failureOf(api.markCounsellingEnd(crypto.randomUUID(), '2025-01-01'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('publishes a notice text once; the same text again is unchanged, and what was published is listed', async () => {
    await expect(api.publishArtifact({ kind: 'notice', body: testNoticeJson('de', { version: 7 }) })).resolves.toMatchObject({ status: 'published' });
    const body = testNoticeJson('en', { version: 7 });
    await expect(api.publishArtifact({ kind: 'notice', body })).resolves.toMatchObject({ status: 'published', artifact: { id: 'notice', version: 7, lang: 'en' } });
    await expect(api.publishArtifact({ kind: 'notice', body })).resolves.toMatchObject({ status: 'unchanged' });
    expect(await failureOf(api.publishArtifact({ kind: 'notice', body: { ...body, text: '' } }))).toMatchObject({ status: 400, code: 'invalid_artifact' });
    const listed = await api.artifacts();
    expect(listed.filter((artifact) => artifact.kind === 'notice' && artifact.version === 7).map((artifact) => artifact.lang)).toEqual(['de', 'en']);
  });

  it('checks and publishes a form from a spreadsheet, lists its languages; a broken workbook answers its problems', async () => {
    const workbook = (version: number) => Buffer.from(writeWorkbook(exportXlsForm(testFormJson(version) as unknown as FormDefinition))).toString('base64');
    const check = await api.checkXlsform(workbook(5));
    expect(check).toMatchObject({ ok: true, status: 'new', published: { id: 'testbogen', version: 1 }, changes: [] });
    expect(await api.checkXlsform(Buffer.from('no spreadsheet').toString('base64'))).toMatchObject({ ok: false, problems: [{ sheet: '' }] });
    await expect(api.publishXlsform(workbook(5))).resolves.toEqual({ status: 'published', id: 'testbogen', version: 5, changeNo: expect.any(Number) });
    await expect(api.publishXlsform(workbook(5))).resolves.toMatchObject({ status: 'unchanged' });
    expect(await failureOf(api.publishXlsform(workbook(3)))).toMatchObject({ status: 422, code: 'invalid_workbook', details: [expect.objectContaining({ sheet: 'settings', column: 'version' })] });
    const languages = await api.formLanguages('testbogen', 5);
    expect(languages.form).toEqual({ id: 'testbogen', version: 5 });
    expect(languages.languages[0]).toMatchObject({ lang: 'de', reviewState: 'reviewed' });
    const download = await fetch(api.xlsformUrl('testbogen', 5));
    expect(download.status).toBe(401);
  });

  it('after signing out, the session is gone', async () => {
    const own = createCoordinatorApi({ baseUrl, fetch: browserFetch() });
    await own.login({ name: 'Anna', password: TEST_PASSWORD });
    await own.logout();
    expect(await failureOf(own.me())).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  // Last: the failures count against this test's address too.
  it('after too many wrong passwords, a 429 says when to try again (Retry-After)', async () => {
    const guesser = createCoordinatorApi({ baseUrl, fetch: browserFetch() });
    let refusal: CoordinatorApiError | undefined;
    for (let attempt = 0; attempt < 50 && refusal?.status !== 429; attempt++) {
      refusal = await failureOf(guesser.login({ name: 'Anna', password: `guess ${attempt}` }));
    }
    expect(refusal).toMatchObject({ status: 429, code: 'too_many_attempts' });
    expect(refusal!.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('the coordinator client where no Lotse server answers', () => {
  it('reports no answer at all as `network`', async () => {
    const closed = http.createServer();
    const baseUrl = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect(await failureOf(createCoordinatorApi({ baseUrl }).devices())).toMatchObject({ status: 0, code: 'network' });
  });

  it('reports an answer of the wrong shape as `invalid_response`, and a proxy error page as its HTTP status', async () => {
    // Not Lotse: a server that answers the device list with something else, and a proxy's 502 page.
    const impostor = http.createServer((request, response) => {
      if (request.url === '/api/v1/devices') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ devices: [{ id: 'not a device' }] }));
      } else {
        response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
      }
    });
    const api = createCoordinatorApi({ baseUrl: await listening(impostor) });
    try {
      expect(await failureOf(api.devices())).toMatchObject({ code: 'invalid_response' });
      expect(await failureOf(api.openEnrolments())).toMatchObject({ status: 502, code: 'http_502' });
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
