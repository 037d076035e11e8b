/**
 * Issue #14: the health item of notice@3 (Art. 9(2)(a)) withdrawn on its own, entered by a
 * coordinator (a phone call), on both engines: the health answer leaves every stored revision,
 * the rest of the record stays, the consent history shows the withdrawal with when and how, the
 * current consent (`record_consent`) says the item is withdrawn, the audit entry names what was
 * erased — and a later revision from the tablet, which is not told, is stored without the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { filledNotice, noticeRef } from '../../core/consent/index';
import { payloadHash } from '../../core/record/payload-hash';
import type { PushEntry } from '../../core/sync/index';
import { notice3Record, notice3Settings, notice3Templates, v2AnswersWithEveryPart } from '../../core/record/__fixtures__/notice3';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, jsonWithCookie, push, startSyncTestServer, stopSyncTestServer } from '../testing/api';

const content = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../content/${path}`, import.meta.url), 'utf8'));

describe.each(engines)('withdrawing the health consent on its own (%s)', (engine) => {
  let server: Awaited<ReturnType<typeof startSyncTestServer>>;
  let app: FastifyInstance;
  let database: TestDatabase;
  let cookie: string;

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    ({ app, database, cookie } = server);
    const prepared = prepareArtifact('form', content('forms/profilingbogen@2.json'));
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    const saved = await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: { values: notice3Settings.values } });
    expect(saved.statusCode, saved.body).toBe(201);
  });
  afterAll(() => stopSyncTestServer(server));

  it('erases the health answer and nothing else, and keeps it out of later revisions', async () => {
    const settings = { ...notice3Settings, version: (await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } })).json().settings.version };
    const de = filledNotice(notice3Templates.de, settings)!;
    const device = await enrolledDevice(app, cookie);
    const decisions = { profiling: true, counselling: true, referral: true, statistics: true, health: true };
    const recordId = crypto.randomUUID();
    const record = notice3Record(recordId, decisions, { ...v2AnswersWithEveryPart, workRestrictions: true }, de);
    const entryOf = (payload: Record<string, unknown>, seq: number, rev: number): PushEntry => ({
      seq, recordId, rev, baseRev: rev - 1, formRef: 'profilingbogen@2', noticeRef: noticeRef(de), payload, payloadSha256: payloadHash(payload),
    });
    const first = await push(app, device, [entryOf(JSON.parse(JSON.stringify(record)), 1, 1)]);
    expect(first.results[0], JSON.stringify(first.results[0])).toMatchObject({ status: 'applied' });
    const answersNow = async () => (JSON.parse((await database.db.selectFrom('record_revisions').select('payload').where('record_id', '=', recordId).orderBy('rev', 'desc').executeTakeFirstOrThrow()).payload) as { answers: Record<string, unknown> }).answers;
    expect((await answersNow()).workRestrictions).toBe(true);

    // A recipient cannot be named as an explicit item, an unknown item is refused, nothing changes.
    const enter = (scope: unknown) => app.inject({ method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, headers: jsonWithCookie(cookie), payload: { channel: 'phone', receivedOn: '2026-12-01', scope } as Record<string, unknown> });
    expect((await enter({ explicitConsents: ['religion'] })).statusCode).toBe(400);
    expect((await enter({ explicitConsents: [] })).statusCode).toBe(400);
    expect((await answersNow()).workRestrictions).toBe(true);

    const documentBefore = (await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}/subject-access`, headers: { cookie } })).json();
    expect(documentBefore.consent.lawfulBasis).toEqual(['GDPR-6-1-a', 'GDPR-9-2-a']);
    expect(JSON.stringify(documentBefore.answers)).toContain('workRestrictions');

    const withdrawn = await enter({ explicitConsents: ['health'] });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(withdrawn.json()).toMatchObject({ status: 'given', erasure: null, erasedAnswers: ['workRestrictions'], withdrawal: { channel: 'phone', receivedOn: '2026-12-01', recipients: [], explicitConsents: ['health'] } });

    // Gone from every revision; the rest stays (a name, the assessment, the referrals).
    const payloads = await database.db.selectFrom('record_revisions').select('payload').where('record_id', '=', recordId).execute();
    for (const row of payloads) expect(row.payload).not.toContain('workRestrictions');
    const after = await answersNow();
    expect(after.surname).toBe(v2AnswersWithEveryPart.surname);
    expect(after.interviewerAssessment).toBe(v2AnswersWithEveryPart.interviewerAssessment);
    expect(after.referrals).toEqual(v2AnswersWithEveryPart.referrals);

    // The record page: the health item withdrawn, by phone, through the coordinator; everything else still given.
    const page = await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}`, headers: { cookie } });
    const overview = page.json().consent.overview;
    expect(overview.status).toBe('given');
    expect(overview.explicitItems).toHaveLength(1);
    expect(overview.explicitItems[0]).toMatchObject({ id: 'health', state: 'withdrawn' });
    expect(overview.explicitItems[0].steps.at(-1)).toMatchObject({ change: 'withdrawn', channel: 'phone', actor: { role: 'coordinator' } });
    expect(overview.items.filter((item: { state: string }) => item.state !== 'given')).toEqual([]);
    expect(page.json().withdrawals).toMatchObject([{ explicitConsents: ['health'] }]);
    const consentRows = await database.db.selectFrom('record_consent').select(['kind', 'item_id', 'state']).where('record_id', '=', recordId).where('kind', '=', 'explicit').execute();
    expect(consentRows).toEqual([{ kind: 'explicit', item_id: 'health', state: 'withdrawn' }]);
    // The Jobcenter may still receive the record, without the health answer.
    expect(await database.db.selectFrom('record_consent').select('state').where('record_id', '=', recordId).where('item_id', '=', 'jobcenter').executeTakeFirstOrThrow()).toEqual({ state: 'given' });

    // The Art. 15 document: the special-category basis (Art. 9(2)(a)) no longer holds; the rest of the answers are there.
    const document = (await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}/subject-access`, headers: { cookie } })).json();
    expect(document.consent.lawfulBasis).toEqual(['GDPR-6-1-a']);
    expect(JSON.stringify(document.answers)).toContain(String(v2AnswersWithEveryPart.surname));
    expect(JSON.stringify(document.answers)).not.toContain('workRestrictions');

    // Audited with what was erased.
    const audit = await database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'withdrawal.record').where('target_id', '=', recordId).execute();
    expect(audit.map((row) => JSON.parse(String(row.details)))).toEqual([expect.objectContaining({ channel: 'phone', scope: { explicitConsents: ['health'] }, erased: false, erasedAnswers: ['workRestrictions'] })]);

    // The same health item cannot be withdrawn twice.
    expect((await enter({ explicitConsents: ['health'] })).statusCode).toBe(409);

    // The tablet, not told, sends a revision with the answer: stored without it.
    const revised = { ...JSON.parse(JSON.stringify(record)), answers: { ...record.answers, workRestrictions: true, phone: '0151 2345678' } };
    const second = await push(app, device, [entryOf(revised, 2, 2)]);
    expect(second.results[0], JSON.stringify(second.results[0])).toMatchObject({ status: 'applied', serverRev: 2 });
    const latest = await answersNow();
    expect(latest.workRestrictions).toBeUndefined();
    expect(latest.phone).toBe('0151 2345678');
  });
});
