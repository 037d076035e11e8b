/**
 * notice@3 on the server (issue 14 items 1, 2, 6): it cannot be published while a placeholder it
 * uses is empty; once the settings are there, a push is judged by the purposes the person
 * accepted — for every combination of the four purposes and the health item, the answers they
 * cover are applied and any answer beyond them is rejected with `purpose_not_accepted`, refusing
 * the core purpose is a refusal — and a hand-over gives each recipient what the notice@3 mapping
 * names (IHK and Handwerkskammer separately; the health answer only where it was consented to).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { filledNotice, noticeRef } from '../../core/consent/index';
import { formForConsent } from '../../core/record/index';
import { payloadHash } from '../../core/record/payload-hash';
import type { PushEntry } from '../../core/sync/index';
import type { Answers } from '../../core/form/index';
import { decisionLabel, everyDecision, notice3, notice3Record, notice3Settings, notice3Templates, profilingbogen2, v2AnswersWithEveryPart } from '../../core/record/__fixtures__/notice3';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { createArtifactCatalog } from '../artifacts/catalog';
import { keyedHashWith } from '../auth/secrets';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, push, startSyncTestServer, stopSyncTestServer } from '../testing/api';
import { fieldsFor } from '../handover/handover';

const content = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../content/${path}`, import.meta.url), 'utf8'));

function entryOf(record: ReturnType<typeof notice3Record>, seq: number): PushEntry {
  const payload = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  return {
    seq,
    recordId: record.recordId,
    rev: 1,
    baseRev: 0,
    formRef: record.answers === null ? null : 'profilingbogen@2',
    noticeRef: noticeRef(record.consent.language === 'en' ? notice3.en : notice3.de),
    payload,
    payloadSha256: payloadHash(payload),
  };
}

function kept(record: ReturnType<typeof notice3Record>): Answers {
  const form = formForConsent(profilingbogen2, record.consent);
  const ids = new Set(form.sections.flatMap((s) => s.items.map((i) => i.id)));
  return Object.fromEntries(Object.entries(v2AnswersWithEveryPart).filter(([key]) => ids.has(key)));
}

describe.each(engines)('notice@3 on the server (%s)', (engine) => {
  let server: Awaited<ReturnType<typeof startSyncTestServer>>;
  let app: FastifyInstance;
  let database: TestDatabase;
  let cookie: string;
  const upload = (body: unknown) => app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie }, payload: { kind: 'notice', body } as Record<string, unknown> });

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    ({ app, database, cookie } = server);
    const prepared = prepareArtifact('form', content('forms/profilingbogen@2.json'));
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
  });
  afterAll(() => stopSyncTestServer(server));

  it('is not published while a placeholder it uses is empty (item 6)', async () => {
    const before = await upload(content('notices/notice@3/de.json'));
    expect(before.statusCode).toBe(409);
    expect(before.json().error).toMatchObject({ code: 'settings_missing' });
    const { dpoName: _empty, ...values } = notice3Settings.values;
    const partial = await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: { values: { ...values, dpoName: '' } } });
    expect(partial.statusCode, partial.body).toBe(201);
    const still = await upload(content('notices/notice@3/de.json'));
    expect(still.statusCode).toBe(409);
    expect(still.json().error.details.missing).toEqual(['dpoName']);
  });

  it('is published once every placeholder it uses is filled', async () => {
    const saved = await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: { values: notice3Settings.values } });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().settings.version).toBe(2);
    // Saving the settings publishes the content's notices that waited for them; uploading again changes nothing.
    for (const lang of ['de', 'en']) expect([200, 201]).toContain((await upload(content(`notices/notice@3/${lang}.json`))).statusCode);
    const published = await database.db.selectFrom('artifacts').select(['lang']).where('kind', '=', 'notice').where('version', '=', 3).orderBy('lang').execute();
    // Every language content/ holds of notice@3 (German, English and the twelve translations).
    const languages = readdirSync(new URL('../../../content/notices/notice@3/', import.meta.url)).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
    expect(languages.length).toBe(14);
    expect(published.map((row) => row.lang)).toEqual(languages);
  });

  it('applies what the accepted purposes cover and rejects the rest, for every combination (item 1)', async () => {
    // The fixture fills the notice from settings version 1; this server holds them as version 2.
    const settings = { ...notice3Settings, version: 2 };
    const device = await enrolledDevice(app, cookie);
    const entries: PushEntry[] = [];
    const expected: { label: string; ok: boolean; code?: string }[] = [];
    let seq = 0;
    const de = filledNotice(notice3Templates.de, settings)!;
    for (const decisions of everyDecision()) {
      const label = decisionLabel(decisions);
      const probe = notice3Record(crypto.randomUUID(), decisions, null, de);
      const withDe = (answers: Answers | null) => ({ ...notice3Record(crypto.randomUUID(), decisions, answers, de) });
      if (!decisions.profiling) {
        const refusal = withDe(null);
        entries.push({ ...entryOf(refusal, ++seq), noticeRef: noticeRef(de) });
        expected.push({ label: `${label} refusal`, ok: true });
        const refusedWithAnswers = withDe(v2AnswersWithEveryPart);
        entries.push({ ...entryOf(refusedWithAnswers, ++seq), noticeRef: noticeRef(de) });
        expected.push({ label: `${label} refusal with answers`, ok: false, code: 'consent_missing' });
        continue;
      }
      const coveredRecord = withDe(kept(probe));
      entries.push({ ...entryOf(coveredRecord, ++seq), noticeRef: noticeRef(de) });
      expected.push({ label: `${label} covered`, ok: true });
      const everything = decisions.counselling && decisions.referral && decisions.health;
      const full = withDe(v2AnswersWithEveryPart);
      entries.push({ ...entryOf(full, ++seq), noticeRef: noticeRef(de) });
      expected.push({ label: `${label} everything`, ok: everything, ...(!everything && { code: 'purpose_not_accepted' }) });
    }
    const { results } = await push(app, device, entries);
    const got = results.map((result, index) => ({ label: expected[index]!.label, ok: result.status === 'applied', ...(result.status === 'rejected' && { code: result.code }) }));
    expect(got).toEqual(expected);
    const rejected = results.find((r) => r.status === 'rejected' && r.code === 'purpose_not_accepted');
    expect(rejected && 'message' in rejected ? rejected.message : '').toMatch(/no accepted purpose covers: .*\(needs (counselling|referral|health)\)/);

    // The evaluation counts a notice@3 record by its statistics purpose (issue 10 item 3).
    const evaluation = await app.inject({ method: 'GET', url: '/api/v1/evaluation', headers: { cookie } });
    expect(evaluation.statusCode, evaluation.body).toBe(200);
    const applied = entries.filter((_, index) => results[index]!.status === 'applied');
    const facts = await database.db.selectFrom('evaluation_facts').select(['record_id', 'excluded']).where('record_id', 'in', applied.map((e) => e.recordId)).execute();
    const excludedOf = new Map(facts.map((f) => [f.record_id, f.excluded]));
    for (const entry of applied) {
      const consent = (entry.payload as { consent: { purposes: Record<string, string> } }).consent;
      const want = consent.purposes.profiling === 'refused' ? 'refused' : consent.purposes.statistics === 'accepted' ? null : 'purposeRefused';
      expect(excludedOf.get(entry.recordId), entry.recordId).toBe(want);
    }
  });

  it('rejects a consent that says yes to a recipient while referral is refused: recipients_without_referral (issue #14)', async () => {
    const settings = { ...notice3Settings, version: 2 };
    const de = filledNotice(notice3Templates.de, settings)!;
    const device = await enrolledDevice(app, cookie);
    const decisions = { profiling: true, counselling: true, referral: true, statistics: true, health: false };
    const consistent = notice3Record(crypto.randomUUID(), decisions, null, de);
    // The same consent with referral turned to "no" but the recipients left at "yes" (no device makes it; a tampered or buggy client could).
    const base = notice3Record(crypto.randomUUID(), decisions, null, de);
    const contradicting = { ...base, consent: { ...base.consent, purposes: { ...base.consent.purposes, referral: 'refused' as const } } };
    const { results } = await push(app, device, [
      { ...entryOf(consistent, 1), noticeRef: noticeRef(de) },
      { ...entryOf(contradicting, 2), noticeRef: noticeRef(de) },
    ]);
    expect(results[0]).toMatchObject({ status: 'applied' });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'recipients_without_referral' });
    expect(results[1] && 'message' in results[1] ? results[1].message : '').toMatch(/jobcenter.*referral/);
    // Nothing of it is stored: no record, no consent a hand-over could read.
    expect(await database.db.selectFrom('records').select('record_id').where('record_id', '=', contradicting.recordId).execute()).toEqual([]);
    expect(await database.db.selectFrom('record_consent').select('record_id').where('record_id', '=', contradicting.recordId).execute()).toEqual([]);
  });

  it('hands over by the notice@3 mapping: IHK and Handwerkskammer each get education and work, the health answer only Jobcenter and Agentur für Arbeit', async () => {
    const ctx = { config: configFromEnv({}), database, now: () => new Date(), artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') } as ServerContext;
    const ihk = await fieldsFor(ctx, 'profilingbogen@2', 'ihk', 'notice@3');
    const hwk = await fieldsFor(ctx, 'profilingbogen@2', 'hwk', 'notice@3');
    expect(ihk).toEqual(hwk);
    expect(ihk).toContain('workExperience[].jobTitle');
    expect(ihk).not.toContain('workRestrictions');
    expect(await fieldsFor(ctx, 'profilingbogen@2', 'jobcenter', 'notice@3')).toContain('workRestrictions');
    expect(await fieldsFor(ctx, 'profilingbogen@2', 'jobcenter', null)).not.toContain('workRestrictions');
    // The form's own mapping (notice@1/@2 records) knows only the joint chambers.
    expect(await fieldsFor(ctx, 'profilingbogen@2', 'ihk', null)).toEqual([]);
    expect(await fieldsFor(ctx, 'profilingbogen@2', 'ihk-hwk', null)).toEqual(ihk);
  });
});
