/**
 * The audit log: who did what to which record or account, when, from where. Append-only and
 * hash-chained: every entry's `hash` is SHA-256 (core/consent `sha256Hex`, @noble/hashes) over
 * the canonical JSON (RFC 8785, core/sync `canonicalJson`) of the entry together with the hash
 * of the entry before it, so an edited, inserted or deleted past entry breaks the chain
 * (`verifyAuditLog`, `npm run lotse -- verify-audit`).
 *
 * Appends are serialised by the `audit_log` row of `server_locks` (a row lock on PostgreSQL,
 * the single writer on SQLite), so the chain stays linear with several server processes on one
 * PostgreSQL. The head (last seq and hash) is kept in `server_meta` in the same transaction, so
 * that deleting the newest entries is found too.
 *
 * Call `audit` inside the transaction that does the audited thing — then the entry exists if and
 * only if the thing happened — and as its LAST statement: the lock is held until the commit, and
 * taking it last keeps the lock order the same everywhere (no deadlock).
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { canonicalJson } from '../../core/sync/index';
import { sha256Hex } from '../../core/consent/index';
import type { AuditAction } from '../../core/api/index';
import type { AuditLogTable, Database } from '../db/schema';
import { takeLock } from '../db/locks';
import type { ServerContext } from '../context';

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

export type AuditActorType = 'account' | 'device' | 'system' | 'anonymous';

export interface AuditActor {
  type: AuditActorType;
  id?: string | null;
  name?: string | null;
}

export interface AuditTarget {
  /** e.g. `record`, `account`, `device`, `enrolment`, `artifact`, `settings`, `recipient`. */
  type: string;
  id: string;
}

export interface AuditInput {
  actor: AuditActor;
  action: AuditAction;
  target?: AuditTarget | null;
  /** The client's address (`request.ip`); null for the CLI and jobs. */
  address?: string | null;
  /** Anything that says more (JSON object); never passwords, tokens or answers. */
  details?: Record<string, unknown>;
  /** When; the server's clock (`context.now()`). */
  at: Date;
}


/** The hash of one entry: canonical JSON of every column but `hash`, `details` parsed. */
export function auditEntryHash(row: Omit<AuditLogTable, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      seq: row.seq,
      at: row.at,
      actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
      action: row.action,
      target: { type: row.target_type, id: row.target_id },
      address: row.address,
      details: JSON.parse(row.details) as unknown,
      prevHash: row.prev_hash,
    }),
  );
}

async function append(trx: Transaction<Database>, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const at = input.at.toISOString();
  await takeLock(trx, 'audit_log', at);
  const head = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row: Omit<AuditLogTable, 'hash'> = {
    seq: (head?.seq ?? 0) + 1,
    at,
    actor_type: input.actor.type,
    actor_id: input.actor.id ?? null,
    actor_name: input.actor.name ?? null,
    action: input.action,
    target_type: input.target?.type ?? null,
    target_id: input.target?.id ?? null,
    address: input.address ?? null,
    details: canonicalJson(input.details ?? {}),
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  const hash = auditEntryHash(row);
  await trx.insertInto('audit_log').values({ ...row, hash }).execute();
  const value = `${row.seq}:${hash}`;
  await trx.insertInto('server_meta').values({ key: HEAD_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return { seq: row.seq, hash };
}

/**
 * Appends one entry. Given a transaction, the entry is part of it (call it last, see above);
 * given the database, it is a transaction of its own.
 */
export function audit(db: Kysely<Database> | Transaction<Database>, input: AuditInput): Promise<{ seq: number; hash: string }> {
  if (db.isTransaction) return append(db as Transaction<Database>, input);
  return db.transaction().execute((trx) => append(trx, input));
}

/** The actor of a request: the signed-in account, else the device, else anonymous. */
export function requestActor(request: FastifyRequest): AuditActor {
  const session = request.coordinatorSession;
  if (session) return { type: 'account', id: session.coordinator.id, name: session.coordinator.name };
  if (request.device) return { type: 'device', id: request.device.id, name: request.device.name };
  return { type: 'anonymous' };
}

/**
 * `audit` for a route: actor and address from the request, time from the server's clock.
 * Pass the route's transaction as `db` when there is one.
 */
export function auditRequest(
  context: ServerContext,
  request: FastifyRequest,
  entry: { action: AuditAction; target?: AuditTarget | null; details?: Record<string, unknown>; actor?: AuditActor },
  db: Kysely<Database> | Transaction<Database> = context.database.db,
): Promise<{ seq: number; hash: string }> {
  return audit(db, { actor: entry.actor ?? requestActor(request), action: entry.action, target: entry.target ?? null, address: request.ip, details: entry.details ?? {}, at: context.now() });
}

export type AuditVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; entries: number; seq: number; problem: 'missing' | 'edited' | 'out_of_chain' | 'beyond_head' | 'head_missing'; message: string };

const VERIFY_PAGE = 1000;

/**
 * Walks the chain from the first entry and reports the first place it breaks: an entry missing
 * (deleted), one whose contents no longer give its hash (edited), one that does not follow the
 * entry before it (inserted, or the one before was replaced), entries past the recorded head
 * (appended outside the server) or fewer entries than the head says (the newest deleted).
 */
export async function verifyAuditLog(db: Kysely<Database>): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const headRow = await db.selectFrom('server_meta').select('value').where('key', '=', HEAD_KEY).executeTakeFirst();
  const [headSeqText, headHash] = headRow?.value.split(':') ?? [];
  const head = headSeqText !== undefined && headHash !== undefined ? { seq: Number(headSeqText), hash: headHash } : null;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(VERIFY_PAGE).execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, entries: checked, seq: expectedSeq, problem: 'missing', message: `entry ${expectedSeq} is missing (the log goes on at ${row.seq}): deleted` };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          entries: checked,
          seq: row.seq,
          problem: 'out_of_chain',
          message: `entry ${row.seq} does not follow entry ${row.seq - 1}: it was inserted, or the entry before it was replaced`,
        };
      }
      let computed: string | null;
      try {
        computed = auditEntryHash(row);
      } catch {
        computed = null;
      }
      if (computed !== row.hash) {
        return { ok: false, entries: checked, seq: row.seq, problem: 'edited', message: `entry ${row.seq} was edited: its contents do not give its hash` };
      }
      if (head && row.seq > head.seq) {
        return { ok: false, entries: checked, seq: row.seq, problem: 'beyond_head', message: `entry ${row.seq} lies past the last entry the server wrote (${head.seq}): inserted` };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < VERIFY_PAGE) break;
  }
  const last = checked > 0 ? { seq: expectedSeq - 1, hash: prevHash } : null;
  if (head && (!last || last.seq < head.seq)) {
    return { ok: false, entries: checked, seq: (last?.seq ?? 0) + 1, problem: 'head_missing', message: `entries ${(last?.seq ?? 0) + 1} to ${head.seq} are missing: the newest were deleted` };
  }
  if (head && last && last.hash !== head.hash) {
    return { ok: false, entries: checked, seq: last.seq, problem: 'edited', message: `entry ${last.seq} is not the one the server wrote last: replaced` };
  }
  return { ok: true, entries: checked, head: last };
}
