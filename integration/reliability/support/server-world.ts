/**
 * A server (Fastify inject, no port) on a fresh test database with the test content published,
 * one admin (Anna), and the credentials the fuzzer and the access matrix send: for each role a
 * live session, one that expired, one signed out, and one of a disabled account; and device
 * tokens of an enrolled, another and a revoked device.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createCoordinator } from '../../../src/server/accounts/coordinators';
import { createEnrolment } from '../../../src/server/accounts/enrolments';
import { createSession, deleteSession, findSession, SESSION_COOKIE, SESSION_TTL_MS } from '../../../src/server/auth/sessions';
import { disableAccount } from '../../../src/server/accounts/management';
import { roles, type Role } from '../../../src/core/api/index';
import type { DatabaseEngine } from '../../../src/server/db/database';
import { createTestDatabase, type TestDatabase } from '../../../src/server/testing/databases';
import { createTestServer } from '../../../src/server/testing/server';
import { enrolledDevice, jsonWithCookie, publishTestContent, TEST_PASSWORD, type TestDevice } from '../../../src/server/testing/api';

export interface ServerWorld {
  database: TestDatabase;
  app: FastifyInstance;
  coordinatorId: string;
  coordinatorName: string;
  /** The cookie header of the shared live session, made directly in the database (no password hashing). */
  liveCookie(): Promise<string>;
  /** The cookie header of a new live session of its own (for requests that may end it); the admin's unless `role` says otherwise. */
  newLiveCookie(role?: Role): Promise<string>;
  /** Per role: the cookie of a session that expired, of one signed out, and of a disabled account's session. */
  deadCookies: Record<Role, { expired: string; loggedOut: string; disabled: string }>;
  /** The cookie of a session that expired an hour ago. */
  expiredCookie: string;
  /** The cookie of a session that was signed out. */
  loggedOutCookie: string;
  device: TestDevice;
  otherDevice: TestDevice;
  revokedDevice: TestDevice;
  /** A code for `POST /api/v1/enrol` that nobody has redeemed yet. */
  freshEnrolmentCode(): Promise<{ id: string; code: string }>;
  /** The next push seq of a device. */
  nextSeq(device: TestDevice): Promise<number>;
  /** Makes the shared credentials valid again after a request may have signed out or revoked them. */
  repairCredentials(): Promise<void>;
  close(): Promise<void>;
}

export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}`;
}

export async function createServerWorld(engine: DatabaseEngine): Promise<ServerWorld> {
  const database = await createTestDatabase(engine);
  await publishTestContent(database.db);
  const app = await createTestServer(database);
  const { db } = database;
  const coordinatorName = 'Anna';
  const coordinator = await createCoordinator(db, { name: coordinatorName, password: TEST_PASSWORD, now: new Date() });
  const newSession = async (now: Date, accountId = coordinator.id) => (await createSession(db, accountId, now)).sessionId;
  // An account of each role besides the admin, and a disabled one of each role.
  const accountOf: Record<Role, string> = { admin: coordinator.id, coordinator: '', analyst: '' };
  for (const role of ['coordinator', 'analyst'] as const) {
    accountOf[role] = (await createCoordinator(db, { name: `Live ${role}`, password: TEST_PASSWORD, now: new Date(), role })).id;
  }
  const deadCookies = {} as ServerWorld['deadCookies'];
  for (const role of roles) {
    const expired = await newSession(new Date(Date.now() - SESSION_TTL_MS - 60 * 60_000), accountOf[role]);
    const loggedOut = await newSession(new Date(), accountOf[role]);
    await deleteSession(db, loggedOut);
    const disabled = await createCoordinator(db, { name: `Disabled ${role}`, password: TEST_PASSWORD, now: new Date(), role });
    await newSession(new Date(), disabled.id);
    await disableAccount(db, disabled.id, { actor: { type: 'system' }, address: null, now: new Date() });
    // Disabling ended its sessions; one made afterwards (as by a sign-in racing the disabling) must not count either.
    const afterDisabling = await newSession(new Date(), disabled.id);
    deadCookies[role] = { expired: sessionCookie(expired), loggedOut: sessionCookie(loggedOut), disabled: sessionCookie(afterDisabling) };
  }

  let sharedSession = await newSession(new Date());
  const expiredSession = await newSession(new Date(Date.now() - SESSION_TTL_MS - 60 * 60_000));
  const loggedOutSession = await newSession(new Date());
  await deleteSession(db, loggedOutSession);

  const cookie = sessionCookie(sharedSession);
  let device = await enrolledDevice(app, cookie, 'Fuzz tablet');
  const otherDevice = await enrolledDevice(app, cookie, 'Other tablet');
  const revokedDevice = await enrolledDevice(app, cookie, 'Revoked tablet');
  const revoked = await app.inject({ method: 'POST', url: `/api/v1/devices/${revokedDevice.deviceId}/revoke`, headers: jsonWithCookie(cookie) });
  if (revoked.statusCode !== 200) throw new Error(`revoking failed: ${revoked.body}`);

  const world: ServerWorld = {
    database,
    app,
    coordinatorId: coordinator.id,
    coordinatorName,
    liveCookie: async () => sessionCookie(sharedSession),
    newLiveCookie: async (role: Role = 'admin') => sessionCookie(await newSession(new Date(), accountOf[role])),
    deadCookies,
    expiredCookie: sessionCookie(expiredSession),
    loggedOutCookie: sessionCookie(loggedOutSession),
    get device() {
      return device;
    },
    otherDevice,
    revokedDevice,
    async freshEnrolmentCode() {
      const { id, code } = await createEnrolment(db, { deviceName: null, createdBy: coordinator.id, now: new Date(), ttlMinutes: 60 });
      return { id, code };
    },
    async nextSeq(target) {
      const row = await db.selectFrom('devices').select('last_seq').where('id', '=', target.deviceId).executeTakeFirstOrThrow();
      return row.last_seq + 1;
    },
    async repairCredentials() {
      if (!(await findSession(db, sharedSession, new Date()))) sharedSession = await newSession(new Date());
      const row = await db.selectFrom('devices').select('revoked_at').where('id', '=', device.deviceId).executeTakeFirstOrThrow();
      if (row.revoked_at !== null) device = await enrolledDevice(app, sessionCookie(sharedSession), 'Fuzz tablet (again)');
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return world;
}

export interface SyncTableCounts {
  records: number;
  revisions: number;
  outcomes: number;
  conflicts: number;
}

/** The rows a push can leave behind, counted in one round trip. */
export async function syncTableCounts(database: TestDatabase): Promise<SyncTableCounts> {
  const { rows } = await sql<Record<keyof SyncTableCounts, number | string>>`
    select (select count(*) from records) as records,
           (select count(*) from record_revisions) as revisions,
           (select count(*) from push_outcomes) as outcomes,
           (select count(*) from conflicts) as conflicts`.execute(database.db);
  const row = rows[0]!;
  return { records: Number(row.records), revisions: Number(row.revisions), outcomes: Number(row.outcomes), conflicts: Number(row.conflicts) };
}
