/**
 * The current consent of a record per purpose and recipient (`record_consent`): the device's
 * consent events of the current revision, then the withdrawals a coordinator entered on the
 * server (`consent_withdrawals`), replayed together (`core/consent` `withServerWithdrawals`). Kept
 * in the same transaction as every push and every entered withdrawal, so "may this recipient
 * receive this record's data now" is one indexed query (`recordsThatMayReceive`) — what a
 * hand-over asks — and it stays after erasure, because the decisions are part of the proof.
 */
import type { Kysely, Transaction } from 'kysely';
import {
  consentOverview,
  consentRecordSchema,
  withServerWithdrawals,
  type ConsentEvent,
  type ConsentHistoryInput,
  type ConsentProof,
  type ConsentRecord,
} from '../../core/consent/index';
import type { EnteredWithdrawal } from '../../core/api/index';
import type { ConsentWithdrawalsTable, Database, RecordConsentTable } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The consent record in a stored payload, or null when there is none the server can read. */
export function consentOfPayload(payload: unknown): ConsentRecord | null {
  const parsed = consentRecordSchema.safeParse((payload as { consent?: unknown } | null)?.consent);
  return parsed.success ? parsed.data : null;
}

/** When the server first stored each event of a record: the first revision holding that many events. */
export function eventsReceivedAt(eventCount: number, revisions: readonly { payload: unknown; receivedAt: string }[]): (string | null)[] {
  const eventCounts = revisions.map((revision) => ({ count: consentOfPayload(revision.payload)?.events.length ?? 0, receivedAt: revision.receivedAt }));
  return Array.from({ length: eventCount }, (_, index) => eventCounts.find((revision) => revision.count > index)?.receivedAt ?? null);
}

/** An entered withdrawal as a consent event (the coordinator is its actor). */
export function withdrawalEvent(row: Pick<ConsentWithdrawalsTable, 'entered_at' | 'channel' | 'scope' | 'entered_by' | 'entered_by_name'>): ConsentEvent {
  const scope = row.scope === null ? undefined : (JSON.parse(row.scope) as { recipients: string[]; explicitConsents?: string[] });
  return {
    event_type: 'withdrawn',
    event_time: row.entered_at,
    event_state: 'withdrawn', // replaced by what the replay says (withServerWithdrawals)
    actor: { role: 'coordinator', id: row.entered_by, name: row.entered_by_name },
    channel: row.channel,
    server_received_at: row.entered_at,
    ...(scope !== undefined && {
      scope: { recipients: scope.recipients, purposes: [], ...(scope.explicitConsents !== undefined && scope.explicitConsents.length > 0 && { explicit_consents: scope.explicitConsents }) },
    }),
  };
}

/** An entered withdrawal as the coordinator API shows it. */
export function enteredWithdrawalOf(row: ConsentWithdrawalsTable): EnteredWithdrawal {
  return {
    id: row.id,
    enteredAt: row.entered_at,
    receivedOn: row.received_on,
    channel: row.channel,
    recipients: row.scope === null ? null : (JSON.parse(row.scope) as { recipients: string[] }).recipients,
    explicitConsents: row.scope === null ? [] : ((JSON.parse(row.scope) as { explicitConsents?: string[] }).explicitConsents ?? []),
    enteredBy: row.entered_by_name,
  };
}

export async function enteredWithdrawals(db: Db, recordId: string): Promise<ConsentEvent[]> {
  const rows = await db
    .selectFrom('consent_withdrawals')
    .select(['entered_at', 'channel', 'scope', 'entered_by', 'entered_by_name'])
    .where('record_id', '=', recordId)
    .orderBy('entered_at')
    .orderBy('id')
    .execute();
  return rows.map(withdrawalEvent);
}

/** The rows of `record_consent` for a history (a consent record or a proof) with the entered withdrawals. */
export function consentRowsFromHistory(recordId: string, history: ConsentHistoryInput, withdrawals: readonly ConsentEvent[]): RecordConsentTable[] {
  try {
    const overview = consentOverview(withServerWithdrawals(history, withdrawals));
    return [
      ...overview.items.map((item) => ({ record_id: recordId, kind: item.kind, item_id: item.id, state: item.state })),
      ...overview.explicitItems.map((item) => ({ record_id: recordId, kind: 'explicit' as const, item_id: item.id, state: item.state })),
    ];
  } catch {
    return [];
  }
}

/** The rows of `record_consent` for a stored payload; none when it holds no readable consent. */
export function consentRowsOf(recordId: string, payload: unknown, withdrawals: readonly ConsentEvent[]): RecordConsentTable[] {
  const consent = consentOfPayload(payload);
  return consent === null ? [] : consentRowsFromHistory(recordId, consent, withdrawals);
}

/** Replaces a record's `record_consent` rows. */
export async function storeRecordConsent(trx: Transaction<Database>, recordId: string, rows: readonly RecordConsentTable[]): Promise<void> {
  await trx.deleteFrom('record_consent').where('record_id', '=', recordId).execute();
  if (rows.length > 0) await trx.insertInto('record_consent').values([...rows]).execute();
}

/** The merged status of a history: `given`, `refused` or `withdrawn`; null when it does not replay. */
export function mergedStatus(history: ConsentHistoryInput | ConsentProof, withdrawals: readonly ConsentEvent[]): 'given' | 'refused' | 'withdrawn' | null {
  try {
    return consentOverview(withServerWithdrawals(history, withdrawals)).status;
  } catch {
    return null;
  }
}

/**
 * Records whose current consent lets `recipientId` receive data now (given for the recipient,
 * not erased), optionally among `recordIds`. What a hand-over to that recipient starts from.
 */
export async function recordsThatMayReceive(db: Db, recipientId: string, recordIds?: readonly string[]): Promise<string[]> {
  let query = db
    .selectFrom('record_consent as c')
    .innerJoin('records as r', 'r.record_id', 'c.record_id')
    .select('c.record_id')
    .where('c.kind', '=', 'recipient')
    .where('c.item_id', '=', recipientId)
    .where('c.state', '=', 'given')
    .where('r.erased_at', 'is', null);
  if (recordIds !== undefined) {
    if (recordIds.length === 0) return [];
    query = query.where('c.record_id', 'in', [...recordIds]);
  }
  return (await query.orderBy('c.record_id').execute()).map((row) => row.record_id);
}
