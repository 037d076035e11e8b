/**
 * The bridge between stored answers (`Answers`, see src/core/form) and what the inputs of the
 * renderer hold (react-hook-form values): text inputs hold strings, a date is three text parts
 * plus the "unknown" toggles, yes/no is a radio value. Converting back yields answers in the
 * stored shape — numbers in Western digits, dates as parts — and, for input that cannot be an
 * answer yet (a half-typed date, "12a" in a number field), an entry issue instead of a value.
 */
import {
  cefrSkills,
  dateAnswerToIso,
  isDateAnswer,
  isEmptyAnswer,
  isNotStated,
  isRepeatGroup,
  isVisible,
  type AnswerValue,
  type Answers,
  type CefrAnswer,
  type DateAnswer,
  type Field,
  type FormDefinition,
  type NotStatedAnswer,
  type RepeatGroup,
  type RepeatInstance,
  type ValidationIssue,
} from '../../../core/form';

/** A date as typed: three parts and, where the field allows them, "day/month unknown". */
export interface DateParts {
  day: string;
  month: string;
  year: string;
  dayUnknown: boolean;
  monthUnknown: boolean;
}

/** A CEFR grid as the radios hold it: one level per skill, `''` for none chosen yet. */
export type CefrParts = Record<string, string>;

/** The input value of one field; "not stated" stays itself (the control is hidden then). */
export type FieldFormValue = string | string[] | DateParts | CefrParts | NotStatedAnswer;

export const NOT_STATED: NotStatedAnswer = { notStated: true };
export type InstanceFormValues = Record<string, FieldFormValue>;
/** All input values, keyed by field id; a repeat group holds a list of instances. */
export type FormValues = Record<string, FieldFormValue | InstanceFormValues[]>;

const easternDigits = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g;

/** Arabic-Indic, Persian and Devanagari digits to Western digits: answers are stored with 0–9. */
export function normalizeDigits(text: string): string {
  return text.replace(easternDigits, (digit) => {
    const code = digit.charCodeAt(0);
    const zero = code >= 0x0966 ? 0x0966 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - zero);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function emptyDateParts(): DateParts {
  return { day: '', month: '', year: '', dayUnknown: false, monthUnknown: false };
}

/** The input value a field starts with when it has no answer. */
export function emptyFieldValue(field: Field): FieldFormValue {
  switch (field.type) {
    case 'multi':
      return [];
    case 'codelist':
      return field.multiple === true ? [] : '';
    case 'date':
      return emptyDateParts();
    case 'cefr':
      return {};
    default:
      return '';
  }
}

/** The input value that shows a stored answer. Malformed answers show as well as they can. */
export function fieldValueFromAnswer(field: Field, answer: unknown): FieldFormValue {
  if (isNotStated(answer)) return NOT_STATED;
  if (isEmptyAnswer(answer)) return emptyFieldValue(field);
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'number':
    case 'single':
      return typeof answer === 'string' || typeof answer === 'number' ? String(answer) : '';
    case 'yesno':
      return answer === true ? 'yes' : answer === false ? 'no' : '';
    case 'multi':
      return Array.isArray(answer) ? answer.filter((entry): entry is string => typeof entry === 'string') : [];
    case 'codelist':
      if (field.multiple === true) {
        return Array.isArray(answer) ? answer.filter((entry): entry is string => typeof entry === 'string') : [];
      }
      return typeof answer === 'string' ? answer : '';
    case 'date': {
      if (!isDateAnswer(answer)) return emptyDateParts();
      const monthUnknown = answer.month === null;
      return {
        year: String(answer.year),
        month: monthUnknown ? '' : String(answer.month),
        day: answer.day === null ? '' : String(answer.day),
        monthUnknown,
        dayUnknown: monthUnknown || answer.day === null,
      };
    }
    case 'cefr': {
      if (!isRecord(answer)) return {};
      const parts: CefrParts = {};
      for (const skill of cefrSkills) {
        const level = answer[skill];
        if (typeof level === 'string') parts[skill] = level;
      }
      return parts;
    }
    case 'note':
      return '';
  }
}

/** Why typed input is not an answer yet; becomes a `type` issue the interviewer sees. */
export type EntryProblem = { expected: 'number' } | { expected: 'date'; problem: 'incomplete' };

export type FieldConversion = { answer: AnswerValue | undefined; problem?: EntryProblem | undefined };

const wholeDigits = /^[0-9]+$/;

function dateAnswerFromParts(field: Field & { type: 'date' }, parts: DateParts): FieldConversion {
  const year = normalizeDigits(parts.year).trim();
  const month = normalizeDigits(parts.month).trim();
  const day = normalizeDigits(parts.day).trim();
  const monthUnknown = parts.monthUnknown && field.allowUnknownMonth === true;
  const dayUnknown = monthUnknown || (parts.dayUnknown && field.allowUnknownDay === true);
  if (year === '' && month === '' && day === '' && !monthUnknown && !dayUnknown) return { answer: undefined };
  const incomplete: FieldConversion = { answer: undefined, problem: { expected: 'date', problem: 'incomplete' } };
  if (!wholeDigits.test(year)) return incomplete;
  if (monthUnknown) return { answer: { year: Number(year), month: null, day: null } };
  if (!wholeDigits.test(month)) return incomplete;
  if (dayUnknown) return { answer: { year: Number(year), month: Number(month), day: null } };
  if (!wholeDigits.test(day)) return incomplete;
  return { answer: { year: Number(year), month: Number(month), day: Number(day) } };
}

const decimalNumber = /^[-+]?[0-9]+(?:\.[0-9]+)?$/;

/** The stored answer for an input value; `undefined` means "no answer". */
export function answerFromFieldValue(field: Field, value: unknown): FieldConversion {
  // Whether the field allows it is the validator's call, as on the server.
  if (isNotStated(value) && field.type !== 'note') return { answer: NOT_STATED };
  switch (field.type) {
    case 'text':
    case 'longtext': {
      const text = typeof value === 'string' ? value.trim() : '';
      return { answer: text === '' ? undefined : text };
    }
    case 'number': {
      // German decimal comma and digits of other scripts are accepted; the answer has Western digits.
      const text = normalizeDigits(typeof value === 'string' ? value : '').replace(/\s+/g, '').replace(',', '.');
      if (text === '') return { answer: undefined };
      if (!decimalNumber.test(text)) return { answer: undefined, problem: { expected: 'number' } };
      return { answer: Number(text) };
    }
    case 'single':
      return { answer: typeof value === 'string' && value !== '' ? value : undefined };
    case 'yesno':
      return { answer: value === 'yes' ? true : value === 'no' ? false : undefined };
    case 'multi':
    case 'codelist': {
      if (field.type === 'codelist' && field.multiple !== true) {
        return { answer: typeof value === 'string' && value !== '' ? value : undefined };
      }
      const list = Array.isArray(value) ? [...new Set(value.filter((entry): entry is string => typeof entry === 'string' && entry !== ''))] : [];
      return { answer: list.length === 0 ? undefined : list };
    }
    case 'date':
      return isRecord(value) ? dateAnswerFromParts(field, { ...emptyDateParts(), ...(value as Partial<DateParts>) }) : { answer: undefined };
    case 'cefr': {
      if (!isRecord(value)) return { answer: undefined };
      const grid: Record<string, string> = {};
      for (const skill of cefrSkills) {
        const level = value[skill];
        if (typeof level === 'string' && level !== '') grid[skill] = level;
      }
      return { answer: Object.keys(grid).length === 0 ? undefined : (grid as CefrAnswer) };
    }
    case 'note':
      return { answer: undefined };
  }
}

/** Every answerable field of a repeat group, as empty input values: a new instance. */
export function emptyInstanceValues(group: RepeatGroup): InstanceFormValues {
  const values: InstanceFormValues = {};
  for (const field of group.items) if (field.type !== 'note') values[field.id] = emptyFieldValue(field);
  return values;
}

/**
 * The input values for stored answers. A repeat group that must have entries (`repeat.min`)
 * starts with that many empty ones, so the interviewer sees where to begin.
 */
export function answersToFormValues(form: FormDefinition, answers: Answers): FormValues {
  const values: FormValues = {};
  for (const section of form.sections) {
    for (const item of section.items) {
      const stored = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
      if (isRepeatGroup(item)) {
        const instances = Array.isArray(stored) ? stored.filter(isRecord) : [];
        const converted = instances.map((instance) => {
          const fields = emptyInstanceValues(item);
          for (const field of item.items) {
            if (field.type !== 'note') fields[field.id] = fieldValueFromAnswer(field, instance[field.id]);
          }
          return fields;
        });
        while (converted.length < (item.repeat.min ?? 0)) converted.push(emptyInstanceValues(item));
        values[item.id] = converted;
      } else if (item.type !== 'note') {
        values[item.id] = fieldValueFromAnswer(item, stored);
      }
    }
  }
  return values;
}

/**
 * The answers the input values stand for, and entry issues for input that is not an answer yet.
 * Empty fields are left out; a group's instances are kept even when empty, so an entry the
 * interviewer added is still there after a reload.
 */
export function formValuesToAnswers(form: FormDefinition, values: FormValues): { answers: Answers; entryIssues: ValidationIssue[] } {
  const answers: Record<string, AnswerValue | RepeatInstance[]> = {};
  const entryIssues: ValidationIssue[] = [];
  const convert = (field: Field, value: unknown, path: string, target: Record<string, AnswerValue>) => {
    if (field.type === 'note') return;
    const { answer, problem } = answerFromFieldValue(field, value);
    if (answer !== undefined) target[field.id] = answer;
    if (problem !== undefined) entryIssues.push({ path, fieldId: field.id, code: 'type', params: { ...problem } });
  };
  for (const section of form.sections) {
    for (const item of section.items) {
      const value = Object.hasOwn(values, item.id) ? values[item.id] : undefined;
      if (!isRepeatGroup(item)) {
        convert(item, value, item.id, answers as Record<string, AnswerValue>);
        continue;
      }
      const instances: Record<string, unknown>[] = Array.isArray(value) ? (value as unknown[]).filter(isRecord) : [];
      if (instances.length === 0) continue;
      answers[item.id] = instances.map((instance, index) => {
        const converted: Record<string, AnswerValue> = {};
        for (const field of item.items) convert(field, instance[field.id], `${item.id}[${index}].${field.id}`, converted);
        return converted;
      });
    }
  }
  return { answers, entryIssues };
}

function pruneOnce(form: FormDefinition, answers: Answers): Answers {
  const kept: Record<string, AnswerValue | readonly RepeatInstance[]> = {};
  for (const section of form.sections) {
    for (const item of section.items) {
      if (!Object.hasOwn(answers, item.id) || !isVisible(item, answers)) continue;
      const value = answers[item.id]!;
      if (!isRepeatGroup(item) || !Array.isArray(value)) {
        kept[item.id] = value;
        continue;
      }
      kept[item.id] = (value as readonly RepeatInstance[]).map((instance) =>
        Object.fromEntries(
          item.items
            .filter((field) => Object.hasOwn(instance, field.id) && isVisible(field, answers, instance))
            .map((field) => [field.id, instance[field.id]!]),
        ),
      );
    }
  }
  return kept;
}

/**
 * The answers without those of hidden questions: what is saved. Hiding one answer can hide
 * another (a condition on a now hidden field), so this repeats until nothing changes.
 */
export function pruneHiddenAnswers(form: FormDefinition, answers: Answers): Answers {
  let current = answers;
  let key = JSON.stringify(current);
  for (let round = 0; round < 10; round += 1) {
    const next = pruneOnce(form, current);
    const nextKey = JSON.stringify(next);
    if (nextKey === key) return next;
    current = next;
    key = nextKey;
  }
  return current;
}

/** The name shown in the interview list: `surname, givenNames` in Latin script, else in the original script. */
export function displayNameOf(answers: Answers): string {
  const text = (id: string) => {
    const value = Object.hasOwn(answers, id) ? answers[id] : undefined;
    return typeof value === 'string' ? value.trim() : '';
  };
  const join = (...parts: string[]) => parts.filter((part) => part !== '').join(', ');
  return join(text('surname'), text('givenNames')) || join(text('surnameOriginal'), text('givenNamesOriginal'));
}

/** The fields the app fills itself (content/README.md); shown read-only. */
export const appFilledFieldIds = ['interviewId', 'interviewDate', 'interviewTime', 'interviewer'] as const;

export function isAppFilled(fieldId: string): boolean {
  return (appFilledFieldIds as readonly string[]).includes(fieldId);
}

/** What the app knows about the interview before anyone types. */
export interface InterviewFacts {
  recordId: string;
  /** The local date and time the interview started. */
  startedAt: { date: DateAnswer; time: string };
  interviewerName: string;
  applicantLang: string;
  site?: string | undefined;
}

/** The local calendar date and `HH:MM` of a moment, as the device's clock shows them. */
export function localDateAndTime(moment: Date): { date: DateAnswer; time: string } {
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    date: { year: moment.getFullYear(), month: moment.getMonth() + 1, day: moment.getDate() },
    time: `${pad(moment.getHours())}:${pad(moment.getMinutes())}`,
  };
}

/** Today as `YYYY-MM-DD` on the device's calendar (for "not in the future"). */
export function localIsoDate(moment: Date): string {
  return dateAnswerToIso(localDateAndTime(moment).date);
}

function fieldIds(form: FormDefinition): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const section of form.sections) for (const item of section.items) if (!isRepeatGroup(item)) fields.set(item.id, item);
  return fields;
}

/**
 * The answers with what the app fills: the interview id always, date, time and interviewer when
 * still missing (a reopened or edited interview keeps its own), and the applicant's language and
 * the site as presets the interviewer may change. Only fields the form has are filled.
 */
export function withAppFilledAnswers(form: FormDefinition, answers: Answers, facts: InterviewFacts): Answers {
  const fields = fieldIds(form);
  const filled: Record<string, AnswerValue | readonly RepeatInstance[]> = { ...answers };
  const missing = (id: string) => fields.has(id) && isEmptyAnswer(filled[id]);
  if (fields.get('interviewId')?.type === 'text') filled.interviewId = facts.recordId;
  if (missing('interviewDate') && fields.get('interviewDate')?.type === 'date') filled.interviewDate = facts.startedAt.date;
  if (missing('interviewTime')) filled.interviewTime = facts.startedAt.time;
  if (missing('interviewer') && facts.interviewerName.trim() !== '') filled.interviewer = facts.interviewerName.trim();
  const languageField = fields.get('applicantLanguage');
  if (missing('applicantLanguage') && languageField?.type === 'single' && languageField.choices.some((choice) => choice.value === facts.applicantLang)) {
    filled.applicantLanguage = facts.applicantLang;
  }
  if (missing('site') && facts.site !== undefined && facts.site.trim() !== '') filled.site = facts.site.trim();
  return filled;
}

/**
 * Section E starts from the mother tongues of section B: each becomes a language entry (empty
 * entries first, then new ones), as long as no entry names a language yet — once the interviewer
 * has chosen one, section E is theirs. Returns the group's new input values, or null when there is
 * nothing to fill (or the form lacks the fields: `motherTongues` and `languageSkills[].skillLanguage`
 * on the same code list). The name typed for "other language" (`motherTonguesOther`) goes along
 * into that entry's `skillLanguageOther`.
 */
export function motherTonguePrefill(form: FormDefinition, values: FormValues): InstanceFormValues[] | null {
  const tongues = fieldIds(form).get('motherTongues');
  const group = form.sections.flatMap((section) => section.items).find((item): item is RepeatGroup => isRepeatGroup(item) && item.id === 'languageSkills');
  const skillLanguage = group?.items.find((field) => field.id === 'skillLanguage');
  if (!group || tongues?.type !== 'codelist' || skillLanguage?.type !== 'codelist' || skillLanguage.multiple === true || tongues.codeList !== skillLanguage.codeList) return null;
  const chosen = Array.isArray(values.motherTongues) ? values.motherTongues.filter((code): code is string => typeof code === 'string' && code !== '') : [];
  const current = Array.isArray(values.languageSkills) ? (values.languageSkills as InstanceFormValues[]) : [];
  if (chosen.length === 0 || current.some((instance) => typeof instance.skillLanguage === 'string' && instance.skillLanguage !== '')) return null;
  const next = current.map((instance) => ({ ...instance }));
  // "Other language" (profilingbogen@2: code `mis`) carries its name along where both forms ask for it.
  const otherName = typeof values.motherTonguesOther === 'string' ? values.motherTonguesOther.trim() : '';
  const carriesName = otherName !== '' && fieldIds(form).get('motherTonguesOther')?.type === 'text' && group.items.some((field) => field.id === 'skillLanguageOther' && field.type === 'text');
  chosen.forEach((code, index) => {
    next[index] = { ...(next[index] ?? emptyInstanceValues(group)), skillLanguage: code, ...(carriesName && code === OTHER_LANGUAGE && { skillLanguageOther: otherName }) };
  });
  return next;
}

/** The code of "other language" in the language list (ISO 639 `mis`, uncoded languages). */
const OTHER_LANGUAGE = 'mis';
