/**
 * The term lists (content/terms/<lang>.json) against what an applicant reads: the newest notice,
 * the current form with the corrections waiting for its next version (content/forms-next/), the UI
 * locales and the subject-access document. A published version cannot be edited, so where one
 * breaks a list, its breaches are listed in content/terms/known-exceptions.json — exactly: a new
 * breach fails, and so does a listed one that no longer happens. The newest notice has none.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noticeArtifactSchema, type NoticeArtifact } from '../consent/index';
import { formUnits, localeUnits, noticeUnits, applyFormTextFixes, type FormTextFix } from './__fixtures__/term-units';
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

const currentForm = readJson('content/forms/profilingbogen@2.json') as { version: number };
const formFixes = readJson('content/forms-next/profilingbogen@3.term-fixes.json') as { base: string; fixes: FormTextFix[] };

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

describe(`the current form, profilingbogen@${currentForm.version}, and the corrections for its next version`, () => {
  it('is what the corrections are based on, and each correction replaces the text the form has now', () => {
    expect(formFixes.base).toBe(`profilingbogen@${currentForm.version}`);
    expect(() => applyFormTextFixes(currentForm, formFixes.fixes)).not.toThrow();
  });

  const corrected = applyFormTextFixes(currentForm, formFixes.fixes);

  it.each(TRANSLATIONS)('%s: the published form breaks only the listed terms', (lang) => {
    const problems = termProblems(formTexts(currentForm, lang, `profilingbogen@${currentForm.version}`), german, termLists.get(lang)!);
    expect(breachedTerms(problems), report(problems)).toEqual(listed(`profilingbogen@${currentForm.version}`, lang));
  });

  it.each(TRANSLATIONS)('%s: with the corrections, what is still open is listed', (lang) => {
    const problems = termProblems(formTexts(corrected, lang, 'corrected'), german, termLists.get(lang)!);
    expect(breachedTerms(problems), report(problems)).toEqual(listed(`profilingbogen@${currentForm.version}+corrections`, lang));
  });

  it('fixes the "divers" slips (ar, ckb, kmr) in the corrections', () => {
    for (const lang of ['ar', 'ckb', 'kmr']) {
      const fix = formFixes.fixes.find((candidate) => candidate.lang === lang && candidate.where.endsWith('choices[diverse].label'));
      expect(fix?.to, lang).toMatch(/\(divers\)$/);
    }
  });

  // A next version, once built (content/forms-next/ or published in content/forms/), must carry
  // the corrections: no exceptions for it.
  const nextForms = ['content/forms/', 'content/forms-next/'].flatMap((dir) =>
    fs
      .readdirSync(new URL(dir, root))
      .filter((name) => /^profilingbogen@\d+\.json$/.test(name) && Number(/@(\d+)/.exec(name)![1]) > currentForm.version)
      .map((name) => `${dir}${name}`),
  );
  it(`a next version, once built, uses the listed terms (now: ${nextForms.join(', ') || 'none built'})`, () => {
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
