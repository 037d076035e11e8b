/**
 * The withdrawal form's logic, pure: what the interviewer chose, what is missing, and the request
 * for `recordWithdrawal`. Only what is accepted right now can be withdrawn.
 */
import type { ConsentChannel, ConsentState, WithdrawalRequest } from '../../../core/consent';
import type { InterviewerProfile } from '../contract';

export const channels: readonly ConsentChannel[] = ['in_person', 'phone', 'email', 'letter'];

export interface WithdrawalDraft {
  readonly scope: 'all' | 'partial' | null;
  readonly purposes: readonly string[];
  readonly recipients: readonly string[];
  readonly channel: ConsentChannel | null;
}

export const EMPTY_WITHDRAWAL: WithdrawalDraft = { scope: null, purposes: [], recipients: [], channel: null };

export type WithdrawalProblem = 'scopeMissing' | 'nothingChosen' | 'channelMissing';

export function withdrawalProblems(draft: WithdrawalDraft): WithdrawalProblem[] {
  const problems: WithdrawalProblem[] = [];
  if (draft.scope === null) problems.push('scopeMissing');
  if (draft.scope === 'partial' && draft.purposes.length + draft.recipients.length === 0) problems.push('nothingChosen');
  if (draft.channel === null) problems.push('channelMissing');
  return problems;
}

/** A partial withdrawal of every accepted purpose ends the consent as a whole; the form says so. */
export function endsConsent(draft: WithdrawalDraft, state: ConsentState): boolean {
  return draft.scope === 'all' || (draft.scope === 'partial' && state.acceptedPurposes.every((id) => draft.purposes.includes(id)));
}

/** Toggles `id` in a list, keeping the order of `order` (the notice's order). */
export function toggled(list: readonly string[], id: string, order: readonly string[]): string[] {
  const next = list.includes(id) ? list.filter((other) => other !== id) : [...list, id];
  return order.filter((other) => next.includes(other));
}

export function withdrawalRequest(draft: WithdrawalDraft, state: ConsentState, interviewer: InterviewerProfile, now: Date): WithdrawalRequest | null {
  if (withdrawalProblems(draft).length > 0 || draft.channel === null) return null;
  const actor = { role: 'interviewer' as const, id: interviewer.id, name: interviewer.name };
  if (draft.scope === 'all') return { scope: 'all', actor, channel: draft.channel, now };
  // Only what is still accepted can be withdrawn; anything else would be refused by the domain.
  const purposes = draft.purposes.filter((id) => state.acceptedPurposes.includes(id));
  const recipients = draft.recipients.filter((id) => state.acceptedRecipients.includes(id));
  return { scope: { purposes, recipients }, actor, channel: draft.channel, now };
}
