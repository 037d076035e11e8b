/**
 * A consonant skeleton of a name, so that one written in Arabic script, in Ethiopic or in any of
 * its Latin transliterations compares equal: أحمد, "Ahmad" and "Ahmed" all become `hmd`,
 * ገብረማርያም and "Ghebremariam" `gbrmrm`, حسینی and "Hosseini" `hsn`.
 *
 * Transliterations of these names disagree mostly on vowels (Arabic script rarely writes short
 * vowels, Latin spellings vary them freely) and on digraphs (kh/ch, sh/sch, gh), so the skeleton
 * keeps only consonants, folds the digraphs to one letter, drops the letters that stand for
 * vowels or glides (alif, waw, ya, ayin, hamza; a, e, i, o, u, w, y, v) and collapses doubled
 * letters (Mohammed, Hosseini). It is a search aid, deliberately loose; it never replaces the
 * name as written.
 */
import { foldForSearch } from './fold';

// Arabic script, including the Persian, Pashto and Kurdish letters (after foldForSearch, which
// already unified ي/ی, ك/ک and the alif variants). Letters mapped to '' carry vowels or glides.
const arabicScript: Record<string, string> = {
  ا: '', ى: '', ی: '', ي: '', ې: '', ۍ: '', ێ: '', و: '', ۆ: '', ۇ: '', ۋ: '', ع: '', ء: '', ئ: '', ؤ: '', ة: '', ە: '',
  ب: 'b', پ: 'p', ت: 't', ٹ: 't', ټ: 't', ث: 't', ج: 'j', چ: 'c', ځ: 'z', څ: 's', ح: 'h', خ: 'k', د: 'd', ډ: 'd', ذ: 'd',
  ر: 'r', ڕ: 'r', ړ: 'r', ز: 'z', ژ: 'j', ږ: 'j', س: 's', ش: 's', ښ: 's', ص: 's', ض: 'd', ط: 't', ظ: 'z', غ: 'g', ڤ: 'f',
  ف: 'f', ق: 'k', ک: 'k', ګ: 'g', گ: 'g', ل: 'l', ڵ: 'l', م: 'm', ن: 'n', ڼ: 'n', ه: 'h', ھ: 'h',
};

// Ethiopic (Ge'ez, Tigrinya, Amharic): the syllables come in rows of eight per consonant from
// U+1200, so the row gives the consonant whatever the vowel. '' for the glottal and ayin rows.
const ethiopicRows: readonly string[] = [
  'h', 'l', 'h', 'm', 's', 'r', 's', 's', 'k', 'k', 'k', 'k', 'b', '', 't', 'c', 'h', 'h', 'n', 'n',
  '', 'k', 'k', 'k', 'k', '', '', 'z', 'j', '', 'd', 'd', 'j', 'g', 'g', 'g', 't', 'c', 'p', 'ts', 'ts', 'f', 'p',
];

function ethiopicConsonant(codePoint: number): string | undefined {
  if (codePoint < 0x1200 || codePoint > 0x135a) return undefined;
  return ethiopicRows[(codePoint - 0x1200) >> 3] ?? '';
}

/** Latin spellings folded to the letters the tables above produce. */
function latinSkeleton(word: string): string {
  return word
    .replace(/sch|sh/g, 's')
    .replace(/kh|ch|ck|q|c/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/th|tt/g, 't')
    .replace(/dh|dj/g, (match) => (match === 'dh' ? 'd' : 'j'))
    .replace(/ph/g, 'f')
    .replace(/x/g, 'ks')
    .replace(/[aeiouwyv]/g, '');
}

function wordSkeleton(word: string): string {
  let out = '';
  let latin = '';
  for (const char of word) {
    const codePoint = char.codePointAt(0) ?? 0;
    const ethiopic = ethiopicConsonant(codePoint);
    const arabic = Object.hasOwn(arabicScript, char) ? arabicScript[char] : undefined;
    if (ethiopic !== undefined || arabic !== undefined) {
      out += latinSkeleton(latin) + (ethiopic ?? arabic ?? '');
      latin = '';
    } else if (/[a-z]/.test(char)) {
      latin += char;
    }
    // Anything else (digits, marks, other scripts) is left out of the skeleton.
  }
  out += latinSkeleton(latin);
  return out.replace(/(.)\1+/g, '$1');
}

function skeletonsOf(folded: string, withoutArticle: boolean): string[] {
  const skeletons: string[] = [];
  for (const word of folded.split(/[^\p{L}\p{M}]+/u)) {
    const skeleton = wordSkeleton(word);
    if (skeleton === '') continue;
    skeletons.push(skeleton);
    if (withoutArticle && word.startsWith('ال') && skeleton.startsWith('l') && skeleton.length > 2) skeletons.push(skeleton.slice(1));
  }
  return skeletons;
}

/**
 * The skeleton of each word of `folded` (text already passed through `foldForSearch`), in order,
 * empty words left out. The Arabic article is written joined to the name (الحسن), so such a word
 * also yields its skeleton without it: "Hassan", "al-Hassan" and "Alhassan" all find it.
 */
export function nameSkeletons(folded: string): string[] {
  return skeletonsOf(folded, true);
}

// Separates the folded name from its skeletons in a stored search text. A control character,
// so no typed query (folded, spaces collapsed) can reach across it.
const skeletonMark = '\u001f';

/**
 * What the interview list stores to search a name by: the folded name and its skeletons. `also`
 * (the short reference) is searchable as typed, but has no skeletons: it is no name.
 */
export function nameSearchText(name: string, also = ''): string {
  const folded = foldForSearch(name);
  const searchable = also === '' ? folded : foldForSearch(`${name} ${also}`);
  return `${searchable}${skeletonMark} ${nameSkeletons(folded).join(' ')} `;
}

/** A name search as typed, prepared once for many rows. */
export interface NameQuery {
  readonly folded: string;
  readonly skeletons: readonly string[];
}

/** `null` for a query that finds everything (empty or only spaces). */
export function nameQuery(search: string): NameQuery | null {
  const folded = foldForSearch(search);
  if (folded === '') return null;
  return { folded, skeletons: skeletonsOf(folded, false) };
}

/** A stored search text split once into what a search compares (the interview list keeps these in memory). */
export interface PreparedName {
  readonly folded: string;
  /** The skeletons, each after a space, with a space at the end. */
  readonly skeletons: string;
}

export function prepareSearchText(searchText: string): PreparedName {
  const mark = searchText.indexOf(skeletonMark);
  if (mark < 0) return { folded: searchText, skeletons: ` ${nameSkeletons(searchText).join(' ')} ` };
  return { folded: searchText.slice(0, mark), skeletons: searchText.slice(mark + 1) };
}

/** A query compiled once for many names: the test `matchesName` makes, without splitting or building strings per name. */
export function nameMatcher(query: NameQuery): (name: PreparedName) => boolean {
  const patterns = query.skeletons.map((skeleton) => (skeleton.length > 1 ? ` ${skeleton}` : ` ${skeleton} `));
  return (name) => name.folded.includes(query.folded) || (patterns.length > 0 && patterns.every((pattern) => name.skeletons.includes(pattern)));
}

/**
 * Whether a stored search text (from `nameSearchText`, or an older plain folded name) matches:
 * the query as typed anywhere in the name, or every word of it spelled alike — its skeleton the
 * start of a word's skeleton, or the whole of it where the skeleton is a single letter ("Ali").
 */
export function matchesName(searchText: string, query: NameQuery): boolean {
  return nameMatcher(query)(prepareSearchText(searchText));
}
