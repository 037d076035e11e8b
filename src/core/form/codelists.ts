/**
 * Search over a code list (countries, languages, occupations) the way an
 * interviewer types: any case, with or without diacritics or umlauts
 * ("Schweisser", "Schweißer", "Aegypten", "Ägypten"), by the start of any word,
 * in the languages at the table, in any word order, by the entry's code or (occupations) its
 * ISCO-08 groups, and by the search synonyms kept beside the list (codelist-search-index.ts).
 */
import { foldForSearch } from '../text/index';
import { codeListPriority, codeListSynonyms } from './codelist-search-index';
import type { CodeList, CodeListItem } from './types';

/** How well an entry matched; `exact` ranks before `prefix` before `substring`. */
export type CodeListMatchKind = 'exact' | 'prefix' | 'substring';

export interface CodeListMatch {
  readonly item: CodeListItem;
  readonly kind: CodeListMatchKind;
  /**
   * The label, keyword or synonym that matched (original spelling) and its language; `code` for
   * a match on the entry's code, `isco08` for one on its ISCO-08 group.
   */
  readonly matchedText: string;
  readonly lang: string;
}

const rank: Record<CodeListMatchKind, number> = { exact: 3, prefix: 2, substring: 1 };

/**
 * The form in which labels and queries are compared: the project's search
 * folding (case, diacritics, ß, Arabic-script letter variants) with
 * punctuation turned into word breaks, so that "Côte d’Ivoire" and
 * "Kongo-Kinshasa" split into words that a prefix can match.
 */
export function searchKey(text: string): string {
  return foldForSearch(text)
    .replace(/ة/g, 'ه')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** German umlauts written as ae/oe/ue, as on keyboards without them. */
function umlautTranscription(text: string): string {
  return text
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue');
}

function matchKind(candidate: string, query: string, queryWords: readonly string[]): CodeListMatchKind | undefined {
  if (candidate === '') return undefined;
  if (candidate === query) return 'exact';
  const words = candidate.split(' ');
  if (queryWords.every((q) => words.some((word) => word.startsWith(q)))) return 'prefix';
  if (candidate.includes(query)) return 'substring';
  return undefined;
}

/** The ISCO-08 unit groups an occupation maps to (`extra.isco08`, comma-separated). */
function iscoCodes(item: CodeListItem): string[] {
  const codes = item.extra?.isco08;
  return codes === undefined ? [] : codes.split(',').map((code) => code.trim()).filter((code) => code !== '');
}

// The folded forms of each label and keyword, made once per text rather than on every keystroke
// (a search over the 144 occupations in four languages folded ~1,500 texts each time).
const searchKeys = new Map<string, readonly string[]>();

function keysOf(text: string): readonly string[] {
  let keys = searchKeys.get(text);
  if (keys === undefined) {
    keys = [...new Set([searchKey(text), searchKey(umlautTranscription(text))])];
    searchKeys.set(text, keys);
  }
  return keys;
}

/** A digit-only query is a code or the start of one (KldB "29", ISCO-08 "512"). */
const codePrefixQuery = /^\d{2,}$/;

/**
 * Entries whose label or keywords in one of `langs`, whose code or ISCO-08 group, or whose search
 * synonym in any language match `query`, best first: exact before word-prefix before substring;
 * then the common entries before the rare (`codeListPriority`), then by the order of `langs`
 * (synonyms after them), then the shorter text, then the list's own order. A query equal to a
 * code (`SY`, `deu`, `244`, ISCO `5120`) is an exact match; digits that start one a prefix match.
 * An empty query finds nothing.
 */
export function searchCodeList(
  list: CodeList,
  query: string,
  langs: readonly string[],
  limit = 20,
): CodeListMatch[] {
  const normalizedQuery = searchKey(query);
  if (normalizedQuery === '' || limit <= 0) return [];
  const queryWords = normalizedQuery.split(' ');
  const isCodePrefix = codePrefixQuery.test(normalizedQuery);
  const synonyms = Object.hasOwn(codeListSynonyms, list.id) ? codeListSynonyms[list.id] : undefined;
  const priorityOrder = Object.hasOwn(codeListPriority, list.id) ? codeListPriority[list.id] : undefined;
  const priorityOf = (code: string): number => {
    const index = priorityOrder?.indexOf(code) ?? -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };

  type Scored = { match: CodeListMatch; score: number; langIndex: number; length: number };
  const better = (candidate: Scored, best: Scored | undefined): boolean =>
    best === undefined ||
    candidate.score > best.score ||
    (candidate.score === best.score &&
      (candidate.langIndex < best.langIndex || (candidate.langIndex === best.langIndex && candidate.length < best.length)));

  const scored: (Scored & { priority: number; order: number })[] = [];
  list.items.forEach((item, order) => {
    let best: Scored | undefined;
    const offer = (candidate: Scored): void => {
      if (better(candidate, best)) best = candidate;
    };
    const consider = (text: string, lang: string, langIndex: number): void => {
      for (const key of keysOf(text)) {
        const kind = matchKind(key, normalizedQuery, queryWords);
        if (kind !== undefined) offer({ match: { item, kind, matchedText: text, lang }, score: rank[kind], langIndex, length: text.length });
      }
    };
    const considerCode = (code: string, lang: 'code' | 'isco08'): void => {
      const key = searchKey(code);
      if (key === normalizedQuery) offer({ match: { item, kind: 'exact', matchedText: code, lang }, score: rank.exact, langIndex: -1, length: 0 });
      else if (isCodePrefix && key.startsWith(normalizedQuery)) {
        offer({ match: { item, kind: 'prefix', matchedText: code, lang }, score: rank.prefix, langIndex: -1, length: code.length });
      }
    };
    considerCode(item.code, 'code');
    for (const code of iscoCodes(item)) considerCode(code, 'isco08');
    langs.forEach((lang, langIndex) => {
      const label = Object.hasOwn(item.label, lang) ? item.label[lang] : undefined;
      if (label !== undefined) consider(label, lang, langIndex);
      const words = item.keywords !== undefined && Object.hasOwn(item.keywords, lang) ? item.keywords[lang] : undefined;
      for (const word of words ?? []) consider(word, lang, langIndex);
    });
    const itemSynonyms = synonyms !== undefined && Object.hasOwn(synonyms, item.code) ? synonyms[item.code] : undefined;
    for (const [lang, words] of Object.entries(itemSynonyms ?? {})) {
      const langIndex = langs.indexOf(lang);
      for (const word of words) consider(word, lang, langIndex < 0 ? langs.length : langIndex);
    }
    if (best !== undefined) scored.push({ ...best, priority: priorityOf(item.code), order });
  });

  scored.sort(
    (a, b) =>
      b.score - a.score || a.priority - b.priority || a.langIndex - b.langIndex || a.length - b.length || a.order - b.order,
  );
  return scored.slice(0, limit).map((entry) => entry.match);
}
