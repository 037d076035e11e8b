/**
 * A withdrawal a coordinator enters: the person phoned, wrote a letter or an e-mail, or came to
 * the office. Stored as an event of the record's consent (actor: the coordinator, with the
 * channel and the day it arrived) beside the device's events; the record's current consent per
 * recipient follows in the same transaction, and a withdrawal that ends the consent erases the
 * record's data in it too. A partial one (some recipients) erases nothing: those recipients get
 * nothing more (`record_consent`, which hand-overs ask). An explicit consent item withdrawn on
 * its own (issue #14: health) erases the answers it covered in the same transaction (`explicit.ts`).
 */
import type { WithdrawalResult, EnterWithdrawalRequest } from '../../core/api/index';
import type { Transaction } from 'kysely';
import type { ServerContext } from '../context';
import type { Database } from '../db/schema';
import { httpError } from '../http/errors';
import { eraseRecord } from './erase';
import { eraseExplicitAnswers, withdrawnExplicitConsents } from './explicit';
import { consentOfPayload, consentRowsFromHistory, enteredWithdrawalOf, enteredWithdrawals, mergedStatus, storeRecordConsent } from './record-consent';
import { replayedState, withServerWithdrawals } from '../../core/consent/index';

// The latest calendar date anywhere on earth: a letter stamped "today" in UTC+14 is not in the future.
const LATEST_UTC_OFFSET_MS = 14 * 60 * 60_000;

export async function enterWithdrawal(
  context: ServerContext,
  recordId: string,
  request: EnterWithdrawalRequest,
  coordinator: { id: string; name: string },
  /** Writes the audit entry, as the transaction's last statement (the route's `withdrawal.record`). */
  auditIn?: (trx: Transaction<Database>, result: WithdrawalResult) => Promise<unknown>,
): Promise<WithdrawalResult> {
  const now = context.now();
  const nowIso = now.toISOString();
  const latestToday = new Date(now.getTime() + LATEST_UTC_OFFSET_MS).toISOString().slice(0, 10);
  if (request.receivedOn > latestToday) {
    throw httpError(400, 'invalid_withdrawal', `The day the withdrawal was received (${request.receivedOn}) is in the future.`, { details: { field: 'receivedOn' } });
  }
  return context.database.db.transaction().execute(async (trx): Promise<WithdrawalResult> => {
    // Takes the record's row lock first (as a push does), so a push of the same record waits.
    const record = await trx
      .updateTable('records')
      .set((eb) => ({ current_rev: eb.ref('current_rev') }))
      .where('record_id', '=', recordId)
      .returning(['current_rev', 'erased_at'])
      .executeTakeFirst();
    if (!record) throw httpError(404, 'not_found', 'The server has received nothing for this record.');
    if (record.erased_at !== null) throw httpError(409, 'record_erased', 'This record\'s data are already erased; there is nothing left to withdraw.');
    const current = await trx.selectFrom('record_revisions').select('payload').where('record_id', '=', recordId).where('rev', '=', record.current_rev).executeTakeFirstOrThrow();
    const consent = consentOfPayload(JSON.parse(current.payload));
    if (consent === null) throw httpError(409, 'no_consent', 'This record holds no consent the server can read.');
    const earlier = await enteredWithdrawals(trx, recordId);
    const state = replayedState(withServerWithdrawals(consent, earlier));
    if (state === null || state.status !== 'given') {
      throw httpError(409, 'nothing_to_withdraw', `There is nothing to withdraw: the consent is ${state?.status ?? 'unreadable'}.`);
    }
    const scopeRecipients = request.scope === 'all' ? [] : (request.scope.recipients ?? []);
    const scopeExplicit = request.scope === 'all' ? [] : (request.scope.explicitConsents ?? []);
    if (request.scope !== 'all') {
      const known = [...Object.keys(consent.recipient_third_parties)];
      const unknown = [...scopeRecipients.filter((id) => !known.includes(id)), ...scopeExplicit.filter((id) => !(id in (consent.explicit_consents ?? {})))];
      if (unknown.length > 0) {
        throw httpError(400, 'unknown_recipient', `The notice of this record names no recipient ${unknown.join(', ')}.`, { details: { recipients: unknown } });
      }
      const notGiven = [
        ...scopeRecipients.filter((id) => !state.acceptedRecipients.includes(id)),
        ...scopeExplicit.filter((id) => !(state.acceptedExplicitConsents ?? []).includes(id)),
      ];
      if (notGiven.length > 0) {
        throw httpError(409, 'not_given', `Consent for ${notGiven.join(', ')} is not given now, so it cannot be withdrawn.`, { details: { recipients: notGiven } });
      }
    }
    const row = {
      id: crypto.randomUUID(),
      record_id: recordId,
      entered_at: nowIso,
      received_on: request.receivedOn,
      channel: request.channel,
      scope:
        request.scope === 'all'
          ? null
          : JSON.stringify({ recipients: [...new Set(scopeRecipients)], ...(scopeExplicit.length > 0 && { explicitConsents: [...new Set(scopeExplicit)] }) }),
      entered_by: coordinator.id,
      entered_by_name: coordinator.name,
    };
    await trx.insertInto('consent_withdrawals').values(row).execute();
    const withdrawals = await enteredWithdrawals(trx, recordId);
    await storeRecordConsent(trx, recordId, consentRowsFromHistory(recordId, consent, withdrawals));
    const status = mergedStatus(consent, withdrawals) ?? 'withdrawn';
    let erasure: WithdrawalResult['erasure'] = null;
    let erasedAnswers: string[] = [];
    if (status === 'given' && scopeExplicit.length > 0) {
      // Issue #14: the answers the withdrawn explicit consent covered go, the rest stays.
      erasedAnswers = await eraseExplicitAnswers(trx, recordId, consent, withdrawnExplicitConsents(consent, withdrawals));
    }
    if (status === 'withdrawn') {
      const erased = await eraseRecord(trx, recordId, 'withdrawn', nowIso, context.personKey, { type: 'account', id: coordinator.id, name: coordinator.name });
      const proof = await trx.selectFrom('erasures').select('proof').where('record_id', '=', recordId).executeTakeFirstOrThrow();
      erasure = { erasedAt: erased.erasedAt, reason: 'withdrawn', proof: proof.proof === null ? null : (JSON.parse(proof.proof) as unknown), proofDeletedAt: null };
    }
    const result: WithdrawalResult = { withdrawal: enteredWithdrawalOf(row), status, erasure, erasedAnswers };
    if (auditIn) await auditIn(trx, result);
    return result;
  });
}
