export { foldForSearch } from './fold';
export type { NameQuery, PreparedName } from './transliterate';
export { matchesName, nameMatcher, nameQuery, nameSearchText, nameSkeletons, prepareSearchText } from './transliterate';
export { isLanguageTag, languageTagSchema } from './language-tag';
export type { AlignedUnit, TermEntry, TermList, TermProblem } from './terms';
export { termListSchema, termProblems } from './terms';
