import { expect, test, type BrowserContext, type Page } from './support/test';
import AxeBuilder from '@axe-core/playwright';
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import { shell } from './pages/shell';
import {
  choiceLabel,
  codeLabel,
  consentedInterview,
  formJsonV1,
  formTexts,
  labelOf,
  noticeFile,
  profilingbogen,
  sectionLabel,
  seedInterview,
  storedState,
  uiText,
} from './pages/profilingbogen';

const yes = codeLabel('yesNo', 'yes');
const no = codeLabel('yesNo', 'no');
const skill = (code: string) => codeLabel('cefrSkills', code);

/** First visit online (the service worker installs), then everything happens offline. */
async function openOffline(page: Page, context: BrowserContext) {
  const app = shell(page);
  await app.open('/');
  await app.waitForServiceWorkerControl();
  await context.setOffline(true);
  await page.reload();
  await expect(app.offlineBanner).toBeVisible();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid="form-stage"]').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Touch targets of the form stage below 44 px (a radio or checkbox counts by its whole label row). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="form-stage"] :is(button, a[href], select, textarea, input)')]
      .map((element) => (element instanceof HTMLInputElement && ['radio', 'checkbox'].includes(element.type) ? (element.closest('label') ?? element) : element))
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => ({ name: element.textContent?.trim() || element.getAttribute('aria-label') || element.id || element.tagName, rect: element.getBoundingClientRect() }))
      .filter(({ rect }) => rect.height < 44 || rect.width < 44)
      .map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
  );
}

test('offline: the whole Profilingbogen in German beside Arabic, reloaded mid-way, completed into the outbox', async ({ page, context }, testInfo) => {
  // Version 2 asks more on the way (certificate level, recognition per qualification).
  test.setTimeout(300_000);
  await openOffline(page, context);
  const seeded = consentedInterview('ar');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  // The header: German beside Arabic, the Arabic translation marked as not reviewed.
  await expect(form.applicantLanguageSelect).toHaveValue('ar');
  await expect(form.draftMark).toContainText('Übersetzung ungeprüft');
  await expect(form.draftMark).toContainText(noticeFile('ar').ui.draftTranslation);

  // A: what the app fills is there and read-only; the applicant's language is preset.
  await expect(form.section('interview')).toBeVisible();
  await expect(form.navItem('interview')).toHaveAttribute('aria-current', 'step');
  await expect(form.textbox('interviewId')).toHaveValue(seeded.recordId);
  await expect(form.textbox('interviewId')).toHaveAttribute('readonly', '');
  await expect(form.textbox('interviewer')).toHaveValue('Ines Interviewerin');
  await expect(form.textbox('interviewTime')).toHaveValue(/^\d{2}:\d{2}$/);
  await expect(form.question('applicantLanguage').getByRole('radio', { name: choiceLabel('applicantLanguage', 'ar'), exact: true })).toBeChecked();

  // Each column with its own language and direction, the label text from the form definition.
  await expect(form.interviewerText('site')).toHaveAttribute('lang', 'de');
  await expect(form.interviewerText('site')).toHaveAttribute('dir', 'ltr');
  await expect(form.interviewerText('site')).toContainText(labelOf('site', 'de'));
  await expect(form.applicantText('site')).toHaveAttribute('lang', 'ar');
  await expect(form.applicantText('site')).toHaveAttribute('dir', 'rtl');
  await expect(form.applicantText('site')).toContainText(labelOf('site', 'ar'));
  await expect(form.section('interview').getByTestId('section-title-applicant')).toHaveText(sectionLabel('interview', 'ar'));

  // A required question left empty says so, in the interviewer's language.
  await form.textbox('site').focus();
  await form.textbox('site').blur();
  await expect(form.question('site').getByTestId('question-error')).toHaveText(formTexts.validation.required);
  await expect(form.textbox('site')).toHaveAttribute('aria-invalid', 'true');
  await form.text('site', 'GU Peine, Woltorfer Straße');
  await expect(form.question('site').getByTestId('question-error')).toHaveCount(0);
  await form.search('interviewLanguage', 'Deut', /^Deutsch/);
  await form.choose('interpreter', codeLabel('interpreterKinds', 'community'));
  await expect(form.navItem('interview')).toContainText('✓');
  expect(await seriousViolations(page)).toEqual([]);

  // B: names in two scripts, a date with an unknown day, a country found by "Syr".
  await form.next();
  await expect(form.section('person')).toBeVisible();
  await form.text('surname', 'Al-Hassan');
  await form.text('givenNames', 'Amina');
  await form.text('surnameOriginal', 'الحسن');
  await form.text('givenNamesOriginal', 'أمينة');
  await expect(page.getByTestId('applicant-name')).toHaveText('Al-Hassan, Amina');
  await form.date('birthDate', { month: '5', year: '1990', dayUnknown: true });
  await expect(form.dateParts('birthDate').day).toBeDisabled();
  await expect(form.interviewerText('birthDate')).toHaveAttribute('lang', 'de');
  await expect(form.applicantText('birthDate')).toHaveAttribute('dir', 'rtl');
  await expect(form.applicantText('birthDate')).toContainText(labelOf('birthDate', 'ar'));
  await form.choose('sex', choiceLabel('sex', 'female'));
  await form.choose('nationalityStatus', choiceLabel('nationalityStatus', 'known'));
  await form.search('nationality', 'Syr', 'Syrien');
  await expect(form.selected('nationality')).toContainText(codeLabel('countries', 'SY', 'ar'));
  await form.search('motherTongues', 'Hocharab', /^Arabisch \(Hocharabisch\)/);
  await form.text('phone', '+49 5171 123456');
  await form.choose('municipality', codeLabel('municipalities', 'peine'));
  await form.date('entryDate', { day: '12', month: '9', year: '2015' });
  await form.date('assignmentDate', { month: '11', year: '2015', dayUnknown: true });
  await expect(form.navItem('person')).toContainText('✓');
  await page.screenshot({ path: testInfo.outputPath('section-b-arabic.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  expect(await smallTargets(page)).toEqual([]);

  // Reload, still offline: every answer so far and the same section are back.
  await form.saved();
  await page.reload();
  await expect(form.section('person')).toBeVisible();
  await expect(form.navItem('person')).toHaveAttribute('aria-current', 'step');
  await expect(form.textbox('surname')).toHaveValue('Al-Hassan');
  await expect(form.textbox('givenNamesOriginal')).toHaveValue('أمينة');
  await expect(form.dateParts('birthDate').month).toHaveValue('5');
  await expect(form.dateParts('birthDate').year).toHaveValue('1990');
  await expect(form.question('birthDate').getByRole('checkbox', { name: formTexts.date.dayUnknown })).toBeChecked();
  await expect(form.question('sex').getByRole('radio', { name: choiceLabel('sex', 'female'), exact: true })).toBeChecked();
  await expect(form.selected('nationality')).toContainText('Syrien');
  await expect(form.selected('motherTongues')).toContainText('Arabisch (Hocharabisch)');
  await expect(form.textbox('phone')).toHaveValue('+49 5171 123456');
  await expect(form.dateParts('entryDate').day).toHaveValue('12');
  await expect(form.question('assignmentDate').getByRole('checkbox', { name: formTexts.date.dayUnknown })).toBeChecked();
  await form.goToSection('interview');
  await expect(form.textbox('site')).toHaveValue('GU Peine, Woltorfer Straße');
  await expect(form.selected('interviewLanguage')).toContainText('Deutsch');
  await expect(form.question('interpreter').getByRole('radio', { name: codeLabel('interpreterKinds', 'community'), exact: true })).toBeChecked();

  // C
  await form.goToSection('residence');
  // Version 2 names 20 statuses: the list is searched, like the countries.
  await form.search('residenceStatus', 'Flüchtlingseigenschaft', codeLabel('residenceStatuses', 'ae25_2_refugee'));
  await form.date('residenceValidUntil', { day: '30', month: '6', year: '2019' });
  await form.choose('employmentPermission', codeLabel('employmentPermissions', 'permitted'));
  await form.choose('benefitsBranch', codeLabel('benefitsBranches', 'sgb2'));

  // D: studies are asked at every level (version 2: interrupted studies count too); one vocational
  // training found by "Schweißer", with its recognition status.
  await form.next();
  await expect(form.section('education')).toBeVisible();
  await form.text('schoolYears', '12');
  await expect(form.group('studies')).toBeVisible();
  await form.choose('iscedLevel', codeLabel('isced', '6'));
  await form.search('schoolCountry', 'Syr', 'Syrien');
  await form.choose('certificates', choiceLabel('certificates', 'partly'));
  await form.choose('literateOwnScript', yes);
  await form.choose('literateLatin', yes);
  await form.addEntry('vocationalTraining');
  await form.text('vocationalTraining[0].vtOccupation', 'Schweißer');
  await form.search('vocationalTraining[0].vtOccupationCode', 'Schweißer', /Metallbau und Schweißtechnik/);
  await form.search('vocationalTraining[0].vtCountry', 'Syr', 'Syrien');
  await form.text('vocationalTraining[0].vtDurationMonths', '٢٤');
  await form.choose('vocationalTraining[0].vtCompleted', yes);
  await form.choose('vocationalTraining[0].vtRecognitionStatus', choiceLabel('vtRecognitionStatus', 'applied'));
  await form.addEntry('studies');
  await form.text('studies[0].studySubject', 'Informatik');
  await form.choose('studies[0].studyDegree', choiceLabel('studyDegree', 'bachelor'));
  await form.search('studies[0].studyCountry', 'Syr', 'Syrien');
  await form.choose('studies[0].studyCompleted', no);

  // E: German with its CEFR grid, evidence and course; Arabic as a second language.
  await form.next();
  await expect(form.section('languages')).toBeVisible();
  await form.search('languageSkills[0].skillLanguage', 'Deutsch', /^Deutsch/);
  await form.cefr('languageSkills[0].skillLevels', {
    [skill('listening')]: 'A2',
    [skill('reading')]: 'A2',
    [skill('spokenInteraction')]: 'A1',
    [skill('spokenProduction')]: 'A1',
    [skill('writing')]: codeLabel('cefrLevels', 'none'),
  });
  await form.tick('languageSkills[0].germanEvidence', choiceLabel('germanEvidence', 'dtz'));
  await form.choose('languageSkills[0].germanCertificateLevel', 'A2');
  await form.choose('languageSkills[0].integrationCourse', choiceLabel('integrationCourse', 'attending'));
  await form.choose('languageSkills[0].integrationCourseModule', choiceLabel('integrationCourseModule', 'module3'));
  // The group needs one language: its only entry cannot be removed.
  await expect(form.group('languageSkills').getByRole('button', { name: uiText(formTexts.repeat.remove, { number: 1 }) })).toBeDisabled();
  await form.addEntry('languageSkills');
  await form.search('languageSkills[1].skillLanguage', 'Hocharab', /^Arabisch \(Hocharabisch\)/);
  await expect(form.question('languageSkills[1].germanEvidence')).toHaveCount(0);
  await form.cefr('languageSkills[1].skillLevels', Object.fromEntries(['listening', 'reading', 'spokenInteraction', 'spokenProduction', 'writing'].map((code) => [skill(code), 'C2'])));
  await expect(form.applicantText('languageSkills[0].skillLevels')).toHaveAttribute('lang', 'ar');
  expect(await seriousViolations(page)).toEqual([]);

  // F: a job whose occupation is found by "Schweißer", a desired occupation.
  await form.next();
  await expect(form.section('work')).toBeVisible();
  await form.addEntry('workExperience');
  await form.text('workExperience[0].jobTitle', 'Schweißer in einer Werkstatt');
  await form.search('workExperience[0].occupationCode', 'Schweißer', /Metallbau und Schweißtechnik/);
  await form.search('workExperience[0].workCountry', 'Syr', 'Syrien');
  await form.date('workExperience[0].workFrom', { year: '2008', monthUnknown: true });
  await form.date('workExperience[0].workTo', { day: '1', month: '3', year: '2014' });
  await form.choose('workExperience[0].employmentType', choiceLabel('employmentType', 'employed'));
  await form.text('workExperience[0].tasks', 'Rohre und Stahlträger schweißen (MAG, WIG).');
  await form.addEntry('desiredOccupations');
  await form.text('desiredOccupations[0].desiredJobTitle', 'Friseurin');
  await form.search('desiredOccupations[0].desiredOccupationCode', 'Friseur', /Körperpflege/);
  // An entry added by mistake is removed after a second confirming tap.
  await form.addEntry('desiredOccupations');
  await form.group('desiredOccupations').getByRole('button', { name: uiText(formTexts.repeat.remove, { number: 2 }) }).click();
  await form.group('desiredOccupations').getByRole('button', { name: uiText(formTexts.repeat.confirmRemove, { number: 2 }) }).click();
  await expect(form.group('desiredOccupations').getByTestId(/^entry-desiredOccupations-/)).toHaveCount(1);
  await expect(form.textbox('desiredOccupations[0].desiredJobTitle')).toHaveValue('Friseurin');

  // G
  await form.next();
  await expect(form.section('skills')).toBeVisible();
  await form.tick('digitalSkills', choiceLabel('digitalSkills', 'smartphone'));
  await form.choose('hasDrivingLicence', yes);
  await form.tick('drivingLicenceClasses', codeLabel('licenceClasses', 'B'));
  await form.search('licenceCountry', 'Syr', 'Syrien');
  await form.choose('licenceDocumentHeld', no);
  await form.tick('strengths', choiceLabel('strengths', 'reliability'));
  await form.text('strengthsNotes', 'Näht gern.');

  // H
  await form.next();
  await expect(form.section('goals')).toBeVisible();
  await form.tick('goals', choiceLabel('goals', 'job'));
  await form.tick('goals', choiceLabel('goals', 'languageCourse'));
  await form.text('commutingRadiusKm', '30');
  await form.choose('ownVehicle', no);
  await form.text('hoursPerWeek', '40');
  await form.choose('workRestrictions', no);
  await form.choose('childcareNeeded', yes);

  // I: a referral, only to partners the consent covers.
  await form.next();
  await expect(form.section('nextSteps')).toBeVisible();
  await form.text('interviewerAssessment', 'Motiviert, Schweißerfahrung.');
  await form.tick('recommendedMeasures', choiceLabel('recommendedMeasures', 'integrationCourse'));
  await form.tick('recommendedMeasures', choiceLabel('recommendedMeasures', 'other'));
  await form.text('recommendedMeasuresOther', 'Schweißerprüfung');
  await form.addEntry('referrals');
  await form.choose('referrals[0].referralPartner', codeLabel('referralPartners', 'jobcenter'));
  await form.text('referrals[0].referralPurpose', 'Vermittlung');
  await form.date('referrals[0].referralDate', { day: '21', month: '11', year: '2016' });

  // Summary: nothing missing; completing locks the record and queues it.
  await form.next();
  await expect(form.summary).toBeVisible();
  await expect(form.summary.getByTestId('summary-complete')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.stage).toHaveCount(0);

  const { record, outbox, index } = await storedState(page, seeded.recordId);
  expect(record.status).toBe('complete');
  expect(record.rev).toBe(1);
  expect(record.formRef).toBe('profilingbogen@3');
  expect(index).toMatchObject({ status: 'complete', displayName: 'Al-Hassan, Amina' });
  expect(outbox).toHaveLength(1);
  expect(outbox[0]).toMatchObject({ rev: 1, formRef: 'profilingbogen@3' });
  const answers = outbox[0]!.payload.answers;
  expect(answers).toEqual(record.answers);
  expect(answers).toMatchObject({
    interviewId: seeded.recordId,
    interviewer: 'Ines Interviewerin',
    applicantLanguage: 'ar',
    interviewLanguage: 'deu',
    interpreter: 'community',
    surname: 'Al-Hassan',
    surnameOriginal: 'الحسن',
    birthDate: { year: 1990, month: 5, day: null },
    nationality: ['SY'],
    motherTongues: ['arb'],
    entryDate: { year: 2015, month: 9, day: 12 },
    assignmentDate: { year: 2015, month: 11, day: null },
    schoolYears: 12,
    iscedLevel: '6',
    vocationalTraining: [{ vtOccupation: 'Schweißer', vtOccupationCode: '244', vtCountry: 'SY', vtDurationMonths: 24, vtCompleted: true, vtRecognitionStatus: 'applied' }],
    studies: [{ studySubject: 'Informatik', studyDegree: 'bachelor', studyCountry: 'SY', studyCompleted: false }],
    languageSkills: [
      {
        skillLanguage: 'deu',
        skillLevels: { listening: 'A2', reading: 'A2', spokenInteraction: 'A1', spokenProduction: 'A1', writing: 'none' },
        germanEvidence: ['dtz'],
        germanCertificateLevel: 'A2',
        integrationCourse: 'attending',
        integrationCourseModule: 'module3',
      },
      { skillLanguage: 'arb', skillLevels: { listening: 'C2', reading: 'C2', spokenInteraction: 'C2', spokenProduction: 'C2', writing: 'C2' } },
    ],
    workExperience: [{ occupationCode: '244', workCountry: 'SY', workFrom: { year: 2008, month: null, day: null }, workTo: { year: 2014, month: 3, day: 1 } }],
    desiredOccupations: [{ desiredJobTitle: 'Friseurin', desiredOccupationCode: '823' }],
    drivingLicenceClasses: ['B'],
    goals: ['job', 'languageCourse'],
    hoursPerWeek: 40,
    recommendedMeasures: ['integrationCourse', 'other'],
    referrals: [{ referralPartner: 'jobcenter', referralPurpose: 'Vermittlung', referralDate: { year: 2016, month: 11, day: 21 } }],
  });
  // Version 1's one recognition status for all qualifications is gone; each qualification has its own.
  expect(answers).not.toHaveProperty('recognitionStatus');
  expect(Object.keys(answers)).toHaveLength(53);
});

test('offline: German beside Tigrinya, the applicant language switched mid-interview, completed', async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  await openOffline(page, context);
  const seeded = consentedInterview('ti');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  // Tigrinya is Ethiopic script, written left to right.
  await expect(form.applicantText('site')).toHaveAttribute('lang', 'ti');
  await expect(form.applicantText('site')).toHaveAttribute('dir', 'ltr');
  await expect(form.applicantText('site')).toContainText(labelOf('site', 'ti'));
  await expect(form.applicantText('site')).toBeVisible();
  const ethiopicFont = await form.applicantText('site').evaluate((element) => getComputedStyle(element).fontFamily);
  expect(ethiopicFont).toContain('Noto Sans Ethiopic');

  await form.text('site', 'GU Edemissen');
  await form.search('interviewLanguage', 'Tigr', /^Tigrinya/);
  await form.choose('interpreter', codeLabel('interpreterKinds', 'community'));

  // B, partly; then the applicant's language is switched to Arabic and back: nothing is lost.
  await form.next();
  await form.text('surname', 'Tesfay');
  await form.text('givenNames', 'Selam');
  await form.text('givenNamesOriginal', 'ሰላም');
  await form.date('birthDate', { year: '1995', monthUnknown: true });
  await form.choose('sex', choiceLabel('sex', 'female'));
  await form.choose('nationalityStatus', choiceLabel('nationalityStatus', 'known'));
  await form.search('nationality', 'Eri', 'Eritrea');
  await expect(form.selected('nationality')).toContainText(codeLabel('countries', 'ER', 'ti'));
  await page.screenshot({ path: testInfo.outputPath('section-b-tigrinya.png'), fullPage: true });

  await form.applicantLanguageSelect.selectOption('ar');
  await expect(form.applicantText('surname')).toHaveAttribute('lang', 'ar');
  await expect(form.applicantText('surname')).toHaveAttribute('dir', 'rtl');
  await expect(form.applicantText('surname')).toContainText(labelOf('surname', 'ar'));
  await expect(form.textbox('surname')).toHaveValue('Tesfay');
  await expect(form.textbox('givenNamesOriginal')).toHaveValue('ሰላም');
  await expect(form.dateParts('birthDate').year).toHaveValue('1995');
  await expect(form.selected('nationality')).toContainText(codeLabel('countries', 'ER', 'ar'));
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record.interview.applicantLang).toBe('ar');
  await form.goToSection('interview');
  await expect(form.question('applicantLanguage').getByRole('radio', { name: choiceLabel('applicantLanguage', 'ar'), exact: true })).toBeChecked();
  await expect(form.textbox('site')).toHaveValue('GU Edemissen');
  // The switch in the form itself does the same.
  await form.choose('applicantLanguage', choiceLabel('applicantLanguage', 'ti'));
  await expect(form.applicantLanguageSelect).toHaveValue('ti');
  await expect(form.applicantText('site')).toHaveAttribute('lang', 'ti');
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record.interview.applicantLang).toBe('ti');

  // In English the interviewer's column and the messages are English; the applicant's stays Tigrinya.
  await shell(page).languageButton('English').click();
  await expect(form.interviewerText('site')).toHaveAttribute('lang', 'en');
  await expect(form.interviewerText('site')).toContainText(labelOf('site', 'en'));
  await form.goToSection('residence');
  await form.question('residenceStatus').getByRole('combobox').focus();
  await form.question('employmentPermission').getByRole('radio').first().focus();
  await expect(form.question('residenceStatus').getByTestId('question-error')).toHaveText('Please fill in.');
  await expect(form.question('residenceStatus').getByRole('combobox')).toHaveAttribute('aria-invalid', 'true');
  expect(await seriousViolations(page)).toEqual([]);
  await shell(page).languageButton('Deutsch').click();
  await expect(form.question('residenceStatus').getByTestId('question-error')).toHaveText(formTexts.validation.required);

  // The rest of what is required, the short way.
  await form.goToSection('person');
  await form.search('motherTongues', 'Tigr', /^Tigrinya/);
  await form.choose('municipality', codeLabel('municipalities', 'edemissen'));
  await form.goToSection('residence');
  await form.search('residenceStatus', 'Aufenthaltsgest', codeLabel('residenceStatuses', 'aufenthaltsgestattung'));
  await form.choose('employmentPermission', codeLabel('employmentPermissions', 'withApproval'));
  await form.next();
  await form.text('schoolYears', '0');
  await expect(form.question('schoolCountry')).toHaveCount(0);
  await form.choose('iscedLevel', codeLabel('isced', '1'));
  await form.choose('literateOwnScript', yes);
  await form.choose('literateLatin', no);
  await form.next();
  await form.search('languageSkills[0].skillLanguage', 'Tigr', /^Tigrinya/);
  await page.screenshot({ path: testInfo.outputPath('section-e-tigrinya.png'), fullPage: true });

  // The summary lists what is missing; its link leads straight to the question.
  await form.goToSection('goals');
  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-missing')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await form.summary.getByRole('link', { name: new RegExp(labelOf('skillLevels')) }).first().click();
  await expect(form.section('languages')).toBeVisible();
  await expect(page.locator(':focus')).toHaveAttribute('type', 'radio');
  await form.cefr('languageSkills[0].skillLevels', Object.fromEntries(['listening', 'reading', 'spokenInteraction', 'spokenProduction', 'writing'].map((code) => [skill(code), 'C2'])));
  await form.goToSection('goals');
  await form.tick('goals', choiceLabel('goals', 'apprenticeship'));
  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-complete')).toBeVisible();
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.stage).toHaveCount(0);

  const { record, outbox } = await storedState(page, seeded.recordId);
  expect(record).toMatchObject({ status: 'complete', rev: 1, displayName: 'Tesfay, Selam' });
  expect(outbox).toHaveLength(1);
  expect(outbox[0]!.payload.answers).toMatchObject({
    applicantLanguage: 'ti',
    givenNamesOriginal: 'ሰላም',
    birthDate: { year: 1995, month: null, day: null },
    nationality: ['ER'],
    schoolYears: 0,
    languageSkills: [{ skillLanguage: 'tir' }],
  });
  expect(outbox[0]!.payload.answers).not.toHaveProperty('schoolCountry');

  // Editing the completed interview reopens the form with its answers; completing again is revision 2.
  await page.getByRole('button', { name: consentTexts.done.edit }).click();
  await expect(form.stage).toBeVisible();
  await expect(page.getByTestId('editing-banner')).toContainText('Revision 2');
  await form.goToSection('person');
  await expect(form.textbox('surname')).toHaveValue('Tesfay');
  await expect(form.selected('nationality')).toContainText('Eritrea');
  await form.text('phone', '0176 1234567');
  await form.goToSummary();
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.stage).toHaveCount(0);
  const edited = await storedState(page, seeded.recordId);
  expect(edited.record).toMatchObject({ status: 'complete', rev: 2 });
  expect(edited.outbox.map((entry) => entry.rev)).toEqual([1, 2]);
  expect(edited.outbox[1]!.payload.answers).toMatchObject({ phone: '0176 1234567', surname: 'Tesfay', nationality: ['ER'] });
  expect(edited.outbox[0]!.payload.answers).not.toHaveProperty('phone');
});

test('a draft begun on version 1 stays on version 1 after version 2 became current: its questions and its answers', async ({ page }) => {
  await shell(page).open('/');
  const seeded = consentedInterview('ar', new Date(), [], formJsonV1);
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  // Version 1's questions: studies only from ISCED 5 (version 2 asks at every level), no certificate level.
  await form.goToSection('education');
  await expect(form.group('studies')).toHaveCount(0);
  await form.choose('iscedLevel', codeLabel('isced', '6'));
  await expect(form.group('studies')).toBeVisible();
  await form.goToSection('languages');
  await form.search('languageSkills[0].skillLanguage', 'Deutsch', /^Deutsch/);
  await form.tick('languageSkills[0].germanEvidence', choiceLabel('germanEvidence', 'telc'));
  await expect(form.question('languageSkills[0].germanCertificateLevel')).toHaveCount(0);
  // Version 1 let "self-assessment only" stand beside a certificate (issue 15, defect 11): unchanged here.
  await form.tick('languageSkills[0].germanEvidence', choiceLabel('germanEvidence', 'selfAssessment'));
  await expect(form.question('languageSkills[0].germanEvidence').getByRole('checkbox', { name: choiceLabel('germanEvidence', 'telc'), exact: true })).toBeChecked();
  await form.saved();
  const { record } = await storedState(page, seeded.recordId);
  expect(record.formRef).toBe('profilingbogen@1');
  expect(record.answers).toMatchObject({ languageSkills: [{ skillLanguage: 'deu', germanEvidence: ['selfAssessment', 'telc'] }] });
});

test('a change the device cannot store is reported, stays on screen and is saved by "save again"', async ({ page }) => {
  await shell(page).open('/');
  const seeded = consentedInterview('ar');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await form.text('site', 'GU');
  await form.saved();

  // The device's storage is full: IndexedDB refuses every write of an interview.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    const refused: string[] = [];
    Object.assign(window, { refusedWrites: refused, restoreStorage: () => Object.assign(IDBObjectStore.prototype, { put }) });
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'records') {
        refused.push(JSON.stringify(args[0]));
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  await form.text('site', 'GU Peine');
  await expect(form.saveError).toBeVisible();
  await expect(form.saveError).toContainText(formTexts.save.failedTitle);
  await expect(form.saveError).toContainText(formTexts.save.errors.storage_full);
  await expect(form.saveStatus).toHaveAttribute('data-state', 'failed');
  // Nothing else is lost: typing goes on, the answers stay in memory.
  await form.goToSection('person');
  const refusedBefore = await page.evaluate(() => (window as unknown as { refusedWrites: string[] }).refusedWrites.length);
  await form.text('surname', 'Al-Hassan');
  // The autosave of the surname has been tried and refused: nothing is waiting on a timer any more.
  // (The refused row is sealed (issue #12): the write after the surname is known by its number, and
  // the name is not in it in clear.)
  await expect.poll(() => page.evaluate(() => (window as unknown as { refusedWrites: string[] }).refusedWrites.length)).toBeGreaterThan(refusedBefore);
  expect(await page.evaluate(() => (window as unknown as { refusedWrites: string[] }).refusedWrites.some((value) => value.includes('Al-Hassan')))).toBe(false);
  await expect(form.saveError).toBeVisible();
  expect((await storedState(page, seeded.recordId)).record.answers).not.toHaveProperty('surname');

  await page.evaluate(() => (window as unknown as { restoreStorage: () => void }).restoreStorage());
  await form.saveError.getByRole('button', { name: formTexts.save.retry }).click();
  await expect(form.saveError).toHaveCount(0);
  await form.saved();
  expect((await storedState(page, seeded.recordId)).record.answers).toMatchObject({ site: 'GU Peine', surname: 'Al-Hassan' });
});

for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }, { width: 390, height: 844 }]) {
  test(`the form at ${viewport.width}×${viewport.height}: no overflow, no serious accessibility violations, big targets`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await shell(page).open('/');
    const seeded = consentedInterview('ar');
    await seedInterview(page, seeded);
    const form = profilingbogen(page);
    await form.open(seeded.recordId);
    for (const section of ['person', 'languages']) {
      await form.goToSection(section);
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), section).toBe(false);
      expect(await seriousViolations(page), section).toEqual([]);
      expect(await smallTargets(page), section).toEqual([]);
    }
  });
}
