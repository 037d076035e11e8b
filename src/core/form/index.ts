/**
 * The form-definition model: the one entry point the app and the server import.
 * Nothing else under `src/core/form` is part of the contract.
 */
export type {
  AnswerValue,
  Answers,
  CefrAnswer,
  CefrField,
  CefrLevel,
  CefrSkill,
  Choice,
  ChoiceField,
  CodeList,
  CodeListField,
  CodeListItem,
  Constraint,
  ConstraintKind,
  DateAnswer,
  DateField,
  Disclosure,
  DisclosureVocabulary,
  Field,
  FieldType,
  FormDefinition,
  Item,
  LocalizedText,
  NoteField,
  NotStatedAnswer,
  NumberField,
  RepeatGroup,
  RepeatInstance,
  Section,
  TextField,
  TranslationInfo,
  TranslationReviewState,
  YesNoField,
} from './types';
export { cefrLevels, cefrSkills, fieldTypes, isNotStated, isRepeatGroup } from './types';

export type { FormDefinitionError, ParseFormDefinitionResult } from './schema';
export { formDefinitionSchema, formatPath, parseFormDefinition, publishingProblems } from './schema';

export type { ConditionAst, ConditionScope } from './conditions';
export {
  ConditionSyntaxError,
  evaluateCondition,
  isEmptyAnswer,
  parseCondition,
  printCondition,
  referencedFields,
} from './conditions';

export type {
  SectionProgress,
  ValidationCode,
  ValidationIssue,
  ValidationOptions,
  VisibleField,
  VisibleGroup,
  VisibleSection,
} from './validate';
export { TEXT_LENGTH_LIMITS, isVisible, missingForCompletion, prepareForm, sectionProgress, validateAnswers, visibleItems } from './validate';

export { MAX_PATTERN_LENGTH, patternBacktrackingRisk } from './pattern-safety';

export { dateAnswerToIso, isDateAnswer } from './partial-date';

export type { LocalizedResult, TranslationState } from './localize';
export { localized, reviewStateOf, translatedCounts, translationState } from './localize';

export type { CodeListMatch, CodeListMatchKind } from './codelists';
export { searchCodeList } from './codelists';

export type { FieldDisclosure, RecipientShareSection } from './disclosure';
export { UnknownDisclosureIdError, fieldDisclosures, receivableFieldPaths, recipientShare, recipientShareText } from './disclosure';
export type { AnswerChange, ChangeKind, Labels, ReadableLanguage, ShownAnswers, ShownField, ShownGroup, ShownSection, ShownValue } from './readable';
export { answerChanges, changeKinds, labelsOf, readableLanguages, showAnswers, showValue } from './readable';

export type { DisclosureSidecar } from './disclosure-sidecar';
export { DisclosureSidecarError, disclosureSidecarSchema, sidecarKeys, withDisclosureSidecar } from './disclosure-sidecar';
