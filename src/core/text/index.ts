export { foldForSearch } from './fold';
export type { NameQuery } from './transliterate';
export { matchesName, nameQuery, nameSearchText, nameSkeletons } from './transliterate';
