/**
 * Partner hand-over on both engines, over a demo campaign pushed through the real push path with
 * every Profilingbogen version (v1 mapped by its sidecar, v2 and v3 by themselves), plus withdrawals entered
 * by a coordinator. The matrix: every recipient × every consent state a record can be in × every
 * field, read back from the files with independent readers (csv-parse, read-excel-file).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import Fastify, { type FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentOverview, type ConsentRecord } from '../../core/consent/index';
import { parseFormDefinition, receivableFieldPaths, withDisclosureSidecar, type FormDefinition } from '../../core/form/index';
import { profilingbogenV1Complete, profilingbogenV2Complete } from '../../core/form/__fixtures__/profilingbogen-answers';
import { handoverPreviewSchema, recordDetailSchema } from '../../core/api/index';
import { createArtifactCatalog } from '../artifacts/catalog';
import { publishContentDirectory } from '../artifacts/content-dir';
import { keyedHashWith } from '../auth/secrets';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { createCoordinator } from '../accounts/coordinators';
import { insertDemoData } from '../demo/demo-data';
import { cookieOf, jsonWithCookie, login, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const now = () => new Date('2026-06-01T12:00:00.000Z');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(contentDir, file), 'utf8'));
const recipients = (readJson('notices/notice@1/de.json') as { recipients: { id: string }[] }).recipients.map((r) => r.id);
const FIXED = new Set(['record_id', 'revision', 'form_version', 'notice_version', 'notice_language', 'interview_date', 'device', 'received_at', 'updated_at', 'consent.status']);

type Rows = Record<string, string>[];
function objects(rows: string[][]): Rows {
  const [header, ...body] = rows as [string[], ...string[][]];
  return body.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
function readCsvZip(body: Buffer): { tables: Record<string, Rows>; headers: Record<string, string[]> } {
  const files = unzipSync(new Uint8Array(body));
  const tables: Record<string, Rows> = {};
  const headers: Record<string, string[]> = {};
  for (const [name, bytes] of Object.entries(files)) {
    const rows = parseCsv(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    headers[name.replace(/\.csv$/, '')] = rows[0] ?? [];
    tables[name.replace(/\.csv$/, '')] = objects(rows);
  }
  return { tables, headers };
}

function parsedForm(json: unknown): FormDefinition {
  const result = parseFormDefinition(json);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.definition;
}

/** Mapped paths per form version, derived here from the content files (not from the server's mapping code). */
const v1Mapped = withDisclosureSidecar(parsedForm(readJson('forms/profilingbogen@1.json')), readJson('disclosure/profilingbogen@1.json'));
const v2 = parsedForm(readJson('forms/profilingbogen@2.json'));
/** Version 2 for records captured under notice@3 (IHK and Handwerkskammer separate, the health answer). */
const v2Notice3 = withDisclosureSidecar(v2, readJson('disclosure/profilingbogen@2+notice@3.json'));
/** Version 3 (IHK and Handwerkskammer separate referral partners): its own mapping for notice@1/@2 records, like v2's. */
const v3 = parsedForm(readJson('forms/profilingbogen@3.json'));
const v3Notice3 = withDisclosureSidecar(v3, readJson('disclosure/profilingbogen@3+notice@3.json'));
const mappedPaths = (formRef: string | null, recipient: string): Set<string> => {
  const form = formRef === 'profilingbogen@1' ? v1Mapped : formRef === 'profilingbogen@2' ? v2 : formRef === 'profilingbogen@3' ? v3 : null;
  return new Set(form ? receivableFieldPaths(form, recipient, ['referral']) : []);
};

type State = 'given' | 'refused' | 'withdrawn_on_tablet' | 'withdrawn_by_phone' | 'purpose_not_given' | 'erased' | 'refusal';

interface Stored {
  recordId: string;
  formRef: string | null;
  erased: boolean;
  answers: Record<string, unknown> | null;
  consent: ConsentRecord | null;
}

describe.each(engines)('partner hand-over on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let analystCookie: string;
  let context: ServerContext;
  /** Records whose Jobcenter consent a coordinator withdrew (by phone), and one wholly withdrawn. */
  const phoned: string[] = [];

  const stored = async (): Promise<Stored[]> => {
    const rows = await database.db
      .selectFrom('records as r')
      .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
      .select(['r.record_id', 'r.form_ref', 'r.erased_at', 'rr.payload'])
      .orderBy('r.record_id')
      .execute();
    return rows.map((row) => {
      const payload = JSON.parse(row.payload) as { answers?: Record<string, unknown> | null; consent?: ConsentRecord };
      return { recordId: row.record_id, formRef: row.form_ref, erased: row.erased_at !== null, answers: payload.answers ?? null, consent: payload.consent ?? null };
    });
  };

  /** The state of a record for a recipient, from the device's consent and the withdrawals this test entered. */
  const stateOf = (record: Stored, recipient: string): State => {
    if (record.erased) return 'erased';
    if (record.consent === null || record.formRef === null) return 'refusal';
    const overview = consentOverview(record.consent);
    if (overview.status === 'refused') return 'refusal';
    const item = (kind: 'purpose' | 'recipient', id: string) => overview.items.find((i) => i.kind === kind && i.id === id)?.state;
    if (recipient === 'jobcenter' && phoned.includes(record.recordId)) return 'withdrawn_by_phone';
    const own = item('recipient', recipient);
    if (own === 'withdrawn') return 'withdrawn_on_tablet';
    if (own !== 'given') return 'refused';
    if (item('purpose', 'referral') !== 'given') return 'purpose_not_given';
    return 'given';
  };

  const handover = async (recipient: string, format: 'csv' | 'xlsx', as = cookie) => app.inject({ method: 'GET', url: `/api/v1/exports/partners/${recipient}.${format}`, headers: { cookie: as } });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    context = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await insertDemoData(context, { count: 60, seed: 11, start: '2026-01-05', weeks: 8, devices: 2 });
    // Both versions are published with the content directory; every third interview's current
    // revision becomes a version 2 one whatever the campaign drew: its answers less the replaced
    // recognitionStatus, plus version 2's new questions.
    const v1Keys = new Set(Object.keys(profilingbogenV1Complete));
    const v2Only = Object.fromEntries(Object.entries(profilingbogenV2Complete).filter(([key]) => !v1Keys.has(key)));
    const interviews = (await stored()).filter((r) => r.formRef !== null && !r.erased);
    for (const record of interviews.filter((_, i) => i % 3 === 0)) {
      const { recognitionStatus: _replaced, ...answers } = record.answers ?? {};
      const current = await database.db.selectFrom('records').select('current_rev').where('record_id', '=', record.recordId).executeTakeFirstOrThrow();
      const revision = await database.db.selectFrom('record_revisions').select('payload').where('record_id', '=', record.recordId).where('rev', '=', current.current_rev).executeTakeFirstOrThrow();
      const payload = { ...(JSON.parse(revision.payload) as object), answers: { ...answers, ...v2Only } };
      await database.db.updateTable('record_revisions').set({ payload: JSON.stringify(payload), form_ref: 'profilingbogen@2' }).where('record_id', '=', record.recordId).where('rev', '=', current.current_rev).execute();
      await database.db.updateTable('records').set({ form_ref: 'profilingbogen@2' }).where('record_id', '=', record.recordId).execute();
    }
    app = await createTestServer(database, {}, { now });
    cookie = await signedInCoordinator(app, database.db);
    await createCoordinator(database.db, { name: 'Dana', password: TEST_PASSWORD, now: new Date(), role: 'analyst' });
    analystCookie = cookieOf(await login(app, 'Dana'));
    // Two records whose Jobcenter consent is withdrawn by phone (the rest of their consent stays).
    const records = await stored();
    const jobcenterGiven = records.filter((r) => stateOf(r, 'jobcenter') === 'given');
    for (const record of jobcenterGiven.slice(0, 2)) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/records/${record.recordId}/withdrawals`,
        headers: jsonWithCookie(cookie),
        payload: { channel: 'phone', receivedOn: '2026-05-30', scope: { recipients: ['jobcenter'] } },
      });
      expect(response.statusCode, response.body).toBe(201);
      phoned.push(record.recordId);
    }
    // And one wholly withdrawn by letter: erased.
    const whole = jobcenterGiven[2]!;
    const response = await app.inject({ method: 'POST', url: `/api/v1/records/${whole.recordId}/withdrawals`, headers: jsonWithCookie(cookie), payload: { channel: 'letter', receivedOn: '2026-05-30', scope: 'all' } });
    expect(response.statusCode, response.body).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('every form version is among the records, and every consent state occurs for the Jobcenter', async () => {
    const records = await stored();
    expect(new Set(records.map((r) => r.formRef))).toEqual(new Set(['profilingbogen@1', 'profilingbogen@2', 'profilingbogen@3', null]));
    const states = new Set(records.map((r) => stateOf(r, 'jobcenter')));
    for (const state of ['given', 'refused', 'withdrawn_by_phone', 'erased', 'refusal'] as const) expect(states, state).toContain(state);
  });

  it('hands each recipient exactly the records that say yes to it and to referral, with only the fields mapped for their version', async () => {
    const records = await stored();
    const byId = new Map(records.map((r) => [r.recordId, r]));
    let cellsChecked = 0;
    for (const recipient of recipients) {
      const response = await handover(recipient, 'csv');
      expect(response.statusCode, response.body).toBe(200);
      const { tables, headers } = readCsvZip(response.rawPayload);
      const expected = records.filter((r) => stateOf(r, recipient) === 'given').map((r) => r.recordId);
      expect(tables.records!.map((row) => row.record_id).sort(), recipient).toEqual(expected.sort());

      // Columns: the fixed ones, its own consent, and the fields any version maps to it (for any
      // notice version: v2 under notice@3 adds the health answer for Jobcenter and Agentur) — nothing else.
      const union = new Set([
        ...mappedPaths('profilingbogen@1', recipient),
        ...mappedPaths('profilingbogen@2', recipient),
        ...mappedPaths('profilingbogen@3', recipient),
        ...(v2Notice3.disclosure!.recipients.includes(recipient) ? receivableFieldPaths(v2Notice3, recipient, ['referral']) : []),
        ...(v3Notice3.disclosure!.recipients.includes(recipient) ? receivableFieldPaths(v3Notice3, recipient, ['referral']) : []),
      ]);
      const topLevel = [...union].filter((p) => !p.includes('[]'));
      const fieldColumns = headers.records!.filter((name) => !FIXED.has(name) && !name.startsWith('consent.'));
      const columnField = (name: string) => name.split('.')[0]!;
      expect(new Set(fieldColumns.map(columnField)), recipient).toEqual(new Set(topLevel));
      expect(headers.records!.filter((name) => name.startsWith('consent.')).sort()).toEqual(['consent.purpose.referral', `consent.recipient.${recipient}`, 'consent.status'].sort());
      const groups = new Set([...union].filter((p) => p.includes('[]')).map((p) => p.split('[]')[0]!));
      for (const table of Object.keys(tables)) if (!['records', 'dictionary', 'metadata'].includes(table)) expect(groups, `${recipient}: table ${table}`).toContain(table);

      // Cells: a field not mapped for the record's own version is empty; a mapped answer is there.
      for (const row of tables.records!) {
        const record = byId.get(row.record_id!)!;
        const mine = mappedPaths(record.formRef, recipient);
        for (const column of fieldColumns) {
          const field = columnField(column);
          if (!mine.has(field)) expect(row[column], `${recipient} ${record.formRef} ${column}`).toBe('');
          else if (typeof record.answers?.[field] === 'string' && record.answers[field] !== '' && column === field) expect(row[column], `${recipient} ${column}`).not.toBe('');
          cellsChecked++;
        }
      }
      for (const group of groups) {
        const header = headers[group] ?? [];
        for (const row of tables[group] ?? []) {
          const record = byId.get(row.record_id!)!;
          const mine = mappedPaths(record.formRef, recipient);
          for (const column of header.filter((h) => h.startsWith(`${group}.`))) {
            const field = column.split('.')[1]!;
            if (!mine.has(`${group}[].${field}`)) expect(row[column], `${recipient} ${record.formRef} ${column}`).toBe('');
            cellsChecked++;
          }
        }
      }
    }
    expect(cellsChecked).toBeGreaterThan(1000);
  }, 120_000);

  it('keeps the Ausländerbehörde to identity and residence: no phone, languages or work history', async () => {
    const { headers } = readCsvZip((await handover('auslaenderbehoerde', 'csv')).rawPayload);
    expect(headers.records).toEqual(expect.arrayContaining(['surname', 'givenNames', 'residenceStatus']));
    expect(headers.records).not.toContain('phone');
    expect(Object.keys(headers)).not.toContain('languageSkills');
    expect(Object.keys(headers)).not.toContain('workExperience');
  });

  it('stores each hand-over as a disclosure with the SHA-256 of the file sent, audits it, and shows it on the record page', async () => {
    const response = await handover('jobcenter', 'xlsx');
    expect(response.statusCode).toBe(200);
    const sha256 = crypto.createHash('sha256').update(response.rawPayload).digest('hex');
    expect(response.headers['x-content-sha256']).toBe(sha256);
    const disclosure = await database.db.selectFrom('disclosures').selectAll().where('id', '=', String(response.headers['x-lotse-disclosure'])).executeTakeFirstOrThrow();
    expect(disclosure).toMatchObject({ recipient_id: 'jobcenter', purpose: 'referral', format: 'xlsx', sha256, bytes: response.rawPayload.length, created_by_name: 'Anna' });
    const sheets = await readXlsxFile(response.rawPayload);
    const ids = (sheets.find((s) => s.sheet === 'records')!.data as unknown[][]).slice(1).map((row) => String(row[0]));
    const held = await database.db.selectFrom('disclosure_records').select('record_id').where('disclosure_id', '=', disclosure.id).execute();
    expect(held.map((r) => r.record_id).sort()).toEqual(ids.sort());
    expect(disclosure.record_count).toBe(ids.length);
    const entry = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'handover.create').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(entry.target_id).toBe('jobcenter');
    expect(JSON.parse(entry.details)).toMatchObject({ disclosure: disclosure.id, sha256, records: ids.length });

    const detail = recordDetailSchema.parse((await app.inject({ method: 'GET', url: `/api/v1/records/${ids[0]}`, headers: { cookie } })).json());
    expect(detail.disclosures.some((d) => d.id === disclosure.id && d.recipientId === 'jobcenter' && d.at === disclosure.created_at)).toBe(true);
    const other = (await stored()).find((r) => stateOf(r, 'jobcenter') === 'refused')!;
    const otherDetail = recordDetailSchema.parse((await app.inject({ method: 'GET', url: `/api/v1/records/${other.recordId}`, headers: { cookie } })).json());
    expect(otherDetail.disclosures.filter((d) => d.recipientId === 'jobcenter')).toEqual([]);
  });

  it('a withdrawal for the Jobcenter alone takes the record out of the next Jobcenter hand-over and nothing else', async () => {
    const records = await stored();
    const both = records.find((r) => stateOf(r, 'jobcenter') === 'given' && stateOf(r, 'agentur-fuer-arbeit') === 'given')!;
    expect(both).toBeDefined();
    const before = readCsvZip((await handover('jobcenter', 'csv')).rawPayload).tables.records!.map((r) => r.record_id);
    expect(before).toContain(both.recordId);
    const withdrawn = await app.inject({ method: 'POST', url: `/api/v1/records/${both.recordId}/withdrawals`, headers: jsonWithCookie(cookie), payload: { channel: 'email', receivedOn: '2026-05-31', scope: { recipients: ['jobcenter'] } } });
    expect(withdrawn.statusCode).toBe(201);
    phoned.push(both.recordId);
    const after = readCsvZip((await handover('jobcenter', 'csv')).rawPayload).tables.records!.map((r) => r.record_id);
    expect(after).not.toContain(both.recordId);
    expect(after.length).toBe(before.length - 1);
    const agentur = readCsvZip((await handover('agentur-fuer-arbeit', 'csv')).rawPayload).tables.records!.map((r) => r.record_id);
    expect(agentur).toContain(both.recordId);
  });

  it('previews what the file holds, which fields go per version, and what is left out and why', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/handovers/jobcenter/preview', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const preview = handoverPreviewSchema.parse(response.json());
    const records = await stored();
    expect(preview.qualifying).toBe(records.filter((r) => stateOf(r, 'jobcenter') === 'given').length);
    expect(preview.leftOut.counts.recipient_withdrawn).toBeGreaterThanOrEqual(phoned.length);
    expect(preview.leftOut.counts.erased).toBe(records.filter((r) => r.erased).length);
    expect(preview.leftOut.records.some((r) => r.recordId === phoned[0] && r.reason === 'recipient_withdrawn')).toBe(true);
    expect(preview.leftOut.records.some((r) => records.find((s) => s.recordId === r.recordId)!.erased)).toBe(false);
    const v1 = preview.forms.find((f) => f.formRef === 'profilingbogen@1')!;
    expect(v1.mapped).toBe(true);
    expect(v1.fields.map((f) => f.path).sort()).toEqual([...mappedPaths('profilingbogen@1', 'jobcenter')].sort());
    expect(v1.fields.find((f) => f.path === 'surname')!.label).toEqual({ de: 'Familienname(n)', en: 'Surname(s)' });
    expect(v1.fields.find((f) => f.path === 'languageSkills[].skillLanguage')!.label.de).toMatch(/^Sprachkenntnisse: /);
    expect(preview.handovers.length).toBeGreaterThan(0);
  });

  it('is not for analysts, knows only the notice’s recipients, and a HEAD hands nothing over', async () => {
    const count = async () => (await database.db.selectFrom('disclosures').select('id').execute()).length;
    const before = await count();
    expect((await handover('jobcenter', 'csv', analystCookie)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/handovers/jobcenter/preview', headers: { cookie: analystCookie } })).statusCode).toBe(403);
    expect((await handover('nsa', 'csv')).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/exports/partners/jobcenter.pdf', headers: { cookie } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'HEAD', url: '/api/v1/exports/partners/jobcenter.csv', headers: { cookie } })).statusCode).toBe(200);
    expect(await count()).toBe(before);
  });
});
