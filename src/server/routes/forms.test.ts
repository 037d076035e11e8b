/**
 * The XLSForm routes: check (problems with sheet/row/column, or definition + changes), publish
 * (a new immutable version that the tablets' pull lists; problems 422, nothing published),
 * download; admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testFormJson } from '../../core/record/__fixtures__/interview';
import type { FormDefinition } from '../../core/form/index';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { cookieOf, login, signedInCoordinator, TEST_PASSWORD } from '../testing/api';
import { createCoordinator } from '../accounts/coordinators';
import { prepareArtifact, publishArtifact, listArtifacts } from '../artifacts/store';
import { exportXlsForm } from '../forms/xlsform/export';
import { readWorkbook, writeWorkbook, type Sheet } from '../forms/xlsform/workbook';

const base64 = (sheets: Sheet[]) => Buffer.from(writeWorkbook(sheets)).toString('base64');

function withVersion(sheets: Sheet[], version: string, edit?: (survey: string[][]) => string[][]): Sheet[] {
  return sheets.map((sheet) => {
    const rows = sheet.rows.map((row) => [...row]);
    if (sheet.name === 'settings') rows[1]![rows[0]!.indexOf('version')] = version;
    if (sheet.name === 'survey' && edit) return { name: sheet.name, rows: edit(rows) };
    return { name: sheet.name, rows };
  });
}

describe.each(engines)('XLSForm routes on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  const form = testFormJson() as unknown as FormDefinition;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database);
    cookie = await signedInCoordinator(app, database.db);
    const prepared = prepareArtifact('form', form);
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const post = (path: string, sheets: Sheet[], headers: Record<string, string> = { cookie }) =>
    app.inject({ method: 'POST', url: `/api/v1/forms/xlsform/${path}`, headers, payload: { file: base64(sheets) } });

  it('downloads the published version as a workbook and finds it unchanged', async () => {
    const download = await app.inject({ method: 'GET', url: `/api/v1/forms/${form.id}/${form.version}/xlsform`, headers: { cookie } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    const sheets = await readWorkbook(download.rawPayload);
    const check = await post('check', sheets);
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ ok: true, status: 'unchanged', changes: [] });
    expect((await app.inject({ method: 'GET', url: `/api/v1/forms/${form.id}/99/xlsform`, headers: { cookie } })).statusCode).toBe(404);
  });

  it('checks a new version: the definition and its changes, nothing published', async () => {
    const first = form.sections[0]!.items[0]!;
    const sheets = withVersion(exportXlsForm(form), String(form.version + 1), (rows) => rows.filter((row) => row[1] !== first.id));
    const check = await post('check', sheets);
    expect(check.statusCode).toBe(200);
    const body = check.json();
    expect(body).toMatchObject({ ok: true, status: 'new', published: { id: form.id, version: form.version } });
    expect(body.changes).toContainEqual(expect.objectContaining({ kind: 'fieldRemoved', id: first.id }));
    expect(body.definition.version).toBe(form.version + 1);
    expect((await listArtifacts(database.db)).filter((a) => a.kind === 'form').map((a) => a.version)).toEqual([form.version]);
  });

  it('answers problems with sheet, row and column, and publishes nothing (422)', async () => {
    const sheets = withVersion(exportXlsForm(form), String(form.version + 1), (rows) => rows.map((row, i) => (i === 2 ? row.map((cell, j) => (rows[0]![j] === 'relevant' ? 'now() > 3' : cell)) : row)));
    const check = await post('check', sheets);
    expect(check.json()).toEqual({ ok: false, problems: [expect.objectContaining({ sheet: 'survey', row: 3, column: 'relevant', message: { de: expect.stringContaining('now()'), en: expect.stringContaining('now() is refused') } })] });
    const publish = await post('publish', sheets);
    expect(publish.statusCode).toBe(422);
    expect(publish.json().error).toMatchObject({ code: 'invalid_workbook', details: [expect.objectContaining({ row: 3, column: 'relevant' })] });
    const notAWorkbook = await app.inject({ method: 'POST', url: '/api/v1/forms/xlsform/check', headers: { cookie }, payload: { file: Buffer.from('hello').toString('base64') } });
    expect(notAWorkbook.json()).toMatchObject({ ok: false, problems: [{ message: { en: expect.stringContaining('not an XLSX spreadsheet') } }] });
  });

  it('publishes a new version once (again: unchanged); the audit log names it', async () => {
    const sheets = withVersion(exportXlsForm(form), String(form.version + 1));
    const publish = await post('publish', sheets);
    expect(publish.statusCode).toBe(201);
    expect(publish.json()).toMatchObject({ status: 'published', id: form.id, version: form.version + 1 });
    const again = await post('publish', sheets);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'unchanged' });
    expect((await listArtifacts(database.db)).filter((a) => a.kind === 'form').map((a) => a.version)).toEqual([form.version, form.version + 1]);
    const audit = await database.db.selectFrom('audit_log').select(['target_id', 'details']).where('action', '=', 'content.publish').execute();
    expect(audit.map((row) => row.target_id)).toContain(`form ${form.id}@${form.version + 1}`);
  });

  it('is for admins only', async () => {
    const sheets = exportXlsForm(form);
    expect((await post('check', sheets, {})).statusCode).toBe(401);
    await createCoordinator(database.db, { name: 'Clara', password: TEST_PASSWORD, now: new Date(), role: 'coordinator' });
    const coordinatorCookie = cookieOf(await login(app, 'Clara'));
    expect((await post('check', sheets, { cookie: coordinatorCookie })).statusCode).toBe(403);
  });

  it('lists per language how much of a published version is translated and whether it is reviewed', async () => {
    const answer = await app.inject({ method: 'GET', url: `/api/v1/forms/${form.id}/${form.version}/languages`, headers: { cookie } });
    expect(answer.statusCode).toBe(200);
    const { languages } = answer.json() as { languages: { lang: string; reviewState: string; translated: number; total: number }[] };
    expect(languages.map((l) => l.lang)).toEqual(form.languages);
    const german = languages[0]!;
    expect(german).toMatchObject({ lang: 'de', reviewState: form.translations.de?.reviewState });
    expect(german.translated).toBe(german.total);
    expect(german.total).toBeGreaterThan(5);
    expect((await app.inject({ method: 'GET', url: `/api/v1/forms/${form.id}/99/languages`, headers: { cookie } })).statusCode).toBe(404);
  });
});

