/**
 * The record exports, read back with independent readers (read-excel-file for XLSX, fflate +
 * csv-parse for the ZIP of CSV) and compared with the records as stored, on both engines: a demo
 * campaign pushed through the real push path, captured with two form versions.
 */
import { keyedHashWith } from '../auth/secrets';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import Fastify, { type FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentOverview, type ConsentRecord } from '../../core/consent/index';
import { cefrSkills, dateAnswerToIso, isDateAnswer, isRepeatGroup, type Field, type FormDefinition } from '../../core/form/index';
import { createArtifactCatalog } from '../artifacts/catalog';
import { publishContentDirectory } from '../artifacts/content-dir';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { insertDemoData } from '../demo/demo-data';
import { createCoordinator } from '../accounts/coordinators';
import { cookieOf, login, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { csvSafeText } from './formats';
import { startExport } from './export';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const demo = { count: 48, seed: 7, start: '2026-01-05', weeks: 6, devices: 2 };
const now = () => new Date('2026-06-01T12:00:00.000Z');

type Stored = { recordId: string; formRef: string | null; deviceId: string; payload: { answers: Record<string, unknown> | null; consent: ConsentRecord }; interviewDate: string; municipality: string | null };

type Rows = Record<string, unknown>[];
/** A table as objects keyed by the header row. */
function objects(rows: unknown[][]): Rows {
  const [header, ...body] = rows as [string[], ...unknown[][]];
  return body.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? null])));
}

async function readXlsx(body: Buffer): Promise<Record<string, Rows>> {
  const sheets = await readXlsxFile(body);
  return Object.fromEntries(sheets.map((sheet) => [sheet.sheet, objects(sheet.data as unknown[][])]));
}

function readCsvZip(body: Buffer): Record<string, Rows> {
  const files = unzipSync(new Uint8Array(body));
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => {
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      expect(text.startsWith('\uFEFF'), `${name} starts with a BOM`).toBe(true);
      return [name.replace(/\.csv$/, ''), objects(parseCsv(text, { bom: true, relaxColumnCount: false }) as unknown[][])];
    }),
  );
}

/** What a cell must hold for a field's stored answer with `labels=codes`, derived here independently. */
function expectedCodes(field: Field, value: unknown, csv: boolean, multi: 'joined' | 'columns'): unknown {
  if (value === undefined || value === null) return null;
  const text = (s: string) => (csv ? csvSafeText(s) : s);
  switch (field.type) {
    case 'date':
      return isDateAnswer(value) ? dateAnswerToIso(value) : null;
    case 'number':
      return csv ? String(value) : value;
    case 'yesno':
      return csv ? String(value) : value;
    case 'multi':
    case 'codelist':
      if (Array.isArray(value)) return value.length === 0 ? null : multi === 'joined' ? value.join('; ') : 'columns';
      return text(String(value));
    default:
      return value === '' ? null : text(String(value));
  }
}

function fieldsOf(form: FormDefinition): { field: Field; group: string | null }[] {
  return form.sections.flatMap((s) => s.items.flatMap((item): { field: Field; group: string | null }[] => (isRepeatGroup(item) ? item.items.map((f) => ({ field: f, group: item.id })) : [{ field: item, group: null }])));
}

describe.each(engines)('record exports on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let context: ServerContext;
  let stored: Stored[];
  let form2: FormDefinition;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    // content/ publishes every version of the Profilingbogen; version 2 asks more (e.g. volunteering), version 3 splits IHK and Handwerkskammer.
    context = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await insertDemoData(context, demo);
    form2 = (await context.artifacts.form('profilingbogen@2'))!;
    app = await createTestServer(database, {}, { now });
    cookie = await signedInCoordinator(app, database.db);
    const rows = await database.db
      .selectFrom('records as r')
      .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
      .select(['r.record_id', 'r.form_ref', 'r.device_id', 'rr.payload'])
      // The demo campaign's withdrawals erased their records: nothing of them is exported.
      .where('r.erased_at', 'is', null)
      .orderBy('r.record_id')
      .execute();
    stored = rows.map((row) => {
      const payload = JSON.parse(row.payload) as Stored['payload'] & { interview: { startedAt: string } };
      const date = payload.answers?.interviewDate;
      return {
        recordId: row.record_id,
        formRef: row.form_ref,
        deviceId: row.device_id,
        payload,
        interviewDate: isDateAnswer(date) ? dateAnswerToIso(date) : payload.interview.startedAt.slice(0, 10),
        municipality: (payload.answers?.municipality as string | undefined) ?? null,
      };
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const download = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    return response;
  };

  it('writes every stored record once, its repeat groups with row and parent keys, as an XLSX a reader opens', async () => {
    const response = await download('/api/v1/exports/records.xlsx?labels=codes&multi=joined');
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="lotse-records-2026-06-01.xlsx"');
    expect(response.headers['cache-control']).toBe('no-store');
    const sheets = await readXlsx(response.rawPayload);
    expect(Object.keys(sheets)).toEqual(['records', 'vocationalTraining', 'studies', 'languageSkills', 'workExperience', 'desiredOccupations', 'referrals', 'dictionary', 'metadata']);

    const records = sheets.records!;
    expect(records.map((r) => r.record_id)).toEqual(stored.map((s) => s.recordId));
    expect(new Set(records.map((r) => r.form_version))).toEqual(new Set(['profilingbogen@1', 'profilingbogen@2', 'profilingbogen@3', null]));
    let compared = 0;
    for (const [index, record] of stored.entries()) {
      const row = records[index]!;
      expect(row.form_version).toBe(record.formRef);
      expect(row.interview_date).toBe(record.interviewDate);
      const consent = consentOverview(record.payload.consent);
      expect(row['consent.status']).toBe(consent.status);
      for (const item of consent.items) expect(row[`consent.${item.kind}.${item.id}`], `${record.recordId} ${item.id}`).toBe(item.state);
      for (const { field, group } of fieldsOf(form2)) {
        if (group || field.type === 'note') continue;
        const value = record.payload.answers?.[field.id];
        if (field.type === 'cefr') continue;
        expect(row[field.id], `${record.recordId} ${field.id}`).toEqual(expectedCodes(field, value, false, 'joined'));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);

    // Repeat groups: one row per instance, in order, keyed to the record.
    for (const group of ['workExperience', 'languageSkills', 'studies', 'referrals']) {
      const expected = stored.flatMap((s) => ((s.payload.answers?.[group] as Record<string, unknown>[] | undefined) ?? []).map((instance, i) => ({ s, instance, i })));
      const rows = sheets[group]!;
      expect(rows.length, group).toBe(expected.length);
      for (const [n, { s, instance, i }] of expected.entries()) {
        const row = rows[n]!;
        expect(row.row_key).toBe(`${s.recordId}/${group}/${i + 1}`);
        expect(row.record_id).toBe(s.recordId);
        expect(row.index).toBe(i + 1);
        for (const { field } of fieldsOf(form2).filter((f) => f.group === group)) {
          if (field.type === 'cefr') {
            for (const skill of cefrSkills) expect(row[`${group}.${field.id}.${skill}`]).toBe((instance[field.id] as Record<string, string> | undefined)?.[skill] ?? null);
          } else {
            expect(row[`${group}.${field.id}`], `${group}.${field.id}`).toEqual(expectedCodes(field, instance[field.id], false, 'joined'));
          }
        }
      }
    }
    expect(sheets.workExperience!.length).toBeGreaterThan(20);
  });

  it('keeps right-to-left and other scripts intact, and text that looks like a formula is text', async () => {
    const xlsx = await readXlsx((await download('/api/v1/exports/records.xlsx?labels=codes')).rawPayload);
    const csv = readCsvZip((await download('/api/v1/exports/records.csv?labels=codes')).rawPayload);
    const arabic = stored.filter((s) => /[\u0600-\u06FF]/.test(String(s.payload.answers?.surnameOriginal ?? '')));
    const ethiopic = stored.filter((s) => /[\u1200-\u137F]/.test(String(s.payload.answers?.givenNamesOriginal ?? '')));
    expect(arabic.length).toBeGreaterThan(3);
    expect(ethiopic.length).toBeGreaterThan(0);
    for (const s of [...arabic, ...ethiopic]) {
      for (const table of [xlsx, csv]) {
        const row = table.records!.find((r) => r.record_id === s.recordId)!;
        expect(row.surnameOriginal).toBe(s.payload.answers!.surnameOriginal);
        expect(row.givenNamesOriginal).toBe(s.payload.answers!.givenNamesOriginal);
      }
    }
    // Phone numbers start with "+": the CSV makes them inert with an apostrophe, the XLSX keeps them as text.
    const phoned = stored.filter((s) => typeof s.payload.answers?.phone === 'string');
    expect(phoned.length).toBeGreaterThan(5);
    for (const s of phoned) {
      expect(xlsx.records!.find((r) => r.record_id === s.recordId)!.phone).toBe(s.payload.answers!.phone);
      expect(csv.records!.find((r) => r.record_id === s.recordId)!.phone).toBe(`'${String(s.payload.answers!.phone)}`);
    }
  });

  it('writes the same tables as a ZIP of CSV files, read page by page from the database', async () => {
    const running = await startExport(context, {
      format: 'csv',
      selection: { filters: {} },
      labels: 'codes',
      multi: 'columns',
      exportedBy: { id: 'x', name: 'Test' },
      pageSize: 7,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of running.stream) chunks.push(chunk as Buffer);
    const summary = await running.done;
    const body = Buffer.concat(chunks);
    expect(summary.bytes).toBe(body.length);
    expect(summary.records).toBe(stored.length);
    const tables = readCsvZip(body);
    expect(Object.keys(tables).sort()).toEqual(['desiredOccupations', 'dictionary', 'languageSkills', 'metadata', 'records', 'referrals', 'studies', 'vocationalTraining', 'workExperience'].sort());
    expect(tables.records!.map((r) => r.record_id)).toEqual(stored.map((s) => s.recordId));
    const goals = fieldsOf(form2).find((f) => f.field.id === 'goals')!.field as Field & { choices: { value: string }[] };
    for (const [index, s] of stored.entries()) {
      const row = tables.records![index]!;
      const answers = s.payload.answers;
      // One 0/1 column per choice; empty where the question was not answered (a refusal has no answers).
      for (const choice of goals.choices) {
        const chosen = answers?.goals as string[] | undefined;
        expect(row[`goals.${choice.value}`]).toBe(chosen === undefined ? '' : chosen.includes(choice.value) ? '1' : '0');
      }
      // A long code list (countries) stays one joined column even so.
      expect(row.nationality).toBe(answers?.nationality ? (answers.nationality as string[]).join('; ') : '');
      expect(row.hasDrivingLicence).toBe(answers ? String(answers.hasDrivingLicence) : '');
      expect(row.schoolYears).toBe(answers ? String(answers.schoolYears) : '');
    }
    const languageRows = stored.flatMap((s) => (s.payload.answers?.languageSkills as { skillLanguage: string; skillLevels: Record<string, string> }[] | undefined) ?? []);
    expect(tables.languageSkills!.length).toBe(languageRows.length);
    expect(tables.languageSkills!.map((r) => r['languageSkills.skillLevels.writing'])).toEqual(languageRows.map((l) => l.skillLevels.writing));
    expect(tables.metadata!.find((r) => r.item === 'records')!.value).toBe(String(stored.length));
  });

  it('writes labels in German or English from the form, and consent states in words', async () => {
    const record = stored.find((s) => (s.payload.answers?.nationality as string[] | undefined)?.[0] === 'SY' && s.payload.answers?.hasDrivingLicence === true && consentOverview(s.payload.consent).status === 'given')!;
    expect(record).toBeDefined();
    const de = await readXlsx((await download('/api/v1/exports/records.xlsx?labels=de&multi=joined')).rawPayload);
    const en = await readXlsx((await download('/api/v1/exports/records.xlsx?labels=en&multi=joined')).rawPayload);
    const rowDe = de.records!.find((r) => r.record_id === record.recordId)!;
    const rowEn = en.records!.find((r) => r.record_id === record.recordId)!;
    expect(rowDe.nationality).toBe('Syrien');
    expect(rowEn.nationality).toBe('Syria');
    expect(rowDe.hasDrivingLicence).toBe('ja');
    expect(rowEn.hasDrivingLicence).toBe('yes');
    expect(rowDe['consent.status']).toBe('erteilt');
    expect(rowEn['consent.status']).toBe('given');
    const sex = { female: ['weiblich', 'female'], male: ['männlich', 'male'], diverse: ['divers', 'diverse'] }[record.payload.answers!.sex as 'female' | 'male' | 'diverse'];
    expect([rowDe.sex, rowEn.sex]).toEqual(sex);
    // CEFR levels by their names; the column stays the field path whatever the language.
    const german = (record.payload.answers!.languageSkills as { skillLanguage: string; skillLevels: Record<string, string> }[]).findIndex((l) => l.skillLanguage === 'deu');
    const level = (record.payload.answers!.languageSkills as { skillLevels: Record<string, string> }[])[german]!.skillLevels.listening!;
    const row = en.languageSkills!.find((r) => r.row_key === `${record.recordId}/languageSkills/${german + 1}`)!;
    expect(row['languageSkills.skillLanguage']).toBe('German');
    expect(String(row['languageSkills.skillLevels.listening'])).toMatch(new RegExp(`^${level}`));
  });

  it('describes every column in the data dictionary and the export in the metadata', async () => {
    const sheets = await readXlsx((await download('/api/v1/exports/records.xlsx?labels=de&from=2026-01-05&municipality=peine')).rawPayload);
    const dictionary = sheets.dictionary!;
    const entry = (table: string, column: string) => dictionary.find((r) => r.table === table && r.column === column)!;
    for (const [table, rows] of Object.entries(sheets)) {
      if (table === 'dictionary' || table === 'metadata') continue;
      const columns = Object.keys(rows[0] ?? {});
      for (const column of columns) expect(entry(table, column), `${table}.${column} in the dictionary`).toBeDefined();
    }
    expect(entry('records', 'nationality')).toMatchObject({ question_de: 'Staat(en) der Staatsangehörigkeit', type: 'multi (joined with ";")', code_list: 'countries', form_versions: 'profilingbogen@1, profilingbogen@2, profilingbogen@3' });
    expect(String(entry('records', 'nationality').question_en)).toMatch(/nationalit/i);
    expect(String(entry('records', 'nationality').values)).toContain('SY = Syrien / Syria');
    expect(entry('records', 'volunteering')).toMatchObject({ question_de: 'Ehrenamt oder freiwilliges Engagement', question_en: 'Volunteering', form_versions: 'profilingbogen@2, profilingbogen@3' });
    expect(entry('records', 'goals.job')).toMatchObject({ type: 'multi (1 chosen, 0 not chosen)' });
    expect(entry('workExperience', 'workExperience.occupationCode')).toMatchObject({ code_list: 'occupations' });
    expect(entry('records', 'consent.recipient.jobcenter')).toBeDefined();

    const metadata = Object.fromEntries(sheets.metadata!.map((r) => [r.item, r.value]));
    const inPeine = stored.filter((s) => s.municipality === 'peine' && s.interviewDate >= '2026-01-05');
    expect(metadata).toMatchObject({ exported_by: 'Anna', labels: 'de', 'filter.municipality': 'peine', 'filter.from': '2026-01-05', records: inPeine.length, form_versions: 'profilingbogen@1, profilingbogen@2, profilingbogen@3' });
    expect(metadata.exported_at).toBe('2026-06-01T12:00:00.000Z');
    expect(String(metadata['note.formulas'])).toContain('apostrophe');
    expect(sheets.records!.length).toBe(inPeine.length);
  });

  it('selects with the evaluation\'s filters: period, municipality, tablet, form version', async () => {
    const ids = async (query: string) => (await readXlsx((await download(`/api/v1/exports/records.xlsx?${query}`)).rawPayload)).records!.map((r) => r.record_id);
    const expectIds = (found: unknown[], expected: Stored[]) => {
      expect(found).toEqual(expected.map((s) => s.recordId));
      expect(found.length).toBeGreaterThan(0);
    };
    expectIds(await ids('municipality=vechelde'), stored.filter((s) => s.municipality === 'vechelde'));
    expectIds(await ids('from=2026-01-12&to=2026-01-25'), stored.filter((s) => s.interviewDate >= '2026-01-12' && s.interviewDate <= '2026-01-25'));
    const device = stored[0]!.deviceId;
    expectIds(await ids(`deviceId=${device}`), stored.filter((s) => s.deviceId === device));
    expectIds(await ids('form=profilingbogen@1'), stored.filter((s) => s.formRef === 'profilingbogen@1'));
    // Only version 1: its columns, without the question version 2 added.
    const v1 = await readXlsx((await download('/api/v1/exports/records.xlsx?form=profilingbogen@1')).rawPayload);
    expect(Object.keys(v1.records![0]!)).not.toContain('volunteering');
    expect(Object.keys((await readXlsx((await download('/api/v1/exports/records.xlsx?form=profilingbogen@2')).rawPayload)).records![0]!)).toContain('volunteering');
  });

  it('hands out records to signed-in admins and coordinators only, never analysts, and refuses a bad query with a JSON error', async () => {
    const cookieOfRole = async (name: string, role: 'coordinator' | 'analyst') => {
      await createCoordinator(database.db, { name, password: TEST_PASSWORD, now: new Date(), role });
      return cookieOf(await login(app, name));
    };
    const coordinatorCookie = await cookieOfRole('Cora', 'coordinator');
    const analystCookie = await cookieOfRole('Ali', 'analyst');
    for (const format of ['xlsx', 'csv']) {
      expect((await app.inject({ method: 'GET', url: `/api/v1/exports/records.${format}`, headers: { cookie: coordinatorCookie } })).statusCode).toBe(200);
      // Each export is in the audit log, with who and which filters.
      const logged = await database.db.selectFrom('audit_log').select(['actor_name', 'details']).where('action', '=', 'record.export').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(logged.actor_name).toBe('Cora');
      expect(JSON.parse(logged.details)).toMatchObject({ format, labels: 'de', multi: 'columns', filters: {} });
      const analyst = await app.inject({ method: 'GET', url: `/api/v1/exports/records.${format}`, headers: { cookie: analystCookie } });
      expect(analyst.statusCode).toBe(403);
      expect(analyst.json()).toMatchObject({ error: { code: 'forbidden' } });
      const anonymous = await app.inject({ method: 'GET', url: `/api/v1/exports/records.${format}` });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
      for (const query of ['labels=fr', 'multi=both', 'from=2026-02-01&to=2026-01-01', 'from=2026-02-30', 'deviceId=nope', 'secret=1']) {
        const bad = await app.inject({ method: 'GET', url: `/api/v1/exports/records.${format}?${query}`, headers: { cookie } });
        expect(bad.statusCode, query).toBe(400);
        expect(bad.json(), query).toMatchObject({ error: { code: 'bad_request' } });
      }
    }
  });

  it('selects only records whose consent says yes to a recipient, with only the fields given (the hand-over\'s use)', async () => {
    const running = await startExport(context, {
      format: 'xlsx',
      selection: { filters: {}, consentedTo: { recipient: 'jobcenter', purpose: 'profiling' } },
      fields: ['person', 'workExperience.jobTitle', 'languageSkills'],
      labels: 'codes',
      multi: 'joined',
      exportedBy: { id: 'x', name: 'Test' },
      kind: 'handover-jobcenter',
    });
    expect(running.filename).toBe('lotse-handover-jobcenter-2026-06-01.xlsx');
    const chunks: Buffer[] = [];
    for await (const chunk of running.stream) chunks.push(chunk as Buffer);
    const summary = await running.done;
    const sheets = await readXlsx(Buffer.concat(chunks));
    const allowed = stored.filter((s) => {
      const consent = consentOverview(s.payload.consent);
      const state = (kind: string, id: string) => consent.items.find((i) => i.kind === kind && i.id === id)?.state;
      return consent.status === 'given' && state('recipient', 'jobcenter') === 'given' && state('purpose', 'profiling') === 'given';
    });
    expect(allowed.length).toBeGreaterThan(10);
    expect(allowed.length).toBeLessThan(stored.length);
    expect(sheets.records!.map((r) => r.record_id)).toEqual(allowed.map((s) => s.recordId));
    expect(summary.records).toBe(allowed.length);
    expect(Object.keys(sheets)).toEqual(['records', 'languageSkills', 'workExperience', 'dictionary', 'metadata']);
    const columns = Object.keys(sheets.records![0]!);
    expect(columns).toContain('surname');
    expect(columns).not.toContain('iscedLevel');
    expect(Object.keys(sheets.workExperience![0]!)).toEqual(['row_key', 'record_id', 'index', 'workExperience.jobTitle']);
    await expect(
      startExport(context, { format: 'csv', selection: { filters: {} }, fields: ['nosuchfield'], labels: 'codes', multi: 'joined', exportedBy: { id: 'x', name: 'T' } }),
    ).rejects.toThrow(/nosuchfield/);
  });
});
