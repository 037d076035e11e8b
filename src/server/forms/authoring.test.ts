/**
 * `npm run lotse -- form export|import` against a real database (both engines): the published
 * Profilingbogen v2 exported and imported back is "unchanged"; an edited copy as version 3 is
 * listed change by change and published only with --publish; a broken copy prints every problem
 * with sheet, row and column and exits 1, publishing nothing; a changed copy that keeps version 2
 * is refused (published versions are immutable).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../core/form/index';
import { engines, freshTestDatabaseEnv, openTestDatabase, type TestDatabase } from '../testing/databases';
import { artifactBody, listArtifacts, prepareArtifact, publishArtifact } from '../artifacts/store';
import { readWorkbook, writeWorkbook, type Sheet } from './xlsform/workbook';
import { diffForms } from './diff';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const v2 = JSON.parse(readFileSync(path.join(repoRoot, 'content/forms/profilingbogen@2.json'), 'utf8')) as FormDefinition;

/** A copy of the sheets with `edit` applied to the rows of one sheet. */
function edited(sheets: readonly Sheet[], name: string, edit: (rows: string[][]) => string[][]): Sheet[] {
  return sheets.map((sheet) => (sheet.name === name ? { name, rows: edit(sheet.rows.map((row) => [...row])) } : sheet));
}

function setCell(rows: string[][], rowName: string, column: string, value: string): string[][] {
  const c = rows[0]!.indexOf(column);
  if (c < 0) throw new Error(`no column ${column}`);
  return rows.map((row, i) => (i > 0 && row[1] === rowName ? row.map((cell, j) => (j === c ? value : cell)) : row));
}

describe.each(engines)('npm run lotse -- form on %s', (engine) => {
  let env: Record<string, string>;
  let database: TestDatabase;
  let dir: string;
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'form', ...args], { cwd: repoRoot, env: { ...process.env, ...env, LOG_LEVEL: 'warn', LANG: 'en_US.UTF-8' } }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const formVersions = async () => (await listArtifacts(database.db)).filter((a) => a.kind === 'form' && a.id === 'profilingbogen').map((a) => a.version);

  beforeAll(async () => {
    env = freshTestDatabaseEnv(engine);
    database = await openTestDatabase(engine, env);
    const prepared = prepareArtifact('form', v2);
    if (!prepared.ok) throw new Error(prepared.problems.join('; '));
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    dir = mkdtempSync(path.join(os.tmpdir(), 'lotse-xlsform-'));
  });
  afterAll(async () => {
    await database.drop();
  });

  it('exports the published version and finds the same workbook unchanged', async () => {
    const file = path.join(dir, 'v2.xlsx');
    const exported = await cli('export', 'profilingbogen@2', file);
    expect(exported.code, exported.stderr).toBe(0);
    const sheets = await readWorkbook(readFileSync(file));
    expect(sheets.map((s) => s.name)).toEqual(['survey', 'choices', 'codelists', 'settings']);

    const again = await cli('import', file);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('profilingbogen@2 is unchanged');

    const missing = await cli('export', 'profilingbogen@9', path.join(dir, 'none.xlsx'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('profilingbogen@9 is not published');
  }, 120_000);

  it('lists the changes of a new version, publishes nothing on a dry run, publishes with --publish', async () => {
    const sheets = await readWorkbook(readFileSync(path.join(dir, 'v2.xlsx')));
    let next = edited(sheets, 'settings', (rows) => rows.map((row, i) => (i === 1 ? row.map((cell, j) => (rows[0]![j] === 'version' ? '3' : cell)) : row)));
    next = edited(next, 'survey', (rows) => setCell(setCell(rows, 'phone', 'label::Arabic (ar)', 'رقم الهاتف المحمول'), 'site', 'relevant', "${interviewer} != ''"));
    next = edited(next, 'survey', (rows) => {
      const at = rows.findIndex((row) => row[1] === 'phone');
      const extra = rows[0]!.map((header) => ({ type: 'text', name: 'email', 'label::German (de)': 'E-Mail', required: 'no' })[header] ?? '');
      return [...rows.slice(0, at + 1), extra, ...rows.slice(at + 1)];
    });
    const file = path.join(dir, 'v3.xlsx');
    writeFileSync(file, writeWorkbook(next));

    const dry = await cli('import', file, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('profilingbogen@3: 3 change(s) against profilingbogen@2');
    expect(dry.stdout).toContain('+ email (E-Mail) in person');
    expect(dry.stdout).toContain('~ phone (Telefonnummer) label changed in ar');
    expect(dry.stdout).toMatch(/~ site .* shown when: \(always\) → not empty\(interviewer\)/);
    expect(dry.stdout).toContain('Dry run: nothing published');
    expect(await formVersions()).toEqual([2]);

    const published = await cli('import', file, '--publish');
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('Published profilingbogen@3');
    expect(await formVersions()).toEqual([2, 3]);
    const v3 = (await artifactBody(database.db, { kind: 'form', id: 'profilingbogen', version: 3, lang: null })) as FormDefinition;
    expect(diffForms(v2, v3).map((c) => `${c.kind} ${'id' in c ? c.id : ''}`)).toEqual(['conditionChanged site', 'labelsChanged phone', 'fieldAdded email']);
    const audit = await database.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'content.publish').execute();
    expect(audit).toContainEqual({ action: 'content.publish', target_id: 'form profilingbogen@3' });

    // Version 2 itself, changed, stays as published.
    const sameVersion = edited(next, 'settings', (rows) => rows.map((row, i) => (i === 1 ? row.map((cell, j) => (rows[0]![j] === 'version' ? '2' : cell)) : row)));
    writeFileSync(file, writeWorkbook(sameVersion));
    const refused = await cli('import', file, '--publish');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('settings, row 2, version: profilingbogen@2 is published with other content and cannot change; set version to 4');
  }, 120_000);

  it('prints every problem with sheet, row and column and exits 1, publishing nothing', async () => {
    const sheets = await readWorkbook(readFileSync(path.join(dir, 'v2.xlsx')));
    let broken = edited(sheets, 'settings', (rows) => rows.map((row, i) => (i === 1 ? row.map((cell, j) => (rows[0]![j] === 'version' ? '5' : cell)) : row)));
    broken = edited(broken, 'survey', (rows) => setCell(setCell(rows, 'phone', 'relevant', 'today() > ${birthDate}'), 'site', 'type', 'geopoint'));
    const file = path.join(dir, 'broken.xlsx');
    writeFileSync(file, writeWorkbook(broken));
    const survey = broken.find((s) => s.name === 'survey')!.rows;
    const rowOf = (name: string) => survey.findIndex((row) => row[1] === name) + 1;

    const result = await cli('import', file, '--publish');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`survey, row ${rowOf('phone')}, relevant: today() > \${birthDate}: today() is refused`);
    expect(result.stdout).toContain(`survey, row ${rowOf('site')}, type: the type 'geopoint' has no Lotse equivalent`);
    expect(result.stderr).toContain('2 problem(s); nothing was published');
    expect(await formVersions()).toEqual([2, 3]);

    const german = await run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'form', 'import', file], { cwd: repoRoot, env: { ...process.env, ...env, LOG_LEVEL: 'warn', LANG: 'de_DE.UTF-8' } }).catch((error: { stdout: string }) => error);
    expect(german.stdout).toContain(`survey, row ${rowOf('site')}, type: der Typ 'geopoint' hat in Lotse keine Entsprechung`);
  }, 120_000);

  it('takes a translator\'s XLIFF into the spreadsheet: the strings change, a stale one keeps the language a draft', async () => {
    const xlf = path.join(dir, 'ar.xlf');
    const exported = await cli('xliff-export', 'profilingbogen@2', 'ar', xlf);
    expect(exported.code, exported.stderr).toBe(0);
    // The translator corrects one string and marks everything reviewed.
    const translated = readFileSync(xlf, 'utf8')
      .replace(/state="translated"/g, 'state="reviewed"')
      .replace(/(<unit id="field\.phone\.label">[\s\S]*?<target>)[^<]*(<\/target>)/, '$1رقم الجوال$2');
    writeFileSync(xlf, translated);
    // Meanwhile the German of the site question changed in the next version's spreadsheet (a version
    // not published yet: a published one's text cannot change, translation import or not).
    const changed = edited(await readWorkbook(readFileSync(path.join(dir, 'v2.xlsx'))), 'survey', (rows) => setCell(rows, 'site', 'label::German (de)', 'Unterkunft'));
    const sheets = edited(changed, 'settings', (rows) => rows.map((row, i) => (i === 1 ? row.map((cell, j) => (rows[0]![j] === 'version' ? '4' : cell)) : row)));
    const workbook = path.join(dir, 'next.xlsx');
    writeFileSync(workbook, writeWorkbook(sheets));
    const result = await cli('xliff-import', workbook, xlf, '--reviewer', 'Rana Haddad');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 ar string(s) changed; 1 stale (German changed since the translation): field.site.label');
    const written = await readWorkbook(readFileSync(workbook));
    // The stale string keeps the language a draft in the spreadsheet; the other strings' states are stored.
    const settings = written.find((s) => s.name === 'settings')!.rows;
    const arState = settings[0]!.findIndex((header) => /^review_state::.*\(ar\)$/.test(String(header)));
    expect(arState).toBeGreaterThan(-1);
    expect(settings[1]![arState]).toBe('draft');
    expect(result.stdout).toMatch(/\d+ review state\(s\) stored for profilingbogen@4/);
    const survey = written.find((s) => s.name === 'survey')!.rows;
    expect(survey.find((row) => row[1] === 'phone')![survey[0]!.indexOf('label::Arabic (ar)')]).toBe('رقم الجوال');
  }, 120_000);
});
