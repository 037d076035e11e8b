import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentState } from '../../core/consent/index';
import { payloadHash } from '../../core/record/index';
import { createArtifactCatalog } from '../artifacts/catalog';
import { keyedHashWith } from '../auth/secrets';
import { publishContentDirectory } from '../artifacts/content-dir';
import type { ServerContext } from '../context';
import { configFromEnv } from '../config';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { countRows, enrolledDevice, push, signedInCoordinator } from '../testing/api';
import { demoCampaign, type DemoContent, type DemoInterview } from './campaign';
import { DemoDataError, insertDemoData, removeDemoData } from './demo-data';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const options = { count: 150, seed: 7, start: '2026-01-05', weeks: 6, devices: 3 };
const campaignOptions = { ...options, start: new Date('2026-01-05T00:00:00.000Z') };

async function contextOn(database: TestDatabase): Promise<ServerContext> {
  await publishContentDirectory(database.db, contentDir, { now: () => new Date(), log: Fastify({ logger: false }).log });
  return { config: configFromEnv({}), database, now: () => new Date('2026-06-01T12:00:00.000Z'), artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret') };
}

async function contentOf(context: ServerContext): Promise<DemoContent> {
  // Every published version, as insertDemoData reads them: the campaign's period is split between them.
  const forms = [(await context.artifacts.form('profilingbogen@1'))!, (await context.artifacts.form('profilingbogen@2'))!, (await context.artifacts.form('profilingbogen@3'))!];
  const texts = new Map<string, NonNullable<Awaited<ReturnType<ServerContext['artifacts']['notice']>>>>();
  for (const lang of ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru']) {
    const notice = await context.artifacts.notice('notice', 1, lang);
    if (notice) texts.set(lang, notice);
  }
  return { forms, notices: new Map([[1, texts]]) };
}

describe.each(engines)('demo campaign on %s', (engine) => {
  let database: TestDatabase;
  let context: ServerContext;
  let campaign: DemoInterview[];
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    context = await contextOn(database);
    campaign = demoCampaign(await contentOf(context), campaignOptions);
    app = await createTestServer(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('stores every interview of the campaign once, through the push path, on demo tablets', async () => {
    const summary = await insertDemoData(context, options);
    expect(summary).toMatchObject({ devices: 3, records: 150 });

    const devices = await database.db.selectFrom('devices').select(['id', 'name', 'demo', 'last_seq', 'entries_received']).orderBy('name').execute();
    expect(devices.map((d) => [d.name, d.demo])).toEqual([['Demo-Tablet 1', 1], ['Demo-Tablet 2', 1], ['Demo-Tablet 3', 1]]);
    // Delivered exactly as a tablet's outbox is: every entry answered and counted, sequence numbers without gaps.
    const revisions = campaign.reduce((sum, interview) => sum + interview.revisions.length, 0);
    expect(devices.reduce((sum, d) => sum + d.entries_received, 0)).toBe(revisions);
    expect(devices.reduce((sum, d) => sum + d.last_seq, 0)).toBe(revisions);
    expect(await countRows(database.db, 'push_outcomes')).toBe(revisions);

    const stored = await database.db.selectFrom('record_revisions').select(['record_id', 'rev', 'payload_sha256']).execute();
    expect(stored).toHaveLength(revisions);
    const expected = campaign.flatMap((interview) => interview.revisions.map((revision, index) => ({ record_id: interview.recordId, rev: index + 1, payload_sha256: payloadHash(revision) })));
    const byKey = (rows: { record_id: string; rev: number }[]) => [...rows].sort((a, b) => a.record_id.localeCompare(b.record_id) || a.rev - b.rev);
    expect(byKey(stored)).toEqual(byKey(expected));
  });

  it('counts what the campaign made: refusals are minimal records, withdrawals later revisions', async () => {
    const records = await database.db.selectFrom('records').select(['record_id', 'form_ref', 'current_rev']).execute();
    expect(records).toHaveLength(150);
    const refusals = campaign.filter((i) => i.formRef === null).map((i) => i.recordId).sort();
    expect(records.filter((r) => r.form_ref === null).map((r) => r.record_id).sort()).toEqual(refusals);
    const withdrawn = campaign.filter((i) => i.revisions.length > 1).map((i) => i.recordId).sort();
    expect(records.filter((r) => r.current_rev === 2).map((r) => r.record_id).sort()).toEqual(withdrawn);

    // A withdrawal of the whole consent erased the record's data as it arrived (erasure/erase.ts).
    const lastState = (i: (typeof campaign)[number]) => (i.revisions.at(-1) as { consent: { events: { event_state: string }[] } }).consent.events.at(-1)!.event_state;
    const wholly = campaign.filter((i) => lastState(i) === 'withdrawn').map((i) => i.recordId).sort();
    expect((await database.db.selectFrom('erasures').select('record_id').execute()).map((r) => r.record_id).sort()).toEqual(wholly);

    // Nationalities as stored equal those the generator chose (counted independently of the database).
    const stored = await database.db.selectFrom('record_revisions').select('payload').where('rev', '=', 1).where('record_id', 'not in', [...wholly, crypto.randomUUID()]).execute();
    const tally = (values: (string | undefined)[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v ?? '-']: (acc[v ?? '-'] ?? 0) + 1 }), {});
    const nationalityOf = (payload: { answers: { nationality?: string[] } | null }) => payload.answers?.nationality?.[0];
    const kept = campaign.filter((i) => !wholly.includes(i.recordId));
    expect(tally(stored.map((row) => nationalityOf(JSON.parse(row.payload))))).toEqual(tally(kept.map((i) => nationalityOf(i.revisions[0]! as never))));
  });

  it('refuses to load twice, and a campaign that would end after today', async () => {
    await expect(insertDemoData(context, options)).rejects.toThrow(/already loaded.*--remove/);
    await expect(insertDemoData({ ...context, now: () => new Date('2026-01-10T00:00:00.000Z') }, { ...options })).rejects.toThrow(DemoDataError);
  });

  it('--remove deletes exactly the demo tablets and what they delivered', async () => {
    // A real tablet delivers one interview beside the demo campaign.
    const cookie = await signedInCoordinator(app, database.db, `Coordinator ${engine}`);
    const tablet = await enrolledDevice(app, cookie, 'Tablet Peine');
    const other = demoCampaign(await contentOf(context), { ...campaignOptions, count: 1, seed: 99 })[0]!;
    const payload = JSON.parse(JSON.stringify(other.revisions[0])) as Record<string, unknown>;
    const answer = await push(app, tablet, [
      { seq: 1, recordId: other.recordId, rev: 1, baseRev: 0, formRef: other.formRef, noticeRef: { id: other.notice.id, version: other.notice.version, lang: other.notice.lang, sha256: other.notice.sha256 }, payload, payloadSha256: payloadHash(payload) },
    ]);
    expect(answer.results[0]?.status).toBe('applied');

    const removed = await removeDemoData(context);
    expect(removed).toEqual({ devices: 3, records: 150 });
    expect(await database.db.selectFrom('records').select('record_id').execute()).toEqual([{ record_id: other.recordId }]);
    expect(await countRows(database.db, 'record_revisions')).toBe(1);
    expect(await countRows(database.db, 'push_outcomes')).toBe(1);
    expect((await database.db.selectFrom('devices').select('name').execute()).map((d) => d.name)).toEqual(['Tablet Peine']);
    // Loading again works once the old demo is gone.
    expect((await insertDemoData(context, { ...options, count: 10 })).records).toBe(10);
  });
});

describe('the demo campaign itself', () => {
  let content: DemoContent;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    content = await contentOf(await contextOn(database));
  });
  afterAll(() => database.drop());

  it('is the same for the same seed and differs for another', () => {
    const a = demoCampaign(content, campaignOptions);
    const b = demoCampaign(content, campaignOptions);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = demoCampaign(content, { ...campaignOptions, seed: 8 });
    expect(c.map((i) => i.recordId)).not.toEqual(a.map((i) => i.recordId));
  });

  it('looks like a real campaign: scripts, interrupted studies, work history, partial consent, withdrawals, several tablets', () => {
    const campaign = demoCampaign(content, { ...campaignOptions, count: 695, seed: 2016, weeks: 10, devices: 4 });
    const answers = campaign.map((i) => i.revisions[0]!.answers).filter((a) => a !== null);
    const originals = answers.map((a) => String(a.surnameOriginal ?? ''));
    expect(originals.some((name) => /\p{Script=Arabic}/u.test(name))).toBe(true);
    expect(originals.some((name) => /\p{Script=Ethiopic}/u.test(name))).toBe(true);
    expect(originals.some((name) => /\p{Script=Cyrillic}/u.test(name))).toBe(true);
    const studies = answers.flatMap((a) => (a.studies ?? []) as { studyCompleted?: boolean }[]);
    expect(studies.filter((s) => s.studyCompleted === false).length).toBeGreaterThan(10);
    const jobs = answers.flatMap((a) => (a.workExperience ?? []) as { occupationCode?: string }[]);
    expect(new Set(jobs.map((j) => j.occupationCode)).size).toBeGreaterThan(15);
    expect(answers.some((a) => ((a.workExperience ?? []) as unknown[]).length >= 2)).toBe(true);
    expect(new Set(answers.map((a) => (a.languageSkills as { skillLevels: { listening: string } }[])[1]!.skillLevels.listening)).size).toBeGreaterThanOrEqual(4);

    const states = campaign.map((i) => consentState(i.revisions.at(-1)!.consent));
    const refusals = states.filter((s) => s.status === 'refused').length;
    expect(refusals).toBeGreaterThan(15);
    expect(refusals).toBeLessThan(80);
    expect(states.filter((s) => s.status === 'withdrawn').length).toBeGreaterThan(5);
    const partial = campaign.filter((i) => i.revisions.length === 2 && consentState(i.revisions[1]!.consent).status === 'given');
    expect(partial.length).toBeGreaterThan(5);
    const someRecipientRefused = campaign.filter((i) => i.formRef !== null && Object.values(i.revisions[0]!.consent.recipient_third_parties).includes('refused'));
    expect(someRecipientRefused.length).toBeGreaterThan(100);
    expect(new Set(campaign.map((i) => i.device)).size).toBe(4);
    expect(new Set(campaign.map((i) => i.notice.lang)).size).toBeGreaterThanOrEqual(10);
  });
});
