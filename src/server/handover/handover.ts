/**
 * Partner hand-over: the records one recipient may receive now, with only the fields mapped to
 * that recipient for each record's form version, as XLSX or a ZIP of CSV — and each hand-over
 * stored as a disclosure (who, when, recipient, purpose, which records, the file's SHA-256) and
 * audited (`handover.create`) in one transaction.
 *
 * Who qualifies: a record not erased whose current consent (`record_consent`, which holds the
 * device's decisions and the withdrawals a coordinator entered) says `given` to the recipient and
 * to the hand-over's purpose (`referral`), and whose form version has a recipient mapping (its own,
 * or a sidecar: handover/mapping.ts). The export checks the device's consent of the record again.
 *
 * The file is written to a private temporary file first; then, in one transaction, every record
 * in it is checked once more against `record_consent` (rows locked FOR SHARE on PostgreSQL, so a
 * withdrawal entered meanwhile waits for the commit or is seen), the disclosure and its records are
 * stored and the audit entry is written. A record withdrawn while the file was written makes the
 * file be written again. Only then does the first byte leave for the client, so every byte a
 * partner receives is in a stored disclosure, and the stored SHA-256 is that of the bytes sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { HANDOVER_PURPOSE, type HandoverFormat, type HandoverLeftOutReason, type HandoverPreview, type HandoverSummary } from '../../core/api/index';
import { fieldDisclosures, isRepeatGroup, localized, receivableFieldPaths, type FormDefinition } from '../../core/form/index';
import { shortReference } from '../../core/record/index';
import type { ServerContext } from '../context';
import type { Database, DisclosuresTable } from '../db/schema';
import { auditRequest } from '../audit/log';
import { noticeItems, startExport } from '../exports/export';
import { mappedForm, noticeMappings } from './mapping';

type Db = Kysely<Database> | Transaction<Database>;
type Words = { de: string; en: string };

export class UnknownRecipientError extends Error {
  constructor(readonly recipientId: string) {
    super(`No published notice names the recipient '${recipientId}'.`);
    this.name = 'UnknownRecipientError';
  }
}

const PAGE = 200;
const LISTED = 200;

/** Recipients and purposes of the published notices, labelled. */
async function vocabulary(context: ServerContext): Promise<{ recipients: { id: string; label: Words }[]; purposes: { id: string; label: Words }[] }> {
  const { items } = await noticeItems(context);
  return { recipients: items.recipients, purposes: items.purposes };
}

/**
 * What goes to `recipientId` of a form version for records captured under `notice` (`notice@3`):
 * the mapped field paths (`group[].field`), or null without a mapping. Without `notice`: every
 * path any mapping of the form gives the recipient (its own and those for later notices), which is
 * what the preview lists and the columns of a hand-over file are; `null`: the form's own mapping.
 */
export async function fieldsFor(context: ServerContext, formRef: string, recipientId: string, notice?: string | null): Promise<string[] | null> {
  const form = await context.artifacts.form(formRef);
  if (!form) return null;
  const pathsOf = (mapped: FormDefinition | null): string[] | null => {
    if (!mapped?.disclosure) return null;
    if (!mapped.disclosure.recipients.includes(recipientId) || !mapped.disclosure.purposes.includes(HANDOVER_PURPOSE)) return [];
    return receivableFieldPaths(mapped, recipientId, [HANDOVER_PURPOSE]);
  };
  if (notice === null) return pathsOf(mappedForm(form));
  if (notice !== undefined) return pathsOf(mappedForm(form, notice));
  const all = [pathsOf(mappedForm(form)), ...noticeMappings.map((n) => pathsOf(mappedForm(form, n)))];
  if (all.every((paths) => paths === null)) return null;
  const union = new Set(all.flatMap((paths) => paths ?? []));
  // In the form's order.
  return fieldDisclosures(form).map((entry) => entry.path).filter((p) => union.has(p));
}

function fieldLabels(form: FormDefinition, paths: readonly string[]): { path: string; label: Words }[] {
  const wanted = new Set(paths);
  const groups = new Map<string, Words>();
  for (const section of form.sections) for (const item of section.items) if (isRepeatGroup(item)) groups.set(item.id, { de: localized(item.label, 'de').text, en: localized(item.label, 'en').text });
  return fieldDisclosures(form)
    .filter((entry) => wanted.has(entry.path))
    .map((entry) => {
      const label = { de: localized(entry.field.label, 'de').text, en: localized(entry.field.label, 'en').text };
      const group = entry.groupId === undefined ? undefined : groups.get(entry.groupId);
      return { path: entry.path, label: group ? { de: `${group.de}: ${label.de}`, en: `${group.en}: ${label.en}` } : label };
    });
}

/** Keeps of `answers` only the paths given (`field`, `group[].field`). */
export function keepPaths(answers: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const inGroups = new Map<string, string[]>();
  for (const p of paths) {
    const match = /^([^[]+)\[\]\.(.+)$/.exec(p);
    if (match) inGroups.set(match[1]!, [...(inGroups.get(match[1]!) ?? []), match[2]!]);
    else if (p in answers) out[p] = answers[p];
  }
  for (const [group, fields] of inGroups) {
    const instances = answers[group];
    if (!Array.isArray(instances)) continue;
    out[group] = instances.map((instance: unknown) => {
      if (typeof instance !== 'object' || instance === null) return {};
      const source = instance as Record<string, unknown>;
      return Object.fromEntries(fields.filter((f) => f in source).map((f) => [f, source[f]]));
    });
  }
  return out;
}

interface ConsentRow {
  record_id: string;
  form_ref: string | null;
  erased_at: string | null;
  received_at: string;
  recipient_state: string | null;
  purpose_state: string | null;
}

/** Every record with its consent to the recipient and the purpose, a page at a time (keyset). */
async function consentPage(db: Db, recipientId: string, after: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('records as r')
    .leftJoin('record_consent as rc', (join) => join.onRef('rc.record_id', '=', 'r.record_id').on('rc.kind', '=', 'recipient').on('rc.item_id', '=', recipientId))
    .leftJoin('record_consent as pc', (join) => join.onRef('pc.record_id', '=', 'r.record_id').on('pc.kind', '=', 'purpose').on('pc.item_id', '=', HANDOVER_PURPOSE))
    .select(['r.record_id', 'r.form_ref', 'r.erased_at', 'r.received_at', 'rc.state as recipient_state', 'pc.state as purpose_state'])
    .where('r.record_id', '>', after)
    .orderBy('r.record_id')
    .limit(1000)
    .execute();
}

function reasonOf(row: ConsentRow, mapped: (formRef: string | null) => boolean): HandoverLeftOutReason | null {
  if (row.erased_at !== null) return 'erased';
  if (row.recipient_state === null || row.purpose_state === null) return 'no_consent';
  if (row.recipient_state !== 'given') return row.recipient_state === 'withdrawn' ? 'recipient_withdrawn' : 'recipient_refused';
  if (row.purpose_state !== 'given') return row.purpose_state === 'withdrawn' ? 'purpose_withdrawn' : 'purpose_refused';
  if (!mapped(row.form_ref)) return 'form_unmapped';
  return null;
}

function summaryOf(row: DisclosuresTable): HandoverSummary {
  return {
    id: row.id,
    recipientId: row.recipient_id,
    purpose: row.purpose,
    at: row.created_at,
    by: row.created_by_name,
    format: row.format as HandoverFormat,
    records: row.record_count,
    bytes: row.bytes,
    sha256: row.sha256,
  };
}

export async function listHandovers(db: Db, recipientId?: string, limit = 50): Promise<HandoverSummary[]> {
  let query = db.selectFrom('disclosures').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (recipientId !== undefined) query = query.where('recipient_id', '=', recipientId);
  return (await query.execute()).map(summaryOf);
}

export async function handoverRecipients(context: ServerContext): Promise<{ id: string; label: Words }[]> {
  return (await vocabulary(context)).recipients;
}

async function recipientOf(context: ServerContext, recipientId: string) {
  const { recipients, purposes } = await vocabulary(context);
  const recipient = recipients.find((r) => r.id === recipientId);
  if (!recipient) throw new UnknownRecipientError(recipientId);
  const purpose = purposes.find((p) => p.id === HANDOVER_PURPOSE) ?? { id: HANDOVER_PURPOSE, label: { de: HANDOVER_PURPOSE, en: HANDOVER_PURPOSE } };
  return { recipient, purpose };
}

/** Field paths per form version for a recipient (null: the version has no mapping), memoised for one call. */
function fieldCache(context: ServerContext, recipientId: string) {
  const cache = new Map<string, Promise<string[] | null>>();
  return (formRef: string) => {
    let found = cache.get(formRef);
    if (!found) {
      found = fieldsFor(context, formRef, recipientId);
      cache.set(formRef, found);
    }
    return found;
  };
}

/** What a hand-over to `recipientId` would hold now, and what it leaves out and why. */
export async function previewHandover(context: ServerContext, recipientId: string): Promise<HandoverPreview> {
  const { recipient, purpose } = await recipientOf(context, recipientId);
  const fields = fieldCache(context, recipientId);
  const formRefs = new Set<string>();
  const counts: Partial<Record<HandoverLeftOutReason, number>> = {};
  const listed: HandoverPreview['leftOut']['records'] = [];
  const perForm = new Map<string, number>();
  let qualifying = 0;
  let leftOut = 0;
  for (let after = ''; ; ) {
    const page = await consentPage(context.database.db, recipientId, after);
    if (page.length === 0) break;
    after = page.at(-1)!.record_id;
    const mappedRefs = new Map<string, boolean>();
    for (const row of page) if (row.form_ref !== null && !mappedRefs.has(row.form_ref)) mappedRefs.set(row.form_ref, (await fields(row.form_ref)) !== null);
    for (const row of page) {
      const reason = reasonOf(row, (ref) => ref !== null && mappedRefs.get(ref) === true);
      if (reason === null) {
        qualifying++;
        formRefs.add(row.form_ref!);
        perForm.set(row.form_ref!, (perForm.get(row.form_ref!) ?? 0) + 1);
        continue;
      }
      leftOut++;
      counts[reason] = (counts[reason] ?? 0) + 1;
      if (row.form_ref !== null) formRefs.add(row.form_ref);
      if (reason !== 'erased') listed.push({ recordId: row.record_id, shortReference: shortReference(row.record_id), reason, receivedAt: row.received_at });
    }
  }
  const forms: HandoverPreview['forms'] = [];
  for (const formRef of [...formRefs].sort()) {
    const paths = await fields(formRef);
    const form = await context.artifacts.form(formRef);
    const mapped = form ? mappedForm(form) : null;
    forms.push({ formRef, records: perForm.get(formRef) ?? 0, mapped: paths !== null, fields: paths && mapped ? fieldLabels(mapped, paths) : [] });
  }
  // The newest first: a withdrawal just entered is at the top.
  listed.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.recordId.localeCompare(b.recordId));
  return { recipient, purpose, qualifying, forms, leftOut: { total: leftOut, counts, records: listed.slice(0, LISTED) }, handovers: await listHandovers(context.database.db, recipientId, 20) };
}

/** The ids of `recordIds` that may go to the recipient now; rows locked until the commit on PostgreSQL. */
async function stillAllowed(context: ServerContext, trx: Transaction<Database>, recipientId: string, recordIds: readonly string[]): Promise<Set<string>> {
  const allowed = new Set<string>();
  for (let start = 0; start < recordIds.length; start += PAGE) {
    const part = recordIds.slice(start, start + PAGE);
    let query = trx
      .selectFrom('record_consent as rc')
      .innerJoin('record_consent as pc', (join) => join.onRef('pc.record_id', '=', 'rc.record_id').on('pc.kind', '=', 'purpose').on('pc.item_id', '=', HANDOVER_PURPOSE))
      .innerJoin('records as r', 'r.record_id', 'rc.record_id')
      .select('rc.record_id')
      .where('rc.kind', '=', 'recipient')
      .where('rc.item_id', '=', recipientId)
      .where('rc.state', '=', 'given')
      .where('pc.state', '=', 'given')
      .where('r.erased_at', 'is', null)
      .where('rc.record_id', 'in', part);
    if (context.database.engine === 'postgres') query = query.forShare();
    for (const row of await query.execute()) allowed.add(row.record_id);
  }
  return allowed;
}

export interface CreatedHandover {
  summary: HandoverSummary;
  file: string;
  filename: string;
  contentType: string;
  /** Removes the temporary file (call once the answer is sent or failed). */
  remove(): void;
}

class WithdrawnMeanwhile extends Error {}

/** Writes the hand-over file, stores the disclosure and audits it; the file is then the caller's to send. */
export async function createHandover(
  context: ServerContext,
  request: FastifyRequest,
  recipientId: string,
  format: HandoverFormat,
  by: { id: string; name: string },
): Promise<CreatedHandover> {
  await recipientOf(context, recipientId);
  const fields = fieldCache(context, recipientId);
  // The columns: every field any published version maps to the recipient (repeat-group fields as `group.field`).
  const { items } = await noticeItems(context);
  const refs = (await context.database.db.selectFrom('artifacts').select(['id', 'version']).where('kind', '=', 'form').execute()).map((a) => `${a.id}@${a.version}`);
  const columns = new Set<string>();
  // Per form version and notice version: a record gets what the mapping of its own notice gives.
  const byForm = new Map<string, string[] | null>();
  for (const ref of refs) {
    const paths = await fields(ref);
    for (const p of paths ?? []) columns.add(p.replace('[].', '.'));
    byForm.set(ref, await fieldsFor(context, ref, recipientId, null));
    for (const notice of noticeMappings) byForm.set(`${ref}|${notice}`, await fieldsFor(context, ref, recipientId, notice));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-handover-'));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    for (let attempt = 1; ; attempt++) {
      const recordIds: string[] = [];
      const running = await startExport(context, {
        format,
        selection: { filters: {}, consentedTo: { recipient: recipientId, purpose: HANDOVER_PURPOSE } },
        fields: [...columns],
        fieldsOnly: true,
        labels: 'de',
        multi: 'columns',
        exportedBy: by,
        kind: `handover-${recipientId}`,
        consentColumns: { purposes: items.purposes.some((p) => p.id === HANDOVER_PURPOSE) ? [HANDOVER_PURPOSE] : [], recipients: [recipientId] },
        restrictAnswers: (record, answers) => {
          if (record.formRef === null) return null;
          const notice = `${record.notice.id}@${record.notice.version}`;
          const paths = byForm.has(`${record.formRef}|${notice}`) ? byForm.get(`${record.formRef}|${notice}`) : byForm.get(record.formRef);
          return paths ? keepPaths(answers, paths) : null;
        },
        onRecord: (id) => recordIds.push(id),
      });
      const file = path.join(dir, running.filename);
      await pipeline(running.stream, fs.createWriteStream(file, { mode: 0o600 }));
      const written = await running.done;
      try {
        const summary = await context.database.db.transaction().execute(async (trx) => {
          const allowed = await stillAllowed(context, trx, recipientId, recordIds);
          if (recordIds.some((id) => !allowed.has(id))) throw new WithdrawnMeanwhile();
          const row: DisclosuresTable = {
            id: crypto.randomUUID(),
            recipient_id: recipientId,
            purpose: HANDOVER_PURPOSE,
            created_at: context.now().toISOString(),
            created_by: by.id,
            created_by_name: by.name,
            format,
            filename: running.filename,
            record_count: recordIds.length,
            bytes: written.bytes,
            sha256: written.sha256,
          };
          await trx.insertInto('disclosures').values(row).execute();
          for (let start = 0; start < recordIds.length; start += PAGE) {
            await trx
              .insertInto('disclosure_records')
              .values(recordIds.slice(start, start + PAGE).map((record_id) => ({ disclosure_id: row.id, record_id })))
              .execute();
          }
          await auditRequest(
            context,
            request,
            { action: 'handover.create', target: { type: 'recipient', id: recipientId }, details: { disclosure: row.id, purpose: HANDOVER_PURPOSE, format, records: recordIds.length, sha256: written.sha256 } },
            trx,
          );
          return summaryOf(row);
        });
        return { summary, file, filename: running.filename, contentType: running.contentType, remove };
      } catch (error) {
        fs.rmSync(file, { force: true });
        if (error instanceof WithdrawnMeanwhile && attempt < 3) continue;
        throw error;
      }
    }
  } catch (error) {
    remove();
    throw error;
  }
}

/** The hand-overs that held a record, oldest first (the record page: "given to Jobcenter on …"). */
export async function disclosuresOfRecord(db: Db, recordId: string): Promise<{ id: string; recipientId: string; at: string; by: string }[]> {
  const rows = await db
    .selectFrom('disclosure_records as dr')
    .innerJoin('disclosures as d', 'd.id', 'dr.disclosure_id')
    .select(['d.id', 'd.recipient_id', 'd.created_at', 'd.created_by_name'])
    .where('dr.record_id', '=', recordId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
  return rows.map((row) => ({ id: row.id, recipientId: row.recipient_id, at: row.created_at, by: row.created_by_name }));
}
