/**
 * Issue 13 item 4, the translation workflow: the coordinator exports the Arabic notice@3 as
 * XLIFF 2.0 from the content page, the reviewer marks a string reviewed (as a translation tool
 * would), the coordinator imports the file with the reviewer's name, and the content page shows
 * the new reviewed share and the string. A file that changes the published text is refused with
 * the string named. The tablet still offers Arabic (complete) and still marks it unreviewed.
 *
 * A server of its own: saving the settings publishes notice@3, which the shared server's other
 * specs must not see.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, unlockWhenAsked } from './support/test';
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import { consentStage, startInterview } from './pages/consent';
import { coordinatorApi, createCoordinatorWithCli, devicesPage, loginPage, texts } from './pages/coordinator';
import { readDeviceStores } from './support/device-store';
import { startServer, type TestServer } from './support/server';
import { districtSettingValues } from '../src/core/consent/__fixtures__/district-settings';

const COORDINATOR = { name: 'Clara Koordination', password: 'lange genug und geheim 42' };
const SETTINGS = districtSettingValues;
const arabic = JSON.parse(fs.readFileSync(new URL('../content/notices/notice@3/ar.json', import.meta.url), 'utf8')) as { languageName: string; ui: Record<string, string> };
const tr = texts.translation;

/** What a translation tool does to one unit: another state, maybe another target. */
function editUnit(xliff: string, unitId: string, change: { state?: string; target?: string }): string {
  return xliff.replace(new RegExp(`<unit id="${unitId.replace(/\./g, '\\.')}">[\\s\\S]*?</unit>`), (unit) => {
    let out = unit;
    if (change.state) out = out.replace(/<segment state="[^"]*">/, `<segment state="${change.state}">`);
    if (change.target !== undefined) out = out.replace(/<target>[\s\S]*?<\/target>/, `<target>${change.target}</target>`);
    return out;
  });
}

let server: TestServer;
test.beforeAll(async ({ playwright }) => {
  server = await startServer({ staticDir: process.env.STATIC_DIR ?? 'dist' });
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password, server.dataDir);
  const api = await playwright.request.newContext({ baseURL: server.url });
  expect((await api.post('/api/v1/auth/login', { data: COORDINATOR })).status()).toBe(200);
  const saved = await api.put('/api/v1/settings', { data: { values: SETTINGS } });
  expect(saved.status(), await saved.text()).toBe(201);
  expect((await saved.json()).published).toEqual(expect.arrayContaining(['notice notice@3/de', 'notice notice@3/ar']));
  await api.dispose();
});
test.afterAll(async () => {
  await server.stop();
});

test('export Arabic XLIFF → mark a string reviewed → import: the content page shows the reviewed share and the string; the tablet still offers Arabic', async ({ browser, playwright }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const login = loginPage(page);
  await login.open();
  await login.signIn(COORDINATOR);
  await expect(devicesPage(page).heading).toBeVisible();
  await page.goto('/coordinator/content');

  const section = page.getByTestId('translations');
  await expect(section.getByRole('heading', { level: 2, name: tr.title })).toBeVisible();
  const row = section.getByTestId('translations-notice-notice@3').locator('tr[data-lang="ar"]');
  await expect(row.getByTestId('complete')).toContainText(`✓ ${tr.complete}`);
  const share = await row.getByTestId('reviewed-share').innerText();
  const total = Number(/von (\d+)\)/.exec(share)![1]);
  expect(share).toBe(`0 % (0 von ${total})`);
  await expect(row.getByTestId('stale')).toHaveText('0');
  await expect(row.getByTestId('last-reviewed')).toHaveText('—');

  // Export: the download link of the Arabic row.
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('xliff-ar').click()]);
  expect(download.suggestedFilename()).toBe('notice@3.ar.xlf');
  const xliff = fs.readFileSync((await download.path())!, 'utf8');
  expect(xliff).toContain('srcLang="de" trgLang="ar"');
  expect(xliff).toMatch(/<unit id="ui\.accept">\s*<segment state="translated">/);

  // The reviewer changes the wording of one string: the published notice cannot change, the page says which string.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-translation-'));
  const changedText = path.join(dir, 'changed.xlf');
  fs.writeFileSync(changedText, editUnit(xliff, 'ui.accept', { state: 'reviewed', target: 'نعم، أوافق' }));
  const form = section.getByRole('form', { name: tr.importTitle });
  await form.getByLabel(tr.file).setInputFiles(changedText);
  await form.getByLabel(tr.reviewer).fill('Rana Haddad');
  await form.getByRole('button', { name: tr.import }).click();
  await expect(page.getByTestId('translation-import-message')).toContainText('notice notice@3 is published and its text cannot change');
  await expect(page.getByTestId('translation-import-message')).toContainText('ui.accept');
  await expect(row.getByTestId('reviewed-share')).toHaveText(`0 % (0 von ${total})`);

  // The reviewer only marks it reviewed: imported.
  const reviewed = path.join(dir, 'reviewed.xlf');
  fs.writeFileSync(reviewed, editUnit(xliff, 'ui.accept', { state: 'reviewed' }));
  await form.getByLabel(tr.file).setInputFiles(reviewed);
  await form.getByRole('button', { name: tr.import }).click();
  const message = page.getByTestId('translation-import-message');
  await expect(message).toContainText('notice@3 (ar): 1 Prüfstand geändert.');
  await expect(message).toContainText(`ui.accept: ${tr.state.translated} → ${tr.state.reviewed}`);
  await expect(row.getByTestId('reviewed-share')).toHaveText(`${Math.floor((1 / total) * 100)} % (1 von ${total})`);
  await expect(row.getByTestId('last-reviewed')).toContainText(`ui.accept „${arabic.ui.accept}“ – Rana Haddad`);
  await expect(row.getByTestId('complete')).toContainText(`✓ ${tr.complete}`);
  // Exported again, the string carries its state and reviewer.
  const again = await page.request.get('/api/v1/translations/notice/notice/3/ar/xliff');
  expect(await again.text()).toMatch(/<unit id="ui\.accept">\s*<notes>\s*<note category="lotse:reviewer">Rana Haddad<\/note>[\s\S]*?<segment state="reviewed">/);
  await context.close();

  // The tablet: Arabic is still offered to the applicant, and its text still marked unreviewed.
  const tabletContext = await browser.newContext({ baseURL: server.url });
  const tablet = await tabletContext.newPage();
  await unlockWhenAsked(tablet);
  const api = await playwright.request.newContext({ baseURL: server.url });
  const coordination = await coordinatorApi(api, COORDINATOR);
  await tablet.goto('/enrol');
  await tablet.getByLabel(syncTexts.enrol.code).fill(await coordination.enrolmentCode());
  await tablet.getByLabel(syncTexts.enrol.deviceName).fill('Tablet Nord');
  await tablet.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(tablet.getByTestId('enrol-success')).toBeVisible();
  await tablet.goto('/sync');
  await tablet.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect.poll(async () => (await readDeviceStores(tablet, ['artifacts'])).artifacts.some((r) => (r as { kind: string }).kind === 'settings')).toBe(true);
  await tablet.goto('/');
  await startInterview(tablet, 'Ines Interviewerin');
  const consent = consentStage(tablet);
  await expect(consent.languageButton(arabic.languageName)).toBeVisible();
  await consent.languageButton(arabic.languageName).click();
  await expect(consent.draftMark).toBeVisible();
  await api.dispose();
  await tabletContext.close();
});
