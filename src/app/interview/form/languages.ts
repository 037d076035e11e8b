/**
 * The two columns of the form: the interviewer's language (de or en, the UI language) and the
 * applicant's language. Each column carries its own `lang` and `dir`; a text missing in a
 * language is shown in German, marked, and tagged `lang="de"`.
 */
import { localized, reviewStateOf, translatedCounts, type FormDefinition, type LocalizedText } from '../../../core/form';
import type { NoticeArtifact } from '../../../core/consent';

export type Direction = 'ltr' | 'rtl';

// Languages written right to left (Kurmanji is Latin script, Tigrinya Ethiopic: both ltr).
const rightToLeft = new Set(['ar', 'fa', 'prs', 'ps', 'ckb', 'ur', 'he', 'yi', 'dv', 'ug', 'sd']);

/** The direction of a language: as its notice text declares it, else from the list above. */
export function directionOf(lang: string, notices: readonly Pick<NoticeArtifact, 'lang' | 'dir'>[] = []): Direction {
  const notice = notices.find((candidate) => candidate.lang === lang);
  if (notice) return notice.dir;
  return rightToLeft.has(lang.split('-')[0] ?? lang) ? 'rtl' : 'ltr';
}

/** One column of the side-by-side view. */
export interface Column {
  readonly lang: string;
  readonly dir: Direction;
  /** No qualified translator has reviewed the form's texts in this language. */
  readonly isDraft: boolean;
  /** How many of the questionnaire's texts exist in this language. */
  readonly translated: number;
  readonly total: number;
}

/** A text as one column shows it. */
export interface ColumnText {
  readonly text: string;
  readonly lang: string;
  readonly dir: Direction;
  /** The column's language lacks this text; it is the German one. */
  readonly isFallback: boolean;
}

export function columnText(text: LocalizedText, column: Column): ColumnText {
  const result = localized(text, column.lang);
  return {
    text: result.text,
    lang: result.lang,
    dir: result.lang === column.lang ? column.dir : directionOf(result.lang),
    isFallback: result.isFallback,
  };
}

/**
 * What a short text (a choice, a code-list entry) adds in the applicant's language beside the
 * interviewer's: the text; for a missing translation whose German stand-in is already shown
 * beside it, only the mark; nothing when both say the same (place names, codes).
 */
export function applicantAddition(text: LocalizedText, interviewer: Column, applicant: Column | null): 'text' | 'fallbackMark' | 'nothing' {
  if (applicant === null) return 'nothing';
  const theirs = columnText(text, applicant);
  if (theirs.text !== columnText(text, interviewer).text) return 'text';
  return theirs.isFallback ? 'fallbackMark' : 'nothing';
}

/**
 * How many of the questionnaire's texts each language has: counted once per form for all its
 * languages (a form opening asks for every language it offers; one pass, not one per language).
 */
const counted = new WeakMap<FormDefinition, Map<string, { translated: number; total: number }>>();

function countsOf(form: FormDefinition, lang: string): { translated: number; total: number } {
  let counts = counted.get(form);
  if (counts === undefined || !counts.has(lang)) {
    counts = new Map([...(counts ?? []), ...translatedCounts(form, [...new Set([...form.languages, lang])])]);
    counted.set(form, counts);
  }
  return counts.get(lang)!;
}

export function columnOf(form: FormDefinition, lang: string, notices: readonly Pick<NoticeArtifact, 'lang' | 'dir'>[]): Column {
  const { translated, total } = countsOf(form, lang);
  return {
    lang,
    dir: directionOf(lang, notices),
    isDraft: lang !== 'de' && reviewStateOf(form, lang) !== 'reviewed',
    translated,
    total,
  };
}

/**
 * The interviewer's column and, when the applicant reads another language, the applicant's.
 * With the same language on both sides the form has one column.
 */
export function formColumns(
  form: FormDefinition,
  interviewerLang: string,
  applicantLang: string,
  notices: readonly Pick<NoticeArtifact, 'lang' | 'dir'>[],
): { interviewer: Column; applicant: Column | null } {
  const interviewer = columnOf(form, interviewerLang, notices);
  return { interviewer, applicant: applicantLang === interviewerLang ? null : columnOf(form, applicantLang, notices) };
}

/** A language the applicant can read the questions in, named in itself. */
export interface LanguageOption {
  readonly lang: string;
  readonly name: string;
  readonly dir: Direction;
}

/**
 * The form's languages, each under its own name: the name the notice text gives it, else the
 * autonym of the form's language code list (`extra.bcp47` / `extra.autonym`), else the tag.
 * Only languages in which every text of the questionnaire is translated are offered (issue 13);
 * a reviewed or draft state does not matter here (drafts stay marked on screen).
 */
export function applicantLanguageOptions(
  form: FormDefinition,
  notices: readonly Pick<NoticeArtifact, 'lang' | 'dir' | 'languageName'>[],
): LanguageOption[] {
  const complete = form.languages.filter((lang) => {
    const { translated, total } = countsOf(form, lang);
    return translated === total;
  });
  return complete.map((lang) => {
    const notice = notices.find((candidate) => candidate.lang === lang);
    let name = notice?.languageName;
    if (name === undefined) {
      for (const list of Object.values(form.codeLists)) {
        const item = list.items.find((candidate) => candidate.extra?.bcp47 === lang);
        if (item?.extra?.autonym !== undefined) {
          name = item.extra.autonym;
          break;
        }
      }
    }
    return { lang, name: name ?? lang, dir: directionOf(lang, notices) };
  });
}
