/**
 * The translation workflow over HTTP (issue 13 item 4), on both engines: export one language as
 * XLIFF 2.0 / spreadsheet → edit (as a translation tool would) → import: review states change,
 * with reviewer and date; a changed German text makes the reviewed translation stale (also in the
 * next version); a changed text of a published version and a malformed file are refused.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testFormJson } from '../../core/record/__fixtures__/interview';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { signedInCoordinator } from '../testing/api';
import { prepareArtifact, publishArtifact, type ArtifactKind } from '../artifacts/store';
import { readWorkbook, writeWorkbook } from '../forms/xlsform/workbook';
import type { TranslationStatus } from '../../core/api/index';
import { notice3Settings } from '../../core/record/__fixtures__/notice3';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const notice = (lang: string) => JSON.parse(readFileSync(path.join(repoRoot, `content/notices/notice@3/${lang}.json`), 'utf8')) as Record<string, unknown>;

/** What a translation tool does to one unit: another state, maybe another target. */
function edit(xliff: string, unitId: string, change: { state?: string; target?: string }): string {
  const unit = new RegExp(`(<unit id="${unitId.replace(/\./g, '\\.')}">[\\s\\S]*?</unit>)`);
  return xliff.replace(unit, (body) => {
    let out = body;
    if (change.state) out = out.replace(/<segment state="[^"]*">/, `<segment state="${change.state}">`);
    if (change.target !== undefined) out = out.replace(/<target>[\s\S]*?<\/target>/, `<target>${change.target}</target>`);
    return out;
  });
}

describe.each(engines)('translation workflow on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  const publish = async (kind: ArtifactKind, json: unknown) => {
    const prepared = prepareArtifact(kind, json);
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
  };
  const status = async (url: string) => {
    const answer = await app.inject({ method: 'GET', url: `/api/v1/translations/${url}`, headers: { cookie } });
    expect(answer.statusCode).toBe(200);
    return answer.json() as TranslationStatus;
  };
  const lang = (s: TranslationStatus, code: string) => s.languages.find((l) => l.lang === code)!;
  const download = async (url: string) => {
    const answer = await app.inject({ method: 'GET', url: `/api/v1/translations/${url}`, headers: { cookie } });
    expect(answer.statusCode).toBe(200);
    return answer;
  };
  const upload = (file: string | Uint8Array, reviewer = 'Rana Haddad') =>
    app.inject({ method: 'POST', url: '/api/v1/translations/import', headers: { cookie }, payload: { file: Buffer.from(file).toString('base64'), reviewer } });

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database);
    cookie = await signedInCoordinator(app, database.db);
    // notice@3 names the deployment settings (controller, DPO …): they come first.
    const settings = await app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: { values: notice3Settings.values } });
    expect(settings.statusCode).toBe(201);
    for (const code of ['de', 'ar', 'en']) await publish('notice', notice(code));
    await publish('form', testFormJson(1));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('exports the Arabic notice with German beside it; an edited state comes back with reviewer and date', async () => {
    const before = lang(await status('notice/notice/3'), 'ar');
    expect(before).toMatchObject({ complete: true, reviewed: 0, stale: [] });
    expect(before.translated).toBe(before.total);

    const xliff = (await download('notice/notice/3/ar/xliff')).body;
    expect(xliff).toContain('srcLang="de" trgLang="ar"');
    expect(xliff).toContain('original="lotse:notice/notice@3"');
    expect(xliff).toMatch(/<unit id="ui\.accept">\s*<segment state="translated">\s*<source>[^<]+<\/source>\s*<target>[^<]+<\/target>/);

    const imported = await upload(edit(xliff, 'ui.accept', { state: 'reviewed' }));
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ ref: { kind: 'notice', id: 'notice', version: 3 }, lang: 'ar', changed: [{ id: 'ui.accept', from: 'translated', to: 'reviewed' }], stale: [] });

    const after = lang(await status('notice/notice/3'), 'ar');
    expect(after.reviewed).toBe(1);
    expect(after.recentlyReviewed).toEqual([{ id: 'ui.accept', target: notice('ar').ui && (notice('ar').ui as Record<string, string>).accept, reviewer: 'Rana Haddad', reviewedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    // Another language is untouched.
    expect(lang(await status('notice/notice/3'), 'en').reviewed).toBe(0);
    // The next export carries the state and the reviewer.
    expect((await download('notice/notice/3/ar/xliff')).body).toMatch(/<unit id="ui\.accept">\s*<notes>\s*<note category="lotse:reviewer">Rana Haddad<\/note>[\s\S]*?<segment state="reviewed">/);
    // Importing the same file again changes nothing.
    expect((await upload(edit(xliff, 'ui.accept', { state: 'reviewed' }))).json()).toMatchObject({ changed: [] });
  });

  it('refuses a changed text of the published notice as a whole, naming the string', async () => {
    const xliff = (await download('notice/notice/3/ar/xliff')).body;
    const refused = await upload(edit(edit(xliff, 'ui.refuse', { state: 'reviewed' }), 'title', { target: 'عنوان جديد', state: 'reviewed' }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'published_text', details: ['title'] } });
    expect(refused.json().error.message).toContain('notice notice@3 is published and its text cannot change');
    // Nothing of the file was taken, not even the state of the unchanged string.
    expect(lang(await status('notice/notice/3'), 'ar').reviewed).toBe(1);
  });

  it('refuses a malformed file, naming the line and the unit; a wrong language; an unknown unit', async () => {
    const xliff = (await download('notice/notice/3/ar/xliff')).body;
    const line = xliff.split('\n').findIndex((l) => l.includes('<unit id="ui.refuse">')) + 1;
    const unclosed = await upload(xliff.replace(/(<unit id="ui\.refuse">[\s\S]*?)<\/unit>/, '$1'));
    expect(unclosed.statusCode).toBe(422);
    expect(unclosed.json().error).toMatchObject({ code: 'invalid_translation', details: [{ line, unit: 'ui.refuse', message: 'unit ui.refuse is not closed (</unit> missing)' }] });
    expect(unclosed.json().error.message).toContain(`Line ${line}: unit ui.refuse is not closed`);

    const wrongLang = await upload(xliff.replace('trgLang="ar"', 'trgLang="it"'));
    expect(wrongLang.statusCode).toBe(422);
    expect(wrongLang.json().error.details[0].message).toMatch(/^'it' \(trgLang\) is not a language of notice notice@3 to translate into \(ar, ckb, en, /);

    const unknown = await upload(xliff.replace('</file>', '<unit id="ui.nothing"><segment state="translated"><source>x</source><target>y</target></segment></unit></file>'));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.details[0]).toMatchObject({ unit: 'ui.nothing', message: 'unit ui.nothing names no string of notice notice@3' });
    expect(lang(await status('notice/notice/3'), 'ar').reviewed).toBe(1);
  });

  it('marks a reviewed string stale when the next form version changes its German; the spreadsheet round trip reviews it again', async () => {
    const xliff = (await download('form/testbogen/1/en/xliff')).body;
    const allReviewed = xliff.replace(/state="translated"/g, 'state="reviewed"');
    const imported = await upload(allReviewed);
    expect(imported.statusCode).toBe(200);
    const v1 = lang(await status('form/testbogen/1'), 'en');
    expect(v1.reviewed).toBe(v1.total);
    expect(v1.stale).toEqual([]);

    // Version 2 changes the German label of the surname; the English stays as reviewed in v1.
    const v2json = testFormJson(2) as { sections: { items: { id: string; label: Record<string, string> }[] }[] };
    v2json.sections[0]!.items[0]!.label = { de: 'Nachname', en: 'Surname' };
    await publish('form', v2json);
    const v2 = lang(await status('form/testbogen/2'), 'en');
    expect(v2.stale).toEqual(['field.surname.label']);
    expect(v2.reviewed).toBe(v1.total - 1);
    expect(v2.complete).toBe(true);
    expect((await download('form/testbogen/2/en/xliff')).body).toMatch(/<unit id="field\.surname\.label">\s*<notes>\s*<note category="lotse:stale">[\s\S]*?<segment state="translated">\s*<source>Nachname<\/source>/);

    // The spreadsheet: German beside English, the state column; the reviewer marks the stale one reviewed.
    const sheets = await readWorkbook((await download('form/testbogen/2/en/xlsx')).rawPayload);
    const table = sheets.find((s) => s.name === 'translation')!;
    expect(table.rows[0]).toEqual(['id', 'label::Deutsch (de)', 'label::en', 'review_state', 'reviewed_by', 'reviewed_at', 'stale']);
    const surname = table.rows.findIndex((r) => r[0] === 'field.surname.label');
    expect(table.rows[surname]).toEqual(['field.surname.label', 'Nachname', 'Surname', 'translated', '', '', 'stale']);
    const rows = table.rows.map((r, i) => (i === surname ? [r[0]!, r[1]!, r[2]!, 'reviewed', '', '', ''] : [...r]));
    const back = await upload(writeWorkbook([{ name: 'translation', rows }, sheets.find((s) => s.name === 'settings')!]), 'Jonas Weber');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ lang: 'en', changed: [{ id: 'field.surname.label', from: 'translated', to: 'reviewed' }] });
    const again = lang(await status('form/testbogen/2'), 'en');
    expect(again).toMatchObject({ stale: [], reviewed: v1.total });
    expect(again.recentlyReviewed[0]).toMatchObject({ id: 'field.surname.label', reviewer: 'Jonas Weber' });
    // Version 1 keeps its own rows.
    expect(lang(await status('form/testbogen/1'), 'en').stale).toEqual([]);
  });

  it("takes a translator's XLIFF into the unpublished next version: its strings and states change, and count once it is published", async () => {
    const v2book = await readWorkbook((await app.inject({ method: 'GET', url: '/api/v1/forms/testbogen/2/xlsform', headers: { cookie } })).rawPayload);
    const v3book = v2book.map((sheet) => {
      const rows = sheet.rows.map((row) => [...row]);
      if (sheet.name === 'settings') rows[1]![rows[0]!.indexOf('version')] = '3';
      return { name: sheet.name, rows };
    });
    const xliff = (await download('form/testbogen/2/en/xliff')).body;
    const edited = edit(edit(xliff, 'field.surname.label', { target: 'Family name', state: 'reviewed' }), 'field.birthDate.label', { state: 'reviewed' });
    const draft = (workbook: Uint8Array, translation: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/forms/xlsform/translation',
        headers: { cookie },
        payload: { file: Buffer.from(workbook).toString('base64'), translation: Buffer.from(translation).toString('base64'), reviewer: 'Jonas Weber' },
      });
    // The published version 2 cannot take new text.
    const refused = await draft(writeWorkbook(v2book), edited);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('form testbogen@2 is published: its text cannot change');

    const answer = await draft(writeWorkbook(v3book), edited);
    expect(answer.statusCode).toBe(200);
    const result = answer.json() as { ref: { version: number }; changed: string[]; workbook: string; reviewed: number };
    expect(result).toMatchObject({ ref: { kind: 'form', id: 'testbogen', version: 3 }, lang: 'en', changed: ['field.surname.label'], stale: [] });
    const survey = (await readWorkbook(Buffer.from(result.workbook, 'base64'))).find((sheet) => sheet.name === 'survey')!;
    const english = survey.rows[0]!.findIndex((h) => /^label::.*\(?en\)?$/.test(h));
    expect(survey.rows.find((row) => row[1] === 'surname')![english]).toBe('Family name');

    const published = await app.inject({ method: 'POST', url: '/api/v1/forms/xlsform/publish', headers: { cookie }, payload: { file: result.workbook } });
    expect(published.statusCode).toBe(201);
    const v3 = lang(await status('form/testbogen/3'), 'en');
    expect(v3.stale).toEqual([]);
    expect(v3.recentlyReviewed.map((r) => [r.id, r.target, r.reviewer])).toEqual(
      expect.arrayContaining([
        ['field.surname.label', 'Family name', 'Jonas Weber'],
        ['field.birthDate.label', 'Date of birth', 'Jonas Weber'],
      ]),
    );
  });

  it('marks stale a string whose German changed since the previous version declared the whole language reviewed', async () => {
    const v1 = { ...testFormJson(1), id: 'zweitbogen', translations: { de: { reviewState: 'reviewed' }, en: { reviewState: 'reviewed', reviewedBy: 'Maria Prüferin', reviewedAt: '2026-11-01' } } } as unknown as Record<string, unknown> & {
      sections: { items: { id: string; label: Record<string, string> }[] }[];
    };
    await publish('form', v1);
    const first = lang(await status('form/zweitbogen/1'), 'en');
    expect(first).toMatchObject({ stale: [], reviewed: first.total });
    const v2 = structuredClone({ ...v1, version: 2 });
    v2.sections[0]!.items[1]!.label = { ...v2.sections[0]!.items[1]!.label, de: 'Geburtstag' };
    await publish('form', v2);
    const second = lang(await status('form/zweitbogen/2'), 'en');
    expect(second.stale).toEqual(['field.birthDate.label']);
    expect(second.reviewed).toBe(first.total - 1);
  });

  it('is for admins with the content area only, and 404 for what is not published', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/translations/notice/notice/3' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/translations/notice/notice/9', headers: { cookie } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/translations/notice/notice/3/it/xliff', headers: { cookie } })).statusCode).toBe(404);
  });
});
