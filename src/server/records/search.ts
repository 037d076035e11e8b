/**
 * What the coordinators' record list finds a record by: the person's names (original script and
 * Latin transliteration, folded and as consonant skeletons, the same rules as the tablet's list in
 * core/text), the short reference, and a few answer values (nationality, German level, occupation
 * area of past work, municipality). Derived from each record's current revision into
 * `record_search` / `record_search_values`, so a search or filter is a condition in SQL instead of
 * parsing every payload (~20 KB with the signature image) for every page.
 *
 * A push writes the rows of the revisions it stores in its own transaction (sync/push.ts, with
 * `storeSearchRows`), and an erasure replaces them with the short reference alone
 * (erasure/erase.ts), so the first search after a large import finds them ready. Before a list
 * that searches, filters by answers or sorts by name, `refreshRecordSearch` catches up on records
 * whose rows are missing or behind `records.current_rev` (stored before push wrote them, or by
 * another path) — a scan of every record, so once per database handle (server process) — in
 * batches. Several server processes may refresh at once: each batch runs under the
 * `record_search` lock and writes only what is still stale inside it.
 *
 * These rows are personal data: erasure deletes them with the record's answers (src/server/README.md).
 * A record whose payload holds no answers (a refusal, an erased record) gets a row with its short
 * reference only.
 */
import type { Kysely, Transaction } from 'kysely';
import { kldbAreas } from '../../core/evaluation/index';
import { cefrLevels, isRepeatGroup, labelsOf, type Answers, type CodeListItem, type LocalizedText, type RepeatInstance } from '../../core/form/index';
import { shortReference } from '../../core/record/index';
import { foldForSearch, nameSkeletons } from '../../core/text/index';
import type { ServerContext } from '../context';
import { takeLock } from '../db/locks';
import type { Database, RecordSearchTable, RecordSearchValuesTable } from '../db/schema';

const BATCH = 500;
/** Rows per insert: SQLite allows 32,766 bound values; a search row has 6. */
const ROWS_PER_INSERT = 1_000;

/** The answer values a list can be filtered by. */
export const searchDimensions = ['nationality', 'german', 'occupationArea', 'municipality'] as const;
export type SearchDimension = (typeof searchDimensions)[number];

/** CEFR levels from lowest to highest; `notAssessed` is no level. */
export const germanLevelOrder: readonly string[] = cefrLevels.filter((level) => level !== 'notAssessed');

export interface SearchFacts {
  row: Omit<RecordSearchTable, 'rev'>;
  values: { dimension: SearchDimension; value: string }[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const codes = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
const instances = (value: unknown): RepeatInstance[] => (Array.isArray(value) ? (value as RepeatInstance[]).filter((v) => typeof v === 'object' && v !== null) : []);

/** The lowest level of the German entry's assessed skills (`none` below A1), or null without one. */
function germanLevelOf(answers: Answers): string | null {
  const german = instances(answers.languageSkills).find((entry) => entry.skillLanguage === 'deu');
  const levels = german?.skillLevels;
  if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) return null;
  const ranks = Object.values(levels as Record<string, unknown>)
    .map((level) => germanLevelOrder.indexOf(String(level)))
    .filter((rank) => rank >= 0);
  return ranks.length === 0 ? null : germanLevelOrder[Math.min(...ranks)]!;
}

/** What the list searches and filters a record by, from its payload (anything unreadable: no names, no values). */
export function searchFactsOf(recordId: string, payload: unknown): SearchFacts {
  const reference = shortReference(recordId);
  const answers = (typeof payload === 'object' && payload !== null ? (payload as { answers?: unknown }).answers : null) as Answers | null | undefined;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return {
      row: { record_id: recordId, short_reference: reference, name_folded: foldForSearch(reference), name_skeletons: ' ', name_sort: null, name_latin: null, name_original: null },
      values: [],
    };
  }
  const latin = [text(answers.surname), text(answers.givenNames)].filter((part) => part !== '').join(', ');
  const original = [text(answers.surnameOriginal), text(answers.givenNamesOriginal)].filter((part) => part !== '').join(' ');
  // Folded from the parts themselves, so "haddad ahmad" is found as typed (the display has a comma).
  const names = foldForSearch([answers.surname, answers.givenNames, answers.surnameOriginal, answers.givenNamesOriginal].map(text).join(' '));
  const sortName = foldForSearch(latin !== '' ? `${text(answers.surname)} ${text(answers.givenNames)}` : `${text(answers.surnameOriginal)} ${text(answers.givenNamesOriginal)}`);
  const values: SearchFacts['values'] = [];
  const add = (dimension: SearchDimension, value: string) => {
    if (value !== '' && value.length <= 100 && !values.some((v) => v.dimension === dimension && v.value === value)) values.push({ dimension, value });
  };
  for (const code of codes(answers.nationality)) add('nationality', code);
  if (text(answers.nationalityStatus) !== 'known') add('nationality', text(answers.nationalityStatus));
  const german = germanLevelOf(answers);
  if (german !== null) add('german', german);
  for (const job of instances(answers.workExperience)) {
    const code = text(job.occupationCode);
    if (/^[0-9]/.test(code)) add('occupationArea', code.slice(0, 1));
  }
  add('municipality', text(answers.municipality));
  return {
    row: {
      record_id: recordId,
      short_reference: reference,
      name_folded: foldForSearch(`${names} ${reference}`),
      name_skeletons: ` ${nameSkeletons(names).join(' ')} `,
      name_sort: sortName === '' ? null : sortName,
      name_latin: latin === '' ? null : latin.slice(0, 400),
      name_original: original === '' ? null : original.slice(0, 400),
    },
    values,
  };
}

type StaleRow = { record_id: string; current_rev: number; payload: string };

function staleRecords(db: Kysely<Database> | Transaction<Database>, limit: number, only?: readonly string[]): Promise<StaleRow[]> {
  let query = db
    .selectFrom('records as r')
    .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
    .leftJoin('record_search as s', 's.record_id', 'r.record_id')
    .select(['r.record_id', 'r.current_rev', 'rr.payload'])
    .where((eb) => eb.or([eb('s.record_id', 'is', null), eb('s.rev', '<>', eb.ref('r.current_rev'))]));
  if (only !== undefined) query = query.where('r.record_id', 'in', only);
  return query.orderBy('r.record_id').limit(limit).execute();
}

function parsed(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return null;
  }
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Replaces the search rows of these records at these revisions (inside the caller's transaction). */
export async function storeSearchRows(trx: Transaction<Database>, rows: readonly { rev: number; facts: SearchFacts }[]): Promise<void> {
  if (rows.length === 0) return;
  await deleteRecordSearch(trx, rows.map((entry) => entry.facts.row.record_id));
  const searchRows: RecordSearchTable[] = rows.map((entry) => ({ ...entry.facts.row, rev: entry.rev }));
  const valueRows: RecordSearchValuesTable[] = rows.flatMap((entry) => entry.facts.values.map((v) => ({ record_id: entry.facts.row.record_id, ...v })));
  for (const part of chunks(searchRows, ROWS_PER_INSERT / 2)) await trx.insertInto('record_search').values(part).execute();
  for (const part of chunks(valueRows, ROWS_PER_INSERT)) await trx.insertInto('record_search_values').values(part).execute();
}

/** Database handles whose records were all checked once (see the head comment). */
const checked = new WeakSet<object>();

/**
 * Brings `record_search` up to date with every record's current revision (once per database
 * handle unless `always`), or only with those of `only` (at most a page of ids); returns how many
 * were (re)derived.
 */
export async function refreshRecordSearch(context: Pick<ServerContext, 'database' | 'now'>, only?: readonly string[], options: { always?: boolean } = {}): Promise<number> {
  const { db } = context.database;
  if (only !== undefined && only.length === 0) return 0;
  if (only === undefined && !options.always && checked.has(context.database)) return 0;
  let derivedCount = 0;
  for (;;) {
    // Read and derive outside the transaction; most lists find nothing stale and take no lock.
    const rows = await staleRecords(db, BATCH, only);
    if (rows.length === 0) {
      if (only === undefined) checked.add(context.database);
      return derivedCount;
    }
    const derived = new Map(rows.map((row) => [row.record_id, { rev: row.current_rev, facts: searchFactsOf(row.record_id, parsed(row.payload)) }]));
    derivedCount += await db.transaction().execute(async (trx) => {
      await takeLock(trx, 'record_search', context.now().toISOString());
      // Under the lock: only what is still stale and still at the revision derived from.
      const current = await trx
        .selectFrom('records as r')
        .leftJoin('record_search as s', 's.record_id', 'r.record_id')
        .select(['r.record_id', 'r.current_rev', 's.rev'])
        .where('r.record_id', 'in', [...derived.keys()])
        .execute();
      const due = current.filter((c) => c.rev !== c.current_rev && derived.get(c.record_id)!.rev === c.current_rev).map((c) => derived.get(c.record_id)!);
      if (due.length === 0) return 0;
      await storeSearchRows(trx, due);
      return due.length;
    });
  }
}

/** Deletes the search rows of records (for whoever deletes records or erases their answers). */
export async function deleteRecordSearch(db: Kysely<Database> | Transaction<Database>, recordIds: readonly string[]): Promise<void> {
  for (const part of chunks(recordIds, 500)) {
    await db.deleteFrom('record_search_values').where('record_id', 'in', part).execute();
    await db.deleteFrom('record_search').where('record_id', 'in', part).execute();
  }
}

/** A value a filter can take, labelled in the coordinator languages (null: no label known). */
export interface FilterOption {
  code: string;
  label: { de: string; en: string } | null;
}

export interface RecordFilterOptions {
  /** The nationalities that occur (and `stateless` / `unresolved` where they do), labelled from the newest form. */
  nationality: FilterOption[];
  /** Every municipality of the newest form's list. */
  municipality: FilterOption[];
  /** The KldB 2010 Berufsbereiche. */
  occupationArea: FilterOption[];
}

/**
 * What the record list's answer filters can be set to. Nationalities are those of the records
 * (a list of 250 countries where three occur helps nobody); labels from the newest published form.
 */
export async function recordFilterOptions(context: Pick<ServerContext, 'database' | 'now' | 'artifacts'>): Promise<RecordFilterOptions> {
  const { db } = context.database;
  await refreshRecordSearch(context);
  const newest = await db
    .selectFrom('artifacts')
    .select(['id', 'version'])
    .where('kind', '=', 'form')
    .where('retired', '=', 0)
    .orderBy('change_no', 'desc')
    .limit(1)
    .executeTakeFirst();
  const form = newest ? await context.artifacts.form(`${newest.id}@${newest.version}`) : null;
  const fields = form?.sections.flatMap((section) => section.items) ?? [];
  const listOf = (fieldId: string): readonly CodeListItem[] => {
    const field = fields.find((item) => item.id === fieldId);
    return field && !isRepeatGroup(field) && field.type === 'codelist' ? form?.codeLists[field.codeList]?.items ?? [] : [];
  };
  const statusField = fields.find((item) => item.id === 'nationalityStatus');
  const statusChoices = statusField && !isRepeatGroup(statusField) && statusField.type === 'single' ? statusField.choices : [];
  const labelled = (code: string, text: LocalizedText | undefined): FilterOption => ({ code, label: text ? labelsOf(text) : null });

  const nationalities = await db.selectFrom('record_search_values').select('value').distinct().where('dimension', '=', 'nationality').execute();
  const countries = listOf('nationality');
  const nationality = nationalities
    .map(({ value }) => labelled(value, countries.find((item) => item.code === value)?.label ?? statusChoices.find((choice) => choice.value === value)?.label))
    .sort((a, b) => (a.label?.de ?? a.code).localeCompare(b.label?.de ?? b.code, 'de'));
  return {
    nationality,
    municipality: listOf('municipality').map((item) => labelled(item.code, item.label)),
    occupationArea: Object.entries(kldbAreas).map(([code, label]) => labelled(code, label)),
  };
}
