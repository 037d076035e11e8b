/**
 * notice@3 on a tablet (issue 14), on a server of its own (saving the settings publishes notice@2
 * and notice@3, which the shared server's other tests must not see): the age asked before the
 * decision, the explicit health item, a 17-year-old with her guardian, and a refusal of the core
 * purpose that ends as a refusal — in German, and in a right-to-left language where notice@3 has
 * one (its translations come from the translation work; until then the rtl test says so and skips).
 */
import fs from 'node:fs';
import { expect, test, type APIRequest, type Page } from './support/test';
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import { consentStage, startInterview, storedInterview, texts } from './pages/consent';
import { choiceLabel, codeLabel, formJson, profilingbogen } from './pages/profilingbogen';
import { coordinatorApi, createCoordinatorWithCli } from './pages/coordinator';
import { readDeviceStores } from './support/device-store';
import { startServer, type TestServer } from './support/server';
import { districtSettingValues } from '../src/core/consent/__fixtures__/district-settings';

const COORDINATOR = { name: 'Clara Koordination', password: 'lange genug und geheim 42' };
const SETTINGS = districtSettingValues;

interface Notice3 {
  lang: string;
  dir: 'ltr' | 'rtl';
  languageName: string;
  purposes: { id: string; label: string }[];
  explicitConsents: { id: string; label: string; description: string }[];
  recipients: { id: string; label: string }[];
  ui: Record<string, string>;
}
const noticeFileOf = (lang: string) => new URL(`../content/notices/notice@3/${lang}.json`, import.meta.url);
const notice3 = (lang: string) => JSON.parse(fs.readFileSync(noticeFileOf(lang), 'utf8')) as Notice3;
const de = notice3('de');
const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_whole, key: keyof typeof SETTINGS) => SETTINGS[key]);
/** A right-to-left language of notice@3 (its translations are in content/; a missing one fails here, it is not skipped). */
const rtlLang = 'ar';

let server: TestServer;
test.beforeAll(async ({ playwright }) => {
  server = await startServer({ staticDir: process.env.STATIC_DIR ?? 'dist' });
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password, server.dataDir);
  const api = await playwright.request.newContext({ baseURL: server.url });
  expect((await api.post('/api/v1/auth/login', { data: COORDINATOR })).status()).toBe(200);
  const saved = await api.put('/api/v1/settings', { data: { values: SETTINGS } });
  expect(saved.status(), await saved.text()).toBe(201);
  expect((await saved.json()).published).toEqual(expect.arrayContaining(['notice notice@3/de', 'notice notice@3/en']));
  await api.dispose();
});
test.afterAll(async () => {
  await server.stop();
});

/** Enrols this browser's tablet with the server and pulls the settings with the notices. */
async function enrolAndPull(page: Page, playwright: { request: APIRequest }) {
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
  return { api, coordination };
}

async function drawOn(page: Page, testId: string) {
  const canvas = page.getByTestId(`${testId}-canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + 220, box.y + box.height * 0.4, { steps: 10 });
  await page.mouse.up();
}

test('German: a 17-year-old consents with her guardian, the health item is its own decision, and the form asks what it covers', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const { api } = await enrolAndPull(page, playwright);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  // Only the languages notice@3 has are offered.
  await expect(consent.languageButton(de.languageName)).toBeVisible();
  await consent.languageButton(de.languageName).click();
  await expect(consent.column('de')).toContainText(SETTINGS.withdrawalPhone);
  await consent.chooseMode(texts.mode.read_by_applicant);

  // The age is asked before the decision.
  await page.getByRole('button', { name: texts.actions.toDecision }).click();
  await expect(page.getByTestId('problems')).toContainText(texts.problems.ageMissing);
  await page.getByLabel(texts.capacity.ageLabel).fill('17');
  await consent.toDecision();

  // The core purpose says that refusing it ends the interview; the health item is separate.
  await expect(page.getByTestId('core-purpose-note')).toContainText(de.ui.corePurposeNote!);
  await consent.bulkButton(de.ui.acceptAll!).click();
  await consent.continueToConfirmation().click();
  await expect(page.getByTestId('decision-problems')).toContainText(de.explicitConsents[0]!.label);
  await expect(page.getByTestId('decision-explicit')).toContainText(de.ui.explicitHeading!);
  await page.getByTestId('decision-explicit-health').getByRole('radio', { name: new RegExp(de.ui.accept!) }).check();
  await consent.continueToConfirmation().click();

  // Under 18: the guardian consents beside the minor's own signature.
  await expect(page.getByTestId('guardian')).toContainText(de.ui.guardianConsent!);
  await expect(page.getByTestId('minor-agreement')).toContainText(de.ui.minorAgreement!);
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('problems')).toContainText(texts.problems.guardianMissing);
  await page.getByTestId('guardian-fields').getByLabel(texts.parties.name).fill('Samira Haddad');
  await page.getByTestId('guardian-fields').getByLabel(texts.parties.role).fill('Mutter');
  await drawOn(page, 'guardian-signature');
  await consent.saveButton('consent').click();

  // The form opens; the health question says it is about health (the notice's name of the item).
  await expect(page.getByTestId('form-stage')).toBeVisible();
  const stored = await storedInterview(page, recordId);
  const record = stored.record as { consent: Record<string, unknown> };
  expect(record.consent).toMatchObject({
    age_at_consent: 17,
    guardian: { name: 'Samira Haddad', role: 'Mutter', evidence: { kind: 'signature' } },
    explicit_consents: { health: 'accepted' },
    lawful_basis: ['GDPR-6-1-a', 'GDPR-9-2-a'],
    core_purpose: 'profiling',
    privacy_notice: { version: 3, language: 'de', hash_scheme: 2 },
  });
  await page.getByTestId('nav-goals').click();
  await expect(page.getByTestId('question-workRestrictions')).toContainText(`${de.explicitConsents[0]!.label}:`);

  // The receipt names the health item among what was agreed, and the guardian who consented too.
  await page.goto(`${server.url}/interviews/${recordId}/receipt`);
  await expect(page.getByTestId('receipt-applicant-accepted-explicit')).toContainText(de.explicitConsents[0]!.label);
  await expect(page.getByTestId('receipt-applicant-guardian')).toContainText(de.ui.receiptGuardian!);
  await expect(page.getByTestId('receipt-applicant-guardian')).toContainText('Samira Haddad');
  await api.dispose();
});

test('German: refusing the core purpose ends the interview as a refusal, and the receipt says how to withdraw by phone, e-mail and letter', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const { api, coordination } = await enrolAndPull(page, playwright);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(de.languageName).click();
  await consent.chooseMode(texts.mode.read_by_applicant);
  await page.getByLabel(texts.capacity.ageLabel).fill('34');
  await consent.toDecision();
  await consent.decide('purpose', 'profiling', de.ui.refuse!);
  // Nothing else is asked: the notice's own words say the interview ends here.
  await expect(page.getByTestId('core-refusal')).toContainText(de.ui.coreRefusal!);
  await expect(page.getByTestId('decision-explicit')).toHaveCount(0);
  await expect(consent.item('recipient', 'jobcenter')).toHaveCount(0);
  await consent.continueToConfirmation().click();
  await consent.confirmAsInterviewer('refusal');
  await consent.saveButton('refusal').click();
  await expect(page.getByRole('heading', { level: 1, name: texts.done.refusalTitle })).toBeVisible();

  const stored = await storedInterview(page, recordId);
  const record = stored.record as { answers: unknown; consent: { purposes: Record<string, string>; events: { event_type: string }[]; age_at_consent?: number } };
  expect(record.answers).toBeNull();
  expect(record.consent.events[0]!.event_type).toBe('refused');
  expect(Object.values(record.consent.purposes)).toEqual(['refused', 'refused', 'refused', 'refused']);
  expect(record.consent.age_at_consent).toBeUndefined();

  await page.getByRole('link', { name: texts.done.receipt }).click();
  for (const key of ['withdrawByPhone', 'withdrawByEmail', 'withdrawByLetter'] as const) {
    // A German applicant's receipt is German only: one column.
    await expect(page.getByTestId('receipt-applicant-withdraw')).toContainText(fill(de.ui[key]!));
  }

  await page.goto(`${server.url}/sync`);
  await page.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect.poll(async () => (await coordination.received()).records.map((r) => r.recordId)).toContain(recordId);
  expect((await coordination.received()).issues).toEqual([]);
  await api.dispose();
});

test('German: the recipients are asked only once referral is accepted, and refusing referral refuses them all (issue #14)', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const { api } = await enrolAndPull(page, playwright);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(de.languageName).click();
  await consent.chooseMode(texts.mode.read_by_applicant);
  await page.getByLabel(texts.capacity.ageLabel).fill('34');
  await consent.toDecision();
  const jobcenter = consent.item('recipient', 'jobcenter');
  const referral = de.purposes.find((p) => p.id === 'referral')!;
  const yes = jobcenter.getByRole('radio', { name: new RegExp(de.ui.accept!) });
  const no = jobcenter.getByRole('radio', { name: new RegExp(de.ui.refuse!) });

  // Referral undecided: the recipients are shown but cannot be answered, and the screen says why, naming the purpose.
  const note = page.getByTestId('recipients-need-referral');
  await expect(note).toContainText(texts.decision.recipientsNeedReferral);
  await expect(note).toContainText(referral.label);
  await expect(yes).toBeDisabled();
  await expect(no).toBeDisabled();
  for (const id of ['profiling', 'counselling', 'statistics']) await consent.decide('purpose', id, de.ui.accept!);
  await page.getByTestId('decision-explicit-health').getByRole('radio', { name: new RegExp(de.ui.refuse!) }).check();

  // Referral refused: every recipient is "no", still not to be changed.
  await consent.decide('purpose', 'referral', de.ui.refuse!);
  await expect(note).toContainText(texts.decision.recipientsRefusedWithReferral);
  await expect(no).toBeChecked();
  await expect(no).toBeDisabled();
  await expect(consent.item('recipient', 'caritas').getByRole('radio', { name: new RegExp(de.ui.refuse!) })).toBeChecked();

  // Referral accepted after all: each recipient is asked afresh, nothing preselected.
  await consent.decide('purpose', 'referral', de.ui.accept!);
  await expect(note).toHaveCount(0);
  await expect(yes).toBeEnabled();
  await expect(yes).not.toBeChecked();
  await expect(no).not.toBeChecked();
  await yes.check();

  // Refused again: the yes to the Jobcenter goes with it.
  await consent.decide('purpose', 'referral', de.ui.refuse!);
  await expect(no).toBeChecked();
  await consent.continueToConfirmation().click();
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('form-stage')).toBeVisible();

  const stored = await storedInterview(page, recordId);
  const record = stored.record as { consent: { purposes: Record<string, string>; recipient_third_parties: Record<string, string>; events: { event_type: string }[] } };
  expect(record.consent.events[0]!.event_type).toBe('given');
  expect(record.consent.purposes).toMatchObject({ profiling: 'accepted', referral: 'refused' });
  expect(Object.values(record.consent.recipient_third_parties)).toEqual(de.recipients.map(() => 'refused'));
  await api.dispose();
});

test('right to left: a family interpreter confirms the confidentiality note, and the health item reads in the applicant\'s language', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const shown = notice3(rtlLang);
  const { api } = await enrolAndPull(page, playwright);
  await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(shown.languageName).click();
  await expect(consent.column(shown.lang)).toHaveAttribute('dir', 'rtl');
  await consent.chooseMode(texts.mode.interpreted);
  await page.getByTestId('interpreter-fields').getByLabel(texts.parties.name).fill('Omar Said');
  await page.getByTestId('interpreter-fields').getByLabel(texts.parties.role).fill('Cousin');
  await page.getByTestId('interpreter-kind').getByRole('radio', { name: texts.interpreterKind.family_or_acquaintance }).check();
  const note = page.getByTestId('interpreter-confidentiality');
  await expect(note.locator(`[lang="${shown.lang}"][dir="rtl"]`).first()).toContainText(shown.ui.interpreterConfidentiality!);
  await note.getByRole('checkbox').check();
  await page.getByLabel(texts.capacity.ageLabel).fill('29');
  await consent.toDecision();
  await expect(page.getByTestId('decision-explicit-health').locator(`[lang="${shown.lang}"]`).first()).toContainText(shown.explicitConsents[0]!.label);
  await api.dispose();
});

test('right to left: an interview on the current form (version 3) shows "divers" as the third sex entry and IHK and Handwerkskammer as separate referral partners', async ({ page, playwright }) => {
  test.setTimeout(180_000);
  const shown = notice3(rtlLang);
  const { api } = await enrolAndPull(page, playwright);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(shown.languageName).click();
  await consent.chooseMode(texts.mode.read_by_applicant);
  await page.getByLabel(texts.capacity.ageLabel).fill('29');
  await consent.toDecision();
  await consent.bulkButton(de.ui.acceptAll!).click();
  await page.getByTestId('decision-explicit-health').getByRole('radio', { name: new RegExp(de.ui.accept!) }).check();
  await consent.continueToConfirmation().click();
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('form-stage')).toBeVisible();
  const form = profilingbogen(page);

  // B: the third sex entry in Arabic is "آخر (divers)", not "متنوع" ("various"), right to left.
  expect(formJson.version).toBe(3);
  await form.goToSection('person');
  const diverse = form.question('sex').locator('label').filter({ has: page.getByRole('radio', { name: choiceLabel('sex', 'diverse'), exact: true }) });
  const arabicDiverse = diverse.locator(`[lang="${rtlLang}"]`).first();
  await expect(arabicDiverse).toHaveText(choiceLabel('sex', 'diverse', rtlLang));
  await expect(arabicDiverse).toHaveText('آخر (divers)');
  await expect(arabicDiverse).toHaveAttribute('dir', 'rtl');
  await expect(form.question('sex')).not.toContainText('متنوع');
  await form.choose('sex', choiceLabel('sex', 'diverse'));

  // I: IHK and Handwerkskammer are two partners, both open to a referral (the applicant agreed to
  // both); the joint "IHK / Handwerkskammer" of versions 1 and 2 is gone.
  await form.goToSection('nextSteps');
  await form.addEntry('referrals');
  const partner = form.question('referrals[0].referralPartner');
  for (const code of ['ihk', 'hwk']) {
    const radio = partner.getByRole('radio', { name: codeLabel('referralPartners', code), exact: true });
    await expect(radio, code).toBeEnabled();
    const arabic = partner.locator('label').filter({ has: page.getByRole('radio', { name: codeLabel('referralPartners', code), exact: true }) }).locator(`[lang="${rtlLang}"]`).first();
    await expect(arabic, code).toHaveText(codeLabel('referralPartners', code, rtlLang));
    await expect(arabic, code).toHaveAttribute('dir', 'rtl');
  }
  await expect(partner.getByRole('radio', { name: 'Industrie- und Handelskammer (IHK)', exact: true })).toBeVisible();
  await expect(partner.getByRole('radio', { name: 'Handwerkskammer', exact: true })).toBeVisible();
  await expect(partner).not.toContainText('IHK / Handwerkskammer');
  await form.choose('referrals[0].referralPartner', codeLabel('referralPartners', 'hwk'));
  await form.saved();

  const stored = await storedInterview(page, recordId);
  const record = stored.record as { formRef: string; answers: { sex?: string; referrals?: { referralPartner?: string }[] } };
  expect(record.formRef).toBe('profilingbogen@3');
  expect(record.answers.sex).toBe('diverse');
  expect(record.answers.referrals?.[0]?.referralPartner).toBe('hwk');
  await api.dispose();
});
