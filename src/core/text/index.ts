export { foldForSearch } from './fold';
export { isLanguageTag, languageTagSchema } from './language-tag';
