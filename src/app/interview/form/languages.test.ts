import { describe, expect, it } from 'vitest';
import { parseFormDefinition, type FormDefinition } from '../../../core/form';
import profilingbogen from '../../../../content/forms/profilingbogen@1.json';
import { applicantAddition, applicantLanguageOptions, columnText, directionOf, formColumns } from './languages';

function loadForm(): FormDefinition {
  const parsed = parseFormDefinition(profilingbogen);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}
const form = loadForm();

describe('columns', () => {
  it('write Arabic-script languages right to left, Kurmanji and Tigrinya left to right', () => {
    expect(['ar', 'fa', 'prs', 'ps', 'ckb'].map((lang) => directionOf(lang))).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['de', 'en', 'kmr', 'ti', 'so', 'ru'].map((lang) => directionOf(lang))).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
    // A notice text's own declaration wins.
    expect(directionOf('xx', [{ lang: 'xx', dir: 'rtl' }])).toBe('rtl');
  });

  it('are one column when the applicant reads the interviewer’s language, two otherwise', () => {
    expect(formColumns(form, 'de', 'de', []).applicant).toBeNull();
    const { interviewer, applicant } = formColumns(form, 'de', 'ar', []);
    expect(interviewer).toMatchObject({ lang: 'de', dir: 'ltr', isDraft: false });
    expect(applicant).toMatchObject({ lang: 'ar', dir: 'rtl', isDraft: true });
    expect(applicant!.translated).toBe(applicant!.total);
  });

  it('fall back to German, marked and tagged as German, where a text is missing', () => {
    const { applicant } = formColumns(form, 'de', 'ar', []);
    expect(columnText({ de: 'Metallbau', en: 'Metal construction' }, applicant!)).toEqual({ text: 'Metallbau', lang: 'de', dir: 'ltr', isFallback: true });
    expect(columnText({ de: 'Geburtsdatum', ar: 'تاريخ الميلاد' }, applicant!)).toEqual({ text: 'تاريخ الميلاد', lang: 'ar', dir: 'rtl', isFallback: false });
  });
});

describe('applicant language options', () => {
  it('list every language of the form under its own name', () => {
    const options = applicantLanguageOptions(form, [{ lang: 'ar', dir: 'rtl', languageName: 'العربية' }]);
    expect(options.map((option) => option.lang)).toEqual(form.languages);
    expect(options.find((option) => option.lang === 'ar')).toEqual({ lang: 'ar', name: 'العربية', dir: 'rtl' });
    // Without a notice text the form's language list names it.
    expect(options.find((option) => option.lang === 'de')?.name).toBe('Deutsch');
  });

  it('leave out a language in which a text of the questionnaire is not translated', () => {
    const gap = structuredClone(form) as unknown as { sections: { label: Record<string, string> }[] };
    const { ti: _ti, ...withoutTigrinya } = gap.sections[1]!.label;
    gap.sections[1]!.label = withoutTigrinya;
    const options = applicantLanguageOptions(gap as unknown as FormDefinition, []);
    expect(options.map((option) => option.lang)).toEqual(form.languages.filter((lang) => lang !== 'ti'));
  });
});

describe('short texts beside each other', () => {
  const { interviewer, applicant } = formColumns(form, 'de', 'ar', []);
  it('add the applicant’s text, only the missing mark, or nothing', () => {
    expect(applicantAddition({ de: 'Syrien', ar: 'سوريا' }, interviewer, applicant)).toBe('text');
    expect(applicantAddition({ de: 'Metallbau', en: 'Metal construction' }, interviewer, applicant)).toBe('fallbackMark');
    expect(applicantAddition({ de: 'Edemissen', ar: 'Edemissen' }, interviewer, applicant)).toBe('nothing');
    expect(applicantAddition({ de: 'Syrien', ar: 'سوريا' }, interviewer, null)).toBe('nothing');
  });
});
