/**
 * The contract of a form definition and of the answers captured with it.
 *
 * A form is content, not code: it is published as a JSON artifact, checked by
 * `parseFormDefinition` (schema.ts) and then only read. These types are what the
 * renderer, the validator and the server agree on.
 */

/**
 * A text in several languages, keyed by BCP 47 tag. German (`de`) is the
 * authoritative text and is always present; any other language may be missing
 * and then falls back to German (see `localized`).
 */
export type LocalizedText = Readonly<Record<string, string>>;

/** The field kinds a form can contain; the `type` of a {@link Field}. */
export const fieldTypes = [
  'text',
  'longtext',
  'number',
  'date',
  'single',
  'multi',
  'codelist',
  'cefr',
  'yesno',
  'note',
] as const;
export type FieldType = (typeof fieldTypes)[number];

/** The five skills of the CEFR self-assessment grid, in the grid's order. */
export const cefrSkills = [
  'listening',
  'reading',
  'spokenInteraction',
  'spokenProduction',
  'writing',
] as const;
export type CefrSkill = (typeof cefrSkills)[number];

/** The values of one CEFR grid cell: no knowledge, the six levels, or not assessed. */
export const cefrLevels = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'notAssessed'] as const;
export type CefrLevel = (typeof cefrLevels)[number];

export const constraintKinds = [
  'min',
  'max',
  'minLength',
  'maxLength',
  'pattern',
  'notFuture',
  'notBefore',
  'expr',
] as const;
export type ConstraintKind = (typeof constraintKinds)[number];

/**
 * A rule a non-empty answer must satisfy; `message` is shown when it does not.
 *
 * - `min` / `max`: `value` is a number; compared with a number answer, or with
 *   the number of selections of a multi / multiple code-list answer.
 * - `minLength` / `maxLength`: `value` is a number of characters.
 * - `pattern`: `value` is a regular expression (Unicode mode) that the whole
 *   text must match.
 * - `notFuture`: a date that is not after the `today` given to the validator.
 * - `notBefore`: `value` is an ISO date (`1900-01-01`) or the id of another
 *   date field (in a repeat group, a sibling first); the answer may not lie
 *   before it.
 * - `expr`: `expr` is a condition (conditions.ts) that must be true.
 *
 * Partial dates are judged leniently: an answer is only rejected when every
 * day it could stand for breaks the rule.
 */
export interface Constraint {
  readonly kind: ConstraintKind;
  readonly value?: number | string | undefined;
  readonly expr?: string | undefined;
  readonly message: LocalizedText;
}

/** One option of a single or multi choice field. */
export interface Choice {
  readonly value: string;
  readonly label: LocalizedText;
  /**
   * In a multi field: this choice stands alone ("self-assessment only" beside certificates).
   * Ticking it clears the others and ticking another clears it; an answer with it and another
   * choice is invalid.
   */
  readonly exclusive?: boolean | undefined;
}

/**
 * What an answer may be used for and who may receive it: purpose ids and recipient ids of the
 * consent notice (`content/notices/notice@<n>`). Set on a section, a repeat group or a field; the
 * nearest one counts (a field's replaces its group's, a group's its section's — never merged).
 * An empty `recipients` list means: used by the district itself, handed to nobody.
 */
export interface Disclosure {
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
}

/** The form-level declaration: every purpose and recipient id the form's mapping may name. */
export interface DisclosureVocabulary {
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
}

interface FieldBase {
  /** Unique within the whole form, including inside repeat groups; the answer key. */
  readonly id: string;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText | undefined;
  /** Why the question is asked, shown to the applicant (data minimisation). */
  readonly reason?: LocalizedText | undefined;
  readonly required?: boolean | undefined;
  /**
   * "Don't know / not stated" is an honest answer here (e.g. the class of a licence held): the
   * answer {@link NotStatedAnswer} then counts as given, also where the field is required.
   */
  readonly allowNotStated?: boolean | undefined;
  /** A condition (conditions.ts); when it is false the field is hidden and its answer ignored. */
  readonly visibleIf?: string | undefined;
  readonly constraints?: readonly Constraint[] | undefined;
  /** Purposes and recipients of this answer; overrides its group's and section's. */
  readonly disclosure?: Disclosure | undefined;
}

export interface TextField extends FieldBase {
  readonly type: 'text' | 'longtext';
}

export interface NumberField extends FieldBase {
  readonly type: 'number';
  /** Only whole numbers are accepted. */
  readonly integer?: boolean | undefined;
}

/** A date captured as parts; a day or month may be declared unknown where allowed. */
export interface DateField extends FieldBase {
  readonly type: 'date';
  readonly allowUnknownDay?: boolean | undefined;
  readonly allowUnknownMonth?: boolean | undefined;
}

export interface ChoiceField extends FieldBase {
  readonly type: 'single' | 'multi';
  readonly choices: readonly Choice[];
}

/** A searchable choice from one of the form's code lists. */
export interface CodeListField extends FieldBase {
  readonly type: 'codelist';
  /** Id of an entry in {@link FormDefinition.codeLists}. */
  readonly codeList: string;
  /** The answer is a list of codes instead of one code. */
  readonly multiple?: boolean | undefined;
}

/**
 * The CEFR self-assessment grid. Skill and level labels come from two code
 * lists of the form so that they are translated like everything else.
 */
export interface CefrField extends FieldBase {
  readonly type: 'cefr';
  /** Code list with exactly the codes of {@link cefrSkills}. */
  readonly skillsCodeList: string;
  /** Code list with exactly the codes of {@link cefrLevels}. */
  readonly levelsCodeList: string;
}

export interface YesNoField extends FieldBase {
  readonly type: 'yesno';
}

/** Display-only text; it has no answer. */
export interface NoteField extends FieldBase {
  readonly type: 'note';
}

/** One question (or note) of the form, discriminated by `type`. */
export type Field =
  | TextField
  | NumberField
  | DateField
  | ChoiceField
  | CodeListField
  | CefrField
  | YesNoField
  | NoteField;

/**
 * A block of fields the interviewer can add several times (one per language,
 * job, training …). Its answer is a list of instances. Groups do not nest.
 */
export interface RepeatGroup {
  readonly kind: 'group';
  readonly id: string;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText | undefined;
  readonly repeat: { readonly min?: number | undefined; readonly max?: number | undefined };
  readonly items: readonly Field[];
  readonly visibleIf?: string | undefined;
  /** Purposes and recipients of the group's fields, unless a field sets its own. */
  readonly disclosure?: Disclosure | undefined;
}

/** What a section holds: a field or a repeat group. */
export type Item = Field | RepeatGroup;

export interface Section {
  readonly id: string;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText | undefined;
  readonly items: readonly Item[];
  /** Purposes and recipients of the section's fields, unless a group or field sets its own. */
  readonly disclosure?: Disclosure | undefined;
}

/** One entry of a code list. */
export interface CodeListItem {
  readonly code: string;
  readonly label: LocalizedText;
  /** Further words that should find this entry, per language (synonyms, old names, everyday words). */
  readonly keywords?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Source-specific data, e.g. `isco08`, `bcp47`, `autonym`. */
  readonly extra?: Readonly<Record<string, string>> | undefined;
}

/** A published classification (countries, languages, occupations …). */
export interface CodeList {
  readonly id: string;
  readonly label: LocalizedText;
  /** Where the codes come from, e.g. `ISO 3166-1`. */
  readonly source: string;
  readonly items: readonly CodeListItem[];
}

export type TranslationReviewState = 'draft' | 'reviewed';

/** Whether a qualified translator has reviewed a language of the form. */
export interface TranslationInfo {
  readonly reviewState: TranslationReviewState;
  readonly reviewedBy?: string | undefined;
  readonly reviewedAt?: string | undefined;
}

/** A versioned, translated form. Published versions are immutable. */
export interface FormDefinition {
  readonly id: string;
  readonly version: number;
  readonly title: LocalizedText;
  /** BCP 47 tags; the first is always `de`. */
  readonly languages: readonly string[];
  readonly translations: Readonly<Record<string, TranslationInfo>>;
  readonly sections: readonly Section[];
  readonly codeLists: Readonly<Record<string, CodeList>>;
  /**
   * The purpose and recipient ids of the consent notice this form is mapped against. When set,
   * every answerable field has a {@link Disclosure} (its own, its group's or its section's).
   * Forms without it (profilingbogen@1) say nothing about recipients: nothing may be handed over.
   */
  readonly disclosure?: DisclosureVocabulary | undefined;
}

/**
 * A date with possibly unknown parts. `month`/`day` are `null` when unknown,
 * which the field must allow; an unknown month implies an unknown day.
 */
export interface DateAnswer {
  readonly year: number;
  readonly month: number | null;
  readonly day: number | null;
}

/** The answer "don't know / not stated", valid only where the field allows it (`allowNotStated`). */
export interface NotStatedAnswer {
  readonly notStated: true;
}

export function isNotStated(value: unknown): value is NotStatedAnswer {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { notStated?: unknown }).notStated === true && Object.keys(value).length === 1;
}

/** A filled CEFR grid: one level per skill. */
export type CefrAnswer = Readonly<Partial<Record<CefrSkill, CefrLevel>>>;

/**
 * The stored value of one field: text, a number (Western digits), a yes/no,
 * selected choice values or codes, a date in parts, a CEFR grid, "not stated"
 * where the field allows it, or `null` for "no answer".
 */
export type AnswerValue = string | number | boolean | readonly string[] | DateAnswer | CefrAnswer | NotStatedAnswer | null;

/** The answers of one repeat-group instance, keyed by field id. */
export type RepeatInstance = Readonly<Record<string, AnswerValue>>;

/**
 * All answers of one record, keyed by field id; a repeat group's key holds the
 * list of its instances.
 */
export type Answers = Readonly<Record<string, AnswerValue | readonly RepeatInstance[]>>;

export function isRepeatGroup(item: Item): item is RepeatGroup {
  return 'kind' in item && item.kind === 'group';
}
