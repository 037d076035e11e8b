/**
 * An audit entry exists exactly when its action happened: a route's entry commits in the action's
 * transaction (a failing audit write undoes the action), and sign-ins the rate limit refuses (429)
 * are entries too. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer, testClock } from '../testing/server';
import { enrolledDevice, jsonWithCookie, login, publishTestContent, push, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import type { DatabaseEngine } from '../db/database';

describe.each(engines)('audit entries and their actions on %s', (engine: DatabaseEngine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  const clock = testClock('2026-03-02T09:00:00.000Z');

  /** Every insert into audit_log fails from now on, until `allow`. */
  async function refuseAuditWrites(): Promise<() => Promise<void>> {
    if (engine === 'sqlite') {
      await sql`create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit refused by the test'); end`.execute(database.db);
      return async () => void (await sql`drop trigger refuse_audit`.execute(database.db));
    }
    await sql`create or replace function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused by the test'; end $$`.execute(database.db);
    await sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`.execute(database.db);
    return async () => void (await sql`drop trigger refuse_audit on audit_log`.execute(database.db));
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database, {}, { now: clock.now });
    await publishTestContent(database.db);
    admin = await signedInCoordinator(app, database.db, 'Anna');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('logs a sign-in the rate limit refuses (429), with the name typed and the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(app, 'Anna', 'wrong password!', '10.9.0.1')).statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const rows = await database.db.selectFrom('audit_log').selectAll().where('address', '=', '10.9.0.1').orderBy('seq').execute();
    expect(rows.map((row) => [row.action, row.actor_name, JSON.parse(row.details).reason])).toEqual([
      ...Array.from({ length: 5 }, () => ['auth.sign_in_failed', 'Anna', 'wrong_password']),
      ['auth.sign_in_failed', 'Anna', 'rate_limited'],
      ['auth.sign_in_failed', 'Anna', 'rate_limited'],
    ]);
    expect(JSON.parse(rows.at(-1)!.details).retryAfter).toBeGreaterThan(0);
  });

  it('undoes a withdrawal, a sign-in, a revocation and a retention setting whose audit entry cannot be written', async () => {
    const device = await enrolledDevice(app, admin);
    const recordId = crypto.randomUUID();
    expect((await push(app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })])).results[0]!.status).toBe('applied');
    const sessions = async () => (await database.db.selectFrom('sessions').select('id_hash').execute()).length;
    const sessionsBefore = await sessions();
    const entriesBefore = (await database.db.selectFrom('audit_log').select('seq').execute()).length;

    const allow = await refuseAuditWrites();
    try {
      const withdrawal = await app.inject({ method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, headers: jsonWithCookie(admin), payload: { channel: 'phone', receivedOn: '2026-03-01', scope: { recipients: ['jobcenter'] } } });
      expect(withdrawal.statusCode).toBeGreaterThanOrEqual(500);
      expect((await login(app, 'Anna', TEST_PASSWORD, '10.9.0.2')).statusCode).toBeGreaterThanOrEqual(500);
      const revoke = await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(admin) });
      expect(revoke.statusCode).toBeGreaterThanOrEqual(500);
      const retention = await app.inject({ method: 'PUT', url: '/api/v1/retention/settings', headers: jsonWithCookie(admin), payload: { values: { counsellingMonths: 40, counsellingEndsAfterMonths: 24, refusalMonths: 12 } } });
      expect(retention.statusCode).toBeGreaterThanOrEqual(500);
    } finally {
      await allow();
    }
    expect(await database.db.selectFrom('consent_withdrawals').select('id').where('record_id', '=', recordId).execute()).toEqual([]);
    expect(await database.db.selectFrom('record_consent').select('state').where('record_id', '=', recordId).where('item_id', '=', 'jobcenter').executeTakeFirst()).toEqual({ state: 'given' });
    expect(await sessions()).toBe(sessionsBefore);
    expect((await database.db.selectFrom('devices').select('revoked_at').where('id', '=', device.deviceId).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect(await database.db.selectFrom('server_meta').select('value').where('key', '=', 'retention_settings').executeTakeFirst()).toBeUndefined();
    expect((await database.db.selectFrom('audit_log').select('seq').execute()).length).toBe(entriesBefore);

    // With the log writable again, the same withdrawal goes through and is logged once.
    const again = await app.inject({ method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, headers: jsonWithCookie(admin), payload: { channel: 'phone', receivedOn: '2026-03-01', scope: { recipients: ['jobcenter'] } } });
    expect(again.statusCode).toBe(201);
    expect((await database.db.selectFrom('audit_log').select('seq').where('action', '=', 'withdrawal.record').where('target_id', '=', recordId).execute()).length).toBe(1);
  });
});
