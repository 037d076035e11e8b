/**
 * The steering committee's figures: counts per dimension over the records whose consent covers the
 * evaluation's purpose, each a GROUP BY in the database (both engines), each table small-cell
 * suppressed (core/evaluation) before it leaves the server, labelled from the form's own code lists
 * and choices in the coordinator's language.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import {
  DEFAULT_MIN_CELL,
  NONE,
  NOT_STATED,
  PROFILE_PURPOSE,
  STATISTICS_PURPOSE,
  kldbAreas,
  kldbMainGroups,
  multiDimensions,
  singleDimensions,
  suppressHierarchy,
  suppressTable,
  weekOf,
  type CountCell,
  type MultiDimension,
  type ShownCell,
  type ShownTable,
  type SingleDimension,
} from '../../core/evaluation/index';
import { localized, type FormDefinition, type Item, type LocalizedText } from '../../core/form/index';
import type { NoticeArtifact } from '../../core/consent/index';
import type { ServerContext } from '../context';
import type { Database } from '../db/schema';
import { listArtifacts } from '../artifacts/store';
import { columnOf, refreshEvaluationFacts } from './projection';

export interface EvaluationFilters {
  /** First and last interview day, `YYYY-MM-DD`, both included. */
  from?: string | undefined;
  to?: string | undefined;
  municipality?: string | undefined;
  deviceId?: string | undefined;
  /** `profilingbogen@1` */
  formRef?: string | undefined;
}

export type EvaluationLang = 'de' | 'en';

/** A shown cell with the label of its key where the form or the classification has one. */
export type LabelledCell = ShownCell & { label?: string };

export interface EvaluationTable {
  id: SingleDimension | MultiDimension | 'inclusion';
  kind: ShownTable['kind'];
  total: ShownTable['total'];
  /** Null: too few people to show this breakdown at all. */
  cells: readonly LabelledCell[] | null;
}

export interface EvaluationAnswer {
  /** The purpose whose consent lets a record be counted, with its label from the notice. */
  purposes: { id: string; label: string }[];
  minCell: number;
  filters: EvaluationFilters;
  /** Interviews in the filters, counted or not; then why records were left out (a partition). */
  inclusion: EvaluationTable;
  tables: EvaluationTable[];
  /** Occupation area of the latest job, and its main groups per shown area. */
  occupation: { areas: EvaluationTable; groups: Record<string, readonly LabelledCell[] | null> };
  /** Consent per recipient over every interview in the filters (given, refused, withdrawn). */
  recipients: { id: string; label: string; table: EvaluationTable }[];
  /** What the filters can be set to. */
  options: {
    municipalities: { code: string; label: string }[];
    devices: { id: string; name: string }[];
    forms: string[];
  };
}

export type FactsQuery = SelectQueryBuilder<Database, 'evaluation_facts', object>;

/** The evaluation's filters (period, municipality, device, form version) on its facts; the exports use the same. */
export function filtered(query: FactsQuery, filters: EvaluationFilters): FactsQuery {
  let q = query;
  if (filters.from) q = q.where('evaluation_facts.interview_date', '>=', filters.from);
  if (filters.to) q = q.where('evaluation_facts.interview_date', '<=', filters.to);
  if (filters.municipality) q = q.where('evaluation_facts.municipality', '=', filters.municipality);
  if (filters.deviceId) q = q.where('evaluation_facts.device_id', '=', filters.deviceId);
  if (filters.formRef) q = q.where('evaluation_facts.form_ref', '=', filters.formRef);
  return q;
}

const toCells = (rows: { key: string | null; n: number | string | bigint }[]): CountCell[] =>
  rows.map((row) => ({ key: row.key ?? NOT_STATED, count: Number(row.n) }));

async function countsBy(db: Kysely<Database>, filters: EvaluationFilters, dimension: SingleDimension): Promise<CountCell[]> {
  const column = columnOf(dimension);
  const rows = await filtered(db.selectFrom('evaluation_facts'), filters)
    .where('evaluation_facts.excluded', 'is', null)
    .select((eb) => [eb.ref(`evaluation_facts.${column}`).as('key'), eb.fn.countAll<number>().as('n')])
    .groupBy(`evaluation_facts.${column}`)
    .execute();
  return toCells(rows as { key: string | null; n: number }[]);
}

async function valueCounts(db: Kysely<Database>, filters: EvaluationFilters, dimensions: readonly string[], countedOnly: boolean): Promise<Map<string, CountCell[]>> {
  // `in ()` is a syntax error on PostgreSQL (no notice published yet: no recipients to count).
  if (dimensions.length === 0) return new Map();
  // A semi-join, not a join: the records in the filters are read once, and each value row is
  // checked against that set. Joining looked every value row's record up by key (SQLite: 2 s
  // instead of 0.2 s at 20,000 records on a loaded machine, bench `evaluation`).
  let records = filtered(db.selectFrom('evaluation_facts'), filters).select('evaluation_facts.record_id');
  if (countedOnly) records = records.where('evaluation_facts.excluded', 'is', null);
  const rows = await db
    .selectFrom('evaluation_values as v')
    .where('v.dimension', 'in', [...dimensions])
    .where('v.record_id', 'in', records)
    .select((eb) => ['v.dimension', 'v.value', eb.fn.countAll<number>().as('n')])
    .groupBy(['v.dimension', 'v.value'])
    .execute();
  const byDimension = new Map<string, CountCell[]>();
  for (const row of rows) {
    const cells = byDimension.get(row.dimension) ?? [];
    cells.push({ key: row.value, count: Number(row.n) });
    byDimension.set(row.dimension, cells);
  }
  return byDimension;
}

const byKey = (a: CountCell, b: CountCell) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Every week from the first to the last with an interview, empty weeks as 0 (a time axis has no gaps). */
function everyWeek(cells: CountCell[]): CountCell[] {
  const weeks = cells.map((c) => c.key).filter((k) => /^\d{4}-\d{2}-\d{2}$/.test(k)).sort();
  if (weeks.length === 0) return cells;
  const counts = new Map(cells.map((c) => [c.key, c.count]));
  const out: CountCell[] = [];
  for (let t = Date.parse(`${weeks[0]}T00:00:00Z`); t <= Date.parse(`${weeks.at(-1)}T00:00:00Z`); t += 7 * 86_400_000) {
    const key = weekOf(new Date(t).toISOString().slice(0, 10));
    out.push({ key, count: counts.get(key) ?? 0 });
  }
  return out;
}

// ------------------------------------------------------------------ labels

function itemsOf(items: readonly Item[]): Item[] {
  return items.flatMap((item) => ('kind' in item && item.kind === 'group' ? [item, ...itemsOf(item.items)] : [item]));
}

type LabelSource = { codeList: string } | { field: string };

/** Where each dimension's labels come from in the form: code lists or a field's choices, the first that knows the code. */
const labelSources: Partial<Record<SingleDimension | MultiDimension, readonly LabelSource[]>> = {
  // A person without a known nationality is counted under the status they gave (stateless, unknown, …).
  nationality: [{ codeList: 'countries' }, { field: 'nationalityStatus' }],
  municipality: [{ codeList: 'municipalities' }],
  residenceStatus: [{ codeList: 'residenceStatuses' }],
  isced: [{ codeList: 'isced' }],
  germanListening: [{ codeList: 'cefrLevels' }],
  germanReading: [{ codeList: 'cefrLevels' }],
  germanSpokenInteraction: [{ codeList: 'cefrLevels' }],
  germanSpokenProduction: [{ codeList: 'cefrLevels' }],
  germanWriting: [{ codeList: 'cefrLevels' }],
  sex: [{ field: 'sex' }],
  drivingLicence: [{ codeList: 'yesNo' }],
  otherLanguage: [{ codeList: 'languages' }],
  goal: [{ field: 'goals' }],
  measure: [{ field: 'recommendedMeasures' }],
};

/** Labels of every form version, the newest winning: codes of older versions keep theirs. */
function labeller(forms: readonly FormDefinition[], lang: EvaluationLang) {
  const tables = new Map<string, Map<string, LocalizedText>>();
  const add = (source: string, code: string, label: LocalizedText) => {
    const table = tables.get(source) ?? new Map<string, LocalizedText>();
    table.set(code, label);
    tables.set(source, table);
  };
  for (const form of [...forms].sort((a, b) => a.version - b.version)) {
    for (const [id, list] of Object.entries(form.codeLists)) for (const item of list.items) add(`codeList:${id}`, item.code, item.label);
    for (const item of form.sections.flatMap((s) => itemsOf(s.items))) {
      if ('choices' in item && Array.isArray(item.choices)) for (const choice of item.choices) add(`field:${item.id}`, choice.value, choice.label);
    }
  }
  return (dimension: SingleDimension | MultiDimension, code: string): string | undefined => {
    if (dimension === 'occupationArea') return kldbAreas[code] ? localized(kldbAreas[code], lang).text : undefined;
    if (dimension === 'occupationGroup') return kldbMainGroups[code] ? localized(kldbMainGroups[code], lang).text : undefined;
    for (const source of labelSources[dimension] ?? []) {
      const text = tables.get('codeList' in source ? `codeList:${source.codeList}` : `field:${source.field}`)?.get(code);
      if (text) return localized(text, lang).text;
    }
    return undefined;
  };
}

function labelled(shown: readonly ShownCell[] | null, label: (code: string) => string | undefined): readonly LabelledCell[] | null {
  if (shown === null) return null;
  return shown.map((cell) => {
    const text = cell.key === NOT_STATED || cell.key === NONE ? undefined : label(cell.key);
    return text === undefined ? cell : { ...cell, label: text };
  });
}

async function publishedForms(context: ServerContext): Promise<FormDefinition[]> {
  const forms: FormDefinition[] = [];
  for (const a of await listArtifacts(context.database.db)) {
    if (a.kind !== 'form') continue;
    const form = await context.artifacts.form(`${a.id}@${a.version}`);
    if (form) forms.push(form);
  }
  return forms;
}

async function newestNotice(context: ServerContext, lang: EvaluationLang): Promise<NoticeArtifact | null> {
  const versions = (await listArtifacts(context.database.db)).filter((a) => a.kind === 'notice' && a.id === 'notice' && (a.lang === lang || a.lang === 'de'));
  versions.sort((a, b) => b.version - a.version || (a.lang === lang ? -1 : 1));
  for (const a of versions) {
    const notice = await context.artifacts.notice(a.id, a.version, a.lang!);
    if (notice) return notice;
  }
  return null;
}

// ------------------------------------------------------------------ the answer

export async function evaluate(context: ServerContext, filters: EvaluationFilters, lang: EvaluationLang, minCell = DEFAULT_MIN_CELL): Promise<EvaluationAnswer> {
  const { db } = context.database;
  await refreshEvaluationFacts(context);
  const forms = await publishedForms(context);
  const label = labeller(forms, lang);
  const notice = await newestNotice(context, lang);
  const noticeLabel = (items: NoticeArtifact['purposes'] | undefined, id: string) => items?.find((p) => p.id === id)?.label ?? id;

  const inclusionRows = await filtered(db.selectFrom('evaluation_facts'), filters)
    .select((eb) => [eb.fn.coalesce('evaluation_facts.excluded', sql<string>`'counted'`).as('key'), eb.fn.countAll<number>().as('n')])
    .groupBy('evaluation_facts.excluded')
    .execute();
  const inclusionCells = toCells(inclusionRows).sort(byKey);
  const interviews = inclusionCells.reduce((sum, c) => sum + c.count, 0);
  const counted = inclusionCells.find((c) => c.key === 'counted')?.count ?? 0;
  const inclusion = suppressTable({ kind: 'partition', total: interviews, cells: inclusionCells }, minCell);

  const tables: EvaluationTable[] = [];
  for (const dimension of singleDimensions) {
    if (dimension === 'occupationArea' || dimension === 'occupationGroup') continue;
    let cells = (await countsBy(db, filters, dimension)).sort(byKey);
    if (dimension === 'week') cells = everyWeek(cells);
    const shown = suppressTable({ kind: 'partition', total: counted, cells }, minCell);
    tables.push({ id: dimension, kind: 'partition', total: shown.total, cells: labelled(shown.cells, (code) => label(dimension, code)) });
  }
  const multi = await valueCounts(db, filters, multiDimensions, true);
  for (const dimension of multiDimensions) {
    const cells = (multi.get(dimension) ?? []).sort((a, b) => b.count - a.count || byKey(a, b));
    const shown = suppressTable({ kind: 'multi', total: counted, cells }, minCell);
    tables.push({ id: dimension, kind: 'multi', total: shown.total, cells: labelled(shown.cells, (code) => label(dimension, code)) });
  }

  // Occupation: the latest job's area, then its main groups within each shown area.
  const areas = (await countsBy(db, filters, 'occupationArea')).sort(byKey);
  const groupCells = await countsBy(db, filters, 'occupationGroup');
  const groupsByArea = new Map<string, CountCell[]>();
  for (const cell of groupCells.sort(byKey)) {
    const area = cell.key === NONE || cell.key === NOT_STATED ? cell.key : cell.key.slice(0, 1);
    groupsByArea.set(area, [...(groupsByArea.get(area) ?? []), cell]);
  }
  const hierarchy = suppressHierarchy({ kind: 'partition', total: counted, cells: areas }, groupsByArea, minCell);
  const groups: Record<string, readonly LabelledCell[] | null> = {};
  for (const [area, cells] of hierarchy.children) {
    if (area !== NONE && area !== NOT_STATED) groups[area] = labelled(cells, (code) => label('occupationGroup', code));
  }

  // Consent per recipient, over every interview in the filters: consent figures are about the process.
  const recipientIds = notice?.recipients.map((r) => r.id) ?? [];
  const consent = await valueCounts(db, filters, recipientIds.map((id) => `recipient:${id}`), false);
  const recipients = recipientIds.map((id) => {
    const cells = ['given', 'refused', 'withdrawn'].map((state) => ({ key: state, count: consent.get(`recipient:${id}`)?.find((c) => c.key === state)?.count ?? 0 }));
    const total = cells.reduce((sum, c) => sum + c.count, 0);
    const shown = suppressTable({ kind: 'partition', total, cells }, minCell);
    return { id, label: noticeLabel(notice?.recipients, id), table: { id: 'inclusion' as const, kind: 'partition' as const, total: shown.total, cells: shown.cells } };
  });

  const purposeIds = [...new Set([PROFILE_PURPOSE, ...(notice?.purposes.some((p) => p.id === STATISTICS_PURPOSE) ? [STATISTICS_PURPOSE] : [])])];
  const devices = await db.selectFrom('devices').select(['id', 'name']).orderBy('name').execute();
  const municipalityList = forms.at(-1)?.codeLists.municipalities?.items ?? [];
  return {
    purposes: purposeIds.map((id) => ({ id, label: noticeLabel(notice?.purposes, id) })),
    minCell,
    filters,
    inclusion: { id: 'inclusion', kind: 'partition', total: inclusion.total, cells: inclusion.cells },
    tables,
    occupation: {
      areas: { id: 'occupationArea', kind: 'partition', total: hierarchy.parent.total, cells: labelled(hierarchy.parent.cells, (code) => label('occupationArea', code)) },
      groups,
    },
    recipients,
    options: {
      municipalities: municipalityList.map((item) => ({ code: item.code, label: localized(item.label, lang).text })),
      devices: devices.map((d) => ({ id: d.id, name: d.name })),
      forms: forms.map((f) => `${f.id}@${f.version}`),
    },
  };
}
