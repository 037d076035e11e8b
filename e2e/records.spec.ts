/**
 * Reading and finding records (issue 10, item 6): a coordinator finds an interview by the name in
 * its original script, opens it, reads the answers labelled from the form, sees what the second
 * revision changed, in German and in English, and the page stays usable at 1024 and 768 px.
 * The interviews come from the demo generator and reach the server through the push path, as a
 * tablet's would.
 */
import crypto from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './support/test';
import type { Answers } from '../src/core/form/index';
import type { InterviewRecord } from '../src/core/record/index';
import { demoCampaign, type DemoInterview } from '../src/server/demo/campaign';
import en from '../locales/en/coordinator.json' with { type: 'json' };
import { publishedContentV1, pushEntryOf } from './support/demo-entries';
import { createCoordinatorWithCli, devicesPage, loginPage, texts as de } from './pages/coordinator';
import { shell } from './pages/shell';

const coordinator = { name: `Koordination ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };

test.beforeAll(() => {
  createCoordinatorWithCli(coordinator.name, coordinator.password);
});


async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflowing = await page.evaluate(() =>
    document.documentElement.scrollWidth > window.innerWidth + 1
      ? [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(element.getBoundingClientRect().right)}px`)
          .slice(0, 5)
      : [],
  );
  expect(overflowing).toEqual([]);
  // Nothing scrolls sideways inside a table either: every column can be read.
  const scrolling = await page.getByRole('region').evaluateAll((regions) =>
    regions.filter((region) => region.scrollWidth > region.clientWidth + 1).map((region) => region.getAttribute('aria-labelledby')),
  );
  expect(scrolling).toEqual([]);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a coordinator finds an interview by the name in Arabic script and reads its labelled answers and what changed, in German and English', async ({ page }) => {
  // A long walk through two languages and two widths on a shared, busy machine.
  test.setTimeout(180_000);
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();

  // A tablet of this test's own, with two interviews; the first is revised once.
  const deviceName = `Tablet Lesen ${crypto.randomUUID().slice(0, 6)}`;
  const enrolment = await page.request.post('/api/v1/enrolments', { data: { deviceName } });
  const tablet = (await (await page.request.post('/api/v1/enrol', { data: { code: (await enrolment.json()).code, deviceName } })).json()) as { deviceId: string; deviceToken: string };
  const campaign = demoCampaign(publishedContentV1(), { count: 60, seed: 4711, start: new Date('2026-02-02T00:00:00.000Z'), weeks: 2, devices: 1 });
  const answersOf = (interview: DemoInterview) => interview.revisions[0]!.answers as Record<string, unknown> | null;
  const target = campaign.find((interview) => {
    const answers = answersOf(interview);
    return interview.revisions.length === 1 && answers !== null && interview.notice.lang === 'ar' && typeof answers.surnameOriginal === 'string' && typeof answers.phone === 'string' && answers.municipality !== 'ilsede';
  })!;
  const other = campaign.find((interview) => interview.revisions.length === 1 && answersOf(interview) !== null && answersOf(interview)!.surname !== answersOf(target)!.surname)!;
  const first = target.revisions[0]!;
  const before = answersOf(target)!;
  const { phone, ...withoutPhone } = before;
  const jobs = ((before.workExperience as unknown[] | undefined) ?? []).length;
  const second: InterviewRecord = {
    ...first,
    answers: {
      ...withoutPhone,
      municipality: 'ilsede',
      workExperience: [...((before.workExperience as unknown[] | undefined) ?? []), { jobTitle: 'Koch im Restaurant', occupationCode: '293', workFrom: { year: 2024, month: null, day: null }, workTo: { year: 2025, month: 6, day: null } }],
    } as Answers,
  };
  const pushed = await page.request.post('/api/v1/sync/push', {
    headers: { authorization: `Bearer ${tablet.deviceToken}` },
    data: {
      protocolVersion: 1,
      deviceId: tablet.deviceId,
      batchId: crypto.randomUUID(),
      pendingCount: 0,
      entries: [pushEntryOf(target, first, 1, 1), pushEntryOf(other, other.revisions[0]!, 1, 2), pushEntryOf(target, second, 2, 3)],
    },
  });
  expect((await pushed.json()).results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied', 'applied']);

  // The coordinator types the surname as it is written in Arabic script.
  await page.goto(`/coordinator/records?device=${tablet.deviceId}`);
  const filters = page.getByRole('search', { name: de.records.filter.title });
  await filters.getByRole('searchbox', { name: de.records.filter.q }).fill(String(before.surnameOriginal));
  await filters.getByRole('button', { name: de.records.filter.apply }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByTestId('records-summary')).toHaveText(de.records.filter.active.replace('{{count, number}}', '1'));
  const row = page.getByTestId('records-table').getByRole('row').filter({ hasText: String(before.surname) });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('record-row-name')).toContainText(String(before.surnameOriginal));
  await expectNoHorizontalOverflow(page);

  await row.getByRole('link', { name: `${de.records.recordLinkPrefix} ${target.recordId.slice(0, 8)}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: de.detail.title.replace('{{id}}', target.recordId.slice(0, 8)) })).toBeVisible();
  await expect(page.getByTestId('record-name')).toContainText(String(before.surname));

  // The answers of the current revision, labelled from the form, in German.
  const answers = page.getByTestId('record-answers');
  await expect(page.getByRole('heading', { level: 2, name: de.answers.title })).toBeVisible();
  await expect(answers.getByRole('heading', { level: 3, name: 'B Person' })).toBeVisible();
  await expect(answers.locator('[data-path="surname"]')).toHaveText(`Familienname(n)${String(before.surname)}`);
  await expect(answers.locator('[data-path="municipality"]')).toHaveText('Wohngemeinde im LandkreisIlsede');
  await expect(answers.locator('[data-path="phone"]')).toHaveCount(0);
  await expect(answers.getByRole('heading', { level: 4, name: 'Tätigkeiten' })).toBeVisible();
  await expect(answers.locator(`[data-path="workExperience[${jobs}].occupationCode"]`)).toHaveText('Beruf nach KldB 2010Speisenzubereitung');
  // A date whose day is unknown stays partial.
  await expect(answers.locator(`[data-path="workExperience[${jobs}].workTo"]`)).toHaveText('BisJuni 2025 (Tag unbekannt)');
  const nationality = answers.locator('[data-path="nationality"]');
  await expect(nationality).toContainText('Staat(en) der Staatsangehörigkeit');
  await expect(nationality).toContainText('Syrien');

  // What the second revision changed, field by field.
  const changes = page.getByTestId('changes-rev-2');
  await expect(changes.getByRole('heading', { name: de.changes.title.replace('{{rev}}', '2').replace('{{previous}}', '1') })).toBeVisible();
  const oldMunicipality = { peine: 'Stadt Peine', edemissen: 'Edemissen', hohenhameln: 'Hohenhameln', lengede: 'Lengede', vechelde: 'Vechelde', wendeburg: 'Wendeburg' }[String(before.municipality)]!;
  await expect(changes.locator('[data-path="municipality"]')).toHaveText(`B PersonWohngemeinde im Landkreis${de.changes.kind.changed}${oldMunicipality}Ilsede`);
  await expect(changes.locator('[data-path="phone"]')).toHaveText(`B PersonTelefonnummer${de.changes.kind.removed}${String(phone)}—`);
  await expect(changes.locator(`[data-path="workExperience[${jobs}].occupationCode"]`)).toHaveText(
    `F Berufserfahrung › Tätigkeiten ${jobs + 1}Beruf nach KldB 2010${de.changes.kind.added}—Speisenzubereitung`,
  );
  await expect(changes.getByRole('row')).toHaveCount(1 + 2 + 4);
  // The consent per purpose and recipient is on the same page.
  await expect(page.getByTestId('consent-history')).toBeVisible();
  await expectNoSeriousViolations(page);

  // The first revision's answers, as they were.
  await page.getByRole('combobox', { name: de.answers.revisionPicker }).selectOption('1');
  await expect(answers.locator('[data-path="municipality"]')).toHaveText(`Wohngemeinde im Landkreis${oldMunicipality}`);
  await expect(answers.locator('[data-path="phone"]')).toHaveText(`Telefonnummer${String(phone)}`);
  await page.getByRole('combobox', { name: de.answers.revisionPicker }).selectOption('2');

  // The same page in English: the form's English labels, the UI's English words.
  await shell(page).languageButton('English').click();
  await expect(page.getByRole('heading', { level: 2, name: en.answers.title })).toBeVisible();
  await expect(answers.locator('[data-path="surname"]')).toHaveText(`Surname(s)${String(before.surname)}`);
  await expect(answers.locator('[data-path="municipality"]')).toHaveText('Municipality of residence in the districtIlsede');
  await expect(answers.locator(`[data-path="workExperience[${jobs}].workTo"]`)).toHaveText('ToJune 2025 (day unknown)');
  await expect(nationality).toContainText('Syria');
  await expect(changes.getByRole('heading', { name: en.changes.title.replace('{{rev}}', '2').replace('{{previous}}', '1') })).toBeVisible();
  await expect(changes.locator('[data-path="municipality"]')).toHaveText(`B PersonMunicipality of residence in the district${en.changes.kind.changed}${oldMunicipality}Ilsede`);
  await expect(changes.locator('[data-path="phone"]')).toHaveText(`B PersonPhone number${en.changes.kind.removed}${String(phone)}—`);
  await expect(changes.locator(`[data-path="workExperience[${jobs}].occupationCode"]`)).toHaveText(
    `F Work experience › Jobs ${jobs + 1}Occupation (KldB 2010)${en.changes.kind.added}—Cooking`,
  );
  await expectNoHorizontalOverflow(page);

  // On a portrait tablet nothing is cut off either.
  await page.setViewportSize({ width: 768, height: 1024 });
  await expectNoHorizontalOverflow(page);
  await expect(changes.locator('[data-path="phone"]')).toBeVisible();

  // Back to the list as it was: the search is still applied.
  await page.getByRole('link', { name: en.detail.back }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByTestId('records-table').getByRole('row').filter({ hasText: String(before.surname) })).toHaveCount(1);
  await expectNoHorizontalOverflow(page);
  await shell(page).languageButton('Deutsch').click();
});
