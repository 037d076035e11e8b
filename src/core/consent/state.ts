/**
 * What a record allows from now on, always replayed from its events, never stored.
 */
import { ConsentRuleError, replayEvents, type ConsentState } from './replay';
import type { ConsentRecord } from './schema';

/** Replays the events: what the record allows from now on. Throws on an invalid history. */
export function consentState(record: Pick<ConsentRecord, 'events' | 'purposes' | 'recipient_third_parties'> & Partial<Pick<ConsentRecord, 'core_purpose'>>): ConsentState {
  const { state, problems } = replayEvents(record);
  if (problems.length > 0) throw new ConsentRuleError(problems);
  return state;
}

/** Whether `recipientId` may receive data under this record from now on. */
export function mayReceive(record: ConsentRecord, recipientId: string): boolean {
  const state = consentState(record);
  return state.status === 'given' && state.acceptedRecipients.includes(recipientId);
}

/** Whether the data may be used for `purposeId` (e.g. `profiling` before any answer is stored). */
export function mayProcess(record: ConsentRecord, purposeId: string): boolean {
  const state = consentState(record);
  return state.status === 'given' && state.acceptedPurposes.includes(purposeId);
}
