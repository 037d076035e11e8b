/**
 * Issue 11 item 1, the consent screen's half: "what this recipient receives" is generated from the
 * current form's recipient mapping — the same mapping the partner hand-over reads through
 * `receivableFieldPaths` — in the applicant's language beside German, so the text shown and what
 * is enforced cannot drift apart.
 */
import fs from 'node:fs';
import { expect, test, type Locator } from './support/test';
import { parseFormDefinition } from '../src/core/form';
import { receivableFieldPaths, recipientShare } from '../src/core/form/disclosure';
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import { consentStage, noticeFile, startInterview } from './pages/consent';

function currentForm() {
  const parsed = parseFormDefinition(JSON.parse(fs.readFileSync(new URL('../content/forms/profilingbogen@3.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error('profilingbogen@3 does not parse');
  return parsed.definition;
}

/** The field paths a column lists, in order. */
const pathsIn = (column: Locator) =>
  column.locator('[data-paths]').evaluateAll((elements) => elements.flatMap((element) => element.getAttribute('data-paths')!.split(' ')));

test('the decision screen lists for each recipient exactly what the form lets it receive, in Arabic (right to left) beside German', async ({ page }) => {
  const form = currentForm();
  const purposes = form.disclosure!.purposes;
  await page.goto('/');
  await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(noticeFile('ar').languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();

  for (const recipientId of noticeFile('de').recipients.map((recipient) => recipient.id)) {
    const share = consent.item('recipient', recipientId).getByTestId(`recipient-share-of-${recipientId}`);
    // Folded under its title (a list can name 80 questions); one tap opens it.
    const title = share.getByText(consentTexts.decision.recipientReceives);
    await expect(title).toBeVisible();
    await expect(share.getByTestId('recipient-share-de')).toBeHidden();
    await title.click();
    await expect(share.getByTestId('recipient-share-ar')).toBeVisible();
    const expected = receivableFieldPaths(form, recipientId, purposes);
    const arabic = share.getByTestId('recipient-share-ar');
    const german = share.getByTestId('recipient-share-de');
    await expect(arabic).toHaveAttribute('lang', 'ar');
    await expect(arabic).toHaveAttribute('dir', 'rtl');
    await expect(german).toHaveAttribute('lang', 'de');
    await expect(german).toHaveAttribute('dir', 'ltr');
    // Exactly what is handed over: not one question more or less, in both languages.
    expect(await pathsIn(arabic), recipientId).toEqual(expected);
    expect(await pathsIn(german), recipientId).toEqual(expected);
    // Each section with its questions, in the words of the form in that language.
    const sectionsAr = recipientShare(form, recipientId, 'ar');
    // Arabic lists with the Arabic comma.
    await expect(arabic.getByRole('listitem')).toHaveText(sectionsAr.map((section) => `${section.label}: ${section.fields.map((field) => field.label).join('، ')}`));
    const sectionsDe = recipientShare(form, recipientId, 'de');
    await expect(german.getByRole('listitem')).toHaveText(sectionsDe.map((section) => `${section.label}: ${section.fields.map((field) => field.label).join(', ')}`));
  }

  // The Ausländerbehörde: names, date of birth, residence status and plans — never work
  // experience, languages or the health question.
  const abh = consent.item('recipient', 'auslaenderbehoerde').getByTestId('recipient-share-de');
  const abhPaths = await pathsIn(abh);
  expect(abhPaths).toEqual(expect.arrayContaining(['surname', 'givenNames', 'birthDate', 'residenceStatus', 'goals']));
  expect(abhPaths.filter((path) => path!.startsWith('workExperience') || path!.startsWith('languageSkills') || path === 'workRestrictions' || path === 'phone')).toEqual([]);
  // From section F only the desired occupations (plans), none of the work experience.
  expect((await abh.locator('[data-section="work"]').getAttribute('data-paths'))!.split(' ')).toEqual(['desiredOccupations[].desiredJobTitle', 'desiredOccupations[].desiredOccupationCode']);
  await expect(abh.locator('[data-section="residence"]')).toContainText('Aufenthaltsstatus');
  // The Jobcenter receives the profile, work experience included.
  await expect(consent.item('recipient', 'jobcenter').getByTestId('recipient-share-de').locator('[data-section="work"]')).toBeVisible();
  await expect(consent.item('recipient', 'jobcenter').getByTestId('recipient-share-ar').locator('[data-section="work"]')).toBeVisible();
});

test('in German the decision screen lists each recipient\'s share once, in German', async ({ page }) => {
  const form = currentForm();
  await page.goto('/');
  await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(noticeFile('de').languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();
  const share = consent.item('recipient', 'auslaenderbehoerde').getByTestId('recipient-share-of-auslaenderbehoerde');
  await share.getByText(consentTexts.decision.recipientReceives).click();
  await expect(share.getByRole('list')).toHaveCount(1);
  expect(await pathsIn(share.getByTestId('recipient-share-de'))).toEqual(receivableFieldPaths(form, 'auslaenderbehoerde', form.disclosure!.purposes));
});
