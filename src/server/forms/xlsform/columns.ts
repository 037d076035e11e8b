/**
 * Column headers of an XLSForm sheet: `type`, `label::German (de)`, `extra::isco08` …
 *
 * A translated column is `<base>::<Language name> (<code>)`, as ODK and KoboToolbox users write
 * it; `<base>::<code>` is read too. A header with a language name but no code is refused, because
 * Lotse needs the BCP 47 code.
 */
import { isLanguageTag } from '../../../core/text/index';

export interface Column {
  readonly index: number;
  /** The header as written. */
  readonly header: string;
  /** Lower-case part before `::`, spaces as `_` (`constraint message` → `constraint_message`). */
  readonly base: string;
  /** The language code of a translated column. */
  readonly lang?: string | undefined;
  /** The raw part after `::` (for `extra::key`). */
  readonly suffix?: string | undefined;
  /** Why the language of the header cannot be read. */
  readonly langProblem?: { en: string; de: string } | undefined;
}

const translatable = new Set([
  'label',
  'hint',
  'reason',
  'required_message',
  'form_title',
  'review_state',
  'reviewed_by',
  'reviewed_at',
  'keywords',
]);

export function isTranslatableBase(base: string): boolean {
  return translatable.has(base) || /^constraint_message(_[0-9]+)?$/.test(base);
}

/** `German (de)` or `de` → `de`; otherwise why not. */
export function languageOfSuffix(suffix: string): { lang: string } | { problem: { en: string; de: string } } {
  const text = suffix.trim();
  const withCode = /^(.*)\(\s*([^()\s]+)\s*\)$/.exec(text);
  const code = withCode ? withCode[2]! : text;
  if (isLanguageTag(code)) return { lang: code };
  return withCode
    ? { problem: { en: `'${code}' is not a language code (BCP 47, e.g. de, ar, prs)`, de: `'${code}' ist kein Sprachcode (BCP 47, z. B. de, ar, prs)` } }
    : {
        problem: {
          en: `the language '${text}' has no code: write it as '${text} (code)', e.g. 'English (en)'`,
          de: `die Sprache '${text}' hat keinen Code: so schreiben: '${text} (Code)', z. B. 'Arabic (ar)'`,
        },
      };
}

export function parseHeader(header: string, index: number): Column {
  const at = header.indexOf('::');
  const rawBase = (at >= 0 ? header.slice(0, at) : header).trim().toLowerCase().replace(/\s+/g, '_');
  if (at < 0) return { index, header, base: rawBase };
  const suffix = header.slice(at + 2);
  if (!isTranslatableBase(rawBase)) return { index, header, base: rawBase, suffix: suffix.trim() };
  const lang = languageOfSuffix(suffix);
  return 'lang' in lang ? { index, header, base: rawBase, lang: lang.lang, suffix } : { index, header, base: rawBase, suffix, langProblem: lang.problem };
}

/** The language names the export writes into headers: English names, as in ODK's examples. */
const names = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageHeader(base: string, lang: string): string {
  let name = lang;
  try {
    name = names.of(lang) ?? lang;
  } catch {
    name = lang;
  }
  return `${base}::${name} (${lang})`;
}
