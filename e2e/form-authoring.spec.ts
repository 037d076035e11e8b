/**
 * Issue 13: a coordinator develops the Profilingbogen as an XLSForm spreadsheet. Upload → the
 * problems with sheet, row and column → a corrected upload → preview as on the tablet, German
 * beside Arabic, fillable → the changes against the published version → publish. The tablet pulls
 * the new version; its draft begun on version 3 (the current form) stays on version 3.
 *
 * A server of its own (fresh database, the production build): publishing version 4 on the shared
 * server would change the form every later spec's interviews start on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, unlockWhenAsked, type Page } from './support/test';
import AxeBuilder from '@axe-core/playwright';
import { createCoordinatorWithCli, devicesPage, loginPage, texts } from './pages/coordinator';
import { consentedInterview, formJson, profilingbogen, seedInterview, storedState } from './pages/profilingbogen';
import { shell } from './pages/shell';
import { startServer, type TestServer } from './support/server';
import { readDeviceStores } from './support/device-store';
import { readWorkbook, writeWorkbook, type Sheet } from '../src/server/forms/xlsform/workbook';
import syncTexts from '../locales/de/sync.json' with { type: 'json' };

const coordinator = { name: `Autorin ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };
const a = texts.authoring;
let server: TestServer;

test.beforeAll(async () => {
  server = await startServer({ staticDir: path.resolve(import.meta.dirname, '../dist') });
  createCoordinatorWithCli(coordinator.name, coordinator.password, server.dataDir);
});
test.afterAll(async () => {
  await server.stop();
});

/** The rows of one sheet, edited. */
function editSheet(sheets: readonly Sheet[], name: string, edit: (rows: string[][]) => string[][]): Sheet[] {
  return sheets.map((sheet) => (sheet.name === name ? { name, rows: edit(sheet.rows.map((row) => [...row])) } : sheet));
}
function setCell(rows: string[][], rowName: string, column: string, value: string): string[][] {
  const c = rows[0]!.indexOf(column);
  return rows.map((row, i) => (i > 0 && row[1] === rowName ? row.map((cell, j) => (j === c ? value : cell)) : row));
}
function writeTemp(sheets: Sheet[], name: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-authoring-')), name);
  fs.writeFileSync(file, writeWorkbook(sheets));
  return file;
}

async function upload(page: Page, file: string) {
  await page.getByLabel(a.file).setInputFiles(file);
  await page.getByRole('button', { name: a.check }).click();
}

test('upload → problems → preview German beside Arabic → changes → publish; the tablet pulls version 4, its draft stays on version 3', async ({ browser }) => {
  test.setTimeout(180_000);
  const coordinatorContext = await browser.newContext({ baseURL: server.url });
  const tabletContext = await browser.newContext({ baseURL: server.url });
  const page = await coordinatorContext.newPage();
  const tablet = await tabletContext.newPage();
  // The tablet asks for its passphrase after enrolment and whenever it starts locked.
  await unlockWhenAsked(tablet);

  // The tablet: enrolled, with a draft begun on version 3 (the current form).
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();
  const enrolment = await page.request.post('/api/v1/enrolments', { data: { deviceName: 'Tablet Nord' } });
  expect(enrolment.status()).toBe(201);
  const app = shell(tablet);
  await app.open('/');
  await app.navLink('Synchronisation').click();
  await tablet.getByRole('link', { name: 'Gerät anmelden' }).click();
  await tablet.getByLabel(syncTexts.enrol.code).fill((await enrolment.json()).code);
  await tablet.getByLabel(syncTexts.enrol.deviceName).fill('Tablet Nord');
  await tablet.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(tablet.getByTestId('enrol-success')).toBeVisible();
  const draft = consentedInterview('ar', new Date(), [], formJson);
  await seedInterview(tablet, draft);
  const form = profilingbogen(tablet);
  await form.open(draft.recordId);
  await form.text('site', 'GU Nord');
  await form.saved();

  // The coordinator downloads version 3 as a spreadsheet: the ODK layout.
  await page.goto('/coordinator/content');
  const download = await page.request.get('/api/v1/forms/profilingbogen/3/xlsform');
  expect(download.status()).toBe(200);
  const v3 = await readWorkbook(await download.body());
  expect(v3.find((sheet) => sheet.name === 'survey')!.rows[0]).toEqual(expect.arrayContaining(['type', 'name', 'label::German (de)', 'label::Arabic (ar)', 'relevant', 'constraint']));

  // Version 4: a new question, a corrected Arabic label, a new condition.
  let v4 = editSheet(v3, 'settings', (rows) => rows.map((row, i) => (i === 1 ? row.map((cell, j) => (rows[0]![j] === 'version' ? '4' : cell)) : row)));
  v4 = editSheet(v4, 'survey', (rows) => {
    const at = rows.findIndex((row) => row[1] === 'phone');
    const email = rows[0]!.map((header) => ({ type: 'text', name: 'email', 'label::German (de)': 'E-Mail-Adresse', 'label::Arabic (ar)': 'البريد الإلكتروني', relevant: "${nationalityStatus} = 'known'" })[header] ?? '');
    return setCell([...rows.slice(0, at + 1), email, ...rows.slice(at + 1)], 'phone', 'label::Arabic (ar)', 'رقم الهاتف المحمول');
  });

  // First with two mistakes: each named with sheet, row and column; nothing published.
  const survey = v4.find((sheet) => sheet.name === 'survey')!.rows;
  const emailRow = survey.findIndex((row) => row[1] === 'email') + 1;
  const broken = editSheet(v4, 'survey', (rows) => setCell(setCell(rows, 'email', 'relevant', '${nationalityStatus} = today()'), 'site', 'type', 'geopoint'));
  await upload(page, writeTemp(broken, 'profilingbogen-broken.xlsx'));
  const problems = page.getByTestId('xlsform-problems');
  await expect(problems).toContainText(a.problemsTitle_other.replace('{{count}}', '2'));
  await expect(problems.getByRole('row').filter({ hasText: 'today()' })).toContainText(`survey${emailRow}relevant`);
  await expect(problems.getByRole('row').filter({ hasText: 'geopoint' })).toContainText("der Typ 'geopoint' hat in Lotse keine Entsprechung");
  await expect(page.getByTestId('xlsform-publish')).toHaveCount(0);

  // The corrected workbook: the form as the tablet shows it, German beside Arabic.
  await upload(page, writeTemp(v4, 'profilingbogen-4.xlsx'));
  await expect(page.getByTestId('xlsform-result')).toContainText(a.resultTitle.replace('{{label}}', 'profilingbogen@4'));
  const preview = page.getByTestId('form-preview');
  await expect(page.getByLabel(a.leftLanguage)).toHaveValue('de');
  await expect(page.getByLabel(a.rightLanguage)).toHaveValue('ar');
  await expect(preview.getByTestId('section-title-interviewer')).toHaveText(formJson.sections[0]!.label.de!);
  const arabic = preview.getByTestId('section-title-applicant');
  await expect(arabic).toHaveText(formJson.sections[0]!.label.ar!);
  await expect(arabic).toHaveAttribute('lang', 'ar');
  await expect(arabic).toHaveAttribute('dir', 'rtl');
  // Fillable, with the new condition: the e-mail question appears once the nationality is known.
  await preview.getByTestId('nav-person').click();
  await expect(preview.getByTestId('question-email')).toHaveCount(0);
  await preview.getByTestId('question-nationalityStatus').getByRole('radio', { name: 'bekannt', exact: true }).check();
  await expect(preview.getByTestId('question-email')).toBeVisible();
  await expect(preview.getByTestId('question-email').getByTestId('question-text-applicant')).toHaveText('البريد الإلكتروني');

  // The page with problems table, preview and changes: no serious accessibility violations.
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);

  // The changes against version 3.
  const changes = page.getByTestId('xlsform-changes');
  await expect(changes.locator('li[data-kind="fieldAdded"]')).toHaveText('Neues Feld: E-Mail-Adresse (email) in person');
  await expect(changes.locator('li[data-kind="labelsChanged"]')).toContainText('Telefonnummer (phone) (label) in Arabisch');
  await expect(changes.locator('li')).toHaveCount(2);

  // Nothing was stored by the preview or the check; publishing makes version 4.
  await page.getByTestId('xlsform-publish').click();
  await expect(page.getByTestId('xlsform-published')).toContainText('profilingbogen@4 ist veröffentlicht');
  await expect(page.getByTestId('xlsform-download-profilingbogen@4')).toBeVisible();
  await expect(page.getByTestId('xlsform-download-profilingbogen@3')).toBeVisible();
  // Its languages: German complete and reviewed, Arabic a draft.
  await expect(page.getByRole('heading', { name: a.languagesTitle.replace('{{label}}', 'profilingbogen@4') })).toBeVisible();
  const languages = page.getByTestId('form-languages-profilingbogen');
  await expect(languages.locator('tr[data-lang="de"]')).toContainText(a.complete.replace(/\{\{total\}\}.*$/, ''));
  await expect(languages.locator('tr[data-lang="de"]')).toContainText(texts.content.reviewed);
  await expect(languages.locator('tr[data-lang="ar"]')).toContainText(texts.content.draft);

  // The tablet pulls version 4; the draft keeps version 3, its questions and its answer.
  await app.navLink('Synchronisation').click();
  await tablet.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect(tablet.getByTestId('sync-outcome')).toContainText('Synchronisation abgeschlossen');
  const { artifacts } = await readDeviceStores(tablet, ['artifacts']);
  const forms = (artifacts as { kind: string; id: string; version: number }[]).filter((row) => row.kind === 'form' && row.id === 'profilingbogen').map((row) => row.version);
  expect(forms).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  const { record } = await storedState(tablet, draft.recordId);
  expect(record.formRef).toBe('profilingbogen@3');
  await form.open(draft.recordId);
  await expect(form.textbox('site')).toHaveValue('GU Nord');
  await form.goToSection('person');
  await form.choose('nationalityStatus', 'bekannt');
  await expect(form.question('nationality')).toBeVisible();
  await expect(form.question('email')).toHaveCount(0);

  await coordinatorContext.close();
  await tabletContext.close();
});
