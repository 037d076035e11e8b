/**
 * Exports of received records as XLSX or as a ZIP of CSV files, streamed: one row per interview
 * (its current revision), one table per repeat group with a row key and its parent's key,
 * a data dictionary and a metadata table. Built once, for the coordinators' full export
 * (`GET /api/v1/exports/records.xlsx|csv`) and for the hand-over to one partner, which passes a
 * consent condition (`consentedTo`) and the fields mapped to that recipient (`fields`).
 *
 * Memory does not grow with the number of records: records are read from the database in pages
 * by key (`record_id` order, no OFFSET, no long transaction), each page written out before the
 * next is read, and the output waits while the client reads slowly (backpressure). Repeat-group
 * tables are spooled, compressed, to a private temporary directory (zip.ts) that is removed when
 * the export ends, however it ends.
 *
 * Records are selected with the evaluation's own filters over `evaluation_facts` (period =
 * interview date, municipality, device, form version), brought up to date first.
 */
import type { Readable } from 'node:stream';
import { consentOverview, type ConsentOverview, type ConsentRecord, type NoticeArtifact } from '../../core/consent/index';
import type { FormDefinition } from '../../core/form/index';
import type { NoticeRef } from '../../core/sync/index';
import { listArtifacts } from '../artifacts/store';
import type { ServerContext } from '../context';
import { filtered, type EvaluationFilters } from '../evaluation/queries';
import { refreshEvaluationFacts } from '../evaluation/projection';
import { serverVersion } from '../version';
import { planTables, type LabelMode, type MultiMode, type NoticeItems, type RowSource, type Table } from './columns';
import { csvTable, xlsxPackageParts, xlsxTable, XLSX_CONTENT_TYPE, ZIP_CONTENT_TYPE, type Cell, type TableWriter } from './formats';
import { ArchiveSink, SpoolDirectory, type Spool } from './zip';

export type ExportFormat = 'xlsx' | 'csv';

export interface RecordSelection {
  /** The evaluation's filters. */
  filters: EvaluationFilters;
  /**
   * Only records whose current consent is given and says yes to this recipient (and to this
   * purpose, when named), not withdrawn for it. Checked in the database (the projected consent
   * facts) and again on each record's own consent before it is written.
   */
  consentedTo?: { recipient: string; purpose?: string } | undefined;
}

/** What a hand-over writes of one record: only the answers mapped to its recipient for the record's form version. */
/** `notice`: the notice the record was captured under (its mapping may be another than the form's own). */
export type AnswerRestriction = (record: { recordId: string; formRef: string | null; notice: NoticeRef }, answers: Record<string, unknown>) => Record<string, unknown> | null;

export interface ExportOptions {
  format: ExportFormat;
  selection: RecordSelection;
  /** Sections, repeat groups, fields or `group.field` paths; absent: every field of the form. */
  fields?: readonly string[] | undefined;
  /** `fields` are fields only (`field`, `group.field`), never a section or group by the same id. */
  fieldsOnly?: boolean | undefined;
  labels: LabelMode;
  multi: MultiMode;
  exportedBy: { id: string; name: string };
  /** What the file is, for its name and metadata: `records`, or e.g. `handover-jobcenter`. */
  kind?: string;
  /** Told of each record written (a hand-over keeps which records it disclosed). */
  onRecord?: (recordId: string) => void;
  /** Records read per database query. */
  pageSize?: number;
  /** Keeps of each record's answers only what may go (a hand-over); absent: every answer. */
  restrictAnswers?: AnswerRestriction | undefined;
  /** Only these consent columns (a hand-over shows its own recipient and purpose, not what else the person decided). */
  consentColumns?: { purposes: readonly string[]; recipients: readonly string[] } | undefined;
}

export interface ExportSummary {
  records: number;
  /** Rows per table (records and each repeat group). */
  rows: Record<string, number>;
  /** Records the selection found but that were not written, and why. */
  leftOut: { consent: number; unreadable: number };
  byFormVersion: Record<string, number>;
  byConsentStatus: Record<string, number>;
  bytes: number;
  sha256: string;
}

export interface RunningExport {
  stream: Readable;
  filename: string;
  contentType: string;
  /** Settles when the last byte is written (or the export failed or was cancelled). */
  done: Promise<ExportSummary>;
  /** Stops the export (the client went away); `done` then rejects. */
  cancel(): void;
}

export const DEFAULT_PAGE_SIZE = 200;

export class ExportSelectionError extends Error {
  override name = 'ExportSelectionError';
}

// ------------------------------------------------------------------ content

export async function publishedForms(context: ServerContext, formRef: string | undefined): Promise<FormDefinition[]> {
  const forms: FormDefinition[] = [];
  for (const a of await listArtifacts(context.database.db)) {
    if (a.kind !== 'form') continue;
    const ref = `${a.id}@${a.version}`;
    if (formRef !== undefined && ref !== formRef) continue;
    const form = await context.artifacts.form(ref);
    if (form) forms.push(form);
  }
  return forms.sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
}

/** Every purpose and recipient any published notice names, labelled from its German and English texts (newest first). */
export async function noticeItems(context: ServerContext): Promise<{ items: NoticeItems; versions: string[] }> {
  const notices: NoticeArtifact[] = [];
  for (const a of await listArtifacts(context.database.db)) {
    if (a.kind !== 'notice' || (a.lang !== 'de' && a.lang !== 'en')) continue;
    const notice = await context.artifacts.notice(a.id, a.version, a.lang);
    if (notice) notices.push(notice);
  }
  notices.sort((a, b) => b.version - a.version);
  const collect = (kind: 'purposes' | 'recipients') => {
    const found = new Map<string, { de: string; en: string }>();
    // Oldest German text first fixes the order; newer texts and English fill in labels.
    for (const notice of [...notices].reverse()) {
      for (const item of notice[kind]) {
        const label = found.get(item.id) ?? { de: '', en: '' };
        found.set(item.id, { ...label, [notice.lang]: item.label });
      }
    }
    return [...found].map(([id, label]) => ({ id, label: { de: label.de || label.en || id, en: label.en || label.de || id } }));
  };
  const versions = [...new Set(notices.map((n) => `${n.id}@${n.version}`))].sort();
  return { items: { purposes: collect('purposes'), recipients: collect('recipients') }, versions };
}

// ------------------------------------------------------------------ records, page by page

interface RecordRow {
  record_id: string;
  current_rev: number;
  form_ref: string | null;
  notice: string;
  received_at: string;
  updated_at: string;
  interview_date: string;
  device_name: string | null;
  payload: string;
}

async function recordPage(context: ServerContext, selection: RecordSelection, after: string, limit: number): Promise<RecordRow[]> {
  let query = filtered(context.database.db.selectFrom('evaluation_facts'), selection.filters)
    .innerJoin('records as r', 'r.record_id', 'evaluation_facts.record_id')
    .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
    .leftJoin('devices as d', 'd.id', 'r.device_id')
    .select(['r.record_id', 'r.current_rev', 'r.form_ref', 'r.notice', 'r.received_at', 'r.updated_at', 'evaluation_facts.interview_date', 'd.name as device_name', 'rr.payload'])
    .where('evaluation_facts.record_id', '>', after)
    // An erased record (withdrawal, retention) has nothing left to export but its proof.
    .where('r.erased_at', 'is', null);
  const consented = selection.consentedTo;
  if (consented) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('evaluation_values as v')
          .select('v.record_id')
          .whereRef('v.record_id', '=', 'evaluation_facts.record_id')
          .where('v.dimension', '=', `recipient:${consented.recipient}`)
          .where('v.value', '=', 'given'),
      ),
    );
    // And the server's own current consent (`record_consent`): it holds the withdrawals a
    // coordinator entered, which the device's payload does not.
    const items: ['recipient' | 'purpose', string][] = [['recipient', consented.recipient], ...(consented.purpose !== undefined ? ([['purpose', consented.purpose]] as ['purpose', string][]) : [])];
    for (const [kind, id] of items) {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('record_consent as c')
            .select('c.record_id')
            .whereRef('c.record_id', '=', 'evaluation_facts.record_id')
            .where('c.kind', '=', kind)
            .where('c.item_id', '=', id)
            .where('c.state', '=', 'given'),
        ),
      );
    }
  }
  return query.orderBy('evaluation_facts.record_id').limit(limit).execute();
}

function consentAllows(consent: ConsentOverview | null, wanted: RecordSelection['consentedTo']): boolean {
  if (!wanted) return true;
  if (consent === null || consent.status !== 'given') return false;
  const state = (kind: 'purpose' | 'recipient', id: string) => consent.items.find((item) => item.kind === kind && item.id === id)?.state;
  return state('recipient', wanted.recipient) === 'given' && (wanted.purpose === undefined || state('purpose', wanted.purpose) === 'given');
}

// ------------------------------------------------------------------ the export

const increment = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique. */
function sheetNames(tables: readonly string[]): string[] {
  const used = new Set<string>();
  return tables.map((name) => {
    const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'sheet';
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base.slice(0, 28)}_${n}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

const dictionaryHeader = ['table', 'column', 'question_de', 'question_en', 'type', 'code_list', 'values', 'form_versions'];

function dictionaryRows(tables: readonly Table[]): Cell[][] {
  return tables.flatMap((table) =>
    table.columns.map((column) => [table.id, column.name, column.question.de, column.question.en, column.type, column.codeList || null, column.values || null, column.formVersions.join(', ') || null]),
  );
}

const FORMULA_NOTE =
  'CSV: a text beginning with =, +, -, @, a tab or a carriage return starts with an added apostrophe (\') so that a spreadsheet program does not run it as a formula; XLSX: every text is a text cell, never a formula, and is written unchanged.';

/**
 * Starts an export: everything that can refuse it (an unknown field, no published form) is
 * checked before the returned stream has a byte, so the caller can still answer with an error.
 */
export async function startExport(context: ServerContext, options: ExportOptions): Promise<RunningExport> {
  const forms = await publishedForms(context, options.selection.filters.formRef);
  const notices = await noticeItems(context);
  const consented = options.selection.consentedTo;
  if (consented && !notices.items.recipients.some((r) => r.id === consented.recipient)) {
    throw new ExportSelectionError(`No published notice names the recipient ${consented.recipient}.`);
  }
  if (consented?.purpose !== undefined && !notices.items.purposes.some((p) => p.id === consented.purpose)) {
    throw new ExportSelectionError(`No published notice names the purpose ${consented.purpose}.`);
  }
  const shown = options.consentColumns;
  const columnItems = shown
    ? { purposes: notices.items.purposes.filter((p) => shown.purposes.includes(p.id)), recipients: notices.items.recipients.filter((r) => shown.recipients.includes(r.id)) }
    : notices.items;
  const tables = planTables(forms, columnItems, { labels: options.labels, multi: options.multi, fields: options.fields, fieldsOnly: options.fieldsOnly });
  await refreshEvaluationFacts(context);

  const exportedAt = context.now();
  const kind = options.kind ?? 'records';
  const filename = `lotse-${kind}-${exportedAt.toISOString().slice(0, 10)}.${options.format === 'xlsx' ? 'xlsx' : 'zip'}`;
  const sink = new ArchiveSink();
  const done = writeExport(context, options, sink, tables, forms, notices.versions, exportedAt, kind);
  // Whoever awaits `done` sees the failure; the stream itself is already destroyed by then.
  done.catch(() => undefined);
  return {
    stream: sink.stream,
    filename,
    contentType: options.format === 'xlsx' ? XLSX_CONTENT_TYPE : ZIP_CONTENT_TYPE,
    done,
    cancel: () => sink.fail(new Error('the export was cancelled')),
  };
}

async function writeExport(
  context: ServerContext,
  options: ExportOptions,
  sink: ArchiveSink,
  tables: readonly Table[],
  forms: readonly FormDefinition[],
  noticeVersions: readonly string[],
  exportedAt: Date,
  kind: string,
): Promise<ExportSummary> {
  const xlsx = options.format === 'xlsx';
  const names = sheetNames([...tables.map((t) => t.id), 'dictionary', 'metadata']);
  const pathOf = (index: number) => (xlsx ? `xl/worksheets/sheet${index + 1}.xml` : `${names[index]}.csv`);
  const writerFor = (wrapColumns: readonly number[] = [], widths?: readonly number[]): TableWriter => (xlsx ? xlsxTable({ wrapColumns, ...(widths && { widths }) }) : csvTable());
  const spools = new SpoolDirectory();
  const summary: ExportSummary = { records: 0, rows: {}, leftOut: { consent: 0, unreadable: 0 }, byFormVersion: {}, byConsentStatus: {}, bytes: 0, sha256: '' };
  for (const table of tables) summary.rows[table.id] = 0;

  try {
    if (xlsx) {
      for (const part of xlsxPackageParts(names)) {
        const entry = sink.entry(part.path);
        await entry.write(part.text);
        await entry.end();
      }
    }
    // The records table goes straight out; each repeat group's table fills its spool meanwhile.
    const [recordsTable, ...groupTables] = tables as [Table, ...Table[]];
    const recordsWriter = writerFor();
    const recordsEntry = sink.entry(pathOf(0));
    await recordsEntry.write(recordsWriter.start(recordsTable.columns.map((c) => c.name)));
    const groups: { table: Table; writer: TableWriter; spool: Spool; text: string }[] = [];
    for (const [index, table] of groupTables.entries()) {
      const writer = writerFor();
      const spool = spools.spool(pathOf(index + 1));
      await spool.write(writer.start(table.columns.map((c) => c.name)));
      groups.push({ table, writer, spool, text: '' });
    }

    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    let after = '';
    for (;;) {
      const page = await recordPage(context, options.selection, after, pageSize);
      if (page.length === 0) break;
      after = page.at(-1)!.record_id;
      let text = '';
      for (const row of page) {
        let payload: { consent?: unknown; answers?: unknown };
        let consent: ConsentOverview | null = null;
        try {
          payload = JSON.parse(row.payload) as { consent?: unknown; answers?: unknown };
          consent = consentOverview(payload.consent as ConsentRecord);
        } catch {
          // Stored records passed validation; one that still cannot be read is counted, not guessed at.
          summary.leftOut.unreadable++;
          continue;
        }
        if (!consentAllows(consent, options.selection.consentedTo)) {
          summary.leftOut.consent++;
          continue;
        }
        let answers = typeof payload.answers === 'object' && payload.answers !== null ? (payload.answers as Record<string, unknown>) : null;
        if (answers !== null && options.restrictAnswers) answers = options.restrictAnswers({ recordId: row.record_id, formRef: row.form_ref, notice: JSON.parse(row.notice) as NoticeRef }, answers);
        const source: RowSource = {
          recordId: row.record_id,
          rev: row.current_rev,
          formRef: row.form_ref,
          notice: JSON.parse(row.notice) as NoticeRef,
          interviewDate: /^\d{4}-\d{2}-\d{2}$/.test(row.interview_date) && row.interview_date !== '0000-00-00' ? row.interview_date : null,
          deviceName: row.device_name,
          receivedAt: row.received_at,
          updatedAt: row.updated_at,
          consent,
          answers,
        };
        text += recordsWriter.row(recordsTable.columns.map((column) => column.value(source)));
        summary.records++;
        summary.rows.records = (summary.rows.records ?? 0) + 1;
        increment(summary.byFormVersion, row.form_ref ?? '(none: consent refused)');
        increment(summary.byConsentStatus, consent?.status ?? 'unreadable');
        for (const group of groups) {
          const instances = answers?.[group.table.id];
          if (!Array.isArray(instances)) continue;
          instances.forEach((instance, position) => {
            if (typeof instance !== 'object' || instance === null) return;
            const rowSource = { ...source, instance: instance as Record<string, unknown>, index: position + 1 };
            group.text += group.writer.row(group.table.columns.map((column) => column.value(rowSource)));
            summary.rows[group.table.id] = (summary.rows[group.table.id] ?? 0) + 1;
          });
        }
        options.onRecord?.(row.record_id);
      }
      await recordsEntry.write(text);
      for (const group of groups) {
        await group.spool.write(group.text);
        group.text = '';
      }
      if (page.length < pageSize) break;
    }
    await recordsEntry.write(recordsWriter.end());
    await recordsEntry.end();
    for (const group of groups) {
      await group.spool.write(group.writer.end());
      await sink.addSpool(group.spool);
    }

    // The data dictionary: every column of every table.
    const dictionaryWriter = writerFor([2, 3, 6], [18, 34, 50, 50, 24, 18, 60, 30]);
    const dictionary = sink.entry(pathOf(tables.length));
    await dictionary.write(dictionaryWriter.start(dictionaryHeader));
    for (const row of dictionaryRows(tables)) await dictionary.write(dictionaryWriter.row(row));
    await dictionary.write(dictionaryWriter.end());
    await dictionary.end();

    // The metadata: what this file is, and counts that let a reader check it is whole.
    const filters = options.selection.filters;
    const metadata: [string, Cell][] = [
      ['export', kind],
      ['exported_at', exportedAt.toISOString()],
      ['exported_by', options.exportedBy.name],
      ['format', xlsx ? 'XLSX' : 'ZIP of CSV (UTF-8 with BOM, comma, CRLF)'],
      ['labels', options.labels],
      ['multiple_choice', options.multi],
      ['filter.from', filters.from ?? null],
      ['filter.to', filters.to ?? null],
      ['filter.municipality', filters.municipality ?? null],
      ['filter.device', filters.deviceId ?? null],
      ['filter.form_version', filters.formRef ?? null],
      ...(options.selection.consentedTo
        ? ([
            ['filter.consent_recipient', options.selection.consentedTo.recipient],
            ['filter.consent_purpose', options.selection.consentedTo.purpose ?? null],
          ] as [string, Cell][])
        : []),
      ...(options.fields ? ([['fields', options.fields.join(', ')]] as [string, Cell][]) : []),
      ['records', summary.records],
      ...Object.entries(summary.rows).map(([table, n]) => [`rows.${table}`, n] as [string, Cell]),
      ...Object.entries(summary.byFormVersion).sort().map(([ref, n]) => [`records.form_version.${ref}`, n] as [string, Cell]),
      ...Object.entries(summary.byConsentStatus).sort().map(([status, n]) => [`records.consent.${status}`, n] as [string, Cell]),
      ['left_out.consent', summary.leftOut.consent],
      ['left_out.unreadable', summary.leftOut.unreadable],
      ['form_versions', forms.map((f) => `${f.id}@${f.version}`).join(', ')],
      ['notice_versions', noticeVersions.join(', ')],
      ['server_version', serverVersion],
      ['order', 'records by record_id; repeat-group rows by record_id, then index'],
      ['note.formulas', FORMULA_NOTE],
      ['note.consistency', 'Read page by page from the live database: a record changed during the export appears as it was when its page was read.'],
    ];
    const metadataWriter = writerFor([1], [28, 100]);
    const metadataEntry = sink.entry(pathOf(tables.length + 1));
    await metadataEntry.write(metadataWriter.start(['item', 'value']));
    for (const row of metadata) await metadataEntry.write(metadataWriter.row(row));
    await metadataEntry.write(metadataWriter.end());
    await metadataEntry.end();

    summary.sha256 = await sink.end();
    summary.bytes = sink.bytes;
    return summary;
  } catch (error) {
    sink.fail(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    spools.remove();
  }
}
