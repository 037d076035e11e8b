/** Display formatting per UI locale; stored values stay ISO and Western digits. */
import i18next from 'i18next';
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // One formatter per locale: building one per list row cost ~95 ms of a search on a slow tablet.
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(locale, format);
  }
  return format.format(date);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/**
 * Building an Intl formatter loads locale data: tens of milliseconds each on a slow tablet, and
 * the form built one per rendered date and language name. One per locale and options, kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.DisplayNames | null>();

function cached<T extends Intl.DateTimeFormat | Intl.DisplayNames>(key: string, make: () => T): T | null {
  if (!formatters.has(key)) {
    try {
      formatters.set(key, make());
    } catch {
      // An unknown locale: the caller falls back.
      formatters.set(key, null);
    }
  }
  return formatters.get(key) as T | null;
}

/** A calendar date (year, month 1–12, day) in the locale's medium style: "5. Dez. 2026". */
export function formatDate(year: number, month: number, day: number, locale: string): string {
  const format = cached(`date|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
  const date = new Date(year, month - 1, day);
  return format ? format.format(date) : date.toDateString();
}

/**
 * Builds the formatters a form's first section uses (the interview's date and time, language names) ahead, while nothing
 * else needs the CPU — on a locked tablet, while the passphrase is typed: building the first one
 * loads the locale's data (≈ 140 ms on a slow tablet, issue #15), which the render would pay.
 */
export function warmFormatters(locale: string): void {
  formatDate(2000, 1, 1, locale);
  formatTime(0, locale);
  // A code list of languages in the first section names its search languages (CodeListSearch).
  languageNameOrCode('de', locale);
}

/** A time of day in the locale's short style: "14:05". */
export function formatTime(at: Date | number, locale: string): string {
  const format = cached(`time|${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }));
  return format ? format.format(at) : new Date(at).toTimeString().slice(0, 5);
}

/** A language's name in `locale` as the browser knows it (`fa` in "de" → "Persisch"), or the code itself. */
export function languageNameOrCode(lang: string, locale: string): string {
  const names = cached(`language|${locale}`, () => new Intl.DisplayNames([locale], { type: 'language' }));
  try {
    return names?.of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/**
 * A language's name in the UI language (`fa` → "Persisch" in German), for the interviewer beside
 * the name the language gives itself; undefined where neither the UI strings nor the browser know
 * the language. The UI strings name the form's languages (`languageNames` in locales/<ui>/
 * translation.json): the first Intl.DisplayNames loads the browser's locale data, 110–165 ms on a
 * throttled tablet at the moment a form or the language step opens.
 */
export function languageNameIn(lang: string, locale: string): string | undefined {
  const listed = i18next.isInitialized ? (i18next.getResource(locale, 'translation', `languageNames.${lang}`) as unknown) : undefined;
  if (typeof listed === 'string') return listed;
  const names = cached(`language-known|${locale}`, () => new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }));
  try {
    const name = names?.of(lang);
    return name === undefined || name === lang ? undefined : name;
  } catch {
    return undefined;
  }
}
