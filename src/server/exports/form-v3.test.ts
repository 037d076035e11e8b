/**
 * Profilingbogen version 3 on the server, both engines: IHK (`ihk`) and Handwerkskammer (`hwk`) are
 * separate referral partners and recipients. A v3 record that refers to the Handwerkskammer is
 * counted in the evaluation and exported under the Handwerkskammer's label, and handed over to it;
 * v2 records with the joint `ihk-hwk` keep being counted and exported under their own label.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filledNotice, noticeRef } from '../../core/consent/index';
import type { Answers } from '../../core/form/index';
import { payloadHash } from '../../core/record/payload-hash';
import type { PushEntry } from '../../core/sync/index';
import { notice3Record, notice3Settings, notice3Templates, v2AnswersWithEveryPart } from '../../core/record/__fixtures__/notice3';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { createArtifactCatalog } from '../artifacts/catalog';
import { keyedHashWith } from '../auth/secrets';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import { fieldsFor } from '../handover/handover';
import { refreshEvaluationFacts } from '../evaluation/projection';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, push, startSyncTestServer, stopSyncTestServer } from '../testing/api';

const content = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../content/${path}`, import.meta.url), 'utf8'));
const everything = { profiling: true, counselling: true, referral: true, statistics: true, health: true };
// Filled from the settings the test saves first (version 1).
const notice = filledNotice(notice3Templates.de, notice3Settings)!;

type Rows = Record<string, string>[];
function readCsvZip(body: Buffer): Record<string, Rows> {
  const tables: Record<string, Rows> = {};
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(body)))) {
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    tables[name.replace(/\.csv$/, '')] = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i] ?? ''])));
  }
  return tables;
}

/** A complete interview under notice@3 (everything accepted) on `formRef`, referring to `partner`. */
function entryOf(formRef: string, partner: string, seq: number): PushEntry {
  const answers: Answers = { ...v2AnswersWithEveryPart, referrals: [{ referralPartner: partner, referralPurpose: 'Anerkennung des Berufsabschlusses', referralDate: { year: 2026, month: 11, day: 20 } }] };
  const record = notice3Record(crypto.randomUUID(), everything, answers, notice);
  const payload = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  return { seq, recordId: record.recordId, rev: 1, baseRev: 0, formRef, noticeRef: noticeRef(notice), payload, payloadSha256: payloadHash(payload) };
}

describe.each(engines)('Profilingbogen version 3 on %s', (engine) => {
  let server: Awaited<ReturnType<typeof startSyncTestServer>>;
  let app: FastifyInstance;
  let database: TestDatabase;
  let cookie: string;
  /** Five records each, so no cell is suppressed (minimum cell 5). */
  const v3Hwk: PushEntry[] = [];
  const v3Ihk: PushEntry[] = [];
  const v2Joint: PushEntry[] = [];

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    ({ app, database, cookie } = server);
    for (const version of [2, 3]) {
      const prepared = prepareArtifact('form', content(`forms/profilingbogen@${version}.json`));
      if (!prepared.ok) throw new Error(prepared.problems.join('; '));
      await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    }
    const saved = await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: { values: notice3Settings.values } });
    expect(saved.statusCode, saved.body).toBe(201);
    const device = await enrolledDevice(app, cookie);
    let seq = 0;
    for (let i = 0; i < 5; i++) {
      v3Hwk.push(entryOf('profilingbogen@3', 'hwk', ++seq));
      v3Ihk.push(entryOf('profilingbogen@3', 'ihk', ++seq));
      v2Joint.push(entryOf('profilingbogen@2', 'ihk-hwk', ++seq));
    }
    const entries = [...v3Hwk, ...v3Ihk, ...v2Joint];
    const { results } = await push(app, device, entries);
    expect(results.map((result) => (result.status === 'rejected' ? `${result.code}: ${result.message}` : result.status))).toEqual(entries.map(() => 'applied'));
  }, 120_000);
  afterAll(() => stopSyncTestServer(server));

  it('refuses the joint "ihk-hwk" on a version 3 record and a separate "hwk" on a version 2 one', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet 2');
    const { results } = await push(app, device, [entryOf('profilingbogen@3', 'ihk-hwk', 1), entryOf('profilingbogen@2', 'hwk', 2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('counts the referral partners in the evaluation: IHK and Handwerkskammer (v3) apart, the joint one of v2 under its label', async () => {
    for (const [lang, labels] of [
      ['de', { hwk: 'Handwerkskammer', ihk: 'Industrie- und Handelskammer (IHK)', 'ihk-hwk': 'IHK / Handwerkskammer' }],
      ['en', { hwk: 'Chamber of Crafts (Handwerkskammer)', ihk: 'Chamber of Industry and Commerce (Industrie- und Handelskammer, IHK)', 'ihk-hwk': 'IHK / Handwerkskammer (chamber of commerce / chamber of crafts)' }],
    ] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/evaluation?lang=${lang}`, headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      const table = (response.json() as { tables: { id: string; cells: { key: string; count: number | null; label?: string }[] | null }[] }).tables.find((t) => t.id === 'referralPartner');
      expect(table?.cells, lang).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'hwk', count: 5, label: labels.hwk }),
          expect.objectContaining({ key: 'ihk', count: 5, label: labels.ihk }),
          expect.objectContaining({ key: 'ihk-hwk', count: 5, label: labels['ihk-hwk'] }),
        ]),
      );
    }
    // Filtered by form version: version 3 knows no joint chambers, version 2 no separate ones.
    const v3 = await app.inject({ method: 'GET', url: '/api/v1/evaluation?form=profilingbogen@3', headers: { cookie } });
    const keys = (body: string) => (JSON.parse(body) as { tables: { id: string; cells: { key: string }[] | null }[] }).tables.find((t) => t.id === 'referralPartner')?.cells?.map((c) => c.key).sort();
    expect(keys(v3.body)).toEqual(['hwk', 'ihk']);
    const v2 = await app.inject({ method: 'GET', url: '/api/v1/evaluation?form=profilingbogen@2', headers: { cookie } });
    expect(keys(v2.body)).toEqual(['ihk-hwk']);
  });

  it('counts the referral partners of records whose facts were derived before the dimension existed (an upgrade), once', async () => {
    const ctx = { config: configFromEnv({}), database, now: () => new Date(), artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') } as ServerContext;
    // A new installation: the facts the pushes wrote are of the current projection, nothing is projected twice.
    expect(await refreshEvaluationFacts(ctx, { always: true })).toBe(0);
    // As a database of the previous release has them: facts without referral rows, no projection version.
    await database.db.deleteFrom('evaluation_values').where('dimension', '=', 'referralPartner').execute();
    await database.db.deleteFrom('server_meta').where('key', '=', 'evaluation_projection_version').execute();
    expect(await refreshEvaluationFacts(ctx, { always: true })).toBe(15);
    expect(await refreshEvaluationFacts(ctx, { always: true })).toBe(0);
    const response = await app.inject({ method: 'GET', url: '/api/v1/evaluation', headers: { cookie } });
    const table = (response.json() as { tables: { id: string; cells: { key: string; count: number }[] | null }[] }).tables.find((t) => t.id === 'referralPartner');
    expect(table?.cells?.map((cell) => [cell.key, cell.count]).sort()).toEqual([['hwk', 5], ['ihk', 5], ['ihk-hwk', 5]]);
  });

  it('exports each referral with the label of its own form version', async () => {
    for (const [lang, hwk, joint] of [
      ['de', 'Handwerkskammer', 'IHK / Handwerkskammer'],
      ['en', 'Chamber of Crafts (Handwerkskammer)', 'IHK / Handwerkskammer (chamber of commerce / chamber of crafts)'],
    ] as const) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/exports/records.csv?labels=${lang}`, headers: { cookie } });
      expect(response.statusCode, response.body).toBe(200);
      const tables = readCsvZip(response.rawPayload);
      const partnerOf = (recordId: string) => tables.referrals!.filter((row) => row.record_id === recordId).map((row) => row['referrals.referralPartner']);
      for (const entry of v3Hwk) expect(partnerOf(entry.recordId), lang).toEqual([hwk]);
      for (const entry of v2Joint) expect(partnerOf(entry.recordId), lang).toEqual([joint]);
      const versions = new Map(tables.records!.map((row) => [row.record_id, row.form_version]));
      expect(versions.get(v3Hwk[0]!.recordId)).toBe('profilingbogen@3');
      expect(versions.get(v2Joint[0]!.recordId)).toBe('profilingbogen@2');
    }
    const codes = readCsvZip((await app.inject({ method: 'GET', url: '/api/v1/exports/records.csv?labels=codes', headers: { cookie } })).rawPayload);
    expect(new Set(codes.referrals!.map((row) => row['referrals.referralPartner']))).toEqual(new Set(['hwk', 'ihk', 'ihk-hwk']));
  });

  it('hands a v3 record to the Handwerkskammer and to the IHK, each with education and work, by the notice@3 mapping', async () => {
    const ctx = { config: configFromEnv({}), database, now: () => new Date(), artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') } as ServerContext;
    const hwk = await fieldsFor(ctx, 'profilingbogen@3', 'hwk', 'notice@3');
    expect(hwk).toEqual(await fieldsFor(ctx, 'profilingbogen@3', 'ihk', 'notice@3'));
    expect(hwk).toContain('workExperience[].jobTitle');
    expect(hwk).toContain('vocationalTraining[].vtOccupation');
    expect(hwk).not.toContain('workRestrictions');
    expect(hwk).not.toContain('phone');
    // The same as version 2 under notice@3, and nothing for the joint chambers any more.
    expect(hwk).toEqual(await fieldsFor(ctx, 'profilingbogen@2', 'hwk', 'notice@3'));
    expect(await fieldsFor(ctx, 'profilingbogen@3', 'ihk-hwk', 'notice@3')).toEqual([]);
    // Records of notice@1/@2 (one joint recipient) keep the form's own mapping, as in version 2.
    expect(await fieldsFor(ctx, 'profilingbogen@3', 'ihk-hwk', null)).toEqual(hwk);
    expect(await fieldsFor(ctx, 'profilingbogen@3', 'hwk', null)).toEqual([]);
    expect(await fieldsFor(ctx, 'profilingbogen@3', 'jobcenter', 'notice@3')).toContain('workRestrictions');

    const response = await app.inject({ method: 'GET', url: '/api/v1/exports/partners/hwk.csv', headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    const tables = readCsvZip(response.rawPayload);
    const handed = new Set(tables.records!.map((row) => row.record_id));
    for (const entry of [...v3Hwk, ...v3Ihk, ...v2Joint]) expect(handed.has(entry.recordId), entry.recordId).toBe(true);
    expect(Object.keys(tables.records![0]!)).not.toContain('phone');
    expect(Object.keys(tables.records![0]!)).not.toContain('workRestrictions');
  });
});
