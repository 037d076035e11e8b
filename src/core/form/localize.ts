/**
 * Choosing the text to show in a language, and how far a form is translated.
 *
 * German is authoritative: when a text is missing in the requested language
 * the German one is shown and `isFallback` says so, so the UI can mark it
 * (and set `lang="de"` on it). A translation never silently stands in for
 * another language (no Farsi for Dari).
 */
import { type FormDefinition, type LocalizedText, type TranslationReviewState, isRepeatGroup } from './types';

/** The text to show, the language it really is in, and whether it is the German fallback. */
export interface LocalizedResult {
  readonly text: string;
  readonly lang: string;
  readonly isFallback: boolean;
}

function present(text: LocalizedText, lang: string): string | undefined {
  if (!Object.hasOwn(text, lang)) return undefined;
  const value = text[lang];
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/**
 * The text in `lang`; else in its base language when `lang` has a region or
 * script (`de-AT` → `de`); else German, marked as fallback.
 */
export function localized(text: LocalizedText, lang: string): LocalizedResult {
  const exact = present(text, lang);
  if (exact !== undefined) return { text: exact, lang, isFallback: false };
  const base = lang.split('-')[0] ?? lang;
  if (base !== lang) {
    const baseText = present(text, base);
    if (baseText !== undefined) return { text: baseText, lang: base, isFallback: false };
  }
  return { text: present(text, 'de') ?? '', lang: 'de', isFallback: lang !== 'de' && base !== 'de' };
}

/** How complete and how trustworthy a form's texts are in one language. */
export interface TranslationState {
  readonly lang: string;
  /** The form lists the language in `languages`. */
  readonly declared: boolean;
  /** `missing` when the form does not declare the language at all. */
  readonly reviewState: TranslationReviewState | 'missing';
  readonly reviewedBy?: string | undefined;
  readonly reviewedAt?: string | undefined;
  /** Texts of the questionnaire itself (title, sections, fields, hints, choices, messages). */
  readonly translated: number;
  readonly total: number;
  /** Paths of questionnaire texts without a translation, e.g. `sections[1].items[4].hint`. */
  readonly missing: readonly string[];
  /** Code-list entries with a label in this language, out of all entries. */
  readonly codeListLabels: { readonly translated: number; readonly total: number };
}

/**
 * Every text of the questionnaire itself (not the big code lists) with its path, in the form's
 * order; the path is built only when asked for.
 */
function eachQuestionnaireText(def: FormDefinition, visit: (text: LocalizedText, path: () => string) => void): void {
  const at = (text: LocalizedText | undefined, path: () => string) => {
    if (text !== undefined) visit(text, path);
  };
  at(def.title, () => 'title');
  def.sections.forEach((section, s) => {
    const sectionPath = () => `sections[${s}]`;
    at(section.label, () => `${sectionPath()}.label`);
    at(section.hint, () => `${sectionPath()}.hint`);
    section.items.forEach((item, i) => {
      const itemPath = () => `${sectionPath()}.items[${i}]`;
      at(item.label, () => `${itemPath()}.label`);
      at(item.hint, () => `${itemPath()}.hint`);
      const fields = isRepeatGroup(item)
        ? item.items.map((field, f) => ({ field, path: () => `${itemPath()}.items[${f}]` }))
        : [{ field: item, path: itemPath }];
      for (const { field, path } of fields) {
        if (isRepeatGroup(item)) {
          at(field.label, () => `${path()}.label`);
          at(field.hint, () => `${path()}.hint`);
        }
        at(field.reason, () => `${path()}.reason`);
        field.constraints?.forEach((constraint, c) => at(constraint.message, () => `${path()}.constraints[${c}].message`));
        if (field.type === 'single' || field.type === 'multi') {
          field.choices.forEach((choice, c) => at(choice.label, () => `${path()}.choices[${c}].label`));
        }
      }
    });
  });
}

/**
 * How many of the questionnaire's texts exist in each of `langs` (the counts of
 * `translationState`), in one pass over the form: a form opening asks this for every
 * language it offers (issue #15).
 */
export function translatedCounts(def: FormDefinition, langs: readonly string[]): Map<string, { translated: number; total: number }> {
  const translated = langs.map(() => 0);
  let total = 0;
  eachQuestionnaireText(def, (text) => {
    total += 1;
    langs.forEach((lang, index) => {
      if (present(text, lang) !== undefined) translated[index]! += 1;
    });
  });
  return new Map(langs.map((lang, index) => [lang, { translated: translated[index]!, total }]));
}

function declaredTranslation(def: FormDefinition, lang: string) {
  const declared = def.languages.includes(lang);
  return { declared, info: declared && Object.hasOwn(def.translations, lang) ? def.translations[lang] : undefined };
}

/** The review state the form declares for `lang` (`missing` when it does not declare the language). */
export function reviewStateOf(def: FormDefinition, lang: string): TranslationReviewState | 'missing' {
  return declaredTranslation(def, lang).info?.reviewState ?? 'missing';
}

/**
 * Counts the questionnaire's texts (not the big code lists, reported apart)
 * that exist in `lang`, and reports the review state the form declares.
 */
export function translationState(def: FormDefinition, lang: string): TranslationState {
  const missing: string[] = [];
  let total = 0;
  eachQuestionnaireText(def, (text, path) => {
    total += 1;
    if (present(text, lang) === undefined) missing.push(path());
  });

  const { declared, info } = declaredTranslation(def, lang);
  return {
    lang,
    declared,
    reviewState: reviewStateOf(def, lang),
    reviewedBy: info?.reviewedBy,
    reviewedAt: info?.reviewedAt,
    translated: total - missing.length,
    total,
    missing,
    // Counted when asked: the code lists hold thousands of entries, and the form's columns, which
    // ask for the questionnaire's counts as a form opens, never need these.
    get codeListLabels() {
      let total = 0;
      let translated = 0;
      for (const list of Object.values(def.codeLists)) {
        for (const item of list.items) {
          total += 1;
          if (present(item.label, lang) !== undefined) translated += 1;
        }
      }
      return { translated, total };
    },
  };
}
