export { foldForSearch } from './fold';
export type { NameQuery } from './transliterate';
export { matchesName, nameQuery, nameSearchText, nameSkeletons } from './transliterate';
export { isLanguageTag, languageTagSchema } from './language-tag';
export type { AlignedUnit, TermEntry, TermList, TermProblem } from './terms';
export { termListSchema, termProblems } from './terms';
