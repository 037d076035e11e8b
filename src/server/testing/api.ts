/**
 * Test helpers that drive the server the way its clients do: a coordinator
 * signs in, enrols a tablet, the tablet pushes and pulls.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { PushResponse, WirePushEntry } from '../../core/sync/index';
import { testFormJson, testNoticeJson } from '../../core/record/__fixtures__/interview';
import { createCoordinator } from '../accounts/coordinators';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import type { Database } from '../db/schema';
import type { DatabaseEngine } from '../db/database';
import { createTestDatabase, type TestDatabase } from './databases';
import { createTestServer } from './server';

export const TEST_PASSWORD = 'correct horse battery';

/** The `name=value` pair of a Set-Cookie header, to send back as a Cookie header. */
export function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error(`no cookie set (status ${response.statusCode}: ${response.body})`);
  return first.split(';')[0]!;
}

/**
 * Headers of a coordinator's body-less state change (revoke, delete, logout): the server demands
 * the JSON content type even without a body, since a cross-site HTML form cannot send it.
 */
export function jsonWithCookie(cookie: string): { cookie: string; 'content-type': 'application/json' } {
  return { cookie, 'content-type': 'application/json' };
}

export async function login(app: FastifyInstance, name: string, password = TEST_PASSWORD, remoteAddress?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { name, password }, ...(remoteAddress && { remoteAddress }) });
}

/** Creates a coordinator and signs in; returns the Cookie header to send. */
export async function signedInCoordinator(app: FastifyInstance, db: Kysely<Database>, name = 'Anna'): Promise<string> {
  await createCoordinator(db, { name, password: TEST_PASSWORD, now: new Date() });
  const response = await login(app, name);
  expect(response.statusCode).toBe(200);
  return cookieOf(response);
}

export interface TestDevice {
  deviceId: string;
  deviceToken: string;
}

/** Enrols a new device; `previous` re-enrols a tablet that was that device (token as proof). */
export async function enrolledDevice(app: FastifyInstance, cookie: string, deviceName = 'Tablet 1', previous?: TestDevice): Promise<TestDevice> {
  const created = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
  expect(created.statusCode).toBe(201);
  const payload = { code: created.json().code, deviceName, ...(previous && { previous: { deviceId: previous.deviceId, deviceToken: previous.deviceToken } }) };
  const enrolled = await app.inject({ method: 'POST', url: '/api/v1/enrol', payload });
  expect(enrolled.statusCode).toBe(201);
  return enrolled.json();
}

/** Publishes the test form and the German and English test notices. */
export async function publishTestContent(db: Kysely<Database>, now = new Date()): Promise<void> {
  for (const [kind, json] of [
    ['form', testFormJson()],
    ['notice', testNoticeJson('de')],
    ['notice', testNoticeJson('en')],
  ] as const) {
    const prepared = prepareArtifact(kind, json);
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(db, prepared.artifact, { now, publishedBy: null });
  }
}

export function pushBody(device: TestDevice, entries: WirePushEntry[], extra: Record<string, unknown> = {}) {
  return { protocolVersion: 1, deviceId: device.deviceId, batchId: crypto.randomUUID(), entries, ...extra };
}

export function pushRaw(app: FastifyInstance, device: TestDevice, payload: unknown): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/sync/push',
    headers: { authorization: `Bearer ${device.deviceToken}` },
    payload: payload as Record<string, unknown>,
  });
}

/** Pushes entries and expects a 200 answer. */
export async function push(app: FastifyInstance, device: TestDevice, entries: WirePushEntry[], extra: Record<string, unknown> = {}): Promise<PushResponse> {
  const response = await pushRaw(app, device, pushBody(device, entries, extra));
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

type CountedTable = 'records' | 'record_revisions' | 'push_outcomes' | 'conflicts' | 'devices' | 'artifacts' | 'sessions' | 'enrolments';

export async function countRows(db: Kysely<Database>, table: CountedTable): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What a push may have left behind: all zero means nothing was stored. */
export async function storedSyncRows(db: Kysely<Database>) {
  return {
    records: await countRows(db, 'records'),
    revisions: await countRows(db, 'record_revisions'),
    outcomes: await countRows(db, 'push_outcomes'),
    conflicts: await countRows(db, 'conflicts'),
  };
}

/** A server on a fresh test database, a signed-in coordinator's cookie, and the test content published. */
export interface SyncTestServer {
  database: TestDatabase;
  app: FastifyInstance;
  cookie: string;
}

export async function startSyncTestServer(engine: DatabaseEngine): Promise<SyncTestServer> {
  const database = await createTestDatabase(engine);
  const app = await createTestServer(database);
  const cookie = await signedInCoordinator(app, database.db);
  await publishTestContent(database.db);
  return { database, app, cookie };
}

export async function stopSyncTestServer(server: Pick<SyncTestServer, 'database' | 'app'>): Promise<void> {
  await server.app.close();
  await server.database.drop();
}
