/**
 * The term lists (content/terms/<lang>.json) against what an applicant reads: the newest notice,
 * the current form (profilingbogen@3, which carries the corrections of version 2), the UI locales
 * and the subject-access document. A published version cannot be edited, so where one
 * breaks a list, its breaches are listed in content/terms/known-exceptions.json — exactly: a new
 * breach fails, and so does a listed one that no longer happens. The newest notice has none.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noticeArtifactSchema, type NoticeArtifact } from '../consent/index';
import { formUnits, localeUnits, noticeUnits } from './__fixtures__/term-units';
import { termListSchema, termProblems, type AlignedUnit, type TermProblem } from './index';

const LANGUAGES = ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru'] as const;
const TRANSLATIONS = LANGUAGES.filter((lang) => lang !== 'de');

const root = new URL('../../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(fs.readFileSync(new URL(path, root), 'utf8'));

const termLists = new Map(LANGUAGES.map((lang) => [lang, termListSchema.parse(readJson(`content/terms/${lang}.json`))]));
const german = termLists.get('de')!;

/** `{ [artifact]: { [lang]: term ids } }` */
type Exceptions = Record<string, Record<string, string[]>>;
const knownExceptions = readJson('content/terms/known-exceptions.json') as Exceptions & { $comment?: string };

/** The breaches of one artifact in one language, as the exceptions file lists them. */
const breachedTerms = (problems: readonly TermProblem[]) => [...new Set(problems.map((problem) => problem.term))].sort();
const listed = (artifact: string, lang: string) => [...(knownExceptions[artifact]?.[lang] ?? [])].sort();
const report = (problems: readonly TermProblem[]) => problems.map((problem) => problem.message).join('\n');

const noticeVersions = fs
  .readdirSync(new URL('content/notices/', root))
  .map((name) => /^notice@(\d+)$/.exec(name)?.[1])
  .filter((version): version is string => version !== undefined)
  .map(Number)
  .sort((a, b) => a - b);
const newestNotice = noticeVersions.at(-1)!;
const readNotice = (version: number, lang: string): NoticeArtifact =>
  noticeArtifactSchema.parse(readJson(`content/notices/notice@${version}/${lang}.json`));

/**
 * Classification titles (KldB 2010 occupations, CLDR country and language names) are official
 * names, not our wording: "Umweltberatung" is an occupation, not the purpose Beratung.
 */
const isClassificationTitle = (unit: AlignedUnit) => /\bcodeLists\.(occupations|countries|languages)\./.test(unit.where);
const formTexts = (form: unknown, lang: string, name: string) => formUnits(form, lang, name).filter((unit) => !isClassificationTitle(unit));

/** The Profilingbogen versions published in content/forms/, oldest first; the newest is the current form. */
const formVersions = fs
  .readdirSync(new URL('content/forms/', root))
  .map((name) => /^profilingbogen@(\d+)\.json$/.exec(name)?.[1])
  .filter((version): version is string => version !== undefined)
  .map(Number)
  .sort((a, b) => a - b);
const newestForm = formVersions.at(-1)!;
const readForm = (version: number) => readJson(`content/forms/profilingbogen@${version}.json`);
/** From version 2 on the form is checked (version 1 predates the term lists and is not shown for new interviews). */
const FIRST_CHECKED_FORM = 2;

describe('term lists', () => {
  it('exist for the fourteen languages, each naming the same concepts as German in the same order', () => {
    const files = fs.readdirSync(new URL('content/terms/', root)).filter((name) => /^[a-z]+\.json$/.test(name));
    expect(files.sort()).toEqual(LANGUAGES.map((lang) => `${lang}.json`).sort());
    for (const lang of LANGUAGES) {
      const list = termLists.get(lang)!;
      expect(list.lang).toBe(lang);
      expect(list.terms.map((entry) => entry.id), lang).toEqual(german.terms.map((entry) => entry.id));
      expect(list.reviewState, lang).toBe(lang === 'de' ? 'reviewed' : 'draft');
    }
  });

  it('cover what issue 14 names: consent, withdrawal, the offices, the form, the section letters, "divers"', () => {
    const ids = german.terms.map((entry) => entry.id);
    for (const id of [
      'consent', 'withdrawal', 'jobcenter', 'agentur-fuer-arbeit', 'auslaenderbehoerde', 'landkreis', 'gemeinde',
      'profilingbogen', 'datenschutzerklaerung', 'divers', 'kompetenzprofil', 'beratung', 'vermittlung', 'statistik',
      'gesundheit', ...'abcdefghi'.split('').map((letter) => `section-${letter}`),
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('name the known slips of issue 14 as forbidden, so they cannot come back', () => {
    const forbidden = (lang: string, id: string) =>
      termLists.get(lang as (typeof LANGUAGES)[number])!.terms.find((entry) => entry.id === id)!.forbidden?.map((slip) => slip.pattern) ?? [];
    expect(forbidden('ar', 'divers').join()).toContain('متنوع');
    expect(forbidden('ckb', 'divers').join()).toContain('جۆراوجۆر');
    expect(forbidden('kmr', 'divers').join()).toContain('cihêreng');
    expect(forbidden('tr', 'consent').join()).toContain('onay');
    expect(forbidden('so', 'biometrisch').join()).toContain('biometric');
    expect(forbidden('so', 'fassung').join()).toContain('nooc');
  });

  it('find a slip where one is (the check itself can fail)', () => {
    const turkish = termLists.get('tr')!;
    const unit = { where: 'sample', de: 'Ihre Einwilligung ist freiwillig', text: 'Onayınız gönüllüdür' };
    expect(termProblems([unit], german, turkish).map((p) => p.kind)).toEqual(['missing', 'forbidden']);
    expect(termProblems([{ ...unit, text: 'Açık rızanız gönüllüdür' }], german, turkish)).toEqual([]);
    // A unit whose German does not speak of consent may say "onay" (the Confirm button).
    expect(termProblems([{ where: 'confirm', de: 'Bestätigen', text: 'Onayla' }], german, turkish)).toEqual([]);
  });
});

describe(`the newest notice, notice@${newestNotice}`, () => {
  const reference = readNotice(newestNotice, 'de');

  it('has no listed exceptions: its terms are fixed in it, not excused', () => {
    expect(knownExceptions[`notice@${newestNotice}`]).toBeUndefined();
  });

  it.each(TRANSLATIONS)('%s uses the listed terms and none of the known slips', (lang) => {
    const problems = termProblems(noticeUnits(readNotice(newestNotice, lang), reference), german, termLists.get(lang)!);
    expect(report(problems)).toBe('');
  });

  it('says in Pashto that you did not agree to any use of "your own" data (خپلو), not "your" (ستاسو)', () => {
    const pashto = readNotice(newestNotice, 'ps');
    expect(pashto.ui.receiptNothingAccepted).toContain('خپلو');
    expect(pashto.ui.receiptNothingAccepted).not.toContain('ستاسو');
  });
});

describe('published notices before the newest: only the listed exceptions', () => {
  for (const version of noticeVersions.filter((v) => v < newestNotice)) {
    const reference = readNotice(version, 'de');
    it.each(TRANSLATIONS)(`notice@${version} %s`, (lang) => {
      const problems = termProblems(noticeUnits(readNotice(version, lang), reference), german, termLists.get(lang)!);
      expect(breachedTerms(problems), report(problems)).toEqual(listed(`notice@${version}`, lang));
    });
  }
});

describe(`the current form, profilingbogen@${newestForm}`, () => {
  const form = readForm(newestForm);

  it('has no listed exceptions: the corrections of its predecessor are made in it, not excused', () => {
    expect(newestForm).toBeGreaterThanOrEqual(3);
    expect(Object.keys(knownExceptions).filter((artifact) => artifact.startsWith(`profilingbogen@${newestForm}`))).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s uses the listed terms and none of the known slips', (lang) => {
    expect(report(termProblems(formTexts(form, lang, `profilingbogen@${newestForm}`), german, termLists.get(lang)!))).toBe('');
  });

  it('says "divers" as the third sex entry in ar, ckb and kmr, not "various" (issue 14)', () => {
    const sex = (form as { sections: { id: string; items: { id: string; choices?: { value: string; label: Record<string, string> }[] }[] }[] }).sections
      .find((section) => section.id === 'person')!
      .items.find((item) => item.id === 'sex')!;
    const diverse = sex.choices!.find((choice) => choice.value === 'diverse')!.label;
    expect(diverse.ar).toBe('آخر (divers)');
    expect(diverse.ckb).toBe('هی تر (divers)');
    expect(diverse.kmr).toBe('din (divers)');
  });
});

describe('published forms before the newest: only the listed exceptions', () => {
  for (const version of formVersions.filter((v) => v >= FIRST_CHECKED_FORM && v < newestForm)) {
    it.each(TRANSLATIONS)(`profilingbogen@${version} %s`, (lang) => {
      const problems = termProblems(formTexts(readForm(version), lang, `profilingbogen@${version}`), german, termLists.get(lang)!);
      expect(breachedTerms(problems), report(problems)).toEqual(listed(`profilingbogen@${version}`, lang));
    });
  }
});

describe('a next form version, once built in content/forms-next/', () => {
  const nextDir = new URL('content/forms-next/', root);
  const nextForms = (fs.existsSync(nextDir) ? fs.readdirSync(nextDir, { withFileTypes: true }) : [])
    .filter((entry) => entry.isFile() && /^profilingbogen@\d+\.json$/.test(entry.name) && Number(/@(\d+)/.exec(entry.name)![1]) > newestForm)
    .map((entry) => `content/forms-next/${entry.name}`);
  it(`uses the listed terms, with no exceptions (now: ${nextForms.join(', ') || 'none built'})`, () => {
    for (const path of nextForms) {
      const form = readJson(path);
      for (const lang of TRANSLATIONS) expect(report(termProblems(formTexts(form, lang, path), german, termLists.get(lang)!))).toBe('');
    }
  });
});

describe('UI texts', () => {
  it('the English UI locales use the English terms', () => {
    const units = fs
      .readdirSync(new URL('locales/de/', root))
      .flatMap((file) => localeUnits(readJson(`locales/en/${file}`), readJson(`locales/de/${file}`), `locales/en/${file}`));
    expect(report(termProblems(units, german, termLists.get('en')!))).toBe('');
  });

  it.each(TRANSLATIONS)('the subject-access document in %s uses the listed terms', (lang) => {
    const labels = (l: string) => (readJson(`locales/documents/subject-access/${l}.json`) as { labels: unknown }).labels;
    const units = localeUnits(labels(lang), labels('de'), `subject-access/${lang}`);
    expect(report(termProblems(units, german, termLists.get(lang)!))).toBe('');
  });
});
