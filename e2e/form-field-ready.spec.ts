import { expect, test, type Page } from './support/test';
import interviewTexts from '../locales/de/interview.json' with { type: 'json' };
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import { choiceLabel, codeLabel, consentedInterview, formTexts, noticeFile, profilingbogen, seedInterview } from './pages/profilingbogen';
import { consentStage } from './pages/consent';

test('a section with a wrong value never shows ✓; the summary names missing and invalid answers apart', async ({ page }) => {
  await page.goto('/');
  const seeded = consentedInterview('ar');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  await form.goToSection('goals');
  await form.tick('goals', choiceLabel('goals', 'job'));
  await expect(form.navItem('goals')).toContainText('✓');
  await form.text('hoursPerWeek', '80');
  await form.question('commutingRadiusKm').getByRole('textbox').focus();

  // Every required answer is there, but one value is wrong: not done, and said so without colour.
  const goals = form.navItem('goals');
  await expect(goals).not.toContainText('✓');
  await expect(goals.getByTestId('section-invalid')).toHaveText('!');
  await expect(goals).toContainText(formTexts.nav.hasProblems);
  await expect(goals).not.toContainText(formTexts.nav.done);

  await form.goToSummary();
  const invalid = form.summary.getByTestId('summary-invalid');
  await expect(invalid.getByRole('heading', { level: 3 })).toHaveText('1 Angabe ist ungültig');
  await expect(invalid.getByRole('link')).toHaveCount(1);
  await expect(invalid.getByRole('link')).toHaveAttribute('data-path', 'hoursPerWeek');
  const absent = form.summary.getByTestId('summary-absent');
  const missingCount = await absent.getByRole('link').count();
  expect(missingCount).toBeGreaterThan(1);
  await expect(absent.getByRole('heading', { level: 3 })).toHaveText(`Es fehlen noch ${missingCount} Angaben`);
  await expect(absent.locator('[data-path="hoursPerWeek"]')).toHaveCount(0);
  await expect(form.summary.getByTestId('summary-row-goals')).toContainText('1 ungültig');
  // The invalid list comes after the missing one, in the form's order.
  const headings = await form.summary.getByRole('heading', { level: 3 }).allTextContents();
  expect(headings).toEqual([`Es fehlen noch ${missingCount} Angaben`, '1 Angabe ist ungültig']);

  // Corrected, the section is done again.
  await invalid.getByRole('link').click();
  await form.text('hoursPerWeek', '40');
  await form.question('commutingRadiusKm').getByRole('textbox').focus();
  await expect(goals).toContainText('✓');
  await expect(goals.getByTestId('section-invalid')).toHaveCount(0);
});

test('the site is remembered, language names come in German too, and the mother tongue starts section E', async ({ page }) => {
  await page.goto('/');
  const newInterview = async () => {
    await page.getByRole('link', { name: 'Neues Interview' }).click();
    await expect(page.getByRole('heading', { level: 1, name: interviewTexts.new.title })).toBeVisible();
  };
  await newInterview();
  await page.getByLabel(interviewTexts.new.interviewerName).fill('Ines Interviewerin');
  await page.getByLabel(interviewTexts.new.site).fill('Unterkunft Vöhrumer Straße');
  await page.getByRole('button', { name: interviewTexts.new.start }).click();
  await expect(page).toHaveURL(/\/interviews\/[0-9a-f-]{36}$/);

  // The picker: each language in itself, the German name beneath it.
  const consent = consentStage(page);
  const fa = noticeFile('fa');
  const farsi = consent.languageButton(fa.languageName);
  await expect(farsi.locator('span')).toHaveText([fa.languageName, 'Persisch']);
  await expect(farsi.getByTestId('language-ui-name')).toHaveAttribute('lang', 'de');
  await expect(farsi.getByTestId('language-ui-name')).toHaveAttribute('dir', 'ltr');
  await expect(consent.languageButton(noticeFile('ar').languageName).getByTestId('language-ui-name')).toHaveText('Arabisch');
  await expect(consent.languageButton(noticeFile('de').languageName).getByTestId('language-ui-name')).toHaveCount(0);
  await expect(consent.stepHeading(consentTexts.language.title)).toBeVisible();

  // The next interview starts at the same site.
  await page.goto('/');
  await newInterview();
  await expect(page.getByLabel(interviewTexts.new.site)).toHaveValue('Unterkunft Vöhrumer Straße');
  await expect(page.getByLabel(interviewTexts.new.interviewerName)).toHaveValue('Ines Interviewerin');

  // Section E starts with the mother tongue given in section B.
  const seeded = consentedInterview('fa');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await expect(form.applicantLanguageSelect.locator('option[value="fa"]')).toHaveText(`${fa.languageName} / Persisch`);
  await form.goToSection('person');
  await form.search('motherTongues', 'Tigr', /^Tigrinya/);
  await form.goToSection('languages');
  await expect(form.selected('languageSkills[0].skillLanguage')).toContainText('Tigrinya');
  await form.saved();
  await page.reload();
  await form.goToSection('languages');
  await expect(form.selected('languageSkills[0].skillLanguage')).toContainText('Tigrinya');
});

const PARTNER = 'referrals[0].referralPartner';

/** An Arabic interview consented except to `refused`, opened at its first referral's partner question. */
async function firstReferralPartner(page: Page, refused: readonly string[]) {
  await page.goto('/');
  const seeded = consentedInterview('ar', new Date(), refused);
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await form.goToSection('nextSteps');
  await form.addEntry('referrals');
  const partner = (code: string) => form.radio(PARTNER, codeLabel('referralPartners', code));
  return { partners: form.question(PARTNER), partner };
}

test('a referral partner without consent says so beside its name, never on top of it (Arabic beside German)', async ({ page }) => {
  const { partners, partner } = await firstReferralPartner(page, ['auslaenderbehoerde', 'ihk-hwk', 'caritas']);
  const choices = partners.locator('label.form-choice');
  // Profilingbogen v3 refers to IHK and Handwerkskammer apart; notice@1's joint recipient (refused here) covers both.
  await expect(choices).toHaveCount(10);
  for (const refused of ['auslaenderbehoerde', 'ihk', 'hwk', 'caritas']) {
    const radio = partner(refused);
    await expect(radio).toBeDisabled();
  }
  await expect(partner('jobcenter')).toBeEnabled();

  // Each part of a refused partner's choice (German name, Arabic name, the note) has its own box,
  // on a tablet either way round and on a phone.
  const disabled = partners.locator('label.form-choice--disabled');
  await expect(disabled).toHaveCount(4);
  for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    for (const choice of await disabled.all()) {
      await expect(choice.locator('.form-choice__note')).toHaveText(formTexts.question.noConsent);
      // The rectangles of the rendered text itself (not of its element, which text can overflow).
      const layout = await choice.evaluate((label) => {
        const rectsOf = (element: Element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          return [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0).map((rect) => ({ text: element.textContent ?? '', left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom }));
        };
        const note = label.querySelector('.form-choice__note');
        const names = [...label.querySelectorAll('.form-choice__text > *')];
        const box = label.getBoundingClientRect();
        return { note: note ? rectsOf(note) : [], names: names.flatMap(rectsOf), box: { left: box.left, right: box.right } };
      });
      expect(layout.note.length).toBeGreaterThan(0);
      expect(layout.names.length).toBeGreaterThan(0);
      for (const name of layout.names) {
        for (const note of layout.note) {
          const overlaps = name.left < note.right - 0.5 && note.left < name.right - 0.5 && name.top < note.bottom - 0.5 && note.top < name.bottom - 0.5;
          expect(overlaps, `at ${viewport.width} px "${name.text}" and "${note.text}" overlap`).toBe(false);
        }
      }
      // Nothing runs out of the choice's box either.
      for (const rect of [...layout.names, ...layout.note]) {
        expect(rect.left, `"${rect.text}" at ${viewport.width} px`).toBeGreaterThanOrEqual(layout.box.left - 1);
        expect(rect.right, `"${rect.text}" at ${viewport.width} px`).toBeLessThanOrEqual(layout.box.right + 1);
      }
    }
  }
});

test('a consent to the joint recipient IHK/Handwerkskammer (notice@1) lets the interviewer refer to either chamber of Profilingbogen v3', async ({ page }) => {
  const { partner } = await firstReferralPartner(page, ['caritas']);
  for (const chamber of ['ihk', 'hwk']) await expect(partner(chamber)).toBeEnabled();
  await expect(partner('caritas')).toBeDisabled();
});
