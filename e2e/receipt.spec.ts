/**
 * Deployment settings to receipt, on a server of its own (publishing settings publishes notice@2
 * and notice@3, which the shared server's other tests must not see): a coordinator enters the
 * contacts, a tablet pulls them, an Arabic-reading applicant refuses, and the receipt says how to
 * withdraw by phone, e-mail and letter, with its short reference, in an order an Arabic reader can
 * follow. The tablet offers the current notice only (notice@3); its Arabic text comes with the
 * translation work — without it the test says so and skips.
 */
import fs from 'node:fs';
import { expect, test, type Locator, type Page } from './support/test';
import coordinatorTexts from '../locales/de/coordinator.json' with { type: 'json' };
import appTexts from '../locales/de/translation.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import { consentStage, startInterview, texts, type NoticeFile } from './pages/consent';
import { coordinatorApi, createCoordinatorWithCli, loginPage } from './pages/coordinator';
import { readDeviceStores } from './support/device-store';
import { startServer, type TestServer } from './support/server';
import { districtSettingValues } from '../src/core/consent/__fixtures__/district-settings';

const COORDINATOR = { name: 'Clara Koordination', password: 'lange genug und geheim 42' };
const SETTINGS = districtSettingValues;

const noticeUrl = (lang: string) => new URL(`../content/notices/notice@3/${lang}.json`, import.meta.url);
const noticeV3 = (lang: string) => JSON.parse(fs.readFileSync(noticeUrl(lang), 'utf8')) as NoticeFile;
const ar = noticeV3('ar');
const de = noticeV3('de');
const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_whole, key: keyof typeof SETTINGS) => SETTINGS[key]);

let server: TestServer;
test.beforeAll(async () => {
  server = await startServer({ staticDir: process.env.STATIC_DIR ?? 'dist' });
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password, server.dataDir);
});
test.afterAll(async () => {
  await server.stop();
});

interface Box { text: string; left: number; right: number; top: number }

/** Where each needle (its first occurrence in the element's text) is drawn: its first line box. */
async function boxesOf(element: Locator, needles: readonly string[]): Promise<Box[]> {
  return element.evaluate((root, wanted) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) nodes.push(walker.currentNode as Text);
    const whole = nodes.map((node) => node.data).join('');
    // A start at a node boundary belongs to the next node (an end to the one before), so that a
    // range never begins at the end of a neighbouring text drawn elsewhere.
    const at = (offset: number, isEnd: boolean): [Text, number] => {
      let rest = offset;
      for (const node of nodes) {
        if (isEnd ? rest <= node.data.length : rest < node.data.length) return [node, rest];
        rest -= node.data.length;
      }
      throw new Error(`offset ${offset} is past the text`);
    };
    return wanted.map((needle) => {
      const start = whole.indexOf(needle);
      if (start < 0) throw new Error(`"${needle}" is not in "${whole}"`);
      const range = document.createRange();
      range.setStart(...at(start, false));
      range.setEnd(...at(start + needle.length, true));
      const rect = range.getClientRects()[0]!;
      return { text: needle, left: rect.left, right: rect.right, top: Math.round(rect.top) };
    });
  }, needles);
}

const sameLine = (a: Box, b: Box) => Math.abs(a.top - b.top) < 4;

/** Within each line, `boxes` (in reading order) run left to right for 'ltr', right to left for 'rtl'. */
function expectOrder(boxes: readonly Box[], direction: 'ltr' | 'rtl') {
  for (let index = 1; index < boxes.length; index += 1) {
    const [before, after] = [boxes[index - 1]!, boxes[index]!];
    if (!sameLine(before, after)) continue;
    if (direction === 'ltr') expect(after.left, `${after.text} after ${before.text}`).toBeGreaterThan(before.left);
    else expect(after.right, `${after.text} after ${before.text}`).toBeLessThan(before.right);
  }
}

/** A German name in brackets inside Arabic: whole, its brackets around it, left of the Arabic words before it. */
async function expectIsolatedName(element: Locator, arabicWords: readonly string[], latinWords: readonly string[]) {
  const [open, first] = await boxesOf(element, [`(${latinWords[0]}`, latinWords[0]!]);
  const last = latinWords.at(-1)!;
  const [lastWord, close] = await boxesOf(element, [`${last})`, ')']);
  // The opening bracket stays on the line of the first German word and to its left, the closing
  // one right of the last: the bracket pair is not torn apart ("Fachdienst) … (Soziales").
  expect(sameLine(open!, first!)).toBe(true);
  expect(open!.left).toBeLessThan(first!.left);
  expect(sameLine(lastWord!, close!)).toBe(true);
  expect(close!.right).toBeGreaterThanOrEqual(lastWord!.right - 1);
  expectOrder(await boxesOf(element, latinWords), 'ltr');
  expectOrder(await boxesOf(element, arabicWords), 'rtl');
  const [arabicLast] = await boxesOf(element, [arabicWords.at(-1)!]);
  if (sameLine(arabicLast!, open!)) expect(open!.right).toBeLessThanOrEqual(arabicLast!.left + 1);
}

async function enterSettings(page: Page) {
  await page.goto(`${server.url}/coordinator/login`);
  await loginPage(page).signIn(COORDINATOR);
  await expect(page.getByRole('navigation', { name: coordinatorTexts.frame.navLabel })).toBeVisible();
  await page.goto(`${server.url}/coordinator/content`);
  const form = page.getByTestId('settings-form');
  await expect(form.getByRole('status')).toHaveText(coordinatorTexts.settings.none);
  const field = (key: keyof typeof SETTINGS) =>
    form.getByLabel(coordinatorTexts.settings.requiredLabel.replace('{{label}}', coordinatorTexts.settings.field[key]), { exact: true });
  for (const [key, value] of Object.entries(SETTINGS)) await field(key as keyof typeof SETTINGS).fill(value);

  // A phone number that is none, and a contact left empty: named per field, in German, nothing published.
  await field('withdrawalPhone').fill('ruf an');
  await field('dpoEmail').fill('');
  await form.getByRole('button', { name: coordinatorTexts.settings.save }).click();
  await expect(page.getByTestId('settings-message')).toHaveText(coordinatorTexts.settings.fixFields);
  await expect(field('withdrawalPhone')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(coordinatorTexts.settings.problem.invalid_phone)).toBeVisible();
  await expect(form.getByText(coordinatorTexts.settings.problem.required)).toBeVisible();

  await field('withdrawalPhone').fill(SETTINGS.withdrawalPhone);
  await field('dpoEmail').fill(SETTINGS.dpoEmail);
  await form.getByRole('button', { name: coordinatorTexts.settings.save }).click();
  // Saving publishes version 1 and, with it, notice@2 and notice@3, which waited for these contacts.
  await expect(page.getByTestId('settings-message')).toContainText('notice notice@3/de');
  await expect(form.getByRole('status').first()).toHaveText(coordinatorTexts.settings.current.replace('{{version}}', '1'));
}

test('Arabic refusal on notice@3: contacts from the settings, a short reference, no disadvantages, and readable right-to-left order', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  await enterSettings(page);

  // The tablet enrols with this server and pulls the settings with the notices.
  const api = await playwright.request.newContext({ baseURL: server.url });
  const coordination = await coordinatorApi(api, COORDINATOR);
  await page.goto(`${server.url}/enrol`);
  await page.getByLabel(syncTexts.enrol.code).fill(await coordination.enrolmentCode());
  await page.getByLabel(syncTexts.enrol.deviceName).fill('Tablet Nord');
  await page.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(page.getByTestId('enrol-success')).toBeVisible();
  await page.goto(`${server.url}/sync`);
  await page.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect.poll(async () => (await readDeviceStores(page, ['artifacts'])).artifacts.some((row) => (row as { kind: string }).kind === 'settings')).toBe(true);

  await page.goto(`${server.url}/`);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(ar.languageName).click();
  // The applicant reads notice@3 with the office's own phone number in it.
  await expect(consent.column('ar')).toContainText(`${SETTINGS.withdrawalPhone}`);
  await expect(consent.column('ar')).not.toContainText('{{');
  await consent.chooseMode(texts.mode.interpreted);
  await page.getByTestId('interpreter-fields').getByLabel(texts.parties.name).fill('Samir Sprachmittler');
  await page.getByTestId('interpreter-fields').getByLabel(texts.parties.role).fill('Sprachmittler');
  await page.getByTestId('interpreter-kind').getByRole('radio', { name: texts.interpreterKind.professional }).check();
  await page.getByLabel(texts.capacity.ageLabel).fill('41');
  await consent.toDecision();

  // Decision screen: "(Industrie- und Handelskammer Braunschweig, IHK)" stays one bracketed unit in the Arabic label.
  const ihk = consent.item('recipient', 'ihk').locator('[lang="ar"]').first();
  await expectIsolatedName(ihk, ['غرفة', 'الصناعة', 'والتجارة'], ['Industrie-', 'und', 'Handelskammer', 'Braunschweig,', 'IHK']);

  await consent.bulkButton(de.ui.refuseAll!).click();
  await consent.continueToConfirmation().click();
  await consent.confirmAsInterviewer('refusal');
  await consent.saveButton('refusal').click();

  // The end: "no disadvantages" in Arabic and German, and the reference that identifies the refusal.
  await expect(page.getByRole('heading', { level: 1, name: texts.done.refusalTitle })).toBeVisible();
  const message = page.getByTestId('refusal-message');
  await expect(message.locator('[lang="ar"][dir="rtl"]').getByTestId('refusal-reassurance')).toHaveText(ar.ui.refusalReassurance!);
  await expect(message.locator('[lang="de"][dir="ltr"]').getByTestId('refusal-reassurance')).toHaveText(de.ui.refusalReassurance!);
  const reference = (await page.getByTestId('short-reference').textContent())!;
  expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

  // The receipt: interviewer, reference and the three ways to withdraw, in Arabic and in German.
  await page.getByRole('link', { name: texts.done.receipt }).click();
  const arabic = page.getByTestId('receipt-applicant');
  const german = page.getByTestId('receipt-german');
  await expect(arabic).toHaveAttribute('dir', 'rtl');
  await expect(arabic).toContainText(ar.ui.receiptInterviewer!);
  await expect(arabic).toContainText('Ines Interviewerin');
  await expect(german).toHaveAttribute('dir', 'ltr');
  await expect(german).toContainText(de.ui.receiptInterviewer!);
  await expect(page.getByTestId('receipt-applicant-reference')).toHaveText(reference);
  await expect(page.getByTestId('receipt-german-reference')).toHaveText(reference);
  await expect(arabic).toContainText(ar.ui.refusalReassurance!);
  for (const key of ['withdrawByPhone', 'withdrawByEmail', 'withdrawByLetter'] as const) {
    await expect(page.getByTestId('receipt-applicant-withdraw')).toContainText(fill(ar.ui[key]!));
    await expect(page.getByTestId('receipt-german-withdraw')).toContainText(fill(de.ui[key]!));
  }

  // Visual order: the German name of the social services stays whole and bracketed inside Arabic,
  // and the postal address reads left to right, left of its Arabic label.
  const fachdienst = page.getByTestId('receipt-applicant-refused').getByRole('listitem').filter({ hasText: 'Fachdienst Soziales' });
  await expectIsolatedName(fachdienst, ['قسم', 'الخدمات', 'الاجتماعية'], ['Landkreis', 'Peine,', 'Fachdienst', 'Soziales']);
  const letter = page.getByTestId('receipt-applicant-withdraw').getByRole('listitem').filter({ hasText: 'Burgstraße' });
  const [label, street, town] = await boxesOf(letter, [ar.ui.withdrawByLetter!.split(':')[0]!, 'Burgstraße', '31224']);
  expectOrder(await boxesOf(letter, ['Landkreis', 'Referat', 'Migration', 'Burgstraße', '31224']), 'ltr');
  if (sameLine(label!, street!)) expect(street!.right).toBeLessThanOrEqual(label!.left + 1);
  expect(town).toBeDefined();

  // The record reaches the server exactly once: its hash is that of the filled text the applicant read.
  await page.goto(`${server.url}/sync`);
  await page.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect.poll(async () => (await coordination.received()).records.map((record) => record.recordId)).toEqual([recordId]);
  expect((await coordination.received()).issues).toEqual([]);

  // The interview list shows it as a refusal with its reference, not as a nameless draft.
  await page.goto(`${server.url}/`);
  const row = page.getByTestId('interview-row').filter({ hasText: reference });
  await expect(row).toContainText(appTexts.home.refusal);
  await expect(row).not.toContainText(appTexts.home.unnamed);

  // The coordinator finds the reference on the record page.
  await page.goto(`${server.url}/coordinator/records?record=${recordId}`);
  await expect(page.getByTestId('record-short-reference')).toHaveText(reference);
  await api.dispose();
});
