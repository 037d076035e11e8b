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
export {
  NONE,
  NOT_STATED,
  PROFILE_PURPOSE,
  STATISTICS_PURPOSE,
  evaluationFactsOf,
  evaluationPurposeOf,
  multiDimensions,
  singleDimensions,
  valueDimensions,
  weekOf,
  type EvaluationFacts,
  type ExclusionReason,
  type MultiDimension,
  type SingleDimension,
  type ValueDimension,
} from './facts';
export { kldbAreas, kldbMainGroups } from './kldb';
