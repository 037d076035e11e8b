/**
 * Search over a code list (countries, languages, occupations) the way an
 * interviewer types: any case, with or without diacritics or umlauts
 * ("Schweisser", "Schweißer", "Aegypten", "Ägypten"), by the start of any word,
 * in the languages at the table.
 */
import { foldForSearch } from '../text/index';
import type { CodeList, CodeListItem } from './types';

/** How well an entry matched; `exact` ranks before `prefix` before `substring`. */
export type CodeListMatchKind = 'exact' | 'prefix' | 'substring';

export interface CodeListMatch {
  readonly item: CodeListItem;
  readonly kind: CodeListMatchKind;
  /** The label or keyword that matched (original spelling) and its language; `code` for a code match. */
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

/**
 * Entries whose label or keywords in one of `langs` match `query`, best first:
 * exact before word-prefix before substring; then by the order of `langs`,
 * then the shorter text, then the list's own order. A query equal to a code
 * (`SY`, `deu`, `244`) is an exact match. An empty query finds nothing.
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

  const scored: { match: CodeListMatch; score: number; langIndex: number; length: number; order: number }[] = [];
  list.items.forEach((item, order) => {
    let best: { match: CodeListMatch; score: number; langIndex: number; length: number } | undefined;
    const consider = (text: string, lang: string, langIndex: number): void => {
      for (const variant of new Set([text, umlautTranscription(text)])) {
        const kind = matchKind(searchKey(variant), normalizedQuery, queryWords);
        if (kind === undefined) continue;
        const candidate = { match: { item, kind, matchedText: text, lang }, score: rank[kind], langIndex, length: text.length };
        if (
          best === undefined ||
          candidate.score > best.score ||
          (candidate.score === best.score &&
            (candidate.langIndex < best.langIndex ||
              (candidate.langIndex === best.langIndex && candidate.length < best.length)))
        ) {
          best = candidate;
        }
      }
    };
    if (searchKey(item.code) === normalizedQuery) {
      best = { match: { item, kind: 'exact', matchedText: item.code, lang: 'code' }, score: rank.exact, langIndex: -1, length: 0 };
    }
    langs.forEach((lang, langIndex) => {
      const label = Object.hasOwn(item.label, lang) ? item.label[lang] : undefined;
      if (label !== undefined) consider(label, lang, langIndex);
      const words = item.keywords !== undefined && Object.hasOwn(item.keywords, lang) ? item.keywords[lang] : undefined;
      for (const word of words ?? []) consider(word, lang, langIndex);
    });
    if (best !== undefined) scored.push({ ...best, order });
  });

  scored.sort(
    (a, b) => b.score - a.score || a.langIndex - b.langIndex || a.length - b.length || a.order - b.order,
  );
  return scored.slice(0, limit).map((entry) => entry.match);
}
