/**
 * The zod schema of a form definition and `parseFormDefinition`, the only way
 * a definition enters the app or the server.
 *
 * The schema checks shape (strict objects, so a misspelt `visibelIf` is an
 * error rather than silently ignored); the cross-checks check meaning: unique
 * ids, conditions that parse and read existing fields, code lists that exist.
 * Every problem is reported with its path in the JSON, so a coordinator can
 * fix a definition without reading code.
 */
import { z } from 'zod';
import { isLanguageTag } from '../text/index';
import { isIsoDate } from './partial-date';
import { type ConditionAst, ConditionSyntaxError, forEachReference, parseCondition } from './conditions';
import { patternBacktrackingRisk } from './pattern-safety';
import {
  cefrLevels,
  cefrSkills,
  constraintKinds,
  type CodeList,
  type Constraint,
  type Disclosure,
  type DisclosureVocabulary,
  type Field,
  type FormDefinition,
  type Item,
  type RepeatGroup,
  isRepeatGroup,
} from './types';
import { MAX_STORED_INT } from '../limits';


const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier: letters, digits and _, not starting with a digit');


export const localizedTextSchema = z
  .record(z.string(), z.string())
  .refine((text) => typeof text.de === 'string' && text.de.trim() !== '', {
    message: "German text ('de') is required and must not be empty",
  });

const constraintSchema = z.strictObject({
  kind: z.enum(constraintKinds),
  value: z.union([z.number(), z.string()]).optional(),
  expr: z.string().optional(),
  message: localizedTextSchema,
});

const choiceSchema = z.strictObject({
  value: z.string().min(1, 'a choice value must not be empty'),
  label: localizedTextSchema,
  exclusive: z.boolean().optional(),
});

const contentId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a notice id: lower-case letters, digits and -');

const disclosureSchema = z.strictObject({
  purposes: z.array(contentId).min(1, 'an answer serves at least one purpose'),
  recipients: z.array(contentId),
});

const disclosureVocabularySchema = z.strictObject({
  purposes: z.array(contentId).min(1, 'at least one purpose'),
  recipients: z.array(contentId),
});

const fieldBase = {
  id: identifier,
  label: localizedTextSchema,
  hint: localizedTextSchema.optional(),
  reason: localizedTextSchema.optional(),
  required: z.boolean().optional(),
  allowNotStated: z.boolean().optional(),
  visibleIf: z.string().optional(),
  constraints: z.array(constraintSchema).optional(),
  disclosure: disclosureSchema.optional(),
};

const fieldSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...fieldBase, type: z.enum(['text', 'longtext']) }),
  z.strictObject({ ...fieldBase, type: z.literal('number'), integer: z.boolean().optional() }),
  z.strictObject({
    ...fieldBase,
    type: z.literal('date'),
    allowUnknownDay: z.boolean().optional(),
    allowUnknownMonth: z.boolean().optional(),
  }),
  z.strictObject({
    ...fieldBase,
    type: z.enum(['single', 'multi']),
    choices: z.array(choiceSchema).min(1, 'a single or multi field needs at least one choice'),
  }),
  z.strictObject({ ...fieldBase, type: z.literal('codelist'), codeList: z.string(), multiple: z.boolean().optional() }),
  z.strictObject({ ...fieldBase, type: z.literal('cefr'), skillsCodeList: z.string(), levelsCodeList: z.string() }),
  z.strictObject({ ...fieldBase, type: z.literal('yesno') }),
  z.strictObject({ ...fieldBase, type: z.literal('note') }),
]);

const repeatGroupSchema = z.strictObject({
  kind: z.literal('group'),
  id: identifier,
  label: localizedTextSchema,
  hint: localizedTextSchema.optional(),
  repeat: z.strictObject({
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().positive().optional(),
  }),
  items: z.array(fieldSchema).min(1, 'a repeat group needs at least one field'),
  visibleIf: z.string().optional(),
  disclosure: disclosureSchema.optional(),
});

const itemSchema = z.union([repeatGroupSchema, fieldSchema]);

const sectionSchema = z.strictObject({
  id: identifier,
  label: localizedTextSchema,
  hint: localizedTextSchema.optional(),
  items: z.array(itemSchema),
  disclosure: disclosureSchema.optional(),
});

const codeListSchema = z.strictObject({
  id: identifier,
  label: localizedTextSchema,
  source: z.string().min(1),
  items: z.array(
    z.strictObject({
      code: z.string().min(1),
      label: localizedTextSchema,
      keywords: z.record(z.string(), z.array(z.string())).optional(),
      extra: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

const translationInfoSchema = z.strictObject({
  reviewState: z.enum(['draft', 'reviewed']),
  reviewedBy: z.string().optional(),
  reviewedAt: z.string().optional(),
});

type Path = readonly (string | number)[];
interface Problem {
  readonly path: Path;
  readonly message: string;
}

/** A field together with where it sits: its path and, inside a repeat group, the group. */
interface PlacedField {
  readonly field: Field;
  readonly path: Path;
  readonly group?: RepeatGroup;
}

function checkLanguages(def: FormDefinition, problems: Problem[]): void {
  if (def.languages[0] !== 'de') {
    problems.push({ path: ['languages', 0], message: "the first language must be 'de' (German is authoritative)" });
  }
  const seen = new Set<string>();
  def.languages.forEach((lang, i) => {
    if (!isLanguageTag(lang)) problems.push({ path: ['languages', i], message: `'${lang}' is not a BCP 47 language tag` });
    if (seen.has(lang)) problems.push({ path: ['languages', i], message: `language '${lang}' is listed twice` });
    seen.add(lang);
    if (!Object.hasOwn(def.translations, lang)) {
      problems.push({ path: ['translations'], message: `language '${lang}' has no entry in translations` });
    }
  });
  for (const lang of Object.keys(def.translations)) {
    if (!seen.has(lang)) {
      problems.push({ path: ['translations', lang], message: `'${lang}' is not one of the form's languages` });
    }
  }
}

function checkCodeLists(def: FormDefinition, problems: Problem[]): void {
  for (const [key, list] of Object.entries(def.codeLists)) {
    if (list.id !== key) {
      problems.push({ path: ['codeLists', key, 'id'], message: `id '${list.id}' differs from its key '${key}'` });
    }
    const codes = new Set<string>();
    list.items.forEach((item, i) => {
      if (codes.has(item.code)) {
        problems.push({ path: ['codeLists', key, 'items', i, 'code'], message: `code '${item.code}' occurs twice` });
      }
      codes.add(item.code);
    });
  }
}

function exactCodes(list: CodeList | undefined, expected: readonly string[]): boolean {
  if (list === undefined) return false;
  const codes = list.items.map((item) => item.code);
  return codes.length === expected.length && expected.every((code) => codes.includes(code));
}

/**
 * Checks a condition source: it must parse, and every id it reads must be a
 * field or group visible from where the condition sits (siblings inside a
 * group, top-level items everywhere); `count()` takes a group.
 */
function checkCondition(
  src: string,
  path: Path,
  group: RepeatGroup | undefined,
  topLevel: ReadonlyMap<string, Item>,
  problems: Problem[],
): void {
  let ast: ConditionAst;
  try {
    ast = parseCondition(src);
  } catch (error) {
    const message = error instanceof ConditionSyntaxError ? error.message : String(error);
    problems.push({ path, message: `syntax error: ${message}` });
    return;
  }
  const resolve = (id: string): Item | undefined =>
    group?.items.find((field) => field.id === id) ?? topLevel.get(id);
  forEachReference(ast, (node) => {
    switch (node.type) {
      case 'field': {
        const target = resolve(node.id);
        if (target === undefined) {
          problems.push({ path, message: `refers to unknown field '${node.id}' (at position ${node.pos})` });
        } else if (isRepeatGroup(target)) {
          problems.push({ path, message: `refers to repeat group '${node.id}' directly; use count(${node.id})` });
        }
        return;
      }
      case 'call': {
        const target = resolve(node.field);
        if (target === undefined) {
          problems.push({ path, message: `${node.fn}() refers to unknown field '${node.field}' (at position ${node.pos})` });
        } else if (node.fn === 'count' && !isRepeatGroup(target)) {
          problems.push({ path, message: `count() needs a repeat group, but '${node.field}' is a field` });
        } else if (node.fn === 'selected') {
          if (isRepeatGroup(target) || !['single', 'multi', 'codelist'].includes(target.type)) {
            problems.push({ path, message: `selected() needs a choice or code-list field, but '${node.field}' is not one` });
          } else if (
            (target.type === 'single' || target.type === 'multi') &&
            !target.choices.some((choice) => choice.value === node.value)
          ) {
            problems.push({ path, message: `'${node.value ?? ''}' is not a choice of '${node.field}'` });
          }
        }
        return;
      }
    }
  });
}

function checkConstraint(
  constraint: Constraint,
  placed: PlacedField,
  path: Path,
  topLevel: ReadonlyMap<string, Item>,
  problems: Problem[],
): void {
  const { field, group } = placed;
  const kind = constraint.kind;
  const fail = (message: string, key: string = 'kind'): void => {
    problems.push({ path: [...path, key], message });
  };
  const isMultiple =
    field.type === 'multi' || (field.type === 'codelist' && field.multiple === true);
  switch (kind) {
    case 'min':
    case 'max':
      if (typeof constraint.value !== 'number') fail(`a ${kind} constraint needs a number value`, 'value');
      if (field.type !== 'number' && !isMultiple) fail(`${kind} applies to number fields and multiple selections, not to '${field.type}'`);
      return;
    case 'minLength':
    case 'maxLength':
      if (typeof constraint.value !== 'number' || !Number.isInteger(constraint.value) || constraint.value < 0) {
        fail(`a ${kind} constraint needs a whole, non-negative number value`, 'value');
      }
      if (field.type !== 'text' && field.type !== 'longtext') fail(`${kind} applies to text fields, not to '${field.type}'`);
      return;
    case 'pattern':
      if (typeof constraint.value !== 'string') {
        fail('a pattern constraint needs a regular expression as value', 'value');
      } else {
        try {
          new RegExp(constraint.value, 'u');
        } catch {
          fail(`'${constraint.value}' is not a valid regular expression`, 'value');
        }
      }
      if (field.type !== 'text' && field.type !== 'longtext') fail(`pattern applies to text fields, not to '${field.type}'`);
      return;
    case 'notFuture':
      if (field.type !== 'date') fail(`notFuture applies to date fields, not to '${field.type}'`);
      return;
    case 'notBefore': {
      if (field.type !== 'date') fail(`notBefore applies to date fields, not to '${field.type}'`);
      const value = constraint.value;
      if (typeof value !== 'string') {
        fail('a notBefore constraint needs an ISO date or a date field id as value', 'value');
        return;
      }
      if (isIsoDate(value)) return;
      const target = group?.items.find((f) => f.id === value) ?? topLevel.get(value);
      if (target === undefined || isRepeatGroup(target) || target.type !== 'date') {
        fail(`'${value}' is neither an ISO date (YYYY-MM-DD) nor a date field`, 'value');
      }
      return;
    }
    case 'expr':
      if (constraint.expr === undefined) {
        fail('an expr constraint needs an expr', 'expr');
        return;
      }
      checkCondition(constraint.expr, [...path, 'expr'], group, topLevel, problems);
      return;
  }
}

function checkField(
  placed: PlacedField,
  def: FormDefinition,
  topLevel: ReadonlyMap<string, Item>,
  problems: Problem[],
): void {
  const { field, path, group } = placed;
  if (field.visibleIf !== undefined) {
    checkCondition(field.visibleIf, [...path, 'visibleIf'], group, topLevel, problems);
  }
  field.constraints?.forEach((constraint, i) => {
    checkConstraint(constraint, placed, [...path, 'constraints', i], topLevel, problems);
  });
  if (field.type === 'single' || field.type === 'multi') {
    const values = new Set<string>();
    field.choices.forEach((choice, i) => {
      if (values.has(choice.value)) {
        problems.push({ path: [...path, 'choices', i, 'value'], message: `choice value '${choice.value}' occurs twice` });
      }
      values.add(choice.value);
    });
  }
  if (field.type === 'codelist' && !Object.hasOwn(def.codeLists, field.codeList)) {
    problems.push({ path: [...path, 'codeList'], message: `code list '${field.codeList}' does not exist` });
  }
  if (field.type === 'cefr') {
    if (!exactCodes(Object.hasOwn(def.codeLists, field.skillsCodeList) ? def.codeLists[field.skillsCodeList] : undefined, cefrSkills)) {
      problems.push({
        path: [...path, 'skillsCodeList'],
        message: `code list '${field.skillsCodeList}' must exist and hold exactly the codes ${cefrSkills.join(', ')}`,
      });
    }
    if (!exactCodes(Object.hasOwn(def.codeLists, field.levelsCodeList) ? def.codeLists[field.levelsCodeList] : undefined, cefrLevels)) {
      problems.push({
        path: [...path, 'levelsCodeList'],
        message: `code list '${field.levelsCodeList}' must exist and hold exactly the codes ${cefrLevels.join(', ')}`,
      });
    }
  }
  if (field.type === 'note' && field.required === true) {
    problems.push({ path: [...path, 'required'], message: 'a note has no answer and cannot be required' });
  }
  if (field.type === 'note' && field.allowNotStated === true) {
    problems.push({ path: [...path, 'allowNotStated'], message: 'a note has no answer, not even "not stated"' });
  }
  if (field.type === 'single' && field.choices.some((choice) => choice.exclusive === true)) {
    problems.push({ path: [...path, 'choices'], message: 'exclusive choices belong to a multi field; a single choice is exclusive anyway' });
  }
}

/** The cross-checks that the shape alone cannot express. */
function crossCheck(def: FormDefinition): Problem[] {
  const problems: Problem[] = [];
  checkLanguages(def, problems);
  checkCodeLists(def, problems);

  const topLevel = new Map<string, Item>();
  const firstSeenAt = new Map<string, string>();
  const placedFields: PlacedField[] = [];
  const groups: { group: RepeatGroup; path: Path }[] = [];
  const sectionIds = new Set<string>();

  const claimId = (id: string, path: Path): void => {
    const earlier = firstSeenAt.get(id);
    if (earlier !== undefined) {
      problems.push({ path: [...path, 'id'], message: `id '${id}' is already used at ${earlier}` });
    } else {
      firstSeenAt.set(id, formatPath(path));
    }
  };

  def.sections.forEach((section, s) => {
    if (sectionIds.has(section.id)) {
      problems.push({ path: ['sections', s, 'id'], message: `section id '${section.id}' occurs twice` });
    }
    sectionIds.add(section.id);
    section.items.forEach((item, i) => {
      const path: Path = ['sections', s, 'items', i];
      claimId(item.id, path);
      if (!topLevel.has(item.id)) topLevel.set(item.id, item);
      if (isRepeatGroup(item)) {
        groups.push({ group: item, path });
        item.items.forEach((field, f) => {
          const fieldPath: Path = [...path, 'items', f];
          claimId(field.id, fieldPath);
          placedFields.push({ field, path: fieldPath, group: item });
        });
      } else {
        placedFields.push({ field: item, path });
      }
    });
  });

  for (const { group, path } of groups) {
    if (group.visibleIf !== undefined) {
      checkCondition(group.visibleIf, [...path, 'visibleIf'], undefined, topLevel, problems);
    }
    const { min, max } = group.repeat;
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({ path: [...path, 'repeat'], message: `min (${min}) is greater than max (${max})` });
    }
  }
  for (const placed of placedFields) checkField(placed, def, topLevel, problems);
  checkDisclosures(def, problems);
  return problems;
}

function checkDisclosureIds(disclosure: Disclosure, vocabulary: DisclosureVocabulary, path: Path, problems: Problem[]): void {
  for (const key of ['purposes', 'recipients'] as const) {
    const seen = new Set<string>();
    disclosure[key].forEach((id, i) => {
      if (!vocabulary[key].includes(id)) {
        problems.push({ path: [...path, 'disclosure', key, i], message: `'${id}' is not one of the form's ${key} (disclosure.${key})` });
      }
      if (seen.has(id)) problems.push({ path: [...path, 'disclosure', key, i], message: `'${id}' is listed twice` });
      seen.add(id);
    });
  }
}

/**
 * The recipient mapping: ids only from the form-level vocabulary, and — once a form declares
 * one — every answerable field covered, so that no answer is handed over (or withheld) by accident.
 */
function checkDisclosures(def: FormDefinition, problems: Problem[]): void {
  const vocabulary = def.disclosure;
  const nodes: { disclosure: Disclosure; path: Path }[] = [];
  if (vocabulary !== undefined) {
    for (const key of ['purposes', 'recipients'] as const) {
      const seen = new Set<string>();
      vocabulary[key].forEach((id, i) => {
        if (seen.has(id)) problems.push({ path: ['disclosure', key, i], message: `'${id}' is listed twice` });
        seen.add(id);
      });
    }
  }
  def.sections.forEach((section, s) => {
    const sectionPath: Path = ['sections', s];
    if (section.disclosure !== undefined) nodes.push({ disclosure: section.disclosure, path: sectionPath });
    section.items.forEach((item, i) => {
      const itemPath: Path = [...sectionPath, 'items', i];
      if (item.disclosure !== undefined) nodes.push({ disclosure: item.disclosure, path: itemPath });
      const fields: { field: Field; path: Path; inherited: boolean }[] = isRepeatGroup(item)
        ? item.items.map((field, f) => ({ field, path: [...itemPath, 'items', f], inherited: item.disclosure !== undefined || section.disclosure !== undefined }))
        : [{ field: item, path: itemPath, inherited: section.disclosure !== undefined }];
      for (const { field, path, inherited } of fields) {
        if (isRepeatGroup(item) && field.disclosure !== undefined) nodes.push({ disclosure: field.disclosure, path });
        if (vocabulary !== undefined && field.type !== 'note' && field.disclosure === undefined && !inherited) {
          problems.push({ path, message: `field '${field.id}' has no disclosure (purposes and recipients), neither its own nor of its group or section` });
        }
      }
    });
  });
  for (const { disclosure, path } of nodes) {
    if (vocabulary === undefined) {
      problems.push({ path: [...path, 'disclosure'], message: 'a disclosure needs the form-level disclosure (the purposes and recipients of the notice)' });
    } else {
      checkDisclosureIds(disclosure, vocabulary, path, problems);
    }
  }
}

/**
 * The complete schema of a form definition, shape and cross-checks.
 * Prefer {@link parseFormDefinition}, which reports readable paths.
 */
export const formDefinitionSchema = z
  .strictObject({
    id: identifier,
    version: z.number().int().positive().max(MAX_STORED_INT),
    title: localizedTextSchema,
    languages: z.array(z.string()).min(1, 'at least German must be listed'),
    translations: z.record(z.string(), translationInfoSchema),
    sections: z.array(sectionSchema).min(1, 'a form needs at least one section'),
    codeLists: z.record(z.string(), codeListSchema),
    disclosure: disclosureVocabularySchema.optional(),
  })
  .superRefine((def, ctx) => {
    for (const problem of crossCheck(def)) {
      ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    }
  });

/**
 * What keeps a valid definition from being published (the server's publish route, content on
 * first start, the authoring import): a pattern that could backtrack catastrophically. Kept
 * apart from parsing, so that a form published before this check still loads on tablets and
 * the server; validation does not run such a pattern (validate.ts).
 */
export function publishingProblems(def: FormDefinition): FormDefinitionError[] {
  const problems: FormDefinitionError[] = [];
  const checkField = (field: Field, path: Path): void => {
    field.constraints?.forEach((constraint, c) => {
      if (constraint.kind !== 'pattern' || typeof constraint.value !== 'string') return;
      const risk = patternBacktrackingRisk(constraint.value);
      if (risk === undefined) return;
      problems.push({
        path: formatPath([...path, 'constraints', c, 'value']),
        message: `field '${field.id}': the pattern '${constraint.value}' could freeze the tablet and the server (catastrophic backtracking): ${risk}`,
      });
    });
  };
  def.sections.forEach((section, s) => {
    section.items.forEach((item, i) => {
      const path: Path = ['sections', s, 'items', i];
      if (isRepeatGroup(item)) item.items.forEach((field, f) => checkField(field, [...path, 'items', f]));
      else checkField(item, path);
    });
  });
  return problems;
}

/** One problem of a rejected definition: where (`sections[3].items[2].visibleIf`) and what. */
export interface FormDefinitionError {
  readonly path: string;
  readonly message: string;
}

export type ParseFormDefinitionResult =
  | { readonly ok: true; readonly definition: FormDefinition }
  | { readonly ok: false; readonly errors: readonly FormDefinitionError[] };

/** `['sections', 3, 'items', 2, 'visibleIf']` → `sections[3].items[2].visibleIf`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? '(root)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (typeof key === 'symbol' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/** Rewrites zod's issues as path + plain-English message, resolving item unions by the input's shape. */
function collectErrors(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[], input: unknown, out: FormDefinitionError[]): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const value = valueAt(input, path);
    switch (issue.code) {
      case 'invalid_union': {
        if (issue.errors.length === 2 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
          // Items are a group (kind: 'group') or a field (type: …): report only the branch the author meant.
          const meantGroup = (value as { kind?: unknown }).kind === 'group';
          const branch = meantGroup ? issue.errors[0] : issue.errors[1];
          if (branch !== undefined && (meantGroup || 'type' in value)) {
            collectErrors(branch, path, input, out);
            break;
          }
          out.push({
            path: formatPath(path),
            message: "an item must be a field (with 'type') or a repeat group (with kind: 'group')",
          });
          break;
        }
        if ('note' in issue && issue.note === 'No matching discriminator') {
          // zod points at the discriminator itself; the message names the value found there.
          const typePath = path[path.length - 1] === 'type' ? path : [...path, 'type'];
          const type = valueAt(input, typePath);
          out.push({
            path: formatPath(typePath),
            message:
              type === undefined
                ? "a field needs a 'type'"
                : `unknown field type ${JSON.stringify(type)}; expected one of text, longtext, number, date, single, multi, codelist, cefr, yesno, note`,
          });
          break;
        }
        out.push({ path: formatPath(path), message: 'does not match any allowed form' });
        break;
      }
      case 'invalid_type':
        out.push({
          path: formatPath(path),
          message: value === undefined ? `is required (${issue.expected})` : `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, not ${describeType(value)}`,
        });
        break;
      case 'unrecognized_keys':
        out.push({
          path: formatPath(path),
          message: `unknown ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map((k) => `'${k}'`).join(', ')}`,
        });
        break;
      case 'invalid_value':
        out.push({
          path: formatPath(path),
          message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}`,
        });
        break;
      default:
        out.push({ path: formatPath(path), message: issue.message });
    }
  }
}

/**
 * Checks unknown JSON against the form-definition schema and all cross-checks.
 * Either the typed definition, or every problem found with its path.
 */
export function parseFormDefinition(json: unknown): ParseFormDefinitionResult {
  const result = formDefinitionSchema.safeParse(json);
  if (result.success) {
    const definition: FormDefinition = result.data;
    return { ok: true, definition };
  }
  const errors: FormDefinitionError[] = [];
  collectErrors(result.error.issues, [], json, errors);
  return { ok: false, errors };
}
