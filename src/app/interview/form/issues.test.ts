import { describe, expect, it } from 'vitest';
import { parseFormDefinition, validateAnswers, type FormDefinition, type ValidationIssue } from '../../../core/form';
import profilingbogen from '../../../../content/forms/profilingbogen@1.json';
import de from '../../../../locales/de/form.json';
import { fieldDomId, inputNameOf, isMissingIssue, issueWording, issuesByPath, pathLabels, sectionIdOfPath, sectionsWithInvalidValues } from './issues';

function loadForm(): FormDefinition {
  const parsed = parseFormDefinition(profilingbogen);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}
const form = loadForm();

describe('answer paths', () => {
  it('become input names, DOM ids and sections', () => {
    expect(inputNameOf('workExperience[1].workTo')).toBe('workExperience.1.workTo');
    expect(inputNameOf('birthDate')).toBe('birthDate');
    expect(fieldDomId('workExperience[1].workTo')).toBe('field-workExperience-1-workTo');
    expect(fieldDomId('birthDate')).toBe('field-birthDate');
    expect(sectionIdOfPath(form, 'workExperience[1].workTo')).toBe('work');
    expect(sectionIdOfPath(form, 'languageSkills')).toBe('languages');
    expect(sectionIdOfPath(form, 'nothing')).toBeUndefined();
  });

  it('name their group entry and field', () => {
    expect(pathLabels(form, 'workExperience[1].workTo')).toMatchObject({ group: { number: 2, label: { de: 'Tätigkeiten' } }, field: { de: 'Bis' } });
    expect(pathLabels(form, 'birthDate')).toMatchObject({ field: { de: 'Geburtsdatum' } });
    expect(pathLabels(form, 'birthDate')?.group).toBeUndefined();
  });
});

describe('issue wording', () => {
  const find = (key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], de);
  // A counted text exists as its plural forms (`_one`, `_other`).
  const lookup = (key: string) => find(key) ?? find(`${key}_other`);

  it('has a German text for every issue of an empty and of a broken form', () => {
    const issues = [
      ...validateAnswers(form, {}),
      ...validateAnswers(form, { schoolYears: 40, sex: 'x', nationality: ['QQ'], languageSkills: [{ skillLanguage: 'deu', skillLevels: { listening: 'A1' } }], extra: 1 }, { today: '2016-11-21' }),
      { path: 'n', fieldId: 'n', code: 'type', params: { expected: 'number' } } satisfies ValidationIssue,
      { path: 'd', fieldId: 'd', code: 'type', params: { expected: 'date', problem: 'incomplete' } } satisfies ValidationIssue,
    ];
    for (const issue of issues) {
      const wording = issueWording(issue);
      if (wording.kind === 'content') {
        expect(wording.message.de, issue.path).toBeTruthy();
        expect(wording.message.en, issue.path).toBeTruthy();
      } else {
        expect(typeof lookup(wording.key), wording.key).toBe('string');
      }
    }
  });

  it('uses the definition’s own message for a constraint', () => {
    const [issue] = validateAnswers(form, { schoolYears: 40 }).filter((candidate) => candidate.path === 'schoolYears');
    expect(issueWording(issue!)).toMatchObject({ kind: 'content', message: { de: expect.stringContaining('25') } });
  });

  it('words a missing answer and a half-filled CEFR grid differently', () => {
    expect(issueWording({ path: 'a', fieldId: 'a', code: 'required' })).toEqual({ kind: 'ui', key: 'validation.required', values: {} });
    expect(issueWording({ path: 'a', fieldId: 'a', code: 'required', params: { missing: ['reading', 'writing'] } })).toEqual({
      kind: 'ui',
      key: 'validation.requiredCefr',
      values: { count: 2 },
    });
    expect(issueWording({ path: 'g', fieldId: 'g', code: 'repeatMin', params: { limit: 1, count: 0 } })).toEqual({
      kind: 'ui',
      key: 'validation.repeatMin',
      values: { limit: 1 },
    });
  });
});

describe('issues by path', () => {
  it('lets an entry issue stand for the "required" of the answer it could not become', () => {
    const required: ValidationIssue = { path: 'birthDate', fieldId: 'birthDate', code: 'required' };
    const entry: ValidationIssue = { path: 'birthDate', fieldId: 'birthDate', code: 'type', params: { expected: 'date', problem: 'incomplete' } };
    const other: ValidationIssue = { path: 'sex', fieldId: 'sex', code: 'required' };
    const byPath = issuesByPath([required, other], [entry]);
    expect(byPath.get('birthDate')).toEqual([entry]);
    expect(byPath.get('sex')).toEqual([other]);
  });
});

describe('missing and invalid', () => {
  it('a value that is there but wrong is invalid, not missing, and keeps its section from being done', () => {
    const issues = validateAnswers(form, { goals: ['job'], hoursPerWeek: 80, schoolYears: 30, workExperience: [{ jobTitle: 'Koch', workFrom: { year: 2030, month: 1, day: null } }] }, { today: '2026-12-05' });
    const invalid = issues.filter((issue) => !isMissingIssue(issue)).map((issue) => issue.path).sort();
    expect(invalid).toEqual(['hoursPerWeek', 'schoolYears', 'workExperience[0].workFrom']);
    expect(issues.filter(isMissingIssue).map((issue) => issue.path)).toContain('surname');
    expect(issues.filter(isMissingIssue).map((issue) => issue.path)).not.toContain('hoursPerWeek');
    expect([...sectionsWithInvalidValues(form, issues)].sort()).toEqual(['education', 'goals', 'work']);
  });
});
