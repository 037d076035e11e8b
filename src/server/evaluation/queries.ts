/**
 * The steering committee's figures: counts per dimension over the records whose consent covers the
 * evaluation's purpose, each a GROUP BY in the database (both engines), each table small-cell
 * suppressed (core/evaluation) before it leaves the server, labelled from the form's own code lists
 * and choices in the coordinator's language.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
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
  valueDimensions,
  suppressTable,
  weekOf,
  type CountCell,
  type MultiDimension,
  type ShownCell,
  type ShownTable,
  type SingleDimension,
  type ValueDimension,
} from '../../core/evaluation/index';
import { localized, type FormDefinition, type Item, type LocalizedText } from '../../core/form/index';
import type { NoticeArtifact } from '../../core/consent/index';
import type { ServerContext } from '../context';
import type { Database } from '../db/schema';
import { listArtifacts } from '../artifacts/store';
import { columnOf, refreshEvaluationFacts, setColumnOf } from './projection';

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
  id: SingleDimension | MultiDimension | ValueDimension | 'inclusion';
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

/** The filters as an SQL condition on `evaluation_facts` (the same as `filtered`). */
function filterSql(filters: EvaluationFilters, table?: string): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(table === undefined ? name : `${table}.${name}`);
  const conditions: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (filters.from) conditions.push(sql`${column('interview_date')} >= ${filters.from}`);
  if (filters.to) conditions.push(sql`${column('interview_date')} <= ${filters.to}`);
  if (filters.municipality) conditions.push(sql`${column('municipality')} = ${filters.municipality}`);
  if (filters.deviceId) conditions.push(sql`${column('device_id')} = ${filters.deviceId}`);
  if (filters.formRef) conditions.push(sql`${column('form_ref')} = ${filters.formRef}`);
  return sql.join(conditions, sql` and `);
}

interface Counts {
  /** Interviews in the filters by why they were left out (`counted`: they were not). */
  inclusion: CountCell[];
  /** Counted records per single-valued dimension and multi-valued one. */
  dimensions: Map<SingleDimension | MultiDimension | ValueDimension, CountCell[]>;
  /** Every interview in the filters per recipient (`recipient:<id>`) and state. */
  consent: Map<string, CountCell[]>;
}

type CountRow = { d: number | string; key: string | null; n: number | string | bigint };

/**
 * Every count the page shows, each a GROUP BY over `evaluation_facts` in the database: one row per
 * record, its multi-valued facts and consent as one value each (projection.ts), so no figure reads
 * more rows than there are records. PostgreSQL computes them all in one scan (GROUPING SETS, one
 * hash table per dimension); SQLite has no grouping sets and sorts for every GROUP BY, so it runs
 * one per dimension in one statement (UNION ALL), each read in order from the dimension's partial
 * index (migration 0018) without touching the table. A value set or consent object that occurs
 * n times adds n to each code it holds.
 */
async function countAll(context: ServerContext, filters: EvaluationFilters): Promise<Counts> {
  const { db, engine } = context.database;
  // [what, column, counted only]
  const counted: [SingleDimension | MultiDimension | ValueDimension, string][] = [
    ...singleDimensions.map((d): [SingleDimension, string] => [d, columnOf(d)]),
    ...multiDimensions.map((d): [MultiDimension, string] => [d, setColumnOf[d]]),
  ];
  const groups: { what: SingleDimension | MultiDimension | ValueDimension | 'inclusion' | 'consent'; column: string; countedOnly: boolean }[] = [
    { what: 'inclusion', column: 'excluded', countedOnly: false },
    { what: 'consent', column: 'consent', countedOnly: false },
    ...counted.map(([what, column]) => ({ what, column, countedOnly: true })),
  ];
  const where = filterSql(filters);
  let rows: CountRow[];
  if (engine === 'postgres') {
    // grouping(c0, …, cN-1) has a 1 bit for every column not grouped by in that row; c0 is the highest.
    const columns = groups.map((g) => sql.ref(g.column));
    const result = await sql<{ g: number; n_all: string; n_counted: string } & Record<string, string | null>>`
      select grouping(${sql.join(columns)}) as g, ${sql.join(groups.map((g, i) => sql`${sql.ref(g.column)} as ${sql.ref(`c${i}`)}`))},
             count(*) as n_all, count(*) filter (where excluded is null) as n_counted
      from evaluation_facts where ${where}
      group by grouping sets (${sql.join(columns.map((c) => sql`(${c})`))})`.execute(db);
    const all = (1 << groups.length) - 1;
    rows = [];
    for (const row of result.rows) {
      const index = groups.length - 1 - Math.log2(all ^ Number(row.g));
      const group = groups[index]!;
      const n = Number(group.countedOnly ? row.n_counted : row.n_all);
      // A group of only records left out is no group of the counted ones.
      if (n > 0) rows.push({ d: index, key: row[`c${index}`] ?? null, n });
    }
  } else {
    const arms = groups.map(
      (g, i) => sql`select ${sql.lit(i)} as d, ${sql.ref(g.column)} as key, count(*) as n from evaluation_facts
        where ${g.countedOnly ? sql`excluded is null and ` : sql``}${where} group by ${sql.ref(g.column)}`,
    );
    rows = (await sql<CountRow>`${sql.join(arms, sql` union all `)}`.execute(db)).rows;
  }

  const inclusion: CountCell[] = [];
  const dimensions = new Map<SingleDimension | MultiDimension | ValueDimension, CountCell[]>(counted.map(([what]) => [what, []]));
  const consent = new Map<string, CountCell[]>();
  const add = (cells: CountCell[], key: string, count: number) => {
    const at = cells.findIndex((c) => c.key === key);
    if (at >= 0) cells[at] = { key, count: cells[at]!.count + count };
    else cells.push({ key, count });
  };
  for (const row of rows) {
    const group = groups[Number(row.d)]!;
    const n = Number(row.n);
    if (group.what === 'inclusion') inclusion.push({ key: row.key ?? 'counted', count: n });
    else if (group.what === 'consent') {
      if (row.key === null) continue;
      for (const [recipient, state] of Object.entries(JSON.parse(row.key) as Record<string, string>)) {
        const key = `recipient:${recipient}`;
        if (!consent.has(key)) consent.set(key, []);
        add(consent.get(key)!, state, n);
      }
    } else if ((multiDimensions as readonly string[]).includes(group.what)) {
      if (row.key === null) continue;
      for (const code of JSON.parse(row.key) as string[]) add(dimensions.get(group.what)!, code, n);
    } else {
      dimensions.get(group.what)!.push({ key: row.key ?? NOT_STATED, count: n });
    }
  }
  // Dimensions kept only as value rows (no facts column): counted records per value, the filters on
  // the facts row. A person counts once per value (the projection stores each value once).
  for (const dimension of valueDimensions) {
    const valueRows = await sql<{ key: string; n: number | string | bigint }>`
      select v.value as key, count(*) as n from evaluation_values v
      inner join evaluation_facts f on f.record_id = v.record_id
      where v.dimension = ${dimension} and f.excluded is null and ${filterSql(filters, 'f')}
      group by v.value`.execute(db);
    dimensions.set(dimension, valueRows.rows.map((row) => ({ key: row.key, count: Number(row.n) })));
  }
  return { inclusion, dimensions, consent };
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
const labelSources: Partial<Record<SingleDimension | MultiDimension | ValueDimension, readonly LabelSource[]>> = {
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
  // Codes of every version: `ihk-hwk` (versions 1, 2) keeps its label beside `ihk` and `hwk` (version 3).
  referralPartner: [{ codeList: 'referralPartners' }],
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
  return (dimension: SingleDimension | MultiDimension | ValueDimension, code: string): string | undefined => {
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

  const counts = await countAll(context, filters);
  const inclusionCells = counts.inclusion.sort(byKey);
  const interviews = inclusionCells.reduce((sum, c) => sum + c.count, 0);
  const counted = inclusionCells.find((c) => c.key === 'counted')?.count ?? 0;
  const inclusion = suppressTable({ kind: 'partition', total: interviews, cells: inclusionCells }, minCell);

  const tables: EvaluationTable[] = [];
  for (const dimension of singleDimensions) {
    if (dimension === 'occupationArea' || dimension === 'occupationGroup') continue;
    let cells = (counts.dimensions.get(dimension) ?? []).sort(byKey);
    if (dimension === 'week') cells = everyWeek(cells);
    const shown = suppressTable({ kind: 'partition', total: counted, cells }, minCell);
    tables.push({ id: dimension, kind: 'partition', total: shown.total, cells: labelled(shown.cells, (code) => label(dimension, code)) });
  }
  for (const dimension of [...multiDimensions, ...valueDimensions]) {
    const cells = (counts.dimensions.get(dimension) ?? []).sort((a, b) => b.count - a.count || byKey(a, b));
    const shown = suppressTable({ kind: 'multi', total: counted, cells }, minCell);
    tables.push({ id: dimension, kind: 'multi', total: shown.total, cells: labelled(shown.cells, (code) => label(dimension, code)) });
  }

  // Occupation: the latest job's area, then its main groups within each shown area.
  const areas = (counts.dimensions.get('occupationArea') ?? []).sort(byKey);
  const groupCells = counts.dimensions.get('occupationGroup') ?? [];
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
  const consent = counts.consent;
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
