export { foldForSearch } from './fold';
