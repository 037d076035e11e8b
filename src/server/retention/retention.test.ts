/**
 * Retention with a clock the test moves, on both engines: what is due is previewed, erased by a
 * run and reported; running again erases nothing; the daily run happens once per day; two
 * server processes' runs at once (two connection pools on one database) never erase twice.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { createArtifactCatalog } from '../artifacts/catalog';
import { keyedHashWith } from '../auth/secrets';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { createTestDatabase, engines, openTestDatabase, type TestDatabase } from '../testing/databases';
import { createTestServer, testClock, type TestClock } from '../testing/server';
import { cookieOf, enrolledDevice, jsonWithCookie, login, publishTestContent, push, signedInCoordinator, type TestDevice } from '../testing/api';
import { findTextAnywhere } from '../testing/scan';
import { addMonths, runRetention, saveRetentionSettings } from './retention';

describe('addMonths', () => {
  it('adds calendar months and keeps to the month\'s last day', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-06-15', 36)).toBe('2028-06-15');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  });
});

describe.each(engines)('retention on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let clock: TestClock;
  let device: TestDevice;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishTestContent(database.db);
    clock = testClock('2025-06-01T08:00:00.000Z');
    app = await createTestServer(database, {}, { now: clock.now });
    cookie = await signedInCoordinator(app, database.db);
    device = await enrolledDevice(app, cookie, 'Tablet Retention');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  async function pushed(surname: string, decision: 'given' | 'refused' = 'given'): Promise<string> {
    const recordId = crypto.randomUUID();
    const record = interviewRecord({ recordId, decision, ...(decision === 'given' && { answers: { surname, schoolYears: 8 } }) });
    await push(app, device, [pushEntryFor(record, { seq: (seq += 1) })]);
    return recordId;
  }
  const day = 24 * 60 * 60_000;

  it('erases what is due on the day it is due, reports each run, and erases nothing twice', async () => {
    // Defaults from the notice: 3 years after counselling ends; counselling ends 24 months after
    // the last revision unless marked; a refusal is kept 12 months.
    expect(await get('/api/v1/retention/settings')).toEqual({ values: { counsellingMonths: 36, counsellingEndsAfterMonths: 24, refusalMonths: 12, proofMonths: 36 }, updatedAt: null, updatedBy: null });
    const marked = await pushed('Beendet');
    const idle = await pushed('Ruhig');
    const refusal = await pushed('', 'refused');
    const mark = await app.inject({ method: 'POST', url: `/api/v1/records/${marked}/counselling-end`, headers: jsonWithCookie(cookie), payload: { endedOn: '2025-06-01' } });
    expect(mark.json()).toEqual({ recordId: marked, counsellingEndedOn: '2025-06-01' });
    expect((await app.inject({ method: 'POST', url: `/api/v1/records/${marked}/counselling-end`, headers: jsonWithCookie(cookie), payload: { endedOn: '2099-01-01' } })).statusCode).toBe(400);
    expect((await get(`/api/v1/records/${marked}`)).counsellingEndedOn).toBe('2025-06-01');
    // The mark starts this person's retention clock: it is in the audit log, the refused future date is not.
    const marks = await database.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', '=', 'record.counselling_end').execute();
    expect(marks.map((row) => [row.target_id, JSON.parse(String(row.details)).endedOn])).toEqual([[marked, '2025-06-01']]);

    const preview = async (date: string) => (await get(`/api/v1/retention/preview?date=${date}`)).due as { recordId: string; kind: string; sinceSource: string; dueOn: string }[];
    expect(await preview('2026-05-31')).toEqual([]);
    expect(await preview('2026-06-01')).toEqual([{ recordId: refusal, kind: 'refusal', since: '2025-06-01', sinceSource: 'refused', dueOn: '2026-06-01' }]);
    expect((await preview('2028-06-01')).map((item) => [item.recordId, item.sinceSource, item.dueOn])).toEqual([
      [refusal, 'refused', '2026-06-01'],
      [marked, 'marked', '2028-06-01'],
    ]);
    expect((await preview('2030-06-01')).map((item) => [item.recordId, item.sinceSource, item.dueOn]).at(-1)).toEqual([idle, 'last_revision', '2030-06-01']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/retention/preview?date=morgen', headers: { cookie } })).statusCode).toBe(400);
    // A preview erased nothing: both names are still in their revisions (and wherever a list search derived them).
    expect(await findTextAnywhere(database, ['Beendet', 'Ruhig'])).toEqual(expect.arrayContaining(['record_revisions: Beendet', 'record_revisions: Ruhig']));

    // The clock moves to the day the marked record is due; a coordinator runs the job.
    clock.advance(Date.parse('2028-06-01T03:00:00Z') - clock.now().getTime());
    cookie = cookieOf(await login(app, 'Anna'));
    const run = await app.inject({ method: 'POST', url: '/api/v1/retention/runs', headers: jsonWithCookie(cookie) });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json()).toMatchObject({ runOn: '2028-06-01', trigger: 'coordinator', erasedCount: 2, ranBy: 'Anna' });
    expect(run.json().erased.map((item: { recordId: string }) => item.recordId)).toEqual([refusal, marked]);
    expect(await findTextAnywhere(database, ['Beendet'])).toEqual([]);
    expect(await findTextAnywhere(database, ['Ruhig'])).not.toEqual([]);
    expect((await get(`/api/v1/records/${marked}`)).erasure).toMatchObject({ reason: 'retention' });
    // The tablet that holds them is told, as after a withdrawal.
    const pulled = await app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${device.deviceToken}` } });
    expect(pulled.json().erasures.map((erasure: { recordId: string }) => erasure.recordId).sort()).toEqual([marked, refusal].sort());

    // Idempotent: again on the same day erases nothing and says so.
    clock.advance(60_000);
    const again = await app.inject({ method: 'POST', url: '/api/v1/retention/runs', headers: jsonWithCookie(cookie) });
    expect(again.json()).toMatchObject({ erasedCount: 0, erased: [] });
    expect((await get('/api/v1/retention/runs')).runs.map((r: { erasedCount: number }) => r.erasedCount)).toEqual([0, 2]);

    // Shorter periods, saved by a coordinator, bring the idle record due now.
    const saved = await app.inject({ method: 'PUT', url: '/api/v1/retention/settings', headers: jsonWithCookie(cookie), payload: { values: { counsellingMonths: 12, counsellingEndsAfterMonths: 6, refusalMonths: 6 } } });
    expect(saved.json()).toMatchObject({ values: { counsellingMonths: 12 }, updatedBy: 'Anna' });
    for (const bad of [{ values: { counsellingMonths: 0, counsellingEndsAfterMonths: 6, refusalMonths: 6 } }, { values: { counsellingMonths: 12 } }, { counsellingMonths: 12 }]) {
      const refused = await app.inject({ method: 'PUT', url: '/api/v1/retention/settings', headers: jsonWithCookie(cookie), payload: bad });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('bad_request');
    }
    expect((await preview('2028-06-01')).map((item) => item.recordId)).toEqual([idle]);
  });

  it('runs the daily job once per day, and two processes at once never erase a record twice', async () => {
    const ids = [await pushed('Eins'), await pushed('Zwei'), await pushed('Drei')];
    clock.advance(10 * 365 * day);
    const contextOn = (db: TestDatabase): ServerContext => ({
      config: configFromEnv({}),
      database: db,
      now: clock.now,
      artifacts: createArtifactCatalog(db.db),
      personKey: keyedHashWith('test-person-key-secret-0123456789abcdef'),
    });
    // A second process: its own connections to the same database. On PostgreSQL both run at once
    // and the lock serialises them; SQLite's busy wait blocks the one Node thread both connections
    // share here (two real processes each have their own), so there they run one after the other.
    const other = await openTestDatabase(engine, database.env);
    const atOnce = async <T>(a: () => Promise<T>, b: () => Promise<T>): Promise<[T, T]> =>
      engine === 'postgres' ? Promise.all([a(), b()]) : [await a(), await b()];
    try {
      const [first, second] = await atOnce(
        () => runRetention(contextOn(database), { trigger: 'schedule', ranBy: null }),
        () => runRetention(contextOn(other), { trigger: 'schedule', ranBy: null }),
      );
      // One of them ran the day's job; the other found it done.
      expect([first, second].filter((run) => run !== null)).toHaveLength(1);
      const run = (first ?? second)!;
      expect(run.erased.map((item) => item.recordId)).toEqual(expect.arrayContaining(ids));
      const erasures = await database.db.selectFrom('erasures').select('record_id').where('record_id', 'in', ids).execute();
      expect(erasures).toHaveLength(3);
      expect(await findTextAnywhere(database, ['Eins', 'Zwei', 'Drei'])).toEqual([]);

      // Coordinator and CLI runs at once: both run, under the lock one after the other; the second finds nothing.
      const both = await atOnce(
        () => runRetention(contextOn(database), { trigger: 'cli', ranBy: 'cli' }),
        () => runRetention(contextOn(other), { trigger: 'cli', ranBy: 'cli' }),
      );
      expect(both.map((r) => r!.erasedCount)).toEqual([0, 0]);

      // The next day the schedule runs again.
      clock.advance(day);
      expect(await runRetention(contextOn(other), { trigger: 'schedule', ranBy: null })).toMatchObject({ erasedCount: 0 });
    } finally {
      await other.close();
    }
  });

  it('deletes a consent proof when its period after the erasure has run out, and a refusal\'s entry with its own period', async () => {
    const contextOf = (): ServerContext => ({
      config: configFromEnv({}),
      database,
      now: clock.now,
      artifacts: createArtifactCatalog(database.db),
      personKey: keyedHashWith('test-person-key-secret-0123456789abcdef'),
    });
    cookie = cookieOf(await login(app, 'Anna'));
    // Settings saved before the proof period existed (the first test saved these): the notice's 3 years apply.
    await saveRetentionSettings(database.db, { counsellingMonths: 36, counsellingEndsAfterMonths: 24, refusalMonths: 12 } as never, 'Anna', clock.now().toISOString());
    expect((await get('/api/v1/retention/settings')).values).toEqual({ counsellingMonths: 36, counsellingEndsAfterMonths: 24, refusalMonths: 12, proofMonths: 36 });
    const withdraw = async (recordId: string) => {
      const response = await app.inject({ method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, headers: jsonWithCookie(cookie), payload: { channel: 'phone', receivedOn: clock.now().toISOString().slice(0, 10), scope: 'all' } });
      expect(response.statusCode, response.body).toBe(201);
    };
    const match = async (surname: string) =>
      (await app.inject({ method: 'POST', url: '/api/v1/erasures/match', headers: jsonWithCookie(cookie), payload: { surname } })).json().erasures.map((e: { recordId: string }) => e.recordId);

    // Erased on two days in a row; a refusal received the same day as the first.
    const first = await pushed('Erstnachweis');
    const second = await pushed('Zweitnachweis');
    const refusal = await pushed('', 'refused');
    await withdraw(first);
    const erasedOn = clock.now().toISOString().slice(0, 10);
    clock.advance(day);
    cookie = cookieOf(await login(app, 'Anna'));
    await withdraw(second);
    expect(await match('Erstnachweis')).toEqual([first]);
    const proofDue = addMonths(erasedOn, 36);
    const refusalDue = addMonths(erasedOn, 12);

    // The preview names them on their days.
    const proofsDue = async (date: string) => ((await get(`/api/v1/retention/preview?date=${date}`)).proofsDue as { recordId: string; kind: string; dueOn: string }[]).filter((item) => [first, second, refusal].includes(item.recordId));
    expect(await proofsDue(refusalDue)).toEqual([{ recordId: refusal, kind: 'refusal', since: erasedOn, dueOn: refusalDue }]);
    expect(await proofsDue(proofDue)).toEqual([
      { recordId: refusal, kind: 'refusal', since: erasedOn, dueOn: refusalDue },
      { recordId: first, kind: 'consent', since: erasedOn, dueOn: proofDue },
    ]);

    // The refusal's year: the run erases it and deletes its entry's proof at once; the consent proofs stay.
    const refusalRun = (await runRetention(contextOf(), { date: refusalDue, trigger: 'cli', ranBy: 'cli' }))!;
    expect(refusalRun.proofsDeleted.filter((item) => item.recordId === refusal)).toHaveLength(1);
    const refusalErasure = await database.db.selectFrom('erasures').selectAll().where('record_id', '=', refusal).executeTakeFirstOrThrow();
    expect(refusalErasure).toMatchObject({ proof: null, proof_deleted_at: expect.any(String) });

    // The day before the period ends the proof is still there, in full.
    const dayBefore = new Date(Date.parse(`${proofDue}T00:00:00Z`) - day).toISOString().slice(0, 10);
    const before = (await runRetention(contextOf(), { date: dayBefore, trigger: 'cli', ranBy: 'cli' }))!;
    expect(before.proofsDeleted.map((item) => item.recordId)).not.toContain(first);
    expect((await get(`/api/v1/records/${first}`)).erasure).toMatchObject({ reason: 'withdrawn', proofDeletedAt: null, proof: { record_id: first } });

    // On the day: the first proof goes, the second (erased a day later) stays.
    const run = (await runRetention(contextOf(), { date: proofDue, trigger: 'cli', ranBy: 'cli' }))!;
    expect(run.proofsDeleted.map((item) => item.recordId)).toContain(first);
    expect(run.proofsDeleted.map((item) => item.recordId)).not.toContain(second);
    const shown = await get(`/api/v1/records/${first}`);
    expect(shown.erasure).toMatchObject({ reason: 'withdrawn', proof: null, proofDeletedAt: clock.now().toISOString() });
    expect(shown.withdrawals).toEqual([]);
    // The Art. 15 document says so too, and shows no consent any more.
    const document = await get(`/api/v1/records/${first}/subject-access`);
    expect(document.erasure).toMatchObject({ reason: 'withdrawn', proofDeletedAt: clock.now().toISOString() });
    expect(document.consent).toBeNull();
    expect((await get(`/api/v1/records/${second}/subject-access`)).consent).not.toBeNull();
    expect((await get(`/api/v1/records/${second}`)).erasure).toMatchObject({ proofDeletedAt: null, proof: { record_id: second } });
    // Nothing of the proof is left: no decisions, no entered withdrawal, no keyed person hash to match a request by.
    expect(await database.db.selectFrom('record_consent').select('record_id').where('record_id', '=', first).execute()).toEqual([]);
    expect(await database.db.selectFrom('consent_withdrawals').select('record_id').where('record_id', '=', first).execute()).toEqual([]);
    expect(await database.db.selectFrom('record_consent').select('record_id').where('record_id', '=', second).execute()).not.toEqual([]);
    expect(await match('Erstnachweis')).toEqual([]);
    expect(await match('Zweitnachweis')).toEqual([second]);
    // The run's report and the audit log name it.
    expect((await get('/api/v1/retention/runs')).runs.find((r: { id: string }) => r.id === run.id)).toMatchObject({ proofsDeleted: expect.arrayContaining([{ recordId: first, kind: 'consent', since: erasedOn, dueOn: proofDue }]) });
    const entries = await database.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).where('action', 'in', ['record.proof_delete', 'retention.run']).orderBy('seq').execute();
    const deleted = entries.filter((entry) => entry.action === 'record.proof_delete' && entry.target_id === first).map((entry) => JSON.parse(String(entry.details)));
    expect(deleted).toEqual([{ runId: run.id, kind: 'consent', since: erasedOn, dueOn: proofDue }]);
    expect(entries.filter((entry) => entry.target_id === refusal).map((entry) => JSON.parse(String(entry.details)).runId)).toEqual([refusalRun.id]);
    const runEntry = entries.filter((entry) => entry.action === 'retention.run').map((entry) => JSON.parse(String(entry.details))).find((details) => details.runId === run.id);
    expect(runEntry).toMatchObject({ proofsDeleted: run.proofsDeleted.length });

    // The next day the second goes too; nothing is deleted twice.
    const next = (await runRetention(contextOf(), { date: new Date(Date.parse(`${proofDue}T00:00:00Z`) + day).toISOString().slice(0, 10), trigger: 'cli', ranBy: 'cli' }))!;
    expect(next.proofsDeleted.map((item) => item.recordId).filter((id) => [first, second, refusal].includes(id))).toEqual([second]);
  });
});
