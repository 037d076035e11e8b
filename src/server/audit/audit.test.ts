import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { settingKeys } from '../../core/consent/index';
import { interviewRecord, pushEntryFor, testFormJson } from '../../core/record/__fixtures__/interview';
import { createTestDatabase, engines, openTestDatabase, type TestDatabase } from '../testing/databases';
import { createTestServer, testClock } from '../testing/server';
import { cookieOf, enrolledDevice, jsonWithCookie, login, publishTestContent, push, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import type { DatabaseEngine } from '../db/database';
import { audit, auditEntryHash, GENESIS_HASH, verifyAuditLog } from './log';
import { csvCell } from './queries';

interface Row {
  seq: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  address: string | null;
  details: string;
}

async function entriesAfter(database: TestDatabase, seq: number): Promise<Row[]> {
  return database.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
}

async function lastSeq(database: TestDatabase): Promise<number> {
  const row = await database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}

function runCli(database: TestDatabase, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { env: { ...process.env, ...database.env }, encoding: 'utf8' });
}

describe.each(engines)('audit log on %s', (engine: DatabaseEngine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  let adminId: string;
  const clock = testClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database, {}, { now: clock.now });
    await publishTestContent(database.db);
    admin = await signedInCoordinator(app, database.db, 'Anna');
    adminId = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: admin } })).json().coordinator.id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('records each sign-in, failed sign-in and sign-out with the account, the address and the time', async () => {
    const before = await lastSeq(database);
    expect((await login(app, 'Anna', 'wrong password!', '10.7.0.1')).statusCode).toBe(401);
    expect((await login(app, 'Nobody', 'wrong password!', '10.7.0.2')).statusCode).toBe(401);
    const signedIn = await login(app, 'Anna', TEST_PASSWORD, '10.7.0.3');
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: jsonWithCookie(cookieOf(signedIn)), remoteAddress: '10.7.0.3' });
    const rows = await entriesAfter(database, before);
    expect(rows.map((row) => [row.action, row.actor_type, row.actor_name, row.target_id, row.address, JSON.parse(row.details)])).toEqual([
      ['auth.sign_in_failed', 'anonymous', 'Anna', adminId, '10.7.0.1', { reason: 'wrong_password' }],
      ['auth.sign_in_failed', 'anonymous', 'Nobody', null, '10.7.0.2', { reason: 'unknown_name' }],
      ['auth.sign_in', 'account', 'Anna', adminId, '10.7.0.3', { role: 'admin' }],
      ['auth.sign_out', 'account', 'Anna', null, '10.7.0.3', {}],
    ]);
    expect((await entriesAfter(database, before)).every((row) => row.actor_type !== 'account' || row.actor_id === adminId)).toBe(true);
  });

  it('records enrolment, device enrolment, revocation, a record view, publishing, settings and an evaluation view', async () => {
    const before = await lastSeq(database);
    const device = await enrolledDevice(app, admin, 'Tablet Nord');
    const recordId = crypto.randomUUID();
    await push(app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}`, headers: { cookie: admin } })).statusCode).toBe(200);
    // Lists are not record views; an unknown record is not one either.
    await app.inject({ method: 'GET', url: '/api/v1/records', headers: { cookie: admin } });
    await app.inject({ method: 'GET', url: `/api/v1/records/${crypto.randomUUID()}`, headers: { cookie: admin } });
    const open = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie: admin }, payload: { deviceName: 'Spare' } });
    await app.inject({ method: 'DELETE', url: `/api/v1/enrolments/${open.json().id}`, headers: jsonWithCookie(admin) });
    await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(admin) });
    // Revoking again changes nothing and is no new entry.
    await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(admin) });
    const published = await app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie: admin }, payload: { kind: 'form', body: testFormJson(7) } });
    expect(published.statusCode).toBe(201);
    // The same again is unchanged: no entry.
    await app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie: admin }, payload: { kind: 'form', body: testFormJson(7) } });
    const values = { ...Object.fromEntries(settingKeys.map((key) => [key, ''])), withdrawalPhone: '+49 5171 401-0' };
    expect((await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie: admin }, payload: { values } })).statusCode).toBe(201);
    await app.inject({ method: 'GET', url: '/api/v1/evaluation?from=2026-01-01&lang=en', headers: { cookie: admin } });

    const rows = await entriesAfter(database, before);
    const enrolment = rows.find((row) => row.action === 'enrolment.create' && JSON.parse(row.details).deviceName === null);
    expect(enrolment?.actor_id).toBe(adminId);
    expect(rows.map((row) => [row.action, row.actor_type, row.target_type, row.target_id])).toEqual([
      ['enrolment.create', 'account', 'enrolment', enrolment?.target_id],
      ['device.enrol', 'device', 'device', device.deviceId],
      ['record.view', 'account', 'record', recordId],
      ['enrolment.create', 'account', 'enrolment', open.json().id],
      ['enrolment.delete', 'account', 'enrolment', open.json().id],
      ['device.revoke', 'account', 'device', device.deviceId],
      ['content.publish', 'account', 'artifact', 'form testbogen@7'],
      ['settings.change', 'account', 'settings', 'deployment'],
      ['evaluation.view', 'account', null, null],
    ]);
    expect(JSON.parse(rows.find((row) => row.action === 'settings.change')!.details)).toMatchObject({ changed: settingKeys.slice() });
    expect(JSON.parse(rows.at(-1)!.details)).toEqual({ filters: { from: '2026-01-01' } });
    expect(rows.find((row) => row.action === 'device.enrol')!.actor_name).toBe('Tablet Nord');
  });

  it('records every account change with who made it', async () => {
    const before = await lastSeq(database);
    const created = await app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { cookie: admin }, payload: { name: 'Berta', role: 'coordinator' } });
    const id = created.json().account.id as string;
    const token = new URL(created.json().link.url as string).hash.slice(1);
    await app.inject({ method: 'POST', url: '/api/v1/accounts/password', payload: { token, password: TEST_PASSWORD }, remoteAddress: '10.8.0.1' });
    await app.inject({ method: 'POST', url: `/api/v1/accounts/${id}/role`, headers: { cookie: admin }, payload: { role: 'analyst' } });
    await app.inject({ method: 'POST', url: `/api/v1/accounts/${id}/disable`, headers: jsonWithCookie(admin) });
    await app.inject({ method: 'POST', url: `/api/v1/accounts/${id}/enable`, headers: jsonWithCookie(admin) });
    await app.inject({ method: 'POST', url: `/api/v1/accounts/${id}/password-link`, headers: jsonWithCookie(admin) });
    const rows = await entriesAfter(database, before);
    expect(rows.map((row) => [row.action, row.actor_name, row.target_id, JSON.parse(row.details)])).toEqual([
      ['account.create', 'Anna', id, { name: 'Berta', role: 'coordinator' }],
      ['auth.password_set', 'Berta', id, {}],
      ['account.role_change', 'Anna', id, { name: 'Berta', from: 'coordinator', to: 'analyst' }],
      // The sign-in with the link made one session.
      ['account.disable', 'Anna', id, { name: 'Berta', sessionsEnded: 1 }],
      ['account.enable', 'Anna', id, { name: 'Berta' }],
      ['account.password_link', 'Anna', id, { name: 'Berta', expiresAt: expect.any(String), sessionsEnded: 0 }],
    ]);
    expect(rows[1]!.address).toBe('10.8.0.1');
  });

  it('shows the log to admins only, filtered and paged, newest first, and exports it as CSV', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=3', headers: { cookie: admin } });
    expect(page.statusCode).toBe(200);
    const total = await lastSeq(database);
    expect(page.json().page).toEqual({ offset: 0, limit: 3, total });
    expect(page.json().entries.map((entry: { seq: number }) => entry.seq)).toEqual([total, total - 1, total - 2]);

    const byAction = await app.inject({ method: 'GET', url: '/api/v1/audit?action=auth.sign_in_failed', headers: { cookie: admin } });
    expect(byAction.json().entries.map((entry: { actor: { name: string } }) => entry.actor.name)).toEqual(['Nobody', 'Anna']);
    const byActorName = await app.inject({ method: 'GET', url: '/api/v1/audit?actor=Berta', headers: { cookie: admin } });
    expect(byActorName.json().entries.map((entry: { action: string }) => entry.action)).toEqual(['auth.password_set']);
    const byActorId = await app.inject({ method: 'GET', url: `/api/v1/audit?actor=${adminId}&action=account.create`, headers: { cookie: admin } });
    expect(byActorId.json().page.total).toBe(1);
    const berta = byActorName.json().entries[0].target.id as string;
    const byTarget = await app.inject({ method: 'GET', url: `/api/v1/audit?target=${berta}&limit=2&offset=1`, headers: { cookie: admin } });
    expect(byTarget.json().page).toEqual({ offset: 1, limit: 2, total: 6 });
    expect(byTarget.json().entries.map((entry: { action: string }) => entry.action)).toEqual(['account.enable', 'account.disable']);

    // A period: the clock moves, a later sign-in falls on another day.
    clock.advance(3 * 24 * 60 * 60_000);
    admin = cookieOf(await login(app, 'Anna', TEST_PASSWORD, '10.7.1.1'));
    const later = await app.inject({ method: 'GET', url: '/api/v1/audit?from=2026-03-05&to=2026-03-05', headers: { cookie: admin } });
    expect(later.json().entries.map((entry: { action: string }) => entry.action)).toEqual(['auth.sign_in']);
    const earlier = await app.inject({ method: 'GET', url: '/api/v1/audit?to=2026-03-04', headers: { cookie: admin } });
    expect(earlier.json().page.total).toBe(total);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit?from=2026-03-05&to=2026-03-04', headers: { cookie: admin } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit?sort=seq', headers: { cookie: admin } })).statusCode).toBe(400);

    const csv = await app.inject({ method: 'GET', url: '/api/v1/audit.csv?action=auth.sign_in_failed', headers: { cookie: admin } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="lotse-audit-2026-03-05.csv"');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor_type,actor_id,actor_name,action,target_type,target_id,address,details,prev_hash,hash');
    expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual(['Anna', 'Nobody']);
    // The export is itself in the log.
    const exported = (await entriesAfter(database, total + 1)).at(-1)!;
    expect([exported.action, exported.actor_name, JSON.parse(exported.details)]).toEqual(['audit.export', 'Anna', { filter: { action: 'auth.sign_in_failed' } }]);
  });

  it('keeps a formula typed as a name from running in a spreadsheet', async () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+49 5171')).toBe("'+49 5171");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('Anna, Berta')).toBe('"Anna, Berta"');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    await login(app, '=1+1', 'wrong password!', '10.7.2.1');
    const csv = await app.inject({ method: 'GET', url: '/api/v1/audit.csv?actor=%3D1%2B1', headers: { cookie: admin } });
    expect(csv.body.split('\r\n')[1]).toContain(",'=1+1,auth.sign_in_failed,");
  });

  it('chains every entry to the one before; verify-audit finds an edited, a deleted and an inserted entry', async () => {
    const intact = await verifyAuditLog(database.db);
    expect(intact.ok).toBe(true);
    const count = await lastSeq(database);
    expect(intact).toMatchObject({ entries: count, head: { seq: count } });
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (const [index, row] of rows.entries()) {
      if (index > 0) expect(row.prev_hash).toBe(rows[index - 1]!.hash);
      expect(auditEntryHash(row)).toBe(row.hash);
    }
    const cli = runCli(database, 'verify-audit');
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`The audit log is intact: ${count} entries.`);
    expect(cli.status).toBe(0);

    const restore = async () => {
      await database.db.deleteFrom('audit_log').execute();
      for (let i = 0; i < rows.length; i += 50) await database.db.insertInto('audit_log').values(rows.slice(i, i + 50)).execute();
      expect((await verifyAuditLog(database.db)).ok).toBe(true);
    };

    // Edited: who viewed a record, changed afterwards in the database.
    const view = rows.find((row) => row.action === 'record.view')!;
    await database.db.updateTable('audit_log').set({ actor_name: 'Somebody else' }).where('seq', '=', view.seq).execute();
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, seq: view.seq, problem: 'edited' });
    const edited = runCli(database, 'verify-audit');
    expect(edited.status).toBe(1);
    expect(edited.stderr).toContain(`The audit log is broken at entry ${view.seq}: entry ${view.seq} was edited`);
    await restore();

    // Edited with the hash made anew: the next entry no longer follows it.
    const details = JSON.stringify({ reason: 'unknown_name' });
    const forged = { ...view, details, hash: auditEntryHash({ ...view, details }) };
    await database.db.updateTable('audit_log').set({ details: forged.details, hash: forged.hash }).where('seq', '=', view.seq).execute();
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, seq: view.seq + 1, problem: 'out_of_chain' });
    await restore();

    // Deleted: a sign-in in the middle, and the newest entries.
    const signIn = rows.find((row) => row.action === 'auth.sign_in')!;
    await database.db.deleteFrom('audit_log').where('seq', '=', signIn.seq).execute();
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, seq: signIn.seq, problem: 'missing' });
    await restore();
    await database.db.deleteFrom('audit_log').where('seq', '>', count - 2).execute();
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, seq: count - 1, problem: 'head_missing' });
    await restore();

    // Inserted: an entry made up and put in the middle (the later ones moved up by one) …
    const fake = { ...view, seq: view.seq + 1, actor_name: 'Made up', prev_hash: view.hash };
    const inserted = { ...fake, hash: auditEntryHash(fake) };
    await database.db.deleteFrom('audit_log').where('seq', '>', view.seq).execute();
    await database.db.insertInto('audit_log').values([inserted, ...rows.filter((row) => row.seq > view.seq).map((row) => ({ ...row, seq: row.seq + 1 }))]).execute();
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, seq: view.seq + 2, problem: 'out_of_chain' });
    await restore();
    // … and one appended at the end with a correct hash: past the head the server wrote.
    const last = rows.at(-1)!;
    const appended = { ...last, seq: last.seq + 1, prev_hash: last.hash, action: 'record.view' };
    await database.db.insertInto('audit_log').values({ ...appended, hash: auditEntryHash(appended) }).execute();
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: false, seq: last.seq + 1, problem: 'beyond_head' });
    const insertedCli = runCli(database, 'verify-audit');
    expect(insertedCli.status).toBe(1);
    expect(insertedCli.stderr).toContain(`broken at entry ${last.seq + 1}`);
    await restore();
    }, 120_000);

  it('keeps the chain linear when several connections append at once', async () => {
    // PostgreSQL: three separate pools (as three server processes would have) on the same
    // database. SQLite is one process's single connection (several would block each other's
    // event loop): there the appends race through it.
    const others = engine === 'postgres' ? await Promise.all([0, 1, 2].map(() => openTestDatabase(engine, database.env))) : [];
    const appenders = engine === 'postgres' ? others : [database, database, database];
    try {
      const before = await lastSeq(database);
      await Promise.all(
        appenders.flatMap((other, process) =>
          Array.from({ length: 15 }, (_, i) =>
            audit(other.db, { actor: { type: 'system', name: `process ${process}` }, action: 'retention.run', details: { i }, at: new Date() }),
          ),
        ),
      );
      // Also inside a caller's transaction that is rolled back: no entry, no gap.
      await expect(
        database.db.transaction().execute(async (trx) => {
          await audit(trx, { actor: { type: 'system' }, action: 'record.erase', at: new Date() });
          throw new Error('the erasure failed');
        }),
      ).rejects.toThrow('the erasure failed');
      const rows = await entriesAfter(database, before);
      expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 45 }, (_, i) => before + 1 + i));
      expect(rows.every((row) => row.action === 'retention.run')).toBe(true);
      expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true, entries: before + 45 });
    } finally {
      // Close the extra pools only; the database itself belongs to the suite.
      for (const other of others) await other.close();
    }
  });

  it('is append-only for the server: no code path updates or deletes an entry', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
          const text = readFileSync(path, 'utf8');
          if (/(updateTable|deleteFrom)\(\s*'audit_log'/.test(text) || /(update|delete from)\s+audit_log/i.test(text)) offenders.push(path);
        }
      }
    };
    walk('src/server');
    expect(offenders).toEqual([]);
    // And the table is not emptied by the migrations' reruns: one row per seq.
    const { rows } = await sql<{ n: number | string; d: number | string }>`select count(*) as n, count(distinct seq) as d from audit_log`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(Number(rows[0]!.d));
  });
});
