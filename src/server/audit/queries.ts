/**
 * Reading the audit log for `/coordinator/audit`: filtered, newest first, one page at a time;
 * and the CSV export, read in pages of `EXPORT_PAGE` so a long log never sits in memory whole.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { AuditEntry, Page } from '../../core/api/index';
import type { AuditLogTable, Database } from '../db/schema';

export interface AuditFilter {
  /** An account id, or the name as it was logged. */
  actor?: string;
  action?: string;
  /** A target id (record, account, device, …). */
  target?: string;
  /** Inclusive days (YYYY-MM-DD, UTC) of `at`. */
  from?: string;
  to?: string;
}

function whereAuditMatches<O>(query: SelectQueryBuilder<Database, 'audit_log', O>, filter: AuditFilter): SelectQueryBuilder<Database, 'audit_log', O> {
  let q = query;
  if (filter.actor !== undefined) {
    const actor = filter.actor;
    q = q.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_name', '=', actor)]));
  }
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.target !== undefined) q = q.where('target_id', '=', filter.target);
  if (filter.from !== undefined) q = q.where('at', '>=', `${filter.from}T00:00:00.000Z`);
  // Every `at` of the last day sorts before the next day's midnight.
  if (filter.to !== undefined) q = q.where('at', '<', nextDay(filter.to));
  return q;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

export function auditEntryOf(row: AuditLogTable): AuditEntry {
  let details: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(row.details);
    details = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    details = { unreadable: row.details };
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    action: row.action,
    target: row.target_type !== null && row.target_id !== null ? { type: row.target_type, id: row.target_id } : null,
    address: row.address,
    details,
    hash: row.hash,
  };
}

export async function listAudit(db: Kysely<Database>, filter: AuditFilter, page: { offset: number; limit: number }): Promise<{ entries: AuditEntry[]; page: Page }> {
  const [rows, total] = await Promise.all([
    whereAuditMatches(db.selectFrom('audit_log').selectAll(), filter).orderBy('seq', 'desc').offset(page.offset).limit(page.limit).execute(),
    whereAuditMatches(db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')), filter).executeTakeFirstOrThrow(),
  ]);
  return { entries: rows.map(auditEntryOf), page: { offset: page.offset, limit: page.limit, total: Number(total.n) } };
}

const EXPORT_PAGE = 500;
export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor_type', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'address', 'details', 'prev_hash', 'hash'] as const;

/**
 * A CSV cell: quoted when it holds a separator, quote or line break; a leading `=`, `+`, `-`,
 * `@`, tab or carriage return is prefixed with `'` so a spreadsheet shows it as text instead of
 * running it as a formula (a name typed at a failed sign-in is attacker-chosen).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The matching entries as CSV lines (header first), oldest first, read page by page (keyset on seq). */
export async function* auditCsv(db: Kysely<Database>, filter: AuditFilter): AsyncGenerator<string> {
  yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
  let after = 0;
  for (;;) {
    const rows = await whereAuditMatches(db.selectFrom('audit_log').selectAll(), filter).where('seq', '>', after).orderBy('seq').limit(EXPORT_PAGE).execute();
    if (rows.length === 0) return;
    yield rows.map((row) => `${AUDIT_CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`).join('');
    after = rows.at(-1)!.seq;
    if (rows.length < EXPORT_PAGE) return;
  }
}
