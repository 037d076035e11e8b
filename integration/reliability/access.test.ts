/**
 * The access matrix: every API route × every kind of credential, and who is let in.
 *
 * Each request is one the route's rightful caller would get its normal answer for (a fresh
 * enrolment code, the device's next seq, a device to revoke, …), so that a refusal can only
 * come from the credential. A refused request must change nothing, and every answer is
 * well-formed. The table below is the one place to decide who may call a new route; the first
 * test fails until a route the server serves is in it.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewRecord, pushEntryFor, testFormJson, testNoticeJson } from '../../src/core/record/__fixtures__/interview';
import { settingKeys } from '../../src/core/consent/index';
import { prepareArtifact, publishArtifact } from '../../src/server/artifacts/store';
import { engines } from '../../src/server/testing/databases';
import { enrolledDevice, jsonWithCookie, push, pushBody, TEST_PASSWORD } from '../../src/server/testing/api';
import { exportXlsForm } from '../../src/server/forms/xlsform/export';
import { writeWorkbook } from '../../src/server/forms/xlsform/workbook';
import { exportTranslation } from '../../src/server/translation/service';
import type { FormDefinition } from '../../src/core/form/index';
import { answerProblem, errorCodeOf } from './support/answers';
import { apiRoutes, API_CATCH_ALL, registeredRoutes, routeKey, type ApiRouteKey } from './support/api-routes';
import { createServerWorld, syncTableCounts, type ServerWorld } from './support/server-world';
import { roles, type Role } from '../../src/core/api/index';
import { declaredAccess, type RouteAccess } from '../../src/server/auth/access';
import { createAccount, disableAccount } from '../../src/server/accounts/management';

const credentials = [
  'none',
  'garbageToken',
  'deviceToken',
  'revokedDeviceToken',
  /** Another enrolled device's valid token; a push body still names this device. */
  'otherDeviceToken',
  'adminCookie',
  'coordinatorCookie',
  'analystCookie',
  'garbageCookie',
] as const;
/**
 * Sessions that must count as none, of each role: expired, signed out, and of a disabled account.
 * Every route answers them exactly as it answers a request without any credential.
 */
const deadStates = ['expired', 'loggedOut', 'disabled'] as const;
type Credential = (typeof credentials)[number] | `${Role}:${(typeof deadStates)[number]}`;
const allCredentials: Credential[] = [...credentials, ...roles.flatMap((role) => deadStates.map((state) => `${role}:${state}` as const))];

/** What each credential gets: a status, or a status with the error code that says why. */
type Expected = number | [status: number, code: string];
const U: Expected = [401, 'unauthenticated'];
const F: Expected = [403, 'forbidden'];
const REVOKED: Expected = [403, 'device_revoked'];
const MISMATCH: Expected = [403, 'device_mismatch'];

const matrix: Record<ApiRouteKey, Record<(typeof credentials)[number], Expected>> = {
  // Columns, in order: none, garbage token, device token, revoked device's token, other device's token,
  // admin's cookie, coordinator's cookie, analyst's cookie, garbage cookie.
  'GET /api/v1/health':                     row(200, 200, 200, 200, 200, 200, 200, 200, 200),
  'GET /api/v1/setup':                      row(200, 200, 200, 200, 200, 200, 200, 200, 200),
  // An account exists, so set-up is over for everyone, whatever they send.
  'POST /api/v1/setup':                     row(409, 409, 409, 409, 409, 409, 409, 409, 409),
  'POST /api/v1/auth/login':                row(200, 200, 200, 200, 200, 200, 200, 200, 200),
  'POST /api/v1/auth/logout':               row(204, 204, 204, 204, 204, 204, 204, 204, 204),
  'GET /api/v1/auth/me':                    row(U, U, U, U, U, 200, 200, 200, U),
  // Devices and their enrolment are the admin's.
  'POST /api/v1/enrolments':                row(U, U, U, U, U, 201, F, F, U),
  'GET /api/v1/enrolments':                 row(U, U, U, U, U, 200, F, F, U),
  'DELETE /api/v1/enrolments/:idOrCode':    row(U, U, U, U, U, 204, F, F, U),
  // The enrolment code is the credential.
  'POST /api/v1/enrol':                     row(201, 201, 201, 201, 201, 201, 201, 201, 201),
  'GET /api/v1/devices':                    row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/devices/:id/revoke':        row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/devices/:id/wipe':          row(U, U, U, U, U, 200, F, F, U),
  'DELETE /api/v1/devices/:id/wipe':        row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/device-policy':              row(U, U, U, U, U, 200, F, F, U),
  'PUT /api/v1/device-policy':              row(U, U, U, U, U, 201, F, F, U),
  // Records are the coordinators' (and the admin's): no analyst and no device token reads any,
  // not even its own device's.
  'GET /api/v1/devices/:id/records':        row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/records':                    row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/records/:recordId':          row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/records/filters':           row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/issues':                     row(U, U, U, U, U, 200, 200, F, U),
  // A device writes only under its own id; a revoked one not at all.
  'POST /api/v1/sync/push':                 row(U, U, 200, REVOKED, MISMATCH, U, U, U, U),
  // Published artifacts are the same for every device.
  'GET /api/v1/sync/pull':                  row(U, U, 200, REVOKED, 200, U, U, U, U),
  // Content and settings are the admin's.
  'GET /api/v1/artifacts':                  row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/artifacts':                 row(U, U, U, U, U, 201, F, F, U),
  'POST /api/v1/artifacts/retire':          row(U, U, U, U, U, 200, F, F, U),
  // Forms authored as spreadsheets: content, the admin's.
  'POST /api/v1/forms/xlsform/check':       row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/forms/xlsform/publish':     row(U, U, U, U, U, 201, F, F, U),
  'GET /api/v1/forms/:id/:version/xlsform': row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/forms/:id/:version/languages': row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/forms/xlsform/translation': row(U, U, U, U, U, 200, F, F, U),
  // Translation review (issue #13): content, the admin's.
  'GET /api/v1/translations/:kind/:id/:version': row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/translations/:kind/:id/:version/:lang/:format': row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/translations/import':       row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/settings':                   row(U, U, U, U, U, 200, F, F, U),
  'PUT /api/v1/settings':                   row(U, U, U, U, U, 201, F, F, U),
  // Counts only, small cells suppressed: every role.
  'GET /api/v1/evaluation':                 row(U, U, U, U, U, 200, 200, 200, U),
  // Accounts are the admin's.
  'GET /api/v1/accounts':                   row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/accounts':                  row(U, U, U, U, U, 201, F, F, U),
  'POST /api/v1/accounts/:id/role':         row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/accounts/:id/disable':      row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/accounts/:id/enable':       row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/accounts/:id/password-link': row(U, U, U, U, U, 200, F, F, U),
  // The one-time link's token is the credential.
  'POST /api/v1/accounts/password':         row(200, 200, 200, 200, 200, 200, 200, 200, 200),
  // The audit log is the admin's.
  'GET /api/v1/audit':                      row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/audit.csv':                  row(U, U, U, U, U, 200, F, F, U),
  // Every answer of every record, names included: not for analysts.
  'GET /api/v1/exports/records.xlsx':       row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/exports/records.csv':        row(U, U, U, U, U, 200, 200, F, U),
  // Partner hand-overs give personal data away: coordinators and admins, never analysts.
  'GET /api/v1/handovers':                  row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/handovers/:recipientId/preview': row(U, U, U, U, U, 200, 200, F, U),
  'GET /api/v1/exports/partners/:file':     row(U, U, U, U, U, 200, 200, F, U),
  // Everything held about one person (Art. 15): records' people are the coordinators'.
  'GET /api/v1/records/:recordId/subject-access': row(U, U, U, U, U, 200, 200, F, U),
  // Withdrawals entered by phone or letter and erasure are the coordinators' work (and the admin's).
  'POST /api/v1/records/:recordId/withdrawals':     row(U, U, U, U, U, 201, 201, F, U),
  'POST /api/v1/records/:recordId/counselling-end': row(U, U, U, U, U, 200, 200, F, U),
  'POST /api/v1/erasures/match':            row(U, U, U, U, U, 200, 200, F, U),
  // Retention is the admin's.
  'GET /api/v1/retention/settings':         row(U, U, U, U, U, 200, F, F, U),
  'PUT /api/v1/retention/settings':         row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/retention/preview':          row(U, U, U, U, U, 200, F, F, U),
  'GET /api/v1/retention/runs':             row(U, U, U, U, U, 200, F, F, U),
  'POST /api/v1/retention/runs':            row(U, U, U, U, U, 201, F, F, U),
  // A device confirms only its own deletions; a revoked one cannot.
  'POST /api/v1/sync/erasures':             row(U, U, 200, REVOKED, MISMATCH, U, U, U, U),
  // Only a device marked lost confirms its wipe (the matrix's device is not: let in, then 409).
  'POST /api/v1/sync/wiped':                row(U, U, [409, 'wipe_not_requested'], REVOKED, MISMATCH, U, U, U, U),
};

/** Which columns a route's declared access lets through (the rest must be refused). */
function admittedBy(declared: RouteAccess | undefined): (credential: (typeof credentials)[number]) => boolean {
  return (credential) => {
    if (declared === 'public') return true;
    if (declared === 'device') return credential === 'deviceToken' || credential === 'otherDeviceToken';
    if (declared === undefined) return false;
    return roles.some((role) => credential === `${role}Cookie` && declared.includes(role));
  };
}

function row(...expected: Expected[]): Record<(typeof credentials)[number], Expected> {
  if (expected.length !== credentials.length) throw new Error('a matrix row needs one entry per credential');
  return Object.fromEntries(credentials.map((credential, i) => [credential, expected[i]!])) as Record<(typeof credentials)[number], Expected>;
}

function expectedFor(key: ApiRouteKey, credential: Credential): Expected {
  const row = matrix[key];
  return credential in row ? row[credential as (typeof credentials)[number]] : row.none;
}

type Request = Pick<InjectOptions, 'method' | 'url' | 'payload' | 'remoteAddress'>;

interface AccessCase {
  /** A request the rightful caller gets its normal answer for; made afresh for every credential. */
  request(world: ServerWorld): Promise<Request>;
  /** What a refused request must leave as it was. */
  state?(world: ServerWorld, request: Request): Promise<unknown>;
}

let artifactVersion = 100;
/** A form as the base64 XLSForm workbook the authoring routes take. */
const workbookOf = (json: Record<string, unknown>) => Buffer.from(writeWorkbook(exportXlsForm(json as unknown as FormDefinition))).toString('base64');
/** One language of the published test form as a translator gets it (XLIFF 2.0), base64. */
async function testbogenXliff(world: ServerWorld, lang: string): Promise<string> {
  const file = await exportTranslation(world.database.db, { kind: 'form', id: 'testbogen', version: 1 }, lang, 'xliff');
  if (!file.ok) throw new Error(file.message);
  return Buffer.from(file.bytes).toString('base64');
}
let settingsVersion = 0;
let counsellingDay = 0;
let retentionVersion = 0;
let policyVersion = 0;
let address = 0;

async function count(world: ServerWorld, table: 'enrolments' | 'coordinators' | 'artifacts'): Promise<number> {
  const found = await world.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(found.n);
}

let accountNo = 0;
const bySystem = () => ({ actor: { type: 'system' as const }, address: null, now: new Date() });
const freshAccount = (world: ServerWorld) => createAccount(world.database.db, { name: `Fresh account ${++accountNo}`, role: 'coordinator' }, bySystem());
/** An account's role, state, password and open links: what a refused change must leave alone. */
const accountState = async (world: ServerWorld, request: Request) => {
  const id = String(request.url).split('/').at(-2)!;
  const account = await world.database.db.selectFrom('coordinators').select(['role', 'disabled_at', 'password_hash']).where('id', '=', id).executeTakeFirstOrThrow();
  const links = await world.database.db.selectFrom('password_links').select('token_hash').where('coordinator_id', '=', id).execute();
  return { ...account, links: links.map((link) => link.token_hash).sort() };
};

const openEnrolment = async (world: ServerWorld, id: string) =>
  world.database.db.selectFrom('enrolments').select(['id', 'used_at']).where('id', '=', id).executeTakeFirst();

const cases: Record<ApiRouteKey, AccessCase> = {
  'GET /api/v1/health': { request: async () => ({ method: 'GET', url: '/api/v1/health' }) },
  'GET /api/v1/setup': { request: async () => ({ method: 'GET', url: '/api/v1/setup' }) },
  'POST /api/v1/setup': {
    request: async () => ({ method: 'POST', url: '/api/v1/setup', payload: { token: 'x'.repeat(43), name: 'Bert', password: TEST_PASSWORD } }),
    state: (world) => count(world, 'coordinators'),
  },
  'POST /api/v1/auth/login': {
    // Each from an address of its own: sign-ins are rate-limited per address.
    request: async (world) => ({ method: 'POST', url: '/api/v1/auth/login', payload: { name: world.coordinatorName, password: TEST_PASSWORD }, remoteAddress: `10.1.0.${++address}` }),
  },
  'POST /api/v1/auth/logout': { request: async () => ({ method: 'POST', url: '/api/v1/auth/logout' }) },
  'GET /api/v1/auth/me': { request: async () => ({ method: 'GET', url: '/api/v1/auth/me' }) },
  'POST /api/v1/enrolments': {
    request: async () => ({ method: 'POST', url: '/api/v1/enrolments', payload: { deviceName: 'New tablet' } }),
    state: (world) => count(world, 'enrolments'),
  },
  'GET /api/v1/enrolments': { request: async () => ({ method: 'GET', url: '/api/v1/enrolments' }) },
  'DELETE /api/v1/enrolments/:idOrCode': {
    request: async (world) => ({ method: 'DELETE', url: `/api/v1/enrolments/${(await world.freshEnrolmentCode()).id}` }),
    state: (world, request) => openEnrolment(world, String(request.url).split('/').at(-1)!),
  },
  'POST /api/v1/enrol': {
    request: async (world) => ({ method: 'POST', url: '/api/v1/enrol', payload: { code: (await world.freshEnrolmentCode()).code, deviceName: 'New tablet' } }),
  },
  'GET /api/v1/devices': { request: async () => ({ method: 'GET', url: '/api/v1/devices' }) },
  'POST /api/v1/devices/:id/revoke': {
    request: async (world) => {
      const victim = await enrolledDevice(world.app, await world.liveCookie(), 'To be revoked');
      return { method: 'POST', url: `/api/v1/devices/${victim.deviceId}/revoke` };
    },
    state: async (world, request) =>
      world.database.db.selectFrom('devices').select('revoked_at').where('id', '=', String(request.url).split('/').at(-2)!).executeTakeFirstOrThrow(),
  },
  'POST /api/v1/devices/:id/wipe': {
    request: async (world) => {
      const victim = await enrolledDevice(world.app, await world.liveCookie(), 'Lost tablet');
      return { method: 'POST', url: `/api/v1/devices/${victim.deviceId}/wipe` };
    },
    state: async (world, request) =>
      world.database.db.selectFrom('devices').select('wipe_requested_at').where('id', '=', String(request.url).split('/').at(-2)!).executeTakeFirstOrThrow(),
  },
  'DELETE /api/v1/devices/:id/wipe': {
    // A device marked lost that has not been in contact since: its mark can be taken back.
    request: async (world) => {
      const cookie = await world.liveCookie();
      const victim = await enrolledDevice(world.app, cookie, 'Found again');
      const marked = await world.app.inject({ method: 'POST', url: `/api/v1/devices/${victim.deviceId}/wipe`, headers: jsonWithCookie(cookie) });
      if (marked.statusCode !== 200) throw new Error(`marking lost: ${marked.statusCode} ${marked.body}`);
      return { method: 'DELETE', url: `/api/v1/devices/${victim.deviceId}/wipe` };
    },
    state: async (world, request) =>
      world.database.db.selectFrom('devices').select('wipe_requested_at').where('id', '=', String(request.url).split('/').at(-2)!).executeTakeFirstOrThrow(),
  },
  'GET /api/v1/device-policy': { request: async () => ({ method: 'GET', url: '/api/v1/device-policy' }) },
  'PUT /api/v1/device-policy': {
    // New values every time, so an accepted save is always a new version (201).
    request: async () => ({ method: 'PUT', url: '/api/v1/device-policy', payload: { inactivityMinutes: 1 + (++policyVersion % 60), hiddenMinutes: policyVersion % 61 } }),
    state: (world) => world.database.db.selectFrom('artifacts').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'device-policy').executeTakeFirstOrThrow(),
  },
  'GET /api/v1/devices/:id/records': { request: async (world) => ({ method: 'GET', url: `/api/v1/devices/${world.device.deviceId}/records` }) },
  // With a name search and an answer filter, so the search rows are derived under each credential too.
  'GET /api/v1/records': { request: async (world) => ({ method: 'GET', url: `/api/v1/records?deviceId=${world.device.deviceId}&q=Haddad&nationality=SY&sort=name` }) },
  'GET /api/v1/records/filters': { request: async () => ({ method: 'GET', url: '/api/v1/records/filters' }) },
  'GET /api/v1/issues': { request: async (world) => ({ method: 'GET', url: `/api/v1/issues?deviceId=${world.device.deviceId}` }) },
  'GET /api/v1/records/:recordId': {
    request: async (world) => {
      const stored = await world.database.db.selectFrom('records').select('record_id').where('device_id', '=', world.device.deviceId).executeTakeFirstOrThrow();
      return { method: 'GET', url: `/api/v1/records/${stored.record_id}` };
    },
  },
  'POST /api/v1/sync/push': {
    request: async (world) => {
      const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: await world.nextSeq(world.device) });
      return { method: 'POST', url: '/api/v1/sync/push', payload: pushBody(world.device, [entry]) };
    },
    state: async (world) => ({ rows: await syncTableCounts(world.database), nextSeq: await world.nextSeq(world.device) }),
  },
  'GET /api/v1/sync/pull': { request: async () => ({ method: 'GET', url: '/api/v1/sync/pull?limit=2' }) },
  'GET /api/v1/artifacts': { request: async () => ({ method: 'GET', url: '/api/v1/artifacts' }) },
  'POST /api/v1/artifacts': {
    request: async () => ({ method: 'POST', url: '/api/v1/artifacts', payload: { kind: 'form', body: testFormJson(++artifactVersion) } }),
    state: (world) => count(world, 'artifacts'),
  },
  'GET /api/v1/settings': { request: async () => ({ method: 'GET', url: '/api/v1/settings' }) },
  'PUT /api/v1/settings': {
    // New values every time, so an accepted save is always a new version (201).
    request: async () => ({
      method: 'PUT',
      url: '/api/v1/settings',
      payload: { values: { ...Object.fromEntries(settingKeys.map((key) => [key, ''])), withdrawalPhone: `+49 5171 401-${++settingsVersion}` } },
    }),
    state: (world) => world.database.db.selectFrom('artifacts').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'settings').executeTakeFirstOrThrow(),
  },
  'GET /api/v1/evaluation': { request: async () => ({ method: 'GET', url: '/api/v1/evaluation?lang=en' }) },
  'GET /api/v1/accounts': { request: async () => ({ method: 'GET', url: '/api/v1/accounts' }) },
  'POST /api/v1/accounts': {
    request: async () => ({ method: 'POST', url: '/api/v1/accounts', payload: { name: `New account ${++accountNo}`, role: 'coordinator' } }),
    state: (world) => count(world, 'coordinators'),
  },
  'POST /api/v1/accounts/:id/role': {
    request: async (world) => ({ method: 'POST', url: `/api/v1/accounts/${(await freshAccount(world)).account.id}/role`, payload: { role: 'analyst' } }),
    state: (world, request) => accountState(world, request),
  },
  'POST /api/v1/accounts/:id/disable': {
    request: async (world) => ({ method: 'POST', url: `/api/v1/accounts/${(await freshAccount(world)).account.id}/disable` }),
    state: (world, request) => accountState(world, request),
  },
  'POST /api/v1/accounts/:id/enable': {
    request: async (world) => {
      const { account } = await freshAccount(world);
      await disableAccount(world.database.db, account.id, bySystem());
      return { method: 'POST', url: `/api/v1/accounts/${account.id}/enable` };
    },
    state: (world, request) => accountState(world, request),
  },
  'POST /api/v1/accounts/:id/password-link': {
    request: async (world) => ({ method: 'POST', url: `/api/v1/accounts/${(await freshAccount(world)).account.id}/password-link` }),
    state: (world, request) => accountState(world, request),
  },
  'POST /api/v1/accounts/password': {
    request: async (world) => ({ method: 'POST', url: '/api/v1/accounts/password', payload: { token: (await freshAccount(world)).token, password: TEST_PASSWORD } }),
  },
  'GET /api/v1/audit': { request: async () => ({ method: 'GET', url: '/api/v1/audit?limit=5' }) },
  'GET /api/v1/audit.csv': {
    request: async () => ({ method: 'GET', url: '/api/v1/audit.csv?action=auth.sign_in' }),
    state: (world) => world.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'audit.export').executeTakeFirstOrThrow(),
  },
  'GET /api/v1/exports/records.xlsx': { request: async () => ({ method: 'GET', url: '/api/v1/exports/records.xlsx?labels=en' }) },
  'GET /api/v1/exports/records.csv': { request: async () => ({ method: 'GET', url: '/api/v1/exports/records.csv?labels=codes&multi=joined' }) },
  'GET /api/v1/records/:recordId/subject-access': {
    request: async (world) => {
      const stored = await world.database.db.selectFrom('records').select('record_id').where('device_id', '=', world.device.deviceId).executeTakeFirstOrThrow();
      return { method: 'GET', url: `/api/v1/records/${stored.record_id}/subject-access` };
    },
  },
  'GET /api/v1/handovers': { request: async () => ({ method: 'GET', url: '/api/v1/handovers' }) },
  'GET /api/v1/handovers/:recipientId/preview': { request: async () => ({ method: 'GET', url: '/api/v1/handovers/jobcenter/preview' }) },
  'GET /api/v1/exports/partners/:file': {
    request: async () => ({ method: 'GET', url: '/api/v1/exports/partners/jobcenter.csv' }),
    // A refused caller hands nothing over.
    state: (world) => world.database.db.selectFrom('disclosures').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  },
  'POST /api/v1/records/:recordId/withdrawals': {
    // A record of its own every time: a full withdrawal erases it.
    request: async (world) => {
      const recordId = crypto.randomUUID();
      await push(world.app, world.device, [pushEntryFor(interviewRecord({ recordId }), { seq: await world.nextSeq(world.device) })]);
      return { method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, payload: { channel: 'phone', receivedOn: '2025-05-01', scope: 'all' } };
    },
    state: async (world, request) => ({
      erasures: await world.database.db.selectFrom('erasures').select('record_id').where('record_id', '=', String(request.url).split('/').at(-2)!).execute(),
      withdrawals: await world.database.db.selectFrom('consent_withdrawals').select('id').where('record_id', '=', String(request.url).split('/').at(-2)!).execute(),
    }),
  },
  'POST /api/v1/records/:recordId/counselling-end': {
    request: async (world) => {
      const stored = await world.database.db.selectFrom('records').select('record_id').where('device_id', '=', world.device.deviceId).where('erased_at', 'is', null).executeTakeFirstOrThrow();
      return { method: 'POST', url: `/api/v1/records/${stored.record_id}/counselling-end`, payload: { endedOn: `2025-01-${String(1 + (++counsellingDay % 28)).padStart(2, '0')}` } };
    },
    state: (world, request) => world.database.db.selectFrom('records').select('counselling_ended_on').where('record_id', '=', String(request.url).split('/').at(-2)!).executeTakeFirstOrThrow(),
  },
  'POST /api/v1/erasures/match': { request: async () => ({ method: 'POST', url: '/api/v1/erasures/match', payload: { surname: 'Haddad' } }) },
  'GET /api/v1/retention/settings': { request: async () => ({ method: 'GET', url: '/api/v1/retention/settings' }) },
  'PUT /api/v1/retention/settings': {
    request: async () => ({ method: 'PUT', url: '/api/v1/retention/settings', payload: { values: { counsellingMonths: 36 + (++retentionVersion % 12), counsellingEndsAfterMonths: 24, refusalMonths: 12 } } }),
    state: (world) => world.database.db.selectFrom('server_meta').select('value').where('key', '=', 'retention_settings').executeTakeFirst(),
  },
  'GET /api/v1/retention/preview': { request: async () => ({ method: 'GET', url: '/api/v1/retention/preview?date=2030-01-01' }) },
  'GET /api/v1/retention/runs': { request: async () => ({ method: 'GET', url: '/api/v1/retention/runs' }) },
  'POST /api/v1/retention/runs': {
    request: async () => ({ method: 'POST', url: '/api/v1/retention/runs' }),
    state: (world) => world.database.db.selectFrom('retention_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  },
  'POST /api/v1/sync/wiped': {
    request: async (world) => ({ method: 'POST', url: '/api/v1/sync/wiped', payload: { deviceId: world.device.deviceId } }),
    state: (world) => world.database.db.selectFrom('devices').select(['revoked_at', 'wiped_at']).where('id', '=', world.device.deviceId).executeTakeFirstOrThrow(),
  },
  'POST /api/v1/sync/erasures': {
    request: async (world) => ({ method: 'POST', url: '/api/v1/sync/erasures', payload: { deviceId: world.device.deviceId, recordIds: [crypto.randomUUID()] } }),
    state: (world) => world.database.db.selectFrom('erasure_confirmations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  },
  'POST /api/v1/forms/xlsform/check': {
    request: async () => ({ method: 'POST', url: '/api/v1/forms/xlsform/check', payload: { file: workbookOf(testFormJson(++artifactVersion)) } }),
  },
  'POST /api/v1/forms/xlsform/publish': {
    request: async () => ({ method: 'POST', url: '/api/v1/forms/xlsform/publish', payload: { file: workbookOf(testFormJson(++artifactVersion)) } }),
    state: (world) => count(world, 'artifacts'),
  },
  'GET /api/v1/forms/:id/:version/xlsform': { request: async () => ({ method: 'GET', url: '/api/v1/forms/testbogen/1/xlsform' }) },
  'GET /api/v1/forms/:id/:version/languages': { request: async () => ({ method: 'GET', url: '/api/v1/forms/testbogen/1/languages' }) },
  'POST /api/v1/forms/xlsform/translation': {
    // The English of the published version taken into the next version's spreadsheet (not published).
    request: async (world) => ({
      method: 'POST',
      url: '/api/v1/forms/xlsform/translation',
      payload: { file: workbookOf(testFormJson(++artifactVersion)), translation: await testbogenXliff(world, 'en') },
    }),
    state: (world) => count(world, 'artifacts'),
  },
  'GET /api/v1/translations/:kind/:id/:version': { request: async () => ({ method: 'GET', url: '/api/v1/translations/form/testbogen/1' }) },
  'GET /api/v1/translations/:kind/:id/:version/:lang/:format': { request: async () => ({ method: 'GET', url: '/api/v1/translations/form/testbogen/1/en/xliff' }) },
  'POST /api/v1/translations/import': {
    // The exported English, states unchanged: accepted, nothing changes.
    request: async (world) => ({ method: 'POST', url: '/api/v1/translations/import', payload: { file: await testbogenXliff(world, 'en') } }),
  },
  'POST /api/v1/artifacts/retire': {
    request: async (world) => {
      const version = ++artifactVersion;
      const prepared = prepareArtifact('notice', testNoticeJson('de', { version }));
      if (!prepared.ok) throw new Error(prepared.problems.join('; '));
      await publishArtifact(world.database.db, prepared.artifact, { now: new Date(), publishedBy: null });
      return { method: 'POST', url: '/api/v1/artifacts/retire', payload: { kind: 'notice', id: 'notice', version, lang: 'de' } };
    },
    state: async (world, request) =>
      world.database.db
        .selectFrom('artifacts')
        .select(['retired', 'change_no'])
        .where('kind', '=', 'notice')
        .where('version', '=', (request.payload as { version: number }).version)
        .executeTakeFirstOrThrow(),
  },
};

async function credentialHeaders(world: ServerWorld, credential: Credential): Promise<Record<string, string>> {
  switch (credential) {
    case 'none':
      return {};
    case 'garbageToken':
      return { authorization: `Bearer ${'g'.repeat(43)}` };
    case 'deviceToken':
      return { authorization: `Bearer ${world.device.deviceToken}` };
    case 'revokedDeviceToken':
      return { authorization: `Bearer ${world.revokedDevice.deviceToken}` };
    case 'otherDeviceToken':
      return { authorization: `Bearer ${world.otherDevice.deviceToken}` };
    case 'adminCookie':
    case 'coordinatorCookie':
    case 'analystCookie':
      // A session of its own, so that signing out ends nobody else's.
      return { cookie: await world.newLiveCookie(credential.slice(0, -'Cookie'.length) as Role) };
    case 'garbageCookie':
      return { cookie: `lotse_session=${'g'.repeat(43)}` };
    default: {
      const [role, state] = credential.split(':') as [Role, (typeof deadStates)[number]];
      return { cookie: world.deadCookies[role][state] };
    }
  }
}

describe.each(engines)('access matrix on %s', (engine) => {
  let world: ServerWorld;

  beforeAll(async () => {
    world = await createServerWorld(engine);
    // One record of the device, for the record routes.
    const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 });
    const pushed = await world.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${world.device.deviceToken}` }, payload: pushBody(world.device, [entry]) });
    expect(pushed.statusCode).toBe(200);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('covers every route the server serves (and the fuzzer knows them all)', () => {
    const served = registeredRoutes(world.app);
    const apiServed = served.filter((route) => !route.startsWith('HEAD ') && !route.endsWith(` ${API_CATCH_ALL}`));
    expect(apiServed, 'a route is served but not in the access matrix').toEqual(Object.keys(matrix).sort());
    expect(apiRoutes.map(routeKey).sort(), 'support/api-routes.ts is out of date').toEqual(Object.keys(matrix).sort());
    // HEAD only where GET is, and the JSON 404 for unknown /api paths, whatever the method.
    expect(served.filter((route) => route.startsWith('HEAD ') && !route.endsWith(` ${API_CATCH_ALL}`)).map((route) => route.slice(5))).toEqual(
      apiServed.filter((route) => route.startsWith('GET ')).map((route) => route.slice(4)),
    );
    expect(served.filter((route) => route.endsWith(` ${API_CATCH_ALL}`)).length).toBeGreaterThanOrEqual(7);
  });

  it('matches what each route declares to the server (auth/access.ts)', () => {
    const declared = declaredAccess(world.app);
    for (const key of Object.keys(matrix) as ApiRouteKey[]) {
      const admitted = admittedBy(declared.get(key));
      for (const credential of credentials) {
        const expected = matrix[key][credential];
        const status = typeof expected === 'number' ? expected : expected[0];
        const context = `${key} with ${credential} (declared ${JSON.stringify(declared.get(key))})`;
        // Public routes refuse for reasons other than the credential (set-up is over: 409).
        if (declared.get(key) === 'public') continue;
        // A device route may still refuse a valid device (another device's id in the body).
        if (declared.get(key) === 'device') {
          if (!admitted(credential)) expect(status, context).toBeGreaterThanOrEqual(400);
          continue;
        }
        expect(status < 400, context).toBe(admitted(credential));
      }
    }
  });

  it.each(Object.keys(matrix) as ApiRouteKey[])('%s', async (key) => {
    const access = cases[key];
    const seen: Record<string, number> = {};
    for (const credential of allCredentials) {
      const request = await access.request(world);
      const before = await access.state?.(world, request);
      const headers = await credentialHeaders(world, credential);
      // The rightful client marks a body-less state change as JSON too (the forgery guard demands it).
      const bodyType = request.method !== 'GET' && request.payload === undefined ? { 'content-type': 'application/json' } : {};
      const response = await world.app.inject({ ...request, headers: { ...bodyType, ...headers } });
      seen[credential] = response.statusCode;
      const expected = expectedFor(key, credential);
      const [status, code] = typeof expected === 'number' ? [expected, undefined] : expected;
      const context = `${key} with ${credential}: ${response.body.slice(0, 200)}`;
      expect(answerProblem(response, String(request.method)), context).toBeNull();
      expect(response.statusCode, context).toBe(status);
      if (code) expect(errorCodeOf(response), context).toBe(code);
      if (status === 401 || status === 403) {
        expect(await access.state?.(world, request), `a refused request changed something: ${context}`).toEqual(before);
      }
      // Fastify answers HEAD for every GET route; it must pass the same guard.
      if (request.method === 'GET') {
        const head = await world.app.inject({ ...(await access.request(world)), method: 'HEAD', headers: await credentialHeaders(world, credential) });
        expect(head.statusCode, `HEAD ${context}`).toBe(status);
      }
    }
    // The shared device and session must still be good for the next route.
    await world.repairCredentials();
  });

  it('answers unknown /api paths with the JSON 404, whatever the credential', async () => {
    for (const credential of allCredentials) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
        const response = await world.app.inject({ method, url: '/api/v1/records-export', headers: await credentialHeaders(world, credential) });
        expect(answerProblem(response, method), `${method} with ${credential}`).toBeNull();
        expect(response.statusCode, `${method} with ${credential}`).toBe(404);
      }
    }
  });

  it('refuses a revision of a record another device created and tells nothing about it; a re-enrolled tablet keeps its own', async () => {
    const cookie = await world.liveCookie();
    const owner = await enrolledDevice(world.app, cookie, 'Owner');
    const stranger = await enrolledDevice(world.app, cookie, 'Stranger');
    const recordId = crypto.randomUUID();
    const record = interviewRecord({ recordId });
    const edited = { ...record, answers: { surname: 'Neu' } };
    expect((await push(world.app, owner, [pushEntryFor(record, { seq: 1 })])).results).toEqual([{ seq: 1, status: 'applied', serverRev: 1 }]);
    const before = await syncTableCounts(world.database);

    // A next revision, the very same first revision, and another version of it: each would be
    // applied, a duplicate or a conflict carrying the owner's record; all are refused alike.
    const answer = await push(world.app, stranger, [
      pushEntryFor(edited, { seq: 1, rev: 2, baseRev: 1 }),
      pushEntryFor(record, { seq: 2 }),
      pushEntryFor(edited, { seq: 3 }),
    ]);
    expect(answer).toEqual({
      lastSeq: 3,
      results: [1, 2, 3].map((seq) => ({ seq, status: 'rejected', code: 'foreign_record', message: expect.any(String) })),
    });
    const after = await syncTableCounts(world.database);
    expect({ ...after, outcomes: before.outcomes }).toEqual(before);
    expect(after.outcomes).toBe(before.outcomes + 3);

    // The owner's tablet, re-enrolled with its old token as proof, goes on editing — twice over.
    const successor = await enrolledDevice(world.app, cookie, 'Owner, re-enrolled', owner);
    expect((await push(world.app, successor, [pushEntryFor(edited, { seq: 1, rev: 2, baseRev: 1 })])).results).toEqual([{ seq: 1, status: 'applied', serverRev: 2 }]);
    const third = await enrolledDevice(world.app, cookie, 'Owner, re-enrolled again', successor);
    const again = { ...edited, answers: { surname: 'Neuer' } };
    expect((await push(world.app, third, [pushEntryFor(again, { seq: 1, rev: 3, baseRev: 2 })])).results).toEqual([{ seq: 1, status: 'applied', serverRev: 3 }]);
  });

  it('lets a tablet continue a device only with that device\'s token, and only once; a refused code stays usable', async () => {
    const cookie = await world.liveCookie();
    const owner = await enrolledDevice(world.app, cookie, 'Owner');
    const enrol = async (code: string, previous: { deviceId: string; deviceToken: string }) =>
      world.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code, deviceName: 'Claimant', previous } });
    const code = (await world.app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} })).json().code as string;

    const guessed = await enrol(code, { deviceId: owner.deviceId, deviceToken: world.device.deviceToken });
    expect(guessed.statusCode).toBe(403);
    expect(errorCodeOf(guessed)).toBe('previous_device_unproven');

    await enrolledDevice(world.app, cookie, 'Owner, re-enrolled', owner);
    const twice = await enrol(code, { deviceId: owner.deviceId, deviceToken: owner.deviceToken });
    expect(twice.statusCode).toBe(409);
    expect(errorCodeOf(twice)).toBe('previous_device_continued');

    // The code was not used up by either refusal: a tablet without a past enrols with it.
    const fresh = await world.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code, deviceName: 'New tablet' } });
    expect(fresh.statusCode).toBe(201);
  });

  it('lets a device neither push under another device id nor read records, and refuses a revoked device on every device route', async () => {
    // Under another enrolled device's id, with a valid token of its own: refused, nothing stored.
    const before = await syncTableCounts(world.database);
    const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: await world.nextSeq(world.otherDevice) });
    const foreign = await world.app.inject({
      method: 'POST',
      url: '/api/v1/sync/push',
      headers: { authorization: `Bearer ${world.device.deviceToken}` },
      payload: pushBody(world.otherDevice, [entry]),
    });
    expect(foreign.statusCode).toBe(403);
    expect(errorCodeOf(foreign)).toBe('device_mismatch');
    expect(await syncTableCounts(world.database)).toEqual(before);

    // Revoking the device in use: from then on every device route refuses it, with 403.
    const victim = await enrolledDevice(world.app, await world.liveCookie(), 'Revoked mid-use');
    const ok = await world.app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${victim.deviceToken}` } });
    expect(ok.statusCode).toBe(200);
    const revoke = await world.app.inject({ method: 'POST', url: `/api/v1/devices/${victim.deviceId}/revoke`, headers: jsonWithCookie(await world.liveCookie()) });
    expect(revoke.statusCode).toBe(200);
    for (const route of apiRoutes.filter((candidate) => candidate.auth !== 'public')) {
      const response = await world.app.inject({
        method: route.method,
        url: route.path.replace(':id', victim.deviceId).replace(':recordId', crypto.randomUUID()).replace(':idOrCode', 'ABCD-EFGH'),
        headers: { authorization: `Bearer ${victim.deviceToken}` },
        ...(route.method === 'POST' && { payload: route.path === '/api/v1/sync/push' ? pushBody(victim, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 })]) : {} }),
      });
      expect(response.statusCode, `${routeKey(route)} with a revoked token`).toBe(route.auth === 'device' ? 403 : 401);
    }
  });
});
