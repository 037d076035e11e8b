/**
 * Folds text for search: lower case, no diacritics (ü → u, ç → c), Arabic-script
 * variants unified (ي/ی, ك/ک, أ/إ/آ → ا, no tatweel or harakat), spaces collapsed.
 * The same function serves the interview list and code-list search.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ي/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/ß/g, 'ss')
    .toLocaleLowerCase('und')
    .replace(/\s+/g, ' ')
    .trim();
}
