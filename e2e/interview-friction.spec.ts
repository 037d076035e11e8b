/**
 * Issue 15, defect 11 ("interview friction") on the current form, Profilingbogen version 2, as the
 * interviewer meets it. Each of these fails on version 1 (see the comments). The site remembered
 * between interviews, the language picker's German names and the mother tongue starting section E
 * are in form-field-ready.spec.ts.
 */
import { expect, test } from './support/test';
import { profilingbogenV2Complete } from '../src/core/form/__fixtures__/profilingbogen-answers';
import { choiceLabel, codeLabel, consentedInterview, formTexts, labelOf, profilingbogen, seedInterview, storedState } from './pages/profilingbogen';

/** A consented version 2 interview in Arabic whose answers are complete except for what `without` names. */
function nearlyComplete(without: readonly string[]) {
  const seeded = consentedInterview('ar');
  const answers: Record<string, unknown> = { ...profilingbogenV2Complete, interviewId: seeded.recordId, interviewer: 'Ines Interviewerin' };
  for (const id of without) delete answers[id];
  Object.assign(seeded.record, { answers, displayName: 'Haddad, Rania' });
  Object.assign(seeded.indexRow, { displayName: 'Haddad, Rania' });
  return seeded;
}

test('a licence whose class nobody knows: "don\'t know / not stated" no longer blocks completing the interview', async ({ page }) => {
  await page.goto('/');
  const seeded = nearlyComplete(['drivingLicenceClasses']);
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  // A licence is held, its class is not known: the one answer missing, and it blocks.
  await form.goToSummary();
  const absent = form.summary.getByTestId('summary-absent');
  await expect(absent.getByRole('link')).toHaveCount(1);
  await expect(absent.getByRole('link')).toHaveAttribute('data-path', 'drivingLicenceClasses');
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.summary.getByRole('alert')).toHaveText(formTexts.summary.cannotComplete);
  await expect(form.stage).toBeVisible();
  expect((await storedState(page, seeded.recordId)).record.status).toBe('draft');

  // Version 1 has no such choice: this is where a test on version 1 fails.
  await absent.getByRole('link').click();
  const classes = form.question('drivingLicenceClasses');
  await classes.getByRole('checkbox', { name: formTexts.fieldReady.notStated }).check();
  await expect(classes.getByRole('checkbox', { name: codeLabel('licenceClasses', 'B'), exact: true })).toHaveCount(0);
  await expect(form.navItem('skills')).toContainText('✓');

  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-complete')).toBeVisible();
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.stage).toHaveCount(0);
  const { record, outbox } = await storedState(page, seeded.recordId);
  expect(record).toMatchObject({ status: 'complete', formRef: 'profilingbogen@3' });
  expect(outbox).toHaveLength(1);
  expect(outbox[0]!.payload.answers).toMatchObject({ hasDrivingLicence: true, drivingLicenceClasses: { notStated: true } });
});

test('"self-assessment only" and a telc certificate exclude each other, and a certificate asks for its level', async ({ page }) => {
  await page.goto('/');
  const seeded = consentedInterview('ar');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await form.goToSection('languages');
  await form.search('languageSkills[0].skillLanguage', 'Deutsch', /^Deutsch/);

  const evidence = form.question('languageSkills[0].germanEvidence');
  const box = (value: string) => evidence.getByRole('checkbox', { name: choiceLabel('germanEvidence', value), exact: true });
  const level = form.question('languageSkills[0].germanCertificateLevel');
  await box('selfAssessment').check();
  await expect(level).toHaveCount(0);

  // Ticking the certificate unticks "self-assessment only" (on version 1 both stayed ticked).
  await box('telc').check();
  await expect(box('selfAssessment')).not.toBeChecked();
  await expect(box('telc')).toBeChecked();
  // ... and asks for the certificate's level, in German beside Arabic, as a required answer.
  await expect(level).toBeVisible();
  await expect(level.getByTestId('question-text-interviewer')).toContainText(labelOf('germanCertificateLevel', 'de'));
  await expect(level.getByTestId('question-text-applicant')).toContainText(labelOf('germanCertificateLevel', 'ar'));
  await expect(level.getByTestId('question-text-applicant')).toHaveAttribute('dir', 'rtl');
  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-absent').locator('[data-path="languageSkills[0].germanCertificateLevel"]')).toHaveCount(1);
  await form.goToSection('languages');
  await level.getByRole('radio', { name: 'B1', exact: true }).check();
  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-absent').locator('[data-path="languageSkills[0].germanCertificateLevel"]')).toHaveCount(0);
  await form.saved();
  expect((await storedState(page, seeded.recordId)).record.answers).toMatchObject({ languageSkills: [{ skillLanguage: 'deu', germanEvidence: ['telc'], germanCertificateLevel: 'B1' }] });

  // Back to "self-assessment only": the certificate goes, and its level with it.
  await form.goToSection('languages');
  await box('selfAssessment').check();
  await expect(box('telc')).not.toBeChecked();
  await expect(level).toHaveCount(0);
  await form.saved();
  const [german] = (await storedState(page, seeded.recordId)).record.answers.languageSkills as Record<string, unknown>[];
  expect(german!.germanEvidence).toEqual(['selfAssessment']);
});

test('an "other language" as mother tongue starts section E with that language and its name', async ({ page }) => {
  await page.goto('/');
  const seeded = consentedInterview('fa');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await form.goToSection('person');
  const other = codeLabel('languages', 'mis');
  await form.search('motherTongues', 'andere Sprache', other);
  await form.text('motherTonguesOther', 'Domari');
  await form.goToSection('languages');
  await expect(form.selected('languageSkills[0].skillLanguage')).toContainText(other);
  await expect(form.textbox('languageSkills[0].skillLanguageOther')).toHaveValue('Domari');
});
