/**
 * Finding records (issue 10, item 6): the coordinators' list searches names in the original script
 * and in Latin transliteration, filters by answer values (nationality, German level, occupation
 * area, municipality) with state, device and period, sorts and pages — all in SQL, on both engines —
 * and the record page shows each revision's answers labelled from its form, with what changed.
 * Over a synthetic campaign that went through the push path; the expected sets are computed from
 * the generator's own interviews, independently of the server's tables.
 */
import { keyedHashWith } from '../auth/secrets';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeRef } from '../../core/consent/index';
import type { Answers } from '../../core/form/index';
import { payloadHash, shortReference, type InterviewRecord } from '../../core/record/index';
import { canonicalJson, PROTOCOL_VERSION } from '../../core/sync/index';
import { matchesName, nameQuery, nameSearchText } from '../../core/text/index';
import { createArtifactCatalog } from '../artifacts/catalog';
import { publishContentDirectory } from '../artifacts/content-dir';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { demoCampaign, type DemoContent, type DemoInterview } from '../demo/campaign';
import { insertDemoData } from '../demo/demo-data';
import { handlePush } from '../sync/push';
import { signedInCoordinator } from '../testing/api';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const demo = { count: 240, seed: 23, start: '2026-01-05', weeks: 8, devices: 3 };
const now = () => new Date('2026-06-01T12:00:00.000Z');

type Listed = { recordId: string; deviceId: string; name: { latin: string | null; original: string | null } | null; receivedAt: string; updatedAt: string };
type ListAnswer = { records: Listed[]; page: { offset: number; limit: number; total: number } };

const levels = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'];

/** The current answers of each interview as the generator made them (after the edit below). */
function answersOf(interview: DemoInterview): Record<string, unknown> | null {
  return interview.revisions.at(-1)!.answers as Record<string, unknown> | null;
}

function namesOf(answers: Record<string, unknown> | null): string {
  if (!answers) return '';
  return ['surname', 'givenNames', 'surnameOriginal', 'givenNamesOriginal'].map((key) => (typeof answers[key] === 'string' ? answers[key] : '')).join(' ');
}

function lowestGermanLevel(answers: Record<string, unknown> | null): string | null {
  const german = (answers?.languageSkills as { skillLanguage: string; skillLevels: Record<string, string> }[] | undefined)?.find((entry) => entry.skillLanguage === 'deu');
  const ranks = Object.values(german?.skillLevels ?? {}).map((level) => levels.indexOf(level)).filter((rank) => rank >= 0);
  return ranks.length === 0 ? null : levels[Math.min(...ranks)]!;
}

describe.each(engines)('finding and reading records on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let context: ServerContext;
  let campaign: DemoInterview[];
  let edited: DemoInterview;

  const get = async (url: string): Promise<ListAnswer> => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  /** Every record of a list, walking its pages. */
  const all = async (query: string, limit = 37): Promise<Listed[]> => {
    const seen: Listed[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await get(`/api/v1/records?${query}${query ? '&' : ''}limit=${limit}&offset=${offset}`);
      expect(page.page.offset).toBe(offset);
      seen.push(...page.records);
      if (offset + limit >= page.page.total) {
        expect(seen).toHaveLength(page.page.total);
        return seen;
      }
    }
  };
  const ids = (records: readonly { recordId: string }[]) => records.map((record) => record.recordId).sort();
  // Records erased after a withdrawal keep no answers: no name or answer finds them.
  let erased = new Set<string>();
  const expected = (keep: (interview: DemoInterview) => boolean) =>
    campaign.filter((interview) => !erased.has(interview.recordId) && keep(interview)).map((interview) => interview.recordId).sort();

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    context = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await insertDemoData(context, demo);
    erased = new Set((await database.db.selectFrom('records').select('record_id').where('erased_at', 'is not', null).execute()).map((row) => row.record_id));
    const form = (await context.artifacts.form('profilingbogen@1'))!;
    const texts = new Map();
    for (const lang of ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru']) texts.set(lang, await context.artifacts.notice('notice', 1, lang));
    const content: DemoContent = { forms: [form], notices: new Map([[1, texts]]) };
    campaign = demoCampaign(content, { ...demo, start: new Date(`${demo.start}T00:00:00.000Z`) });
    app = await createTestServer(database, {}, { now });
    cookie = await signedInCoordinator(app, database.db);

    // A second revision with edited answers, through the push path of the tablet that captured it.
    edited = campaign.find((interview) => interview.revisions.length === 1 && interview.formRef !== null && (answersOf(interview)!.phone as string | undefined) !== undefined && answersOf(interview)!.municipality !== 'ilsede')!;
    const first = edited.revisions[0]!;
    const answers = first.answers as Record<string, unknown>;
    const { phone: _phone, ...withoutPhone } = answers;
    const jobs = (answers.workExperience as unknown[] | undefined) ?? [];
    const second: InterviewRecord = {
      ...first,
      answers: {
        ...withoutPhone,
        municipality: 'ilsede',
        workExperience: [...jobs, { jobTitle: 'Koch im Restaurant', occupationCode: '293', workFrom: { year: 2024, month: null, day: null }, workTo: { year: 2025, month: 6, day: null } }],
      } as Answers,
    };
    edited.revisions.push(second);
    const stored = await database.db.selectFrom('records').innerJoin('devices', 'devices.id', 'records.device_id').select(['records.device_id', 'devices.last_seq']).where('record_id', '=', edited.recordId).executeTakeFirstOrThrow();
    const plain = JSON.parse(canonicalJson(second)) as Record<string, unknown>;
    // A day after the campaign was loaded, so it is the most recently updated record.
    const answer = await handlePush(
      { ...context, now: () => new Date('2026-06-02T09:00:00.000Z') },
      stored.device_id,
      {
        protocolVersion: PROTOCOL_VERSION,
        deviceId: stored.device_id,
        batchId: crypto.randomUUID(),
        entries: [{ seq: Number(stored.last_seq) + 1, recordId: edited.recordId, rev: 2, baseRev: 1, formRef: edited.formRef, noticeRef: noticeRef(edited.notice), payload: plain, payloadSha256: payloadHash(plain) }],
        pendingCount: 0,
      },
      Fastify({ logger: false }).log,
    );
    expect(answer.results).toMatchObject([{ status: 'applied' }]);
  }, 240_000);
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('finds a name typed in Arabic script, in Persian script and in Latin transliteration, as the tablet’s search would', async () => {
    for (const query of ['حداد', 'محمد', 'حسینی', 'Hosseini', 'Husseini', 'Haddad', 'ahmed', 'al hassan', `${String(answersOf(edited)!.surname)} ${String(answersOf(edited)!.givenNames)}`.toLowerCase()]) {
      const q = nameQuery(query)!;
      const truth = expected((interview) => matchesName(nameSearchText(namesOf(answersOf(interview))), q));
      expect(truth.length, query).toBeGreaterThan(0);
      expect(ids(await all(`q=${encodeURIComponent(query)}`)), query).toEqual(truth);
    }
    // The same people, whichever script the coordinator types in.
    expect(ids(await all(`q=${encodeURIComponent('حسینی')}`))).toEqual(ids(await all('q=Hosseini')));
    expect(ids(await all(`q=${encodeURIComponent('حداد')}`))).toEqual(ids(await all('q=Haddad')));
    // A name nobody has finds nobody.
    expect((await get('/api/v1/records?q=Zwirblinski')).page.total).toBe(0);
    // LIKE's wildcards are no wildcards.
    expect((await get('/api/v1/records?q=%25')).page.total).toBe(0);
    expect((await get('/api/v1/records?q=_')).page.total).toBe(0);
  });

  it('shows each listed record’s name, Latin and original script, from its current revision', async () => {
    const [found] = (await get(`/api/v1/records?q=${encodeURIComponent(shortReference(edited.recordId))}`)).records;
    const answers = answersOf(edited)!;
    expect(found).toMatchObject({ recordId: edited.recordId, name: { latin: `${answers.surname}, ${answers.givenNames}` } });
    expect(found!.name!.original).toBe(answers.surnameOriginal === undefined ? null : `${answers.surnameOriginal} ${answers.givenNamesOriginal}`);
  });

  it('an erased record is found by its short reference only, with no name', async () => {
    expect(erased.size).toBeGreaterThan(0);
    for (const recordId of [...erased].slice(0, 3)) {
      const found = (await get(`/api/v1/records?q=${encodeURIComponent(shortReference(recordId))}`)).records.find((record) => record.recordId === recordId);
      expect(found, recordId).toBeDefined();
      expect(found!.name).toBeNull();
      const interview = campaign.find((candidate) => candidate.recordId === recordId)!;
      const surname = [...interview.revisions].reverse().find((revision) => revision.answers)?.answers?.surname;
      expect(typeof surname).toBe('string');
      expect(ids(await all(`q=${encodeURIComponent(String(surname))}`))).not.toContain(recordId);
    }
  });

  it('finds a record by its short reference however it is typed, refusals included', async () => {
    const refusal = campaign.find((interview) => interview.formRef === null)!;
    const reference = shortReference(refusal.recordId);
    for (const typed of [reference, reference.toLowerCase(), reference.replace('-', ' ')]) {
      const found = await get(`/api/v1/records?q=${encodeURIComponent(typed)}`);
      expect(found.records.map((record) => record.recordId), typed).toContain(refusal.recordId);
    }
    expect((await get(`/api/v1/records?q=${reference}`)).records.find((record) => record.recordId === refusal.recordId)?.name).toBeNull();
  });

  it('filters by nationality, German level (at least), occupation area of any past job and municipality, from the current revision', async () => {
    const answers = (interview: DemoInterview) => answersOf(interview) ?? {};
    expect(ids(await all('nationality=SY'))).toEqual(expected((i) => ((answers(i).nationality as string[] | undefined) ?? []).includes('SY')));
    expect(ids(await all('nationality=stateless'))).toEqual(expected((i) => answers(i).nationalityStatus === 'stateless'));
    expect(ids(await all('german=B1'))).toEqual(expected((i) => ['B1', 'B2', 'C1', 'C2'].includes(lowestGermanLevel(answersOf(i)) ?? '')));
    expect(ids(await all('german=A1'))).toEqual(expected((i) => !['none', null].includes(lowestGermanLevel(answersOf(i)))));
    const jobsIn = (i: DemoInterview, area: string) => ((answers(i).workExperience as { occupationCode?: string }[] | undefined) ?? []).some((job) => job.occupationCode?.startsWith(area));
    expect(ids(await all('occupationArea=2'))).toEqual(expected((i) => jobsIn(i, '2')));
    expect(ids(await all('occupationArea=2')).length).toBeGreaterThan(0);
    // The edited record moved to Ilsede in its second revision: it is found there, not where it was.
    const ilsede = ids(await all('municipality=ilsede'));
    expect(ilsede).toEqual(expected((i) => answers(i).municipality === 'ilsede'));
    expect(ilsede).toContain(edited.recordId);
    const before = (edited.revisions[0]!.answers as Record<string, unknown>).municipality as string;
    expect(ids(await all(`municipality=${before}`))).not.toContain(edited.recordId);
  });

  it('combines answer filters, name search, state, device and period; each answer has its own total', async () => {
    const [device] = await database.db.selectFrom('devices').select('id').where('demo', '=', 1).orderBy('id').limit(1).execute();
    const stored = new Map((await database.db.selectFrom('records').select(['record_id', 'device_id', 'received_at']).execute()).map((row) => [row.record_id, row]));
    const combined = await all(`nationality=AF&german=A2&deviceId=${device!.id}&state=consented`);
    expect(ids(combined)).toEqual(
      expected(
        (i) =>
          ((answersOf(i)?.nationality as string[] | undefined) ?? []).includes('AF') &&
          ['A2', 'B1', 'B2', 'C1', 'C2'].includes(lowestGermanLevel(answersOf(i)) ?? '') &&
          stored.get(i.recordId)!.device_id === device!.id,
      ),
    );
    const day = [...stored.values()].map((row) => row.received_at.slice(0, 10)).sort()[0]!;
    const named = await all(`q=Haddad&from=${day}&to=${day}`);
    expect(ids(named)).toEqual(expected((i) => matchesName(nameSearchText(namesOf(answersOf(i))), nameQuery('Haddad')!) && stored.get(i.recordId)!.received_at.startsWith(day)));
    // Refusals have no answers: no answer filter finds them.
    expect((await all('state=refused&nationality=SY')).length).toBe(0);
  });

  it('sorts by name either way and by update time, and its pages neither overlap nor skip', async () => {
    const collator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const ascending = await all('sort=name&order=asc', 50);
    expect(ascending).toHaveLength(campaign.length);
    expect(new Set(ids(ascending)).size).toBe(campaign.length);
    const named = ascending.filter((record) => record.name !== null);
    // Nameless records (refusals) come last; the named ones in the order of their folded Latin names.
    expect(ascending.slice(named.length).every((record) => record.name === null)).toBe(true);
    const sortKeys = named.map((record) => record.name!.latin!.replace(', ', ' ').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase());
    expect(sortKeys).toEqual([...sortKeys].sort(collator));
    const descending = await all('sort=name&order=desc', 50);
    expect(descending.filter((record) => record.name !== null).map((record) => record.recordId)).toEqual(named.map((record) => record.recordId).reverse());
    const updated = await all('sort=updated&order=desc', 50);
    expect(updated[0]!.recordId).toBe(edited.recordId);
    for (let i = 1; i < updated.length; i++) expect(updated[i - 1]!.updatedAt >= updated[i]!.updatedAt).toBe(true);
    const oldest = await get('/api/v1/records?order=asc&limit=1');
    expect(oldest.records[0]!.receivedAt).toBe([...(await all('', 100)).map((record) => record.receivedAt)].sort()[0]);
  });

  it('offers the nationalities that occur, every municipality and the occupation areas as filter values, labelled de/en', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/records/filters', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const options = response.json();
    const occurring = new Set(campaign.flatMap((i) => [...((answersOf(i)?.nationality as string[] | undefined) ?? []), ...(answersOf(i)?.nationalityStatus === 'known' || !answersOf(i) ? [] : [answersOf(i)!.nationalityStatus as string])]));
    expect(new Set(options.nationality.map((option: { code: string }) => option.code))).toEqual(occurring);
    expect(options.nationality.find((option: { code: string }) => option.code === 'SY').label).toEqual({ de: 'Syrien', en: 'Syria' });
    expect(options.nationality.find((option: { code: string }) => option.code === 'stateless').label.de).toMatch(/staatenlos/i);
    expect(options.municipality).toHaveLength(7);
    expect(options.municipality[0]).toEqual({ code: 'peine', label: { de: 'Stadt Peine', en: 'Stadt Peine' } });
    expect(options.occupationArea.map((option: { code: string }) => option.code)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/records/filters?lang=de', headers: { cookie } })).statusCode).toBe(400);
  });

  it('answers a bad query with 400 and names the parameter', async () => {
    for (const [query, parameter] of [
      ['german=B3', 'german'],
      ['occupationArea=29', 'occupationArea'],
      ['nationality=S%20Y', 'nationality'],
      ['municipality=', 'municipality'],
      [`q=${'a'.repeat(101)}`, 'q'],
      ['q=%20%20', 'q'],
      // PostgreSQL text cannot hold a NUL: refused before any query, on both engines alike.
      ['q=Ha%00ddad', 'q'],
      ['sort=nationality', 'sort'],
      ['order=up', 'order'],
      ['from=2026-02-01&to=2026-01-01', 'to'],
      ['surname=Haddad', ''],
    ] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/records?${query}`, headers: { cookie } });
      expect(response.statusCode, query).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('bad_request');
      expect(error.message).toBe('The query is not valid.');
      if (parameter) expect(error.details.map((issue: { path: string[] }) => issue.path.join('.')), query).toContain(parameter);
      else expect(error.details[0].code, query).toBe('unrecognized_keys');
    }
  });

  it('shows each revision’s answers labelled from its form in German and English, and what changed from the previous revision', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/records/${edited.recordId}`, headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(detail.revisions).toHaveLength(2);
    const [first, second] = detail.revisions;
    const firstAnswers = edited.revisions[0]!.answers as Record<string, unknown>;
    const person = first.answers.sections.find((section: { id: string }) => section.id === 'person');
    expect(person.label).toEqual({ de: 'B Person', en: 'B Person' });
    const field = (id: string) => person.items.find((item: { id: string }) => item.id === id);
    expect(field('surname')).toMatchObject({ label: { de: 'Familienname(n)', en: 'Surname(s)' }, value: { kind: 'text', text: firstAnswers.surname } });
    expect(field('birthDate').value).toEqual({ kind: 'date', ...(firstAnswers.birthDate as object) });
    expect(field('municipality').value.items[0].label).toMatchObject({ de: expect.any(String), en: expect.any(String) });
    const languages = first.answers.sections.find((section: { id: string }) => section.id === 'languages').items[0];
    expect(languages).toMatchObject({ kind: 'group', label: { de: 'Sprachkenntnisse' } });
    expect(languages.instances[0][1].value.kind).toBe('cefr');
    expect(first.changes).toBeNull();

    const changes = second.changes as { kind: string; path: string; label: { de: string; en: string }; before: unknown; after: unknown; group: unknown }[];
    const jobs = ((firstAnswers.workExperience as unknown[] | undefined) ?? []).length;
    expect(changes.map((change) => [change.kind, change.path])).toEqual([
      ['changed', 'municipality'],
      ['added', `workExperience[${jobs}].jobTitle`],
      ['added', `workExperience[${jobs}].occupationCode`],
      ['added', `workExperience[${jobs}].workFrom`],
      ['added', `workExperience[${jobs}].workTo`],
      ['removed', 'phone'],
    ]);
    expect(changes[0]).toMatchObject({ label: { de: 'Wohngemeinde im Landkreis', en: 'Municipality of residence in the district' }, after: { kind: 'codes', items: [{ code: 'ilsede', label: { de: 'Ilsede' } }] } });
    expect(changes[2]).toMatchObject({ group: { label: { de: 'Tätigkeiten' }, number: jobs + 1 }, after: { kind: 'codes', items: [{ code: '293', label: { de: expect.stringMatching(/Speisenzubereitung|Koch/) } }] } });
    expect(changes[4]).toMatchObject({ after: { kind: 'date', year: 2025, month: 6, day: null } });
    expect(changes[5]).toMatchObject({ before: { kind: 'text', text: firstAnswers.phone }, after: null });
    // The consent per purpose and recipient is still there.
    expect(detail.consent.overview.items.length).toBeGreaterThan(0);
  });
});
