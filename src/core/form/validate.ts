/**
 * Validation of a record's answers against the form definition it was
 * captured with, and the visibility/progress helpers the renderer uses.
 *
 * Hidden items (their `visibleIf` is false) are neither validated nor counted,
 * and whatever value they still hold is ignored: an interviewer who changes an
 * earlier answer must not be blocked by a question that has disappeared.
 * Validation never throws on malformed answers; it reports them as `type`.
 */
import {
  type ConditionAst,
  type ConditionScope,
  evaluateCondition,
  isEmptyAnswer,
  parseCondition,
} from './conditions';
import { daysInMonth, dateRange, isDateAnswer, isIsoDate } from './partial-date';
import { patternBacktrackingRisk } from './pattern-safety';
import {
  type AnswerValue,
  type Answers,
  type CodeList,
  type Constraint,
  type DateAnswer,
  type Field,
  type FormDefinition,
  type Item,
  type LocalizedText,
  type RepeatGroup,
  type RepeatInstance,
  type Section,
  cefrLevels,
  cefrSkills,
  isNotStated,
  isRepeatGroup,
} from './types';

export type ValidationCode =
  | 'required'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'notFuture'
  | 'notBefore'
  | 'expr'
  | 'type'
  | 'unknownChoice'
  | 'unknownCode'
  | 'repeatMin'
  | 'repeatMax'
  | 'unknownField';

/**
 * One problem with the answers. `path` locates the value (`birthDate`,
 * `workExperience[1].workCountry`); `message` is the constraint's own message
 * where the definition gives one, otherwise the UI words it from `code` and
 * `params`.
 */
export interface ValidationIssue {
  readonly path: string;
  readonly fieldId: string;
  readonly code: ValidationCode;
  readonly params?: Readonly<Record<string, unknown>> | undefined;
  readonly message?: LocalizedText | undefined;
}

export interface ValidationOptions {
  /** Today's date (`YYYY-MM-DD`) for `notFuture`; without it `notFuture` is not checked. */
  readonly today?: string | undefined;
}

// Definitions are immutable artifacts, so a parsed condition can be reused for the life of the app.
const parsedConditions = new Map<string, ConditionAst>();

function compiled(src: string): ConditionAst {
  let ast = parsedConditions.get(src);
  if (ast === undefined) {
    ast = parseCondition(src);
    parsedConditions.set(src, ast);
  }
  return ast;
}

function conditionHolds(src: string, scope: ConditionScope): boolean {
  try {
    return evaluateCondition(compiled(src), scope);
  } catch {
    // Only reachable with a definition that skipped parseFormDefinition; treat as unmet.
    return false;
  }
}

/**
 * Whether an item is shown. Inside a repeat group pass the instance's answers,
 * so that bare ids refer to the siblings in that instance.
 */
export function isVisible(item: Item, answers: Answers, instance?: RepeatInstance): boolean {
  if (item.visibleIf === undefined) return true;
  const scope: ConditionScope = instance === undefined ? { answers } : { answers, instance };
  return conditionHolds(item.visibleIf, scope);
}

/** A visible field and the path of its answer. */
export interface VisibleField {
  readonly kind: 'field';
  readonly field: Field;
  readonly path: string;
}

/** A visible repeat group with, per existing instance, the fields visible in it. */
export interface VisibleGroup {
  readonly kind: 'group';
  readonly group: RepeatGroup;
  readonly path: string;
  readonly instances: readonly {
    readonly index: number;
    readonly path: string;
    readonly fields: readonly VisibleField[];
  }[];
}

export interface VisibleSection {
  readonly section: Section;
  readonly items: readonly (VisibleField | VisibleGroup)[];
}

function instancesOf(answers: Answers, groupId: string): readonly RepeatInstance[] {
  const value = Object.hasOwn(answers, groupId) ? answers[groupId] : undefined;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry: unknown): entry is RepeatInstance => typeof entry === 'object' && entry !== null && !Array.isArray(entry),
  );
}

/** What the renderer shows for the current answers, section by section. */
export function visibleItems(def: FormDefinition, answers: Answers): VisibleSection[] {
  return def.sections.map((section) => ({
    section,
    items: section.items
      .filter((item) => isVisible(item, answers))
      .map((item): VisibleField | VisibleGroup => {
        if (!isRepeatGroup(item)) return { kind: 'field', field: item, path: item.id };
        return {
          kind: 'group',
          group: item,
          path: item.id,
          instances: instancesOf(answers, item.id).map((instance, index) => ({
            index,
            path: `${item.id}[${index}]`,
            fields: item.items
              .filter((field) => isVisible(field, answers, instance))
              .map((field) => ({ kind: 'field' as const, field, path: `${item.id}[${index}].${field.id}` })),
          })),
        };
      }),
  }));
}

/** Why a date answer is malformed for this field, or undefined when it is fine. */
function dateProblem(field: Field & { type: 'date' }, date: DateAnswer): string | undefined {
  if (!Number.isInteger(date.year) || date.year < 1000 || date.year > 9999) return 'year';
  if (date.month === null) {
    if (field.allowUnknownMonth !== true) return 'monthUnknownNotAllowed';
    if (date.day !== null) return 'dayWithoutMonth';
    return undefined;
  }
  if (!Number.isInteger(date.month) || date.month < 1 || date.month > 12) return 'month';
  if (date.day === null) return field.allowUnknownDay === true ? undefined : 'dayUnknownNotAllowed';
  if (!Number.isInteger(date.day) || date.day < 1 || date.day > daysInMonth(date.year, date.month)) return 'day';
  return undefined;
}

function codesOf(list: CodeList | undefined): ReadonlySet<string> {
  return new Set(list?.items.map((item) => item.code) ?? []);
}

interface FieldContext {
  readonly def: FormDefinition;
  readonly scope: ConditionScope;
  readonly options: ValidationOptions;
}

/** The codes of each list, per form definition: built once (the server checks every entry against them). */
const codeSetsByForm = new WeakMap<FormDefinition, Map<string, ReadonlySet<string>>>();

function codeSet(context: FieldContext, listId: string): ReadonlySet<string> {
  let sets = codeSetsByForm.get(context.def);
  if (!sets) {
    sets = new Map();
    codeSetsByForm.set(context.def, sets);
  }
  let codes = sets.get(listId);
  if (codes === undefined) {
    codes = codesOf(Object.hasOwn(context.def.codeLists, listId) ? context.def.codeLists[listId] : undefined);
    sets.set(listId, codes);
  }
  return codes;
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

/** Checks the answer's shape for the field type; returns issues or nothing. */
function typeIssues(field: Field, value: AnswerValue, path: string, context: FieldContext): ValidationIssue[] {
  const issue = (code: ValidationCode, params?: Record<string, unknown>): ValidationIssue =>
    params === undefined ? { path, fieldId: field.id, code } : { path, fieldId: field.id, code, params };
  switch (field.type) {
    case 'text':
    case 'longtext':
      return typeof value === 'string' ? [] : [issue('type', { expected: 'text' })];
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [issue('type', { expected: 'number' })];
      if (field.integer === true && !Number.isInteger(value)) return [issue('type', { expected: 'integer' })];
      return [];
    case 'yesno':
      return typeof value === 'boolean' ? [] : [issue('type', { expected: 'yesno' })];
    case 'date': {
      if (!isDateAnswer(value)) return [issue('type', { expected: 'date' })];
      const problem = dateProblem(field, value);
      return problem === undefined ? [] : [issue('type', { expected: 'date', problem })];
    }
    case 'single':
      if (typeof value !== 'string') return [issue('type', { expected: 'choice' })];
      return field.choices.some((choice) => choice.value === value) ? [] : [issue('unknownChoice', { value })];
    case 'multi': {
      if (!isStringArray(value)) return [issue('type', { expected: 'choices' })];
      if (new Set(value).size !== value.length) return [issue('type', { expected: 'choices', problem: 'duplicate' })];
      const unknown = value
        .filter((entry) => !field.choices.some((choice) => choice.value === entry))
        .map((entry) => issue('unknownChoice', { value: entry }));
      if (unknown.length > 0) return unknown;
      const alone = field.choices.find((choice) => choice.exclusive === true && value.length > 1 && value.includes(choice.value));
      return alone === undefined ? [] : [issue('type', { expected: 'choices', problem: 'exclusive', value: alone.value })];
    }
    case 'codelist': {
      const codes = codeSet(context, field.codeList);
      if (field.multiple === true) {
        if (!isStringArray(value)) return [issue('type', { expected: 'codes' })];
        if (new Set(value).size !== value.length) return [issue('type', { expected: 'codes', problem: 'duplicate' })];
        return value.filter((code) => !codes.has(code)).map((code) => issue('unknownCode', { value: code }));
      }
      if (typeof value !== 'string') return [issue('type', { expected: 'code' })];
      return codes.has(value) ? [] : [issue('unknownCode', { value })];
    }
    case 'cefr': {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || isDateAnswer(value)) {
        return [issue('type', { expected: 'cefr' })];
      }
      const issues: ValidationIssue[] = [];
      for (const [skill, level] of Object.entries(value)) {
        if (!(cefrSkills as readonly string[]).includes(skill)) {
          issues.push(issue('type', { expected: 'cefr', skill }));
        } else if (!(cefrLevels as readonly unknown[]).includes(level)) {
          issues.push(issue('unknownChoice', { skill, value: level }));
        }
      }
      return issues;
    }
    case 'note':
      return [issue('type', { expected: 'noAnswer' })];
  }
}

function lookupDate(scope: ConditionScope, id: string): DateAnswer | undefined {
  const value =
    scope.instance !== undefined && Object.hasOwn(scope.instance, id)
      ? scope.instance[id]
      : Object.hasOwn(scope.answers, id)
        ? scope.answers[id]
        : undefined;
  return isDateAnswer(value) ? value : undefined;
}

function constraintHolds(constraint: Constraint, value: AnswerValue, context: FieldContext): boolean {
  const limit = constraint.value;
  switch (constraint.kind) {
    case 'min':
    case 'max': {
      if (typeof limit !== 'number') return true;
      const amount = typeof value === 'number' ? value : Array.isArray(value) ? value.length : undefined;
      if (amount === undefined) return true;
      return constraint.kind === 'min' ? amount >= limit : amount <= limit;
    }
    case 'minLength':
    case 'maxLength': {
      if (typeof limit !== 'number' || typeof value !== 'string') return true;
      const length = [...value.trim()].length;
      return constraint.kind === 'minLength' ? length >= limit : length <= limit;
    }
    case 'pattern': {
      if (typeof limit !== 'string' || typeof value !== 'string') return true;
      const pattern = runnablePattern(limit);
      return pattern === null || pattern.test(value.trim());
    }
    case 'notFuture': {
      const today = context.options.today;
      if (today === undefined || !isDateAnswer(value)) return true;
      return dateRange(value).earliest <= today;
    }
    case 'notBefore': {
      if (typeof limit !== 'string' || !isDateAnswer(value)) return true;
      let bound: string;
      if (isIsoDate(limit)) {
        bound = limit;
      } else {
        const other = lookupDate(context.scope, limit);
        if (other === undefined) return true;
        bound = dateRange(other).earliest;
      }
      return dateRange(value).latest >= bound;
    }
    case 'expr':
      return constraint.expr === undefined || conditionHolds(constraint.expr, context.scope);
  }
}

/**
 * The longest text a field may hold, in characters (code points, after trimming), when the
 * form sets no lower `maxLength`. Text is measured against it before any pattern runs, so a
 * pattern never sees more than this, whatever a device sends.
 */
export const TEXT_LENGTH_LIMITS = { text: 1_000, longtext: 20_000 } as const;

const runnablePatterns = new Map<string, RegExp | null>();

/**
 * The compiled pattern, or `null` for one that could backtrack for minutes: a form published
 * before publishing checked patterns may still hold one. It is not run — the text is accepted
 * rather than freezing the tablet's form or the server's push.
 */
function runnablePattern(source: string): RegExp | null {
  let pattern = runnablePatterns.get(source);
  if (pattern === undefined) {
    pattern = patternBacktrackingRisk(source) === undefined ? new RegExp(`^(?:${source})$`, 'u') : null;
    runnablePatterns.set(source, pattern);
  }
  return pattern;
}

/**
 * Parses every condition of the form and decides every pattern once (issue #15): the caches above
 * hold them for the life of the app, so a form warmed here — while the tablet is locked and the
 * passphrase is typed, when its answers cannot be read yet — opens without that work in its first
 * render and its first check. Needs only the definition; changes nothing else.
 */
export function prepareForm(def: FormDefinition): void {
  const field = (item: Field) => {
    if (item.visibleIf !== undefined) compiledQuietly(item.visibleIf);
    for (const constraint of item.constraints ?? []) {
      if (constraint.kind === 'expr' && constraint.expr !== undefined) compiledQuietly(constraint.expr);
      if (constraint.kind === 'pattern' && typeof constraint.value === 'string') runnablePattern(constraint.value);
    }
  };
  for (const section of def.sections) {
    for (const item of section.items) {
      if (!isRepeatGroup(item)) {
        field(item);
        continue;
      }
      if (item.visibleIf !== undefined) compiledQuietly(item.visibleIf);
      item.items.forEach(field);
    }
  }
}

/** `compiled`, where a condition that does not parse stays for `conditionHolds` to judge (unmet). */
function compiledQuietly(src: string): void {
  try {
    compiled(src);
  } catch {
    // Only a definition that skipped parseFormDefinition has one.
  }
}

/** A text over the field's `maxLength` (or the form-wide limit): reported alone, before any pattern runs. */
function overLengthIssue(field: Field, value: AnswerValue, path: string): ValidationIssue | undefined {
  if ((field.type !== 'text' && field.type !== 'longtext') || typeof value !== 'string') return undefined;
  let limit: number = TEXT_LENGTH_LIMITS[field.type];
  let message: LocalizedText | undefined;
  for (const constraint of field.constraints ?? []) {
    if (constraint.kind === 'maxLength' && typeof constraint.value === 'number' && constraint.value < limit) {
      limit = constraint.value;
      message = constraint.message;
    }
  }
  // Code units bound code points from above: only a text that might be too long is counted.
  const trimmed = value.trim();
  if (trimmed.length <= limit || [...trimmed].length <= limit) return undefined;
  return { path, fieldId: field.id, code: 'maxLength', params: { limit }, message };
}

function fieldIssues(field: Field, raw: unknown, path: string, context: FieldContext): ValidationIssue[] {
  if (field.type === 'note') {
    return raw === undefined || raw === null ? [] : typeIssues(field, null, path, context);
  }
  if (isNotStated(raw)) {
    // An honest "don't know" satisfies required and has no value for constraints to judge.
    return field.allowNotStated === true ? [] : [{ path, fieldId: field.id, code: 'type', params: { expected: field.type, problem: 'notStatedNotAllowed' } }];
  }
  if (isEmptyAnswer(raw)) {
    if (field.required !== true) return [];
    return [{ path, fieldId: field.id, code: 'required' }];
  }
  const value = raw as AnswerValue;
  const shapeIssues = typeIssues(field, value, path, context);
  if (shapeIssues.length > 0) return shapeIssues;
  const overLength = overLengthIssue(field, value, path);
  if (overLength !== undefined) return [overLength];
  const issues: ValidationIssue[] = [];
  if (field.type === 'cefr' && field.required === true) {
    const filled = value as Record<string, unknown>;
    const missing = cefrSkills.filter((skill) => isEmptyAnswer(filled[skill]));
    if (missing.length > 0) issues.push({ path, fieldId: field.id, code: 'required', params: { missing } });
  }
  for (const constraint of field.constraints ?? []) {
    if (!constraintHolds(constraint, value, context)) {
      const params: Record<string, unknown> = {};
      if (constraint.value !== undefined) params.limit = constraint.value;
      if (constraint.kind === 'notFuture' && context.options.today !== undefined) params.today = context.options.today;
      issues.push({ path, fieldId: field.id, code: constraint.kind, params, message: constraint.message });
    }
  }
  return issues;
}

function groupIssues(group: RepeatGroup, raw: unknown, context: FieldContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { min, max } = group.repeat;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    return [{ path: group.id, fieldId: group.id, code: 'type', params: { expected: 'instances' } }];
  }
  const instances: readonly unknown[] = Array.isArray(raw) ? raw : [];
  if (min !== undefined && instances.length < min) {
    issues.push({ path: group.id, fieldId: group.id, code: 'repeatMin', params: { limit: min, count: instances.length } });
  }
  if (max !== undefined && instances.length > max) {
    issues.push({ path: group.id, fieldId: group.id, code: 'repeatMax', params: { limit: max, count: instances.length } });
  }
  instances.forEach((entry, index) => {
    const instancePath = `${group.id}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.push({ path: instancePath, fieldId: group.id, code: 'type', params: { expected: 'instance' } });
      return;
    }
    const instance = entry as RepeatInstance;
    const scope: ConditionScope = { answers: context.scope.answers, instance };
    const instanceContext: FieldContext = { ...context, scope };
    for (const field of group.items) {
      if (!isVisible(field, context.scope.answers, instance)) continue;
      const value = Object.hasOwn(instance, field.id) ? instance[field.id] : undefined;
      issues.push(...fieldIssues(field, value, `${instancePath}.${field.id}`, instanceContext));
    }
    for (const key of Object.keys(instance)) {
      if (!group.items.some((field) => field.id === key)) {
        issues.push({ path: `${instancePath}.${key}`, fieldId: key, code: 'unknownField' });
      }
    }
  });
  return issues;
}

function itemIssues(item: Item, answers: Answers, context: FieldContext): ValidationIssue[] {
  if (!isVisible(item, answers)) return [];
  const value = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
  return isRepeatGroup(item) ? groupIssues(item, value, context) : fieldIssues(item, value, item.id, context);
}

function newContext(def: FormDefinition, answers: Answers, options: ValidationOptions): FieldContext {
  return { def, scope: { answers }, options };
}

/**
 * Every problem of the answers: required answers missing, constraints broken,
 * values of the wrong shape, unknown choices/codes, repeat counts out of range,
 * and answer keys the form does not know. Hidden items are skipped.
 */
export function validateAnswers(def: FormDefinition, answers: Answers, opts: ValidationOptions = {}): ValidationIssue[] {
  const context = newContext(def, answers, opts);
  const issues: ValidationIssue[] = [];
  const known = new Set<string>();
  for (const section of def.sections) {
    for (const item of section.items) {
      known.add(item.id);
      issues.push(...itemIssues(item, answers, context));
    }
  }
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) issues.push({ path: key, fieldId: key, code: 'unknownField' });
  }
  return issues;
}

/** How far one section is: required answers given out of those currently required, and its issues. */
export interface SectionProgress {
  readonly sectionId: string;
  readonly answeredRequired: number;
  readonly totalRequired: number;
  readonly issues: readonly ValidationIssue[];
}

/**
 * Progress per section. Only visible required fields count (inside groups,
 * once per instance); a group with `repeat.min` counts as one requirement,
 * met when it has at least that many instances.
 */
export function sectionProgress(def: FormDefinition, answers: Answers, opts: ValidationOptions = {}): SectionProgress[] {
  const context = newContext(def, answers, opts);
  return def.sections.map((section) => {
    let answeredRequired = 0;
    let totalRequired = 0;
    const issues: ValidationIssue[] = [];
    const count = (field: Field, value: unknown): void => {
      if (field.required !== true || field.type === 'note') return;
      totalRequired += 1;
      if (!isEmptyAnswer(value)) answeredRequired += 1;
    };
    for (const item of section.items) {
      issues.push(...itemIssues(item, answers, context));
      if (!isVisible(item, answers)) continue;
      if (!isRepeatGroup(item)) {
        count(item, Object.hasOwn(answers, item.id) ? answers[item.id] : undefined);
        continue;
      }
      const instances = instancesOf(answers, item.id);
      const min = item.repeat.min ?? 0;
      if (min > 0) {
        totalRequired += 1;
        if (instances.length >= min) answeredRequired += 1;
      }
      for (const instance of instances) {
        for (const field of item.items) {
          if (isVisible(field, answers, instance)) count(field, Object.hasOwn(instance, field.id) ? instance[field.id] : undefined);
        }
      }
    }
    return { sectionId: section.id, answeredRequired, totalRequired, issues };
  });
}

/**
 * What still stands between the record and "complete": every validation issue,
 * with `today` so that dates in the future are caught. Empty means the record
 * may be completed.
 */
export function missingForCompletion(def: FormDefinition, answers: Answers, today: string): ValidationIssue[] {
  return validateAnswers(def, answers, { today });
}
