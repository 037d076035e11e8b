export {
  DEFAULT_MIN_CELL,
  boxOf,
  feasibleRange,
  suppressHierarchy,
  suppressTable,
  type CountCell,
  type CountTable,
  type ShownCell,
  type ShownTable,
} from './suppression';
