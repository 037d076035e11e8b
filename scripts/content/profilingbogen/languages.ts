/**
 * The languages of the Profilingbogen: German (authoritative), English for
 * interviewers, and the applicants' languages of /shared/domain/languages.md.
 */
export const formLanguages = ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru'] as const;
export type FormLanguage = (typeof formLanguages)[number];

/** A text in every form language; the type makes a forgotten language a compile error. */
export type AllLanguages = Record<FormLanguage, string>;

/** A text in German and English only (large code lists). */
export type GermanEnglish = { de: string; en: string };

/**
 * CLDR locale used for each form language's names of countries and languages
 * (`Intl.DisplayNames`). CLDR files Dari under `fa-AF` and Kurmanji under `ku`.
 */
export const cldrLocale: Record<FormLanguage, string> = {
  de: 'de',
  en: 'en',
  ar: 'ar',
  fa: 'fa',
  prs: 'fa-AF',
  ps: 'ps',
  ckb: 'ckb',
  kmr: 'ku',
  ti: 'ti',
  so: 'so',
  tr: 'tr',
  sq: 'sq',
  fr: 'fr',
  ru: 'ru',
};

/** The same text in every language: proper names (municipalities, institutions, certificates). */
export function same(text: string): AllLanguages {
  return Object.fromEntries(formLanguages.map((lang) => [lang, text])) as AllLanguages;
}
