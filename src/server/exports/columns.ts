/**
 * Which tables and columns an export has, worked out once from the published forms and notices
 * before the first row: the records table (one row per interview) and one table per repeat
 * group, each column named after the form's field path and described in the data dictionary.
 *
 * Form versions are merged by field path: a field keeps its column whichever versions hold it,
 * its labels are the newest version's (codes of older versions keep theirs), and the dictionary
 * says in which versions it occurs.
 */
import type { ConsentOverview } from '../../core/consent/index';
import {
  cefrSkills,
  dateAnswerToIso,
  isDateAnswer,
  isNotStated,
  isRepeatGroup,
  localized,
  type Field,
  type FormDefinition,
  type LocalizedText,
  type RepeatGroup,
} from '../../core/form/index';
import type { Cell } from './formats';

export const labelModes = ['de', 'en', 'codes'] as const;
export type LabelMode = (typeof labelModes)[number];
export const multiModes = ['columns', 'joined'] as const;
export type MultiMode = (typeof multiModes)[number];

/** In `columns` mode, a multiple choice from a code list longer than this stays one joined column (countries: 250). */
export const MAX_CODES_AS_COLUMNS = 30;
/** Between the codes or labels of a joined multiple choice. */
export const JOIN_SEPARATOR = '; ';
export const NOT_STATED_CODE = 'notStated';

type Words = Record<'de' | 'en', string>;

/** The export's own words (not the form's): consent states, yes/no fallbacks, the base columns. */
export const words = {
  given: { de: 'erteilt', en: 'given' },
  refused: { de: 'verweigert', en: 'refused' },
  withdrawn: { de: 'widerrufen', en: 'withdrawn' },
  notStated: { de: 'nicht angegeben', en: 'not stated' },
  yes: { de: 'ja', en: 'yes' },
  no: { de: 'nein', en: 'no' },
} satisfies Record<string, Words>;

/** What a row is made from: the record (and, for a repeat-group row, one instance of it). */
export interface RowSource {
  recordId: string;
  rev: number;
  formRef: string | null;
  notice: { id: string; version: number; lang: string };
  interviewDate: string | null;
  deviceName: string | null;
  receivedAt: string;
  updatedAt: string;
  consent: ConsentOverview | null;
  answers: Readonly<Record<string, unknown>> | null;
  /** For a repeat-group row: the instance and its 1-based position. */
  instance?: Readonly<Record<string, unknown>>;
  index?: number;
}

export interface Column {
  name: string;
  question: Words;
  /** For the dictionary: `text`, `number`, `date (ISO, partial)`, `single`, `multi (0/1)` … */
  type: string;
  /** Code list id, `choices` for a field's own choices, or empty. */
  codeList: string;
  /** For the dictionary: `code = label de / label en`, one per line. */
  values: string;
  formVersions: readonly string[];
  value(source: RowSource): Cell;
}

export interface Table {
  /** `records` or the repeat group's id. */
  id: string;
  /** For a repeat group: its label. */
  label?: Words;
  columns: Column[];
}

export interface NoticeItems {
  purposes: { id: string; label: Words }[];
  recipients: { id: string; label: Words }[];
}

export interface PlanOptions {
  labels: LabelMode;
  multi: MultiMode;
  /**
   * Which fields: ids of sections, repeat groups or fields, or `group.field` paths; absent: all.
   * A repeat group's table is there when the group or any of its fields is chosen.
   */
  fields?: readonly string[] | undefined;
  /** `fields` names fields only (`field`, `group.field`), never a whole section or group: a field may share its id with its section (`goals`). */
  fieldsOnly?: boolean | undefined;
}

const both = (text: LocalizedText | undefined): Words => ({ de: text ? localized(text, 'de').text : '', en: text ? localized(text, 'en').text : '' });
const formRefOf = (form: FormDefinition) => `${form.id}@${form.version}`;

/** A field with where it sits, as merged over the form versions. */
interface MergedField {
  field: Field;
  group: RepeatGroup | null;
  sectionId: string;
  versions: string[];
}

/** Code → label per code list and per choice field, over every version, the newest winning. */
class Labels {
  private readonly tables = new Map<string, Map<string, LocalizedText>>();

  constructor(forms: readonly FormDefinition[]) {
    for (const form of [...forms].sort((a, b) => a.version - b.version)) {
      for (const [id, list] of Object.entries(form.codeLists)) for (const item of list.items) this.add(`list:${id}`, item.code, item.label);
      for (const section of form.sections) {
        for (const item of section.items) {
          for (const field of isRepeatGroup(item) ? item.items : [item]) {
            if ('choices' in field) for (const choice of field.choices) this.add(`field:${field.id}`, choice.value, choice.label);
          }
        }
      }
    }
  }

  private add(source: string, code: string, label: LocalizedText) {
    const table = this.tables.get(source) ?? new Map<string, LocalizedText>();
    table.set(code, label);
    this.tables.set(source, table);
  }

  of(source: string): ReadonlyMap<string, LocalizedText> {
    return this.tables.get(source) ?? new Map();
  }
}

function sourceOf(field: Field): string | null {
  if (field.type === 'codelist') return `list:${field.codeList}`;
  if (field.type === 'single' || field.type === 'multi') return `field:${field.id}`;
  if (field.type === 'cefr') return `list:${field.levelsCodeList}`;
  return null;
}

function valuesText(codes: ReadonlyMap<string, LocalizedText>): string {
  return [...codes].map(([code, label]) => `${code} = ${localized(label, 'de').text} / ${localized(label, 'en').text}`).join('\n');
}

/** The field's answer as one cell. */
function render(field: Field, value: unknown, mode: LabelMode, codes: ReadonlyMap<string, LocalizedText>, yesNo: ReadonlyMap<string, LocalizedText>): Cell {
  if (value === undefined || value === null) return null;
  if (isNotStated(value)) return mode === 'codes' ? NOT_STATED_CODE : words.notStated[mode];
  const label = (code: string): string => {
    if (mode === 'codes') return code;
    const text = codes.get(code);
    return text ? localized(text, mode).text : code;
  };
  switch (field.type) {
    case 'text':
    case 'longtext':
      return typeof value === 'string' && value !== '' ? value : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'date':
      return isDateAnswer(value) ? dateAnswerToIso(value) : null;
    case 'yesno': {
      if (typeof value !== 'boolean') return null;
      if (mode === 'codes') return value;
      const text = yesNo.get(value ? 'yes' : 'no');
      return text ? localized(text, mode).text : words[value ? 'yes' : 'no'][mode];
    }
    case 'single':
    case 'codelist':
    case 'multi': {
      if (typeof value === 'string') return value === '' ? null : label(value);
      if (Array.isArray(value)) {
        const chosen = value.filter((v): v is string => typeof v === 'string');
        return chosen.length === 0 ? null : chosen.map(label).join(JOIN_SEPARATOR);
      }
      return null;
    }
    default:
      return null;
  }
}

/** A multiple choice as 0/1 per choice: empty when unanswered. */
function chosen(value: unknown, code: string): Cell {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.includes(code) ? 1 : 0;
}

function mergedFields(forms: readonly FormDefinition[]): MergedField[] {
  // Newest first: its order wins; fields only older versions have follow in theirs.
  const byId = new Map<string, MergedField>();
  for (const form of [...forms].sort((a, b) => b.version - a.version)) {
    for (const section of form.sections) {
      for (const item of section.items) {
        const group = isRepeatGroup(item) ? item : null;
        for (const field of group ? group.items : [item as Field]) {
          if (field.type === 'note') continue;
          const known = byId.get(field.id);
          if (known) known.versions.unshift(formRefOf(form));
          else byId.set(field.id, { field, group, sectionId: section.id, versions: [formRefOf(form)] });
        }
      }
    }
  }
  return [...byId.values()];
}

/** The columns of one field (several for a multiple choice in `columns` mode and for a CEFR grid). */
function fieldColumns(merged: MergedField, labels: Labels, options: PlanOptions, yesNo: ReadonlyMap<string, LocalizedText>, allowsNotStated: boolean): Column[] {
  const { field, group } = merged;
  const path = group ? `${group.id}.${field.id}` : field.id;
  const question = both(field.label);
  const source = sourceOf(field);
  const codes = source ? labels.of(source) : new Map<string, LocalizedText>();
  const codeList = field.type === 'codelist' ? field.codeList : field.type === 'cefr' ? field.levelsCodeList : source ? 'choices' : '';
  const read = (row: RowSource): unknown => (group ? row.instance?.[field.id] : row.answers?.[field.id]);
  const base = { codeList, formVersions: merged.versions };

  if (field.type === 'cefr') {
    const skills = labels.of(`list:${field.skillsCodeList}`);
    return cefrSkills.map((skill) => ({
      ...base,
      name: `${path}.${skill}`,
      question: { de: `${question.de}: ${both(skills.get(skill)).de || skill}`, en: `${question.en}: ${both(skills.get(skill)).en || skill}` },
      type: 'single (CEFR level)',
      values: valuesText(codes),
      value: (row) => {
        const grid = read(row);
        if (isNotStated(grid)) return options.labels === 'codes' ? NOT_STATED_CODE : words.notStated[options.labels];
        const level = typeof grid === 'object' && grid !== null ? (grid as Record<string, unknown>)[skill] : undefined;
        return typeof level === 'string' ? render({ ...field, type: 'single', choices: [] }, level, options.labels, codes, yesNo) : null;
      },
    }));
  }

  const multiple = field.type === 'multi' || (field.type === 'codelist' && field.multiple === true);
  if (multiple && options.multi === 'columns' && codes.size <= MAX_CODES_AS_COLUMNS) {
    const columns: Column[] = [...codes].map(([code, label]) => ({
      ...base,
      name: `${path}.${code}`,
      question: { de: `${question.de}: ${localized(label, 'de').text}`, en: `${question.en}: ${localized(label, 'en').text}` },
      type: 'multi (1 chosen, 0 not chosen)',
      values: '1 = gewählt / chosen\n0 = nicht gewählt / not chosen',
      value: (row) => chosen(read(row), code),
    }));
    if (allowsNotStated) {
      columns.push({
        ...base,
        name: `${path}.${NOT_STATED_CODE}`,
        question: { de: `${question.de}: ${words.notStated.de}`, en: `${question.en}: ${words.notStated.en}` },
        type: 'multi (1 chosen, 0 not chosen)',
        values: '1 = gewählt / chosen\n0 = nicht gewählt / not chosen',
        value: (row) => {
          const value = read(row);
          if (isNotStated(value)) return 1;
          return Array.isArray(value) && value.length > 0 ? 0 : null;
        },
      });
    }
    if (!allowsNotStated) return columns;
    // With "not stated" the choice columns say nothing for it: they stay empty.
    return columns.map((column) => (column.name.endsWith(`.${NOT_STATED_CODE}`) ? column : { ...column, value: (row) => (isNotStated(read(row)) ? null : column.value(row)) }));
  }

  const typeText: Record<Field['type'], string> = {
    text: 'text',
    longtext: 'text (long)',
    number: 'number',
    date: 'date (ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY where day or month are unknown)',
    single: 'single',
    multi: `multi (joined with "${JOIN_SEPARATOR.trim()}")`,
    codelist: multiple ? `multi (joined with "${JOIN_SEPARATOR.trim()}")` : 'single',
    cefr: 'single (CEFR level)',
    yesno: options.labels === 'codes' ? 'yes/no (TRUE/FALSE)' : 'yes/no',
    note: 'note',
  };
  return [
    {
      ...base,
      name: path,
      question,
      type: typeText[field.type],
      values: field.type === 'yesno' ? 'TRUE = ja / yes\nFALSE = nein / no' : valuesText(codes),
      value: (row) => render(field, read(row), options.labels, codes, yesNo),
    },
  ];
}

function consentWord(state: string | undefined, mode: LabelMode): Cell {
  if (state === undefined) return null;
  if (mode === 'codes' || !(state in words)) return state;
  return words[state as keyof typeof words][mode];
}

const consentValues = 'given = erteilt / given\nrefused = verweigert / refused\nwithdrawn = widerrufen / withdrawn';

/** The columns every records table starts with, then the consent per purpose and recipient. */
function recordColumns(notices: NoticeItems, mode: LabelMode): Column[] {
  const plain = (name: string, de: string, en: string, type: string, value: (row: RowSource) => Cell): Column => ({
    name,
    question: { de, en },
    type,
    codeList: '',
    values: '',
    formVersions: [],
    value,
  });
  return [
    plain('record_id', 'Kennung des Interviews (Zeilenschlüssel; Elternschlüssel der Tabellen der Wiederholungsgruppen)', 'Interview id (row key; parent key of the repeat-group tables)', 'id', (row) => row.recordId),
    plain('revision', 'Exportierte Revision (die neueste)', 'Revision exported (the latest)', 'number', (row) => row.rev),
    plain('form_version', 'Formularversion', 'Form version', 'text', (row) => row.formRef),
    plain('notice_version', 'Version der Datenschutzinformation', 'Version of the privacy notice', 'text', (row) => `${row.notice.id}@${row.notice.version}`),
    plain('notice_language', 'Sprache der Datenschutzinformation', 'Language of the privacy notice', 'text', (row) => row.notice.lang),
    plain('interview_date', 'Datum des Interviews', 'Interview date', 'date (ISO 8601)', (row) => row.interviewDate),
    plain('device', 'Tablet', 'Tablet', 'text', (row) => row.deviceName),
    plain('received_at', 'Zuerst empfangen (UTC)', 'First received (UTC)', 'date-time (ISO 8601, UTC)', (row) => row.receivedAt),
    plain('updated_at', 'Zuletzt geändert (UTC)', 'Last changed (UTC)', 'date-time (ISO 8601, UTC)', (row) => row.updatedAt),
    { ...plain('consent.status', 'Einwilligung insgesamt', 'Consent as a whole', 'single', (row) => consentWord(row.consent?.status, mode)), values: consentValues },
    ...notices.purposes.map((purpose) => ({
      ...plain(`consent.purpose.${purpose.id}`, `Einwilligung zum Zweck: ${purpose.label.de}`, `Consent to the purpose: ${purpose.label.en}`, 'single', (row: RowSource) =>
        consentWord(row.consent?.items.find((item) => item.kind === 'purpose' && item.id === purpose.id)?.state, mode),
      ),
      values: consentValues,
    })),
    ...notices.recipients.map((recipient) => ({
      ...plain(`consent.recipient.${recipient.id}`, `Einwilligung zur Weitergabe an: ${recipient.label.de}`, `Consent to disclosure to: ${recipient.label.en}`, 'single', (row: RowSource) =>
        consentWord(row.consent?.items.find((item) => item.kind === 'recipient' && item.id === recipient.id)?.state, mode),
      ),
      values: consentValues,
    })),
  ];
}

export class UnknownFieldError extends Error {
  override name = 'UnknownFieldError';
  constructor(readonly unknown: readonly string[]) {
    super(`No published form has these sections, groups or fields: ${unknown.join(', ')}.`);
  }
}

/** The tables of an export: records first, then each chosen repeat group in form order. */
export function planTables(forms: readonly FormDefinition[], notices: NoticeItems, options: PlanOptions): Table[] {
  const labels = new Labels(forms);
  const yesNo = labels.of('list:yesNo');
  const fields = mergedFields(forms);
  const notStatedAllowed = new Set(forms.flatMap((form) => form.sections.flatMap((s) => s.items.flatMap((i) => (isRepeatGroup(i) ? i.items : [i as Field])))).filter((f) => f.allowNotStated === true).map((f) => f.id));

  let wanted: (merged: MergedField) => boolean = () => true;
  if (options.fields !== undefined) {
    const chosen = new Set(options.fields);
    const known = new Set(fields.flatMap((m) => [m.sectionId, m.field.id, ...(m.group ? [m.group.id, `${m.group.id}.${m.field.id}`] : [])]));
    const unknown = [...chosen].filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UnknownFieldError(unknown);
    wanted = options.fieldsOnly
      ? (m) => (m.group === null ? chosen.has(m.field.id) : chosen.has(`${m.group.id}.${m.field.id}`))
      : (m) => chosen.has(m.sectionId) || chosen.has(m.field.id) || (m.group !== null && (chosen.has(m.group.id) || chosen.has(`${m.group.id}.${m.field.id}`)));
  }

  const records: Table = { id: 'records', columns: recordColumns(notices, options.labels) };
  const groups = new Map<string, Table>();
  for (const merged of fields.filter(wanted)) {
    const columns = fieldColumns(merged, labels, options, yesNo, notStatedAllowed.has(merged.field.id));
    if (!merged.group) {
      records.columns.push(...columns);
      continue;
    }
    const group = merged.group;
    let table = groups.get(group.id);
    if (!table) {
      table = {
        id: group.id,
        label: both(group.label),
        columns: [
          {
            name: 'row_key',
            question: { de: `Zeilenschlüssel: Interview/${group.id}/Nummer`, en: `Row key: interview/${group.id}/number` },
            type: 'id',
            codeList: '',
            values: '',
            formVersions: [],
            value: (row) => `${row.recordId}/${group.id}/${row.index}`,
          },
          {
            name: 'record_id',
            question: { de: 'Elternschlüssel: record_id der Tabelle records', en: 'Parent key: record_id of the records table' },
            type: 'id',
            codeList: '',
            values: '',
            formVersions: [],
            value: (row) => row.recordId,
          },
          {
            name: 'index',
            question: { de: `Nummer des Eintrags in „${both(group.label).de}“ (ab 1)`, en: `Number of the entry in "${both(group.label).en}" (from 1)` },
            type: 'number',
            codeList: '',
            values: '',
            formVersions: [],
            value: (row) => row.index ?? null,
          },
        ],
      };
      groups.set(group.id, table);
    }
    table.columns.push(...columns);
  }
  return [records, ...groups.values()];
}
