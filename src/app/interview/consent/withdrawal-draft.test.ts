import { describe, expect, it } from 'vitest';
import { EMPTY_WITHDRAWAL, endsConsent, toggled, withdrawalProblems, withdrawalRequest } from './withdrawal-draft';

const state = { status: 'given' as const, acceptedPurposes: ['profiling', 'counselling'], acceptedRecipients: ['jobcenter', 'kvhs'] };
const interviewer = { id: 'iv-1', name: 'Ines Interviewerin' };
const now = new Date('2025-04-02T10:00:00Z');

describe('withdrawal form', () => {
  it('asks for the scope, something to withdraw and the channel', () => {
    expect(withdrawalProblems(EMPTY_WITHDRAWAL)).toEqual(['scopeMissing', 'channelMissing']);
    expect(withdrawalProblems({ ...EMPTY_WITHDRAWAL, scope: 'partial', channel: 'phone' })).toEqual(['nothingChosen']);
    expect(withdrawalRequest({ ...EMPTY_WITHDRAWAL, scope: 'partial' }, state, interviewer, now)).toBeNull();
  });

  it('builds a full withdrawal', () => {
    expect(withdrawalRequest({ ...EMPTY_WITHDRAWAL, scope: 'all', channel: 'letter' }, state, interviewer, now)).toEqual({
      scope: 'all',
      actor: { role: 'interviewer', id: 'iv-1', name: 'Ines Interviewerin' },
      channel: 'letter',
      now,
    });
  });

  it('builds a partial withdrawal of what is accepted only', () => {
    const request = withdrawalRequest({ scope: 'partial', purposes: [], recipients: ['kvhs', 'caritas'], channel: 'email' }, state, interviewer, now);
    expect(request?.scope).toEqual({ purposes: [], recipients: ['kvhs'] });
  });

  it('says when a partial withdrawal ends the consent', () => {
    expect(endsConsent({ ...EMPTY_WITHDRAWAL, scope: 'partial', purposes: ['profiling'] }, state)).toBe(false);
    expect(endsConsent({ ...EMPTY_WITHDRAWAL, scope: 'partial', purposes: ['counselling', 'profiling'] }, state)).toBe(true);
  });

  it('toggles in the notice order', () => {
    expect(toggled(['kvhs'], 'jobcenter', state.acceptedRecipients)).toEqual(['jobcenter', 'kvhs']);
    expect(toggled(['jobcenter', 'kvhs'], 'jobcenter', state.acceptedRecipients)).toEqual(['kvhs']);
  });
});
