import { describe, expect, it } from 'vitest';
import { parseFormDefinition, validateAnswers, type Answers, type Field, type FormDefinition } from '../../../core/form';
import profilingbogen from '../../../../content/forms/profilingbogen@1.json';
import profilingbogenV2 from '../../../../content/forms/profilingbogen@2.json';
import {
  answerFromFieldValue,
  answersToFormValues,
  displayNameOf,
  fieldValueFromAnswer,
  formValuesToAnswers,
  localDateAndTime,
  localIsoDate,
  motherTonguePrefill,
  normalizeDigits,
  pruneHiddenAnswers,
  withAppFilledAnswers,
  type DateParts,
  type FormValues,
} from './form-values';

function loadForm(): FormDefinition {
  const parsed = parseFormDefinition(profilingbogen);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}

const form = loadForm();

const dateField = (allowUnknownDay = true, allowUnknownMonth = true): Field => ({
  id: 'd',
  type: 'date',
  label: { de: 'D' },
  allowUnknownDay,
  allowUnknownMonth,
});
const parts = (change: Partial<DateParts>): DateParts => ({ day: '', month: '', year: '', dayUnknown: false, monthUnknown: false, ...change });

/** A filled-in Profilingbogen in the stored shape, with every kind of answer. */
const answers: Answers = {
  interviewId: '6f1c1d2e-8d4b-4b6e-9a59-1b0b6f6e2a11',
  interviewDate: { year: 2016, month: 11, day: 21 },
  interviewTime: '09:30',
  interviewer: 'Ines Interviewerin',
  site: 'GU Peine',
  interviewLanguage: 'deu',
  applicantLanguage: 'ar',
  interpreter: 'none',
  surname: 'Al-Hassan',
  givenNames: 'Amina',
  surnameOriginal: 'الحسن',
  givenNamesOriginal: 'أمينة',
  birthDate: { year: 1990, month: 5, day: null },
  sex: 'female',
  nationalityStatus: 'known',
  nationality: ['SY'],
  motherTongues: ['arb'],
  municipality: 'peine',
  entryDate: { year: 2015, month: 9, day: null },
  schoolYears: 12,
  iscedLevel: '6',
  literateOwnScript: true,
  literateLatin: false,
  vocationalTraining: [{ vtOccupation: 'Schweißer', vtDurationMonths: 24, vtCompleted: true }],
  studies: [{ studySubject: 'Informatik', studyDegree: 'bachelor' }],
  languageSkills: [
    {
      skillLanguage: 'deu',
      skillLevels: { listening: 'A2', reading: 'A2', spokenInteraction: 'A1', spokenProduction: 'A1', writing: 'none' },
      germanEvidence: ['selfAssessment'],
    },
    {},
  ],
  goals: ['job', 'languageCourse'],
};

describe('answers ↔ form values', () => {
  it('round-trips a filled form, repeat groups included', () => {
    const values = answersToFormValues(form, answers);
    expect(values.birthDate).toEqual(parts({ year: '1990', month: '5', dayUnknown: true }));
    expect(values.literateLatin).toBe('no');
    expect(values.schoolYears).toBe('12');
    expect(values.nationality).toEqual(['SY']);
    expect((values.languageSkills as FormValues[])[0]!.skillLevels).toMatchObject({ listening: 'A2', writing: 'none' });

    const back = formValuesToAnswers(form, values);
    expect(back.entryIssues).toEqual([]);
    expect(back.answers).toEqual(answers);
  });

  it('starts a group that needs entries with that many empty ones, and keeps empty entries as answers', () => {
    const values = answersToFormValues(form, {});
    expect(values.languageSkills).toHaveLength(1);
    expect(values.workExperience).toEqual([]);
    expect(formValuesToAnswers(form, values).answers).toEqual({ languageSkills: [{}] });
  });

  it('leaves out blank text, empty selections and untouched dates', () => {
    const values = answersToFormValues(form, {});
    values.surname = '   ';
    values.goals = [];
    expect(formValuesToAnswers(form, values).answers).toEqual({ languageSkills: [{}] });
  });

  it('stores numbers with Western digits, from Arabic-Indic or Persian digits and a decimal comma', () => {
    const number: Field = { id: 'n', type: 'number', label: { de: 'N' } };
    expect(normalizeDigits('١٢ / ۳۴')).toBe('12 / 34');
    expect(answerFromFieldValue(number, '١٢')).toEqual({ answer: 12 });
    expect(answerFromFieldValue(number, '۲۵')).toEqual({ answer: 25 });
    expect(answerFromFieldValue(number, '2,5')).toEqual({ answer: 2.5 });
    expect(answerFromFieldValue(number, ' ')).toEqual({ answer: undefined });
    expect(answerFromFieldValue(number, '12a')).toEqual({ answer: undefined, problem: { expected: 'number' } });
  });

  it('turns date parts with unknown day or month into the stored parts', () => {
    const field = dateField();
    expect(answerFromFieldValue(field, parts({ year: '1990', month: '5', day: '17' }))).toEqual({ answer: { year: 1990, month: 5, day: 17 } });
    expect(answerFromFieldValue(field, parts({ year: '1990', month: '5', dayUnknown: true }))).toEqual({ answer: { year: 1990, month: 5, day: null } });
    // An unknown month makes the day unknown too, whatever was typed there.
    expect(answerFromFieldValue(field, parts({ year: '١٩٩٠', day: '3', monthUnknown: true }))).toEqual({ answer: { year: 1990, month: null, day: null } });
    expect(answerFromFieldValue(field, parts({}))).toEqual({ answer: undefined });
  });

  it('reports a half-typed date instead of storing a guess', () => {
    const incomplete = { answer: undefined, problem: { expected: 'date', problem: 'incomplete' } };
    expect(answerFromFieldValue(dateField(), parts({ year: '1990', month: '5' }))).toEqual(incomplete);
    expect(answerFromFieldValue(dateField(), parts({ month: '5', day: '1' }))).toEqual(incomplete);
    // "Day unknown" is ignored where the field does not allow it.
    expect(answerFromFieldValue(dateField(false, false), parts({ year: '1990', month: '5', dayUnknown: true }))).toEqual(incomplete);
  });

  it('shows stored dates with their unknown parts', () => {
    expect(fieldValueFromAnswer(dateField(), { year: 2015, month: null, day: null })).toEqual(
      parts({ year: '2015', monthUnknown: true, dayUnknown: true }),
    );
  });

  it('names entry issues by answer path, also inside repeat groups', () => {
    const values = answersToFormValues(form, {});
    values.schoolYears = 'zwölf';
    values.workExperience = [{ jobTitle: 'Koch', workFrom: parts({ year: '2010', month: '3' }) }];
    const { answers: converted, entryIssues } = formValuesToAnswers(form, values);
    expect(entryIssues.map((issue) => issue.path)).toEqual(['schoolYears', 'workExperience[0].workFrom']);
    expect(converted.workExperience).toEqual([{ jobTitle: 'Koch' }]);
  });
});

describe('hidden answers', () => {
  it('are dropped, also when hiding one question hides the next', () => {
    const stale: Answers = {
      residenceStatus: 'niederlassungserlaubnis',
      residenceValidUntil: { year: 2030, month: 1, day: 1 },
      iscedLevel: '3',
      studies: [{ studySubject: 'Medizin' }],
      recognitionStatus: 'applied',
      languageSkills: [{ skillLanguage: 'ara', germanEvidence: ['dtz'], integrationCourse: 'attending', integrationCourseModule: 'module3' }],
    };
    const pruned = pruneHiddenAnswers(form, stale);
    expect(pruned).toEqual({ residenceStatus: 'niederlassungserlaubnis', iscedLevel: '3', languageSkills: [{ skillLanguage: 'ara' }] });
    // What is hidden is not validated either: the pruned answers report the same issues.
    expect(validateAnswers(form, pruned)).toEqual(validateAnswers(form, stale));
  });
});

describe('display name', () => {
  it('is "surname, given names" in Latin script, else in the original script', () => {
    expect(displayNameOf({ surname: ' Al-Hassan ', givenNames: 'Amina' })).toBe('Al-Hassan, Amina');
    expect(displayNameOf({ surname: 'Al-Hassan' })).toBe('Al-Hassan');
    expect(displayNameOf({ surnameOriginal: 'الحسن', givenNamesOriginal: 'أمينة' })).toBe('الحسن, أمينة');
    expect(displayNameOf({})).toBe('');
  });
});

describe('app-filled fields', () => {
  const facts = {
    recordId: '6f1c1d2e-8d4b-4b6e-9a59-1b0b6f6e2a11',
    startedAt: { date: { year: 2016, month: 11, day: 21 }, time: '09:05' },
    interviewerName: 'Ines Interviewerin',
    applicantLang: 'ti',
    site: 'GU Peine',
  };

  it('fills id, date, time, interviewer and presets the applicant language and the site', () => {
    expect(withAppFilledAnswers(form, {}, facts)).toEqual({
      interviewId: facts.recordId,
      interviewDate: facts.startedAt.date,
      interviewTime: '09:05',
      interviewer: 'Ines Interviewerin',
      applicantLanguage: 'ti',
      site: 'GU Peine',
    });
  });

  it('keeps what a reopened interview already has', () => {
    const earlier = { interviewDate: { year: 2016, month: 11, day: 20 }, interviewTime: '14:00', interviewer: 'Jan', applicantLanguage: 'ar', site: 'Edemissen' };
    expect(withAppFilledAnswers(form, earlier, facts)).toEqual({ ...earlier, interviewId: facts.recordId });
  });

  it('reads date and time from the device clock', () => {
    const moment = new Date(2016, 10, 21, 9, 5);
    expect(localDateAndTime(moment)).toEqual({ date: { year: 2016, month: 11, day: 21 }, time: '09:05' });
    expect(localIsoDate(moment)).toBe('2016-11-21');
  });
});

describe('motherTonguePrefill', () => {
  it('turns the mother tongues of section B into the language entries of an untouched section E', () => {
    const values = answersToFormValues(form, { motherTongues: ['tir', 'ara'] });
    const filled = motherTonguePrefill(form, values);
    expect(filled?.map((instance) => instance.skillLanguage)).toEqual(['tir', 'ara']);
    // The rest of each entry is empty, ready to be answered.
    expect(filled?.[0]).toMatchObject({ skillLevels: {} });
    const answers = formValuesToAnswers(form, { ...values, languageSkills: filled! }).answers;
    expect(answers.languageSkills).toEqual([{ skillLanguage: 'tir' }, { skillLanguage: 'ara' }]);
  });

  it('leaves section E alone once it names a language, and does nothing without a mother tongue', () => {
    const touched = answersToFormValues(form, { motherTongues: ['tir'], languageSkills: [{ skillLanguage: 'deu' }] });
    expect(motherTonguePrefill(form, touched)).toBeNull();
    expect(motherTonguePrefill(form, answersToFormValues(form, {}))).toBeNull();
  });

  it('carries the name of an "other language" (version 2) into its entry of section E', () => {
    const parsed = parseFormDefinition(profilingbogenV2);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const v2 = parsed.definition;
    const values = answersToFormValues(v2, { motherTongues: ['tir', 'mis'], motherTonguesOther: ' Saho-Dialekt ' });
    const filled = motherTonguePrefill(v2, values);
    const answers = formValuesToAnswers(v2, { ...values, languageSkills: filled! }).answers;
    expect(answers.languageSkills).toEqual([{ skillLanguage: 'tir' }, { skillLanguage: 'mis', skillLanguageOther: 'Saho-Dialekt' }]);
  });
});

describe('"not stated"', () => {
  it('survives the round trip answers → inputs → answers, and is judged by the form: v1 allows it nowhere', () => {
    const values = answersToFormValues(form, { drivingLicenceClasses: { notStated: true }, hasDrivingLicence: true });
    expect(values.drivingLicenceClasses).toEqual({ notStated: true });
    const { answers } = formValuesToAnswers(form, values);
    expect(answers.drivingLicenceClasses).toEqual({ notStated: true });
    expect(validateAnswers(form, answers).find((issue) => issue.path === 'drivingLicenceClasses')).toMatchObject({ code: 'type', params: { problem: 'notStatedNotAllowed' } });
  });
});
