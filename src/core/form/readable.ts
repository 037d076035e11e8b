/**
 * A record's answers as a coordinator reads them: in the form's order (sections, fields, repeat
 * groups with their instances), each question and each chosen code with the form's own label in
 * German and English (the coordinators' languages), dates kept partial, and what changed from one
 * revision to the next, field by field.
 *
 * The labels come from the form version a revision was captured with, so a later version that
 * renames a question does not rewrite what an earlier one asked. Pure: the server builds these for
 * the record page; the page only formats dates and numbers in its UI language.
 */
import { canonicalJson } from '../sync/index';
import { localized } from './localize';
import { isDateAnswer } from './partial-date';
import {
  isNotStated,
  isRepeatGroup,
  type AnswerValue,
  type Answers,
  type Field,
  type FormDefinition,
  type LocalizedText,
  type RepeatInstance,
} from './types';

/** The languages coordinators work in. */
export const readableLanguages = ['de', 'en'] as const;
export type ReadableLanguage = (typeof readableLanguages)[number];

/** A text in each coordinator language (the German text where a translation is missing). */
export type Labels = Readonly<Record<ReadableLanguage, string>>;

export type ShownValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'yesno'; readonly value: boolean }
  /** A partial date: `month`/`day` null when unknown. */
  | { readonly kind: 'date'; readonly year: number; readonly month: number | null; readonly day: number | null }
  /** Chosen choices or codes, each with its label (null: the code is not in the form's list). */
  | { readonly kind: 'codes'; readonly items: readonly { readonly code: string; readonly label: Labels | null }[] }
  /** A CEFR grid: one level per assessed skill, in the grid's order. */
  | {
      readonly kind: 'cefr';
      readonly rows: readonly { readonly skill: string; readonly skillLabel: Labels | null; readonly level: string; readonly levelLabel: Labels | null }[];
    }
  /** "Don't know / not stated", where the field allows it. */
  | { readonly kind: 'notStated' }
  /** A value the form cannot say anything about (an answer of a field the form does not have). */
  | { readonly kind: 'raw'; readonly json: string };

export interface ShownField {
  readonly kind: 'field';
  readonly id: string;
  /** `surname`, or in a repeat group `workExperience[0].jobTitle` (0-based instance). */
  readonly path: string;
  readonly label: Labels;
  readonly value: ShownValue;
}

export interface ShownGroup {
  readonly kind: 'group';
  readonly id: string;
  readonly label: Labels;
  /** Each instance's answered fields, in the group's order. */
  readonly instances: readonly (readonly ShownField[])[];
}

export interface ShownSection {
  readonly id: string;
  readonly label: Labels;
  /** Only what was answered. */
  readonly items: readonly (ShownField | ShownGroup)[];
}

export interface ShownAnswers {
  readonly sections: readonly ShownSection[];
  /** Answers the form has no question for (none after validation; shown rather than hidden). */
  readonly other: readonly ShownField[];
}

export const changeKinds = ['added', 'changed', 'removed'] as const;
export type ChangeKind = (typeof changeKinds)[number];

/** One field that differs between two revisions. */
export interface AnswerChange {
  readonly kind: ChangeKind;
  readonly path: string;
  /** The section, the group and its instance number (1-based) where there is one, and the question. */
  readonly section: Labels | null;
  readonly group: { readonly label: Labels; readonly number: number } | null;
  readonly label: Labels;
  readonly before: ShownValue | null;
  readonly after: ShownValue | null;
}

export function labelsOf(text: LocalizedText): Labels {
  return { de: localized(text, 'de').text, en: localized(text, 'en').text };
}

const plainLabels = (text: string): Labels => ({ de: text, en: text });

/** No answer: null, '', only spaces, an empty list or an empty CEFR grid. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && !isDateAnswer(value) && !isNotStated(value)) return Object.keys(value).length === 0;
  return false;
}

function codeLabel(form: FormDefinition, listId: string, code: string): Labels | null {
  const item = form.codeLists[listId]?.items.find((entry) => entry.code === code);
  return item ? labelsOf(item.label) : null;
}

const raw = (value: unknown): ShownValue => ({ kind: 'raw', json: canonicalJson(value) });

/** One answer as shown; the field's type decides, anything that does not fit it is shown raw. */
export function showValue(form: FormDefinition, field: Field, value: AnswerValue): ShownValue {
  if (isNotStated(value)) return { kind: 'notStated' };
  switch (field.type) {
    case 'text':
    case 'longtext':
      return typeof value === 'string' ? { kind: 'text', text: value } : raw(value);
    case 'number':
      return typeof value === 'number' ? { kind: 'number', value } : raw(value);
    case 'yesno':
      return typeof value === 'boolean' ? { kind: 'yesno', value } : raw(value);
    case 'date':
      return isDateAnswer(value) ? { kind: 'date', year: value.year, month: value.month, day: value.day } : raw(value);
    case 'single':
    case 'multi': {
      const codes = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
      if (codes === null) return raw(value);
      return { kind: 'codes', items: codes.map((code) => ({ code, label: ((choice) => (choice ? labelsOf(choice.label) : null))(field.choices.find((c) => c.value === code)) })) };
    }
    case 'codelist': {
      const codes = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
      if (codes === null) return raw(value);
      return { kind: 'codes', items: codes.map((code) => ({ code, label: codeLabel(form, field.codeList, code) })) };
    }
    case 'cefr': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return raw(value);
      const grid = value as Record<string, unknown>;
      const skills = form.codeLists[field.skillsCodeList]?.items.map((item) => item.code) ?? [];
      const order = [...skills, ...Object.keys(grid).filter((skill) => !skills.includes(skill))];
      const rows = order
        .filter((skill) => typeof grid[skill] === 'string')
        .map((skill) => {
          const level = grid[skill] as string;
          return { skill, skillLabel: codeLabel(form, field.skillsCodeList, skill), level, levelLabel: codeLabel(form, field.levelsCodeList, level) };
        });
      return { kind: 'cefr', rows };
    }
    case 'note':
      return raw(value);
  }
}

/** Where each answered field of a record sits, in the form's order: the shape both views below walk. */
interface Located {
  readonly path: string;
  readonly section: Labels | null;
  readonly group: { readonly id: string; readonly label: Labels; readonly index: number } | null;
  readonly field: Field | null;
  readonly id: string;
  readonly value: unknown;
}

function locate(form: FormDefinition | null, answers: Answers): Located[] {
  const out: Located[] = [];
  const known = new Set<string>();
  for (const section of form?.sections ?? []) {
    const sectionLabel = labelsOf(section.label);
    for (const item of section.items) {
      known.add(item.id);
      const value = answers[item.id];
      if (isRepeatGroup(item)) {
        const instances = Array.isArray(value) ? (value as readonly RepeatInstance[]) : [];
        instances.forEach((instance, index) => {
          if (typeof instance !== 'object' || instance === null) return;
          const group = { id: item.id, label: labelsOf(item.label), index };
          for (const field of item.items) {
            if (field.type === 'note' || isEmpty(instance[field.id])) continue;
            out.push({ path: `${item.id}[${index}].${field.id}`, section: sectionLabel, group, field, id: field.id, value: instance[field.id] });
          }
          for (const key of Object.keys(instance)) {
            if (item.items.some((field) => field.id === key) || isEmpty(instance[key])) continue;
            out.push({ path: `${item.id}[${index}].${key}`, section: sectionLabel, group, field: null, id: key, value: instance[key] });
          }
        });
        if (value !== undefined && !Array.isArray(value) && !isEmpty(value)) out.push({ path: item.id, section: null, group: null, field: null, id: item.id, value });
      } else if (item.type !== 'note' && !isEmpty(value)) {
        out.push({ path: item.id, section: sectionLabel, group: null, field: item, id: item.id, value });
      }
    }
  }
  for (const [key, value] of Object.entries(answers)) {
    if (known.has(key) || isEmpty(value)) continue;
    out.push({ path: key, section: null, group: null, field: null, id: key, value });
  }
  return out;
}

function shownOf(form: FormDefinition | null, located: Located): ShownValue {
  return form && located.field ? showValue(form, located.field, located.value as AnswerValue) : raw(located.value);
}

function labelOf(located: Located): Labels {
  return located.field ? labelsOf(located.field.label) : plainLabels(located.id);
}

/**
 * The answered fields of `answers` in the order of `form` (null: the form is not published here;
 * every answer is then shown raw under its key).
 */
export function showAnswers(form: FormDefinition | null, answers: Answers): ShownAnswers {
  const located = locate(form, answers);
  const sections: ShownSection[] = [];
  const other: ShownField[] = [];
  const fieldOf = (entry: Located): ShownField => ({ kind: 'field', id: entry.id, path: entry.path, label: labelOf(entry), value: shownOf(form, entry) });
  for (const section of form?.sections ?? []) {
    const label = labelsOf(section.label);
    const items: (ShownField | ShownGroup)[] = [];
    for (const item of section.items) {
      const own = located.filter((entry) => entry.section !== null && (entry.group ? entry.group.id === item.id : entry.id === item.id && entry.path === item.id));
      if (own.length === 0) continue;
      if (isRepeatGroup(item)) {
        const instances: ShownField[][] = [];
        for (const entry of own) (instances[entry.group!.index] ??= []).push(fieldOf(entry));
        // An instance with nothing answered keeps its place, so instance numbers match the tablet's.
        items.push({ kind: 'group', id: item.id, label: labelsOf(item.label), instances: Array.from(instances, (fields) => fields ?? []) });
      } else {
        items.push(fieldOf(own[0]!));
      }
    }
    sections.push({ id: section.id, label, items });
  }
  for (const entry of located) if (entry.section === null) other.push(fieldOf(entry));
  return { sections: sections.filter((section) => section.items.length > 0), other };
}

/**
 * What changed from `before` to `after`, field by field: a field answered only after is `added`,
 * only before `removed`, in both with another value `changed`. Repeat-group instances are compared
 * by position (the tablet keeps their order). Each side is labelled from its own form version; the
 * order is that of `after`, then what was removed in the order of `before`.
 */
export function answerChanges(
  before: { form: FormDefinition | null; answers: Answers | null },
  after: { form: FormDefinition | null; answers: Answers | null },
): AnswerChange[] {
  const old = new Map(locate(before.form, before.answers ?? {}).map((entry) => [entry.path, entry]));
  const changes: AnswerChange[] = [];
  const place = (entry: Located) => ({
    path: entry.path,
    section: entry.section,
    group: entry.group ? { label: entry.group.label, number: entry.group.index + 1 } : null,
    label: labelOf(entry),
  });
  for (const entry of locate(after.form, after.answers ?? {})) {
    const previous = old.get(entry.path);
    old.delete(entry.path);
    if (!previous) changes.push({ kind: 'added', ...place(entry), before: null, after: shownOf(after.form, entry) });
    else if (canonicalJson(previous.value) !== canonicalJson(entry.value)) {
      changes.push({ kind: 'changed', ...place(entry), before: shownOf(before.form, previous), after: shownOf(after.form, entry) });
    }
  }
  for (const entry of old.values()) changes.push({ kind: 'removed', ...place(entry), before: shownOf(before.form, entry), after: null });
  return changes;
}
