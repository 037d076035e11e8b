/**
 * An explicit consent item withdrawn on its own (issue #14: the health item of notice@3, GDPR Art.
 * 9(2)(a)): the answers it covers — what the notice's storage table (`core/record` consent-scope,
 * `requires`) ties to it, e.g. `workRestrictions` — are erased from every stored revision and
 * conflicting entry of the record; the rest of the record stays. Exports and partner hand-overs
 * read the stored payload, so they no longer contain the answer; the evaluation's facts and the
 * record list's search rows hold no health answer at all (no such dimension or search value). The
 * revision rows keep the payload hash of what the device sent (as erasure does): the hash proves
 * what arrived, the payload is what may be kept.
 *
 * The tablets that hold the record are told with a partial erasure in their pull (`devices.ts`
 * `pendingPartialErasures`); a revision one pushed before it learned of it still carries the
 * answer: push strips it again before the transaction commits.
 */
import type { Transaction } from 'kysely';
import type { ConsentEvent, ConsentRecord } from '../../core/consent/index';
import { replayedState, withServerWithdrawals } from '../../core/consent/index';
import { answersWithout, recordNoticeVersion, storageRequirements } from '../../core/record/index';
import { canonicalJson } from '../../core/sync/index';
import type { Database } from '../db/schema';

type Trx = Transaction<Database>;

/** Explicit consent items accepted at capture and withdrawn since (device events and entered withdrawals). */
export function withdrawnExplicitConsents(consent: ConsentRecord, withdrawals: readonly ConsentEvent[]): string[] {
  const accepted = Object.keys(consent.explicit_consents ?? {}).filter((id) => consent.explicit_consents?.[id] === 'accepted');
  if (accepted.length === 0) return [];
  const state = replayedState(withServerWithdrawals(consent, withdrawals));
  if (state === null || state.status !== 'given') return [];
  return accepted.filter((id) => !(state.acceptedExplicitConsents ?? []).includes(id));
}

/** The answer keys (`field`, `group`, `group.field`) that need one of `explicitIds`. */
export function answerKeysOf(consent: Pick<ConsentRecord, 'privacy_notice'>, explicitIds: readonly string[]): string[] {
  return Object.entries(storageRequirements(recordNoticeVersion(consent)))
    .filter(([, requires]) => requires.some((id) => explicitIds.includes(id)))
    .map(([key]) => key);
}

/**
 * Erases the answers `explicitIds` covered from every revision and conflict of the record; returns
 * the keys that were found anywhere (nothing when none was stored).
 */
export async function eraseExplicitAnswers(trx: Trx, recordId: string, consent: ConsentRecord, explicitIds: readonly string[]): Promise<string[]> {
  const keys = answerKeysOf(consent, explicitIds);
  if (keys.length === 0) return [];
  const removed = new Set<string>();
  const rewrite = (text: string): string | null => {
    const payload = JSON.parse(text) as { answers?: Record<string, unknown> | null } | null;
    if (!payload?.answers) return null;
    const result = answersWithout(payload.answers, keys);
    if (result.removed.length === 0) return null;
    for (const key of result.removed) removed.add(key);
    return canonicalJson({ ...payload, answers: result.answers } as never);
  };
  for (const row of await trx.selectFrom('record_revisions').select(['rev', 'payload']).where('record_id', '=', recordId).execute()) {
    const rewritten = rewrite(row.payload);
    if (rewritten !== null) await trx.updateTable('record_revisions').set({ payload: rewritten }).where('record_id', '=', recordId).where('rev', '=', row.rev).execute();
  }
  for (const row of await trx.selectFrom('conflicts').select(['device_id', 'seq', 'payload']).where('record_id', '=', recordId).execute()) {
    const rewritten = rewrite(row.payload);
    if (rewritten !== null) await trx.updateTable('conflicts').set({ payload: rewritten }).where('device_id', '=', row.device_id).where('seq', '=', row.seq).execute();
  }
  return [...removed].sort();
}
