/**
 * What interviewers and coordinators hit when they first tried Lotse in the field (issue 15):
 * each test here is the one that would have caught a defect, asserting what a person sees.
 */
import { expect, test } from '@playwright/test';
import { shell } from './pages/shell';
import { codeLabel, consentedInterview, profilingbogen, seedInterview } from './pages/profilingbogen';

test.describe('occupation and language search (defect 2)', () => {
  test('finds occupations by English, Arabic and ISCO-08 words beside an Arabic applicant, without a "missing translation" mark on every hit', async ({ page }) => {
    await shell(page).open('/');
    const seeded = consentedInterview('ar');
    await seedInterview(page, seeded);
    const form = profilingbogen(page);
    await form.open(seeded.recordId);
    await form.goToSection('work');
    await form.addEntry('workExperience');
    const question = form.question('workExperience[0].occupationCode');
    const search = question.getByRole('combobox');
    const cooking = codeLabel('occupations', '293');
    for (const query of ['cook', 'Chef', 'طباخ', '5120']) {
      await search.fill(query);
      await expect(question.getByRole('option').first(), query).toContainText(cooking);
    }
    for (const [query, code] of [['driver', '521'], ['welder', '244'], ['hairdresser', '823'], ['Fahrer LKW', '521']] as const) {
      await search.fill(query);
      await expect(question.getByRole('option').first(), query).toContainText(codeLabel('occupations', code));
    }
    // The list has no Arabic names: the English one stands beside, said once, not on every hit.
    await search.fill('Koch');
    await expect(question.getByRole('option').first()).toContainText('Cooking');
    await expect(question.getByTestId('fallback-mark')).toHaveCount(0);
    await expect(question.getByTestId('codelist-unlabelled')).toBeVisible();
    await expect(question.getByTestId('codelist-unlabelled')).toContainText('Arabisch');
    await question.getByRole('option').first().click();
    await expect(question.getByTestId('codelist-selected')).toContainText(cooking);
    await expect(question.getByTestId('fallback-mark')).toHaveCount(0);
  });

  test('"arab" offers Standard Arabic first', async ({ page }) => {
    await shell(page).open('/');
    const seeded = consentedInterview('ar');
    await seedInterview(page, seeded);
    const form = profilingbogen(page);
    await form.open(seeded.recordId);
    await form.goToSection('languages');
    const question = form.question('languageSkills[0].skillLanguage');
    await question.getByRole('combobox').fill('arab');
    await expect(question.getByRole('option').first()).toContainText(codeLabel('languages', 'arb'));
  });
});
