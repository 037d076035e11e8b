import { describe, expect, it } from 'vitest';
import { miniForm, miniFormJson } from './__fixtures__/mini-form';
import { parseFormDefinition } from './schema';
import type { Answers, RepeatInstance } from './types';
import { isRepeatGroup } from './types';
import {
  TEXT_LENGTH_LIMITS,
  type ValidationIssue,
  isVisible,
  missingForCompletion,
  prepareForm,
  sectionProgress,
  validateAnswers,
  visibleItems,
} from './validate';

const form = miniForm();
const today = '2016-11-15';

/** A complete, valid record; tests change one thing at a time. */
const arabic: RepeatInstance = {
  lang: 'arb',
  levels: { listening: 'C2', reading: 'C2', spokenInteraction: 'C2', spokenProduction: 'C2', writing: 'C1' },
};
const valid: Answers = {
  surname: 'Haddad',
  birthDate: { year: 1990, month: 3, day: 14 },
  sex: 'female',
  langs: [arabic],
};

const issues = (answers: Answers): ValidationIssue[] => validateAnswers(form, answers, { today });
const codes = (answers: Answers): [string, string][] => issues(answers).map((issue) => [issue.path, issue.code]);

describe('validateAnswers', () => {
  it('accepts a complete record', () => {
    expect(issues(valid)).toEqual([]);
  });

  it('reports every missing required answer, including inside repeat instances', () => {
    expect(codes({ langs: [{ lang: '' }] })).toEqual([
      ['surname', 'required'],
      ['birthDate', 'required'],
      ['sex', 'required'],
      ['langs[0].lang', 'required'],
      ['langs[0].levels', 'required'],
    ]);
  });

  it('treats blank text and empty selections as missing', () => {
    expect(codes({ ...valid, surname: '   ' })).toEqual([['surname', 'required']]);
  });

  it('caps text before any pattern runs: the field maxLength, else the form-wide limit', () => {
    // 'x' fails the phone pattern; over the limit, the length is the one issue and the pattern never runs.
    const longPhone = 'x'.repeat(TEXT_LENGTH_LIMITS.text + 1);
    expect(issues({ ...valid, phone: longPhone })).toEqual([
      { path: 'phone', fieldId: 'phone', code: 'maxLength', params: { limit: TEXT_LENGTH_LIMITS.text }, message: undefined },
    ]);
    expect(codes({ ...valid, phone: 'x'.repeat(TEXT_LENGTH_LIMITS.text) })).toEqual([['phone', 'pattern']]);
    expect(codes({ ...valid, bio: 'y'.repeat(TEXT_LENGTH_LIMITS.longtext + 1) })).toEqual([['bio', 'maxLength']]);
    // Counted in characters: 1,000 Ethiopic or emoji characters are not over the limit.
    expect(codes({ ...valid, phone: '😀'.repeat(TEXT_LENGTH_LIMITS.text) })).toEqual([['phone', 'pattern']]);
  });

  it('does not run a catastrophic pattern of a form published before patterns were checked', () => {
    const field = form.sections[0]!.items.find((item) => item.id === 'phone');
    if (field === undefined || isRepeatGroup(field)) throw new Error('the mini form has a phone field');
    const oldForm = {
      ...form,
      sections: [{ ...form.sections[0]!, items: form.sections[0]!.items.map((item) => (item === field ? { ...field, constraints: [{ kind: 'pattern' as const, value: '([a-z]+)+', message: field.constraints![0]!.message }] } : item)) }, ...form.sections.slice(1)],
    };
    const start = performance.now();
    expect(validateAnswers(oldForm, { ...valid, phone: `${'a'.repeat(35)}1` }, { today })).toEqual([]);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('prepares a form ahead (conditions, patterns) without changing any verdict, a catastrophic pattern or a broken condition included', () => {
    const field = form.sections[0]!.items.find((item) => item.id === 'phone');
    if (field === undefined || isRepeatGroup(field)) throw new Error('the mini form has a phone field');
    const prepared = {
      ...form,
      sections: [{ ...form.sections[0]!, items: form.sections[0]!.items.map((item) => (item === field ? { ...field, visibleIf: 'surname = = 1', constraints: [{ kind: 'pattern' as const, value: '(x+x+)+y', message: field.constraints![0]!.message }] } : item)) }, ...form.sections.slice(1)],
    };
    const answers = { ...valid, phone: `${'x'.repeat(35)}z`, surname: '' };
    const before = validateAnswers(prepared, answers, { today });
    expect(() => prepareForm(prepared)).not.toThrow();
    expect(() => prepareForm(form)).not.toThrow();
    const start = performance.now();
    expect(validateAnswers(prepared, answers, { today })).toEqual(before);
    expect(performance.now() - start).toBeLessThan(1_000);
    // The broken condition hides the phone (unmet), as before; the surname is still required.
    expect(before.map((issue) => [issue.path, issue.code])).toEqual([['surname', 'required']]);
    expect(codes({ ...valid, phone: 'call me +49 5171 401' })).toEqual([['phone', 'pattern']]);
  });

  it('checks text constraints: maxLength, minLength, whole-value pattern', () => {
    expect(codes({ ...valid, surname: 'Abdulrahman-Haddad' })).toEqual([['surname', 'maxLength']]);
    expect(codes({ ...valid, bio: 'ok' })).toEqual([['bio', 'minLength']]);
    expect(codes({ ...valid, phone: '+49 5171 401' })).toEqual([]);
    expect(codes({ ...valid, phone: 'call me +49 5171 401' })).toEqual([['phone', 'pattern']]);
    const [issue] = issues({ ...valid, surname: 'Abdulrahman-Haddad' });
    expect(issue).toEqual({
      path: 'surname',
      fieldId: 'surname',
      code: 'maxLength',
      params: { limit: 10 },
      message: { de: 'Zu lang', en: 'Too long' },
    });
  });

  it('checks numbers: type, integer, min, max', () => {
    expect(codes({ ...valid, schoolYears: 12 })).toEqual([]);
    expect(codes({ ...valid, schoolYears: '12' })).toEqual([['schoolYears', 'type']]);
    expect(codes({ ...valid, schoolYears: 12.5 })).toEqual([['schoolYears', 'type']]);
    expect(codes({ ...valid, schoolYears: -1 })).toEqual([['schoolYears', 'min']]);
    expect(codes({ ...valid, schoolYears: 26 })).toEqual([['schoolYears', 'max']]);
    expect(codes({ ...valid, schoolYears: 0 })).toEqual([]);
  });

  it('checks yes/no answers are booleans', () => {
    expect(codes({ ...valid, hasLicence: false })).toEqual([]);
    expect(codes({ ...valid, hasLicence: 'no' })).toEqual([['hasLicence', 'type']]);
  });

  it('checks single and multi choices against the choices and multi counts against max', () => {
    expect(codes({ ...valid, sex: 'unknown' })).toEqual([['sex', 'unknownChoice']]);
    expect(codes({ ...valid, goals: ['job', 'holiday'] })).toEqual([['goals', 'unknownChoice']]);
    expect(codes({ ...valid, goals: ['job', 'job'] })).toEqual([['goals', 'type']]);
    expect(codes({ ...valid, goals: ['job', 'course', 'other'], goalsOther: 'Sport' })).toEqual([['goals', 'max']]);
  });

  it('checks codes against the code list', () => {
    expect(codes({ ...valid, nationality: ['SY', 'AF'] })).toEqual([]);
    expect(codes({ ...valid, nationality: ['SY', 'XX'] })).toEqual([['nationality', 'unknownCode']]);
    expect(codes({ ...valid, nationality: 'SY' })).toEqual([['nationality', 'type']]);
    expect(codes({ ...valid, isced: 'Z' })).toEqual([['isced', 'unknownCode']]);
    // An unknown numeric code still counts for conditions: '9' >= 5 shows the study subject.
    expect(codes({ ...valid, isced: '9' })).toEqual([['isced', 'unknownCode'], ['studySubject', 'required']]);
  });

  describe('dates', () => {
    const withBirth = (birthDate: unknown): Answers => ({ ...valid, birthDate } as Answers);

    it('accepts unknown day and month where the field allows them', () => {
      expect(codes(withBirth({ year: 1990, month: 3, day: null }))).toEqual([]);
      expect(codes(withBirth({ year: 1990, month: null, day: null }))).toEqual([]);
    });

    it('rejects a day without a month, impossible dates and wrong shapes', () => {
      expect(issues(withBirth({ year: 1990, month: null, day: 4 }))[0]?.params).toEqual({ expected: 'date', problem: 'dayWithoutMonth' });
      expect(issues(withBirth({ year: 1990, month: 2, day: 30 }))[0]?.params).toEqual({ expected: 'date', problem: 'day' });
      expect(codes(withBirth({ year: 1992, month: 2, day: 29 }))).toEqual([]);
      expect(issues(withBirth({ year: 1990, month: 13, day: 1 }))[0]?.params).toEqual({ expected: 'date', problem: 'month' });
      expect(codes(withBirth('1990-03-14'))).toEqual([['birthDate', 'type']]);
    });

    it('rejects unknown parts where the field does not allow them', () => {
      expect(issues({ ...valid, entryDate: { year: 2015, month: 9, day: null } })[0]?.params).toEqual({
        expected: 'date',
        problem: 'dayUnknownNotAllowed',
      });
    });

    it('rejects dates in the future, judging partial dates by their first possible day', () => {
      expect(codes(withBirth({ year: 2016, month: 11, day: 16 }))).toEqual([['birthDate', 'notFuture']]);
      expect(codes(withBirth({ year: 2016, month: 11, day: 15 }))).toEqual([]);
      expect(codes(withBirth({ year: 2016, month: 11, day: null }))).toEqual([]);
      expect(codes(withBirth({ year: 2016, month: 12, day: null }))).toEqual([['birthDate', 'notFuture']]);
      expect(codes(withBirth({ year: 2017, month: null, day: null }))).toEqual([['birthDate', 'notFuture']]);
      expect(validateAnswers(form, withBirth({ year: 2030, month: 1, day: 1 }))).toEqual([]);
    });

    it('rejects dates before a fixed date or before another date field', () => {
      expect(codes(withBirth({ year: 1899, month: 12, day: 31 }))).toEqual([['birthDate', 'notBefore']]);
      expect(codes({ ...valid, entryDate: { year: 1990, month: 3, day: 13 } })).toEqual([['entryDate', 'notBefore']]);
      expect(codes({ ...valid, entryDate: { year: 1990, month: 3, day: 14 } })).toEqual([]);
      // Birth known only as "March 1990": an entry on 2 March 1990 could be after it, so no issue.
      expect(codes({ ...valid, birthDate: { year: 1990, month: 3, day: null }, entryDate: { year: 1990, month: 3, day: 2 } })).toEqual([]);
    });
  });

  it('checks CEFR grids: levels, skills, completeness when required', () => {
    const withLevels = (levels: unknown): Answers => ({ ...valid, langs: [{ lang: 'arb', levels }] } as Answers);
    expect(codes(withLevels({ listening: 'B1', reading: 'none', spokenInteraction: 'notAssessed', spokenProduction: 'A1', writing: 'C2' }))).toEqual([]);
    expect(issues(withLevels({ listening: 'B1' }))).toEqual([
      {
        path: 'langs[0].levels',
        fieldId: 'levels',
        code: 'required',
        params: { missing: ['reading', 'spokenInteraction', 'spokenProduction', 'writing'] },
      },
    ]);
    expect(codes(withLevels({ listening: 'B3', reading: 'A1', spokenInteraction: 'A1', spokenProduction: 'A1', writing: 'A1' }))).toEqual([
      ['langs[0].levels', 'unknownChoice'],
    ]);
    expect(codes(withLevels({ singing: 'A1' }))).toEqual([['langs[0].levels', 'type']]);
  });

  it('ignores hidden fields and their values', () => {
    // studySubject is required but only visible from ISCED 5; the stale value is not validated either.
    expect(codes({ ...valid, isced: '3' })).toEqual([]);
    expect(codes({ ...valid, isced: '3', studySubject: 42 })).toEqual([]);
    expect(codes({ ...valid, isced: '6' })).toEqual([['studySubject', 'required']]);
    expect(codes({ ...valid, isced: '6', studySubject: 42 })).toEqual([['studySubject', 'type']]);
    expect(codes({ ...valid, goals: ['other'] })).toEqual([['goalsOther', 'required']]);
  });

  it('evaluates conditions inside repeat instances against siblings', () => {
    const langs: RepeatInstance[] = [
      arabic,
      { lang: 'deu', levels: { listening: 'A1', reading: 'A1', spokenInteraction: 'A1', spokenProduction: 'A1', writing: 'none' } },
    ];
    expect(codes({ ...valid, langs })).toEqual([['langs[1].germanCert', 'required']]);
  });

  it('enforces repeat min and max', () => {
    expect(issues({ ...valid, langs: [] })).toEqual([
      { path: 'langs', fieldId: 'langs', code: 'repeatMin', params: { limit: 1, count: 0 } },
    ]);
    const one = arabic;
    expect(codes({ ...valid, langs: [one, one, one, one], languageNotes: 'viele' })).toEqual([['langs', 'repeatMax']]);
    expect(codes({ ...valid, langs: 'arb' })).toEqual([['langs', 'type']]);
    expect(codes({ ...valid, langs: [one, 'deu'] as unknown as RepeatInstance[] })).toEqual([['langs[1]', 'type']]);
  });

  it('reports unknown answer keys at top level and inside instances', () => {
    const one = arabic;
    expect(codes({ ...valid, religion: 'x', langs: [{ ...one, dialect: 'x' }] })).toEqual([
      ['langs[0].dialect', 'unknownField'],
      ['religion', 'unknownField'],
    ]);
    // A group's inner field is not a top-level answer.
    expect(codes({ ...valid, lang: 'deu' })).toEqual([['lang', 'unknownField']]);
  });

  it('runs expr constraints with the message from the definition', () => {
    const one = arabic;
    const answers = { ...valid, langs: [one, one], languageNotes: 'n/a' };
    expect(issues(answers)).toEqual([
      {
        path: 'languageNotes',
        fieldId: 'languageNotes',
        code: 'expr',
        params: {},
        message: { de: 'Bitte echte Angabe', en: 'Please give a real remark' },
      },
    ]);
    expect(issues({ ...answers, languageNotes: 'spricht auch Kurmancî' })).toEqual([]);
  });

  it('rejects an answer for a note', () => {
    expect(codes({ ...valid, intro: 'x' })).toEqual([['intro', 'type']]);
  });
});

describe('visibility and progress', () => {
  it('isVisible evaluates a field condition and uses the instance for group fields', () => {
    const studySubject = form.sections[0]?.items[10];
    const germanCert = form.sections[1]?.items[0];
    expect(studySubject?.id).toBe('studySubject');
    if (studySubject === undefined || germanCert === undefined || !('items' in germanCert)) throw new Error('fixture changed');
    expect(isVisible(studySubject, { isced: '5' })).toBe(true);
    expect(isVisible(studySubject, { isced: '4' })).toBe(false);
    expect(isVisible(studySubject, {})).toBe(false);
    const cert = germanCert.items[2];
    if (cert === undefined) throw new Error('fixture changed');
    expect(isVisible(cert, {}, { lang: 'deu' })).toBe(true);
    expect(isVisible(cert, {}, { lang: 'arb' })).toBe(false);
  });

  it('visibleItems lists what to render with answer paths', () => {
    const sections = visibleItems(form, { isced: '2', langs: [{ lang: 'deu' }, { lang: 'arb' }] });
    expect(sections[0]?.items.map((item) => item.path)).not.toContain('studySubject');
    expect(sections[0]?.items.map((item) => item.path)).toContain('isced');
    const group = sections[1]?.items[0];
    expect(group?.kind).toBe('group');
    if (group?.kind !== 'group') throw new Error('expected a group');
    expect(group.instances.map((instance) => instance.fields.map((f) => f.path))).toEqual([
      ['langs[0].lang', 'langs[0].levels', 'langs[0].germanCert'],
      ['langs[1].lang', 'langs[1].levels'],
    ]);
    expect(sections[1]?.items.map((item) => item.path)).toEqual(['langs', 'languageNotes']);
  });

  it('sectionProgress counts visible required answers per section', () => {
    expect(sectionProgress(form, { surname: 'Haddad', isced: '6' }, { today })).toEqual([
      {
        sectionId: 'person',
        answeredRequired: 1,
        totalRequired: 4,
        issues: [
          { path: 'birthDate', fieldId: 'birthDate', code: 'required' },
          { path: 'sex', fieldId: 'sex', code: 'required' },
          { path: 'studySubject', fieldId: 'studySubject', code: 'required' },
        ],
      },
      {
        sectionId: 'languages',
        answeredRequired: 0,
        totalRequired: 1,
        issues: [{ path: 'langs', fieldId: 'langs', code: 'repeatMin', params: { limit: 1, count: 0 } }],
      },
    ]);
    const progress = sectionProgress(form, { ...valid, langs: [{ lang: 'deu' }] }, { today });
    expect(progress[1]).toMatchObject({ answeredRequired: 2, totalRequired: 4 });
  });

  it('missingForCompletion uses today for notFuture', () => {
    const answers = { ...valid, birthDate: { year: 2020, month: 1, day: 1 } };
    expect(validateAnswers(form, answers)).toEqual([]);
    expect(missingForCompletion(form, answers, today).map((issue) => issue.code)).toEqual(['notFuture']);
    expect(missingForCompletion(form, valid, today)).toEqual([]);
  });
});

describe('"not stated" and exclusive choices (flags a form version sets; profilingbogen@1 has none)', () => {
  type Json = { sections: { items: Record<string, unknown>[] }[] };
  const json = miniFormJson() as unknown as Json;
  const person = json.sections[0]!.items;
  const birth = person.find((item) => item.id === 'birthDate')!;
  birth.allowNotStated = true;
  const goals = person.find((item) => item.id === 'goals') as { choices: Record<string, unknown>[] };
  goals.choices.push({ value: 'undecided', label: { de: 'Noch offen', en: 'Undecided' }, exclusive: true });
  const parsed = parseFormDefinition(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const flagged = parsed.definition;
  const flaggedCodes = (answers: Answers) => validateAnswers(flagged, answers, { today }).map((issue) => [issue.path, issue.code, issue.params?.problem]);

  it('"not stated" satisfies a required question that allows it, skips its constraints and counts as answered', () => {
    const notStated = { ...valid, birthDate: { notStated: true } } as Answers;
    expect(flaggedCodes(notStated)).toEqual([]);
    const person = sectionProgress(flagged, notStated, { today }).find((entry) => entry.sectionId === 'person')!;
    expect(person.answeredRequired).toBe(person.totalRequired);
  });

  it('"not stated" is invalid where the form does not allow it, on the device and on the server alike', () => {
    expect(flaggedCodes({ ...valid, surname: { notStated: true } } as Answers)).toEqual([['surname', 'type', 'notStatedNotAllowed']]);
    expect(codes({ ...valid, birthDate: { notStated: true } } as Answers)).toEqual([['birthDate', 'type']]);
  });

  it('an exclusive choice stands alone', () => {
    expect(flaggedCodes({ ...valid, goals: ['undecided'] })).toEqual([]);
    expect(flaggedCodes({ ...valid, goals: ['job', 'undecided'] })).toEqual([['goals', 'type', 'exclusive']]);
    expect(flaggedCodes({ ...valid, goals: ['job', 'course'] })).toEqual([]);
  });

  it('a form cannot mark a note as "not stated" or a single choice as exclusive', () => {
    const broken = miniFormJson() as unknown as Json;
    broken.sections[0]!.items.find((item) => item.id === 'intro')!.allowNotStated = true;
    (broken.sections[0]!.items.find((item) => item.id === 'sex') as { choices: Record<string, unknown>[] }).choices[0]!.exclusive = true;
    const result = parseFormDefinition(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.message).join(' | ')).toMatch(/not even "not stated".*exclusive choices belong to a multi field|exclusive choices belong to a multi field.*not even "not stated"/);
  });
});
