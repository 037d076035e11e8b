import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentState } from '../../core/consent/index';
import type { ShownTable } from '../../core/evaluation/index';
import { possibleValues } from '../../core/evaluation/__fixtures__/attacker';
import type { InterviewRecord } from '../../core/record/index';
import { createArtifactCatalog } from '../artifacts/catalog';
import { keyedHashWith } from '../auth/secrets';
import { publishContentDirectory } from '../artifacts/content-dir';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { demoCampaign, type DemoContent, type DemoInterview } from '../demo/campaign';
import { insertDemoData } from '../demo/demo-data';
import { signedInCoordinator } from '../testing/api';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import type { EvaluationAnswer, EvaluationTable } from './queries';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const demo = { count: 260, seed: 11, start: '2026-01-05', weeks: 8, devices: 3 };
const now = () => new Date('2026-06-01T12:00:00.000Z');

/** The campaign's people as the generator made them, with their consent as it stands at the end. */
function people(campaign: DemoInterview[]) {
  return campaign.map((interview) => {
    const last = interview.revisions.at(-1)! as InterviewRecord;
    const state = consentState(last.consent);
    const answers = interview.revisions[0]!.answers as Record<string, unknown> | null;
    return { interview, state, answers, counted: state.status === 'given' && state.acceptedPurposes.includes('profiling') };
  });
}

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Every shown count equals the truth; every hidden one is small or hidden to protect one. */
function expectTableMatches(table: Pick<EvaluationTable, 'cells' | 'total'>, truth: Map<string, number>, total: number) {
  expect(table.total).toEqual(total > 0 && total < 5 ? { hidden: 'small' } : { count: total });
  expect(table.cells).not.toBeNull();
  const shownKeys = new Set<string>();
  for (const cell of table.cells!) {
    shownKeys.add(cell.key);
    const actual = truth.get(cell.key) ?? 0;
    if ('count' in cell) expect(cell.count, cell.key).toBe(actual);
    else if (cell.hidden === 'small') expect(actual, cell.key).toBeLessThan(5);
    else expect(actual, cell.key).toBeGreaterThanOrEqual(5);
  }
  for (const [key, count] of truth) if (count > 0) expect(shownKeys.has(key), `${key} missing`).toBe(true);
}

function everyTable(answer: EvaluationAnswer): Pick<ShownTable, 'kind' | 'total' | 'cells'>[] {
  return [
    answer.inclusion,
    ...answer.tables,
    answer.occupation.areas,
    ...Object.values(answer.occupation.groups).filter((cells) => cells !== null).map((cells) => {
      const area = answer.occupation.areas.cells?.find((c) => cells!.length > 0 && c.key === cells![0]!.key.slice(0, 1));
      return { kind: 'partition' as const, total: area && 'count' in area ? { count: area.count } : { hidden: 'small' as const }, cells };
    }),
    ...answer.recipients.map((r) => r.table),
  ];
}

describe.each(engines)('evaluation on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let campaign: ReturnType<typeof people>;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    const context: ServerContext = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret') };
    await insertDemoData(context, demo);
    const form = (await context.artifacts.form('profilingbogen@1'))!;
    const texts = new Map();
    for (const lang of ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru']) texts.set(lang, await context.artifacts.notice('notice', 1, lang));
    const content: DemoContent = { forms: [form], notices: new Map([[1, texts]]) };
    campaign = people(demoCampaign(content, { ...demo, start: new Date(`${demo.start}T00:00:00.000Z`) }));
    app = await createTestServer(database, {}, { now });
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const evaluation = async (query = ''): Promise<EvaluationAnswer> => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/evaluation${query}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('counts only records whose consent covers the profile purpose, and says why others are left out', async () => {
    const answer = await evaluation();
    expect(answer.purposes.map((p) => p.id)).toEqual(['profiling']);
    expect(answer.purposes[0]!.label).toBe('Kompetenzprofil erstellen');
    const reasons = tally(campaign.map((p) => (p.counted ? 'counted' : p.state.status === 'refused' ? 'refused' : p.state.status === 'withdrawn' ? 'withdrawn' : 'purposeRefused')));
    expectTableMatches(answer.inclusion, reasons, campaign.length);
    expect(reasons.get('refused')).toBeGreaterThan(5);
  });

  it('counts nationality, sex, municipality and German listening level as the generator made them', async () => {
    const answer = await evaluation();
    const counted = campaign.filter((p) => p.counted);
    const table = (id: string) => answer.tables.find((t) => t.id === id)!;
    const nationality = (a: Record<string, unknown>) => (a.nationalityStatus === 'known' ? (a.nationality as string[])[0]! : String(a.nationalityStatus));
    expectTableMatches(table('nationality'), tally(counted.map((p) => nationality(p.answers!))), counted.length);
    expectTableMatches(table('sex'), tally(counted.map((p) => String(p.answers!.sex))), counted.length);
    expectTableMatches(table('municipality'), tally(counted.map((p) => String(p.answers!.municipality))), counted.length);
    const germanListening = (a: Record<string, unknown>) => (a.languageSkills as { skillLanguage: string; skillLevels: { listening: string } }[]).find((s) => s.skillLanguage === 'deu')!.skillLevels.listening;
    expectTableMatches(table('germanListening'), tally(counted.map((p) => germanListening(p.answers!))), counted.length);
    // Labels come from the form in the coordinator's language.
    expect(table('nationality').cells!.find((c) => c.key === 'SY')?.label).toBe('Syrien');
    expect((await evaluation('?lang=en')).tables.find((t) => t.id === 'nationality')!.cells!.find((c) => c.key === 'SY')?.label).toBe('Syria');
    expect(table('drivingLicence').cells!.find((c) => c.key === 'yes')?.label).toBe('ja');
    // People without a known nationality count under the status they gave, named by that field's choices.
    const statuses = counted.filter((p) => p.answers!.nationalityStatus !== 'known').map((p) => String(p.answers!.nationalityStatus));
    for (const status of new Set(statuses)) expect(table('nationality').cells!.find((c) => c.key === status)?.label, status).toMatch(/\S/);
    // A person may have several goals: each goal counts the people who named it.
    const goals = tally(counted.flatMap((p) => p.answers!.goals as string[]));
    for (const cell of table('goal').cells!) if ('count' in cell) expect(cell.count).toBe(goals.get(cell.key));
  });

  it('filters by municipality, period and tablet', async () => {
    const inPeine = campaign.filter((p) => p.counted && p.answers!.municipality === 'peine');
    const byMunicipality = await evaluation('?municipality=peine');
    expect(byMunicipality.tables.find((t) => t.id === 'sex')!.total).toEqual({ count: inPeine.length });

    const dayOf = (p: (typeof campaign)[number]) => p.interview.revisions[0]!.interview.startedAt.slice(0, 10);
    const inJanuary = campaign.filter((p) => p.counted && dayOf(p) >= '2026-01-01' && dayOf(p) <= '2026-01-31');
    const byPeriod = await evaluation('?from=2026-01-01&to=2026-01-31');
    expect(byPeriod.tables.find((t) => t.id === 'sex')!.total).toEqual({ count: inJanuary.length });
    expect(byPeriod.tables.find((t) => t.id === 'week')!.cells!.every((c) => c.key <= '2026-01-31')).toBe(true);

    const devices = byPeriod.options.devices;
    expect(devices.map((d) => d.name)).toEqual(['Demo-Tablet 1', 'Demo-Tablet 2', 'Demo-Tablet 3']);
    const firstTablet = await evaluation(`?deviceId=${devices[0]!.id}`);
    const perTablet = campaign.filter((p) => p.counted && p.interview.device === 0).length;
    expect(firstTablet.tables.find((t) => t.id === 'sex')!.total).toEqual({ count: perTablet });
  });

  it('lets nobody compute a suppressed cell back from anything the API returns', async () => {
    for (const query of ['', '?municipality=hohenhameln', '?from=2026-02-02&to=2026-02-08', '?municipality=lengede&lang=en']) {
      const answer = await evaluation(query);
      for (const table of everyTable(answer)) {
        if (table.cells === null) continue;
        for (const cell of table.cells) if ('count' in cell) expect(cell.count === 0 || cell.count >= 5).toBe(true);
        for (const [key, possible] of possibleValues(table, 5)) expect(possible.size, `${query} ${key} recoverable`).toBeGreaterThan(1);
      }
    }
  });

  it('answers a coordinator only, and refuses a malformed filter clearly', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/evaluation' })).statusCode).toBe(401);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/evaluation?from=2026-13-45', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
    const backwards = await app.inject({ method: 'GET', url: '/api/v1/evaluation?from=2026-03-01&to=2026-02-01', headers: { cookie } });
    expect(backwards.json().error.message).toMatch(/ends before it begins/);
  });
});
