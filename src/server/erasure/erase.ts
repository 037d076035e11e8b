/**
 * Erasure of a record's personal data on the server, inside the caller's transaction (a push, an
 * entered withdrawal, the retention job), so the data and the reason they may go are committed
 * together or not at all.
 *
 * Erased: every revision's payload (names, answers, the signature's strokes and image, free
 * text), every conflicting entry's payload, the evaluation facts. Kept (the proof, GDPR Art.
 * 7(1), 17(3)(e)): the `records` row (ids, times, notice reference, revision numbers), each
 * revision's row with its payload hash and times, the entry outcomes, `record_consent` (the
 * decisions), the entered withdrawals, and an `erasures` row holding the consent proof
 * (`core/consent/proof.ts`) and a keyed hash of the person's name and date of birth.
 *
 * Every table derived from a record's payload (evaluation facts; a name-search table) is emptied
 * for it in `eraseDerivedData`: a new derived table adds its delete there.
 */
import { audit, type AuditActor } from '../audit/log';
import { searchFactsOf, storeSearchRows } from '../records/search';
import type { Transaction } from 'kysely';
import { consentProofOf, withServerWithdrawals, type ConsentEvent, type ConsentProof, type ConsentRecord } from '../../core/consent/index';
import { personMatchText } from '../../core/record/index';
import type { KeyedHash } from '../auth/secrets';
import type { Database, EvaluationFactsTable } from '../db/schema';
import { singleDimensions } from '../../core/evaluation/index';
import { columnOf } from '../evaluation/projection';
import { consentOfPayload, enteredWithdrawals, eventsReceivedAt } from './record-consent';

type Trx = Transaction<Database>;

/** What an erased revision's or conflict's payload column holds instead of the data. */
export const ERASED_PAYLOAD = '{"erased":true}';

export type ErasureReason = 'withdrawn' | 'retention';

/** Every table derived from a record's payload for searching or counting loses its rows. */
async function eraseDerivedData(trx: Trx, recordId: string, rev: number): Promise<void> {
  await trx.deleteFrom('evaluation_values').where('record_id', '=', recordId).execute();
  await trx.deleteFrom('evaluation_facts').where('record_id', '=', recordId).execute();
  // The record list's search rows hold the name, nationality and municipality: an erased record
  // is found by its short reference alone (what records/search.ts derives from no answers).
  await storeSearchRows(trx, [{ rev, facts: searchFactsOf(recordId, null) }]);
}

/** The proof of a consent record with the entered withdrawals merged into its history. */
export function proofOf(consent: ConsentRecord, withdrawals: readonly ConsentEvent[], personKey: KeyedHash): ConsentProof {
  return consentProofOf(withServerWithdrawals(consent, withdrawals), personKey);
}

export interface ErasureOutcome {
  erased: boolean;
  erasedAt: string;
}

/**
 * Erases `recordId` (once: a record already erased is left as it is and `erased` is false).
 * Call it after the record row is locked or written in this transaction.
 */
export async function eraseRecord(trx: Trx, recordId: string, reason: ErasureReason, nowIso: string, personKey: KeyedHash, actor: AuditActor): Promise<ErasureOutcome> {
  // Marking the row first takes its lock (PostgreSQL) before anything is read: of two
  // transactions erasing one record, the second waits and then finds it erased.
  const marked = await trx
    .updateTable('records')
    .set({ erased_at: nowIso })
    .where('record_id', '=', recordId)
    .where('erased_at', 'is', null)
    .returning('current_rev')
    .executeTakeFirst();
  if (!marked) {
    const row = await trx.selectFrom('erasures').select('erased_at').where('record_id', '=', recordId).executeTakeFirst();
    return { erased: false, erasedAt: row?.erased_at ?? nowIso };
  }
  const revisions = (
    await trx.selectFrom('record_revisions').select(['rev', 'payload', 'received_at']).where('record_id', '=', recordId).orderBy('rev').execute()
  ).map((row) => ({ rev: row.rev, payload: JSON.parse(row.payload) as { answers?: Record<string, unknown> | null } | null, receivedAt: row.received_at }));
  const payload = revisions.find((revision) => revision.rev === marked.current_rev)?.payload ?? null;
  const consent = consentOfPayload(payload);
  const matchText = payload?.answers ? personMatchText(payload.answers) : null;
  // The proof keeps when the server first stored each event: the revisions that tell it go now.
  const received = consent ? eventsReceivedAt(consent.events.length, revisions) : [];
  const stamped = consent && { ...consent, events: consent.events.map((event, index) => ({ ...event, server_received_at: event.server_received_at ?? received[index] ?? nowIso })) };
  const proof = stamped ? proofOf(stamped, await enteredWithdrawals(trx, recordId), personKey) : null;

  await trx.updateTable('record_revisions').set({ payload: ERASED_PAYLOAD }).where('record_id', '=', recordId).execute();
  await trx.updateTable('conflicts').set({ payload: ERASED_PAYLOAD }).where('record_id', '=', recordId).execute();
  await eraseDerivedData(trx, recordId, marked.current_rev);
  if (reason === 'withdrawn' && consent) {
    // The evaluation still says that a person was left out because they withdrew (its inclusion
    // table), from a row that holds nothing but that: no answer, no code, the consent's day.
    const record = await trx.selectFrom('records').select(['device_id', 'form_ref']).where('record_id', '=', recordId).executeTakeFirstOrThrow();
    const empty = Object.fromEntries(singleDimensions.map((dimension) => [columnOf(dimension), null]));
    await trx
      .insertInto('evaluation_facts')
      .values({ ...empty, record_id: recordId, rev: marked.current_rev, device_id: record.device_id, form_ref: record.form_ref, interview_date: consent.events[0]!.event_time.slice(0, 10), excluded: 'withdrawn' } as EvaluationFactsTable)
      .execute();
  }
  await trx
    .insertInto('erasures')
    .values({ record_id: recordId, erased_at: nowIso, reason, person_key: matchText === null ? null : personKey(matchText), proof: proof === null ? null : JSON.stringify(proof) })
    .execute();
  // In the erasing transaction: an erasure the log does not name did not happen.
  await audit(trx, { actor, action: 'record.erase', target: { type: 'record', id: recordId }, details: { reason }, at: new Date(nowIso) });
  return { erased: true, erasedAt: nowIso };
}

/** The stored proof of an erased record, or null. */
export async function storedProof(trx: Trx, recordId: string): Promise<ConsentProof | null> {
  const row = await trx.selectFrom('erasures').select('proof').where('record_id', '=', recordId).executeTakeFirst();
  return row?.proof ? (JSON.parse(row.proof) as ConsentProof) : null;
}

/** Replaces an erased record's proof (a later revision brought more events). */
export async function updateProof(trx: Trx, recordId: string, proof: ConsentProof): Promise<void> {
  await trx.updateTable('erasures').set({ proof: JSON.stringify(proof) }).where('record_id', '=', recordId).execute();
}
