/**
 * What a consent record means now, replayed from its append-only events (`replayEvents`), and the
 * error a broken consent rule raises. No schema here: reading a record's state (every autosave of
 * the form asks whether consent is still given) does not build the zod schemas of schema.ts.
 */
import type { ConsentDecision, ConsentRecord, ConsentStatus } from './schema';

/** The parts of a record its replay reads (also before the record has passed its schema). */
type RecordShape = Pick<ConsentRecord, 'events' | 'purposes' | 'recipient_third_parties'> & Partial<Pick<ConsentRecord, 'core_purpose' | 'explicit_consents'>>;

/** The current meaning of a record, replayed from its events. */
export interface ConsentState {
  readonly status: ConsentStatus;
  /** Recipient ids that may receive data from now on, in the notice's order. */
  readonly acceptedRecipients: readonly string[];
  /** Purpose ids the data may be used for from now on, in the notice's order. */
  readonly acceptedPurposes: readonly string[];
  /** Explicit consent items (notice@3 on: `health`) still given; empty before notice@3. */
  readonly acceptedExplicitConsents?: readonly string[];
}

/** A rule of the consent domain was broken; `problems` says which, one sentence each. */
export class ConsentRuleError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`consent rule violated: ${problems.join('; ')}`);
    this.name = 'ConsentRuleError';
    this.problems = problems;
  }
}

function acceptedIds(decisions: Readonly<Record<string, ConsentDecision>>): string[] {
  return Object.keys(decisions).filter((id) => decisions[id] === 'accepted');
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

const NOTHING: ConsentState = { status: 'refused', acceptedRecipients: [], acceptedPurposes: [] };

/** Replays the events; a problem list instead of an exception so the schema can report all. */
export function replayEvents(record: RecordShape): { state: ConsentState; problems: string[] } {
  const problems: string[] = [];
  let state: ConsentState = NOTHING;
  record.events.forEach((event, index) => {
    const at = `event ${index} (${event.event_type})`;
    if (index === 0) {
      if (event.scope !== undefined) problems.push(`${at} cannot have a scope`);
      const purposes = acceptedIds(record.purposes);
      const recipients = acceptedIds(record.recipient_third_parties);
      if (event.event_type === 'given') {
        if (purposes.length === 0) problems.push(`${at}: consent needs at least one accepted purpose`);
        state = { status: 'given', acceptedPurposes: purposes, acceptedRecipients: recipients, ...(record.explicit_consents !== undefined && { acceptedExplicitConsents: acceptedIds(record.explicit_consents) }) };
      } else if (event.event_type === 'refused') {
        if (purposes.length > 0 || recipients.length > 0) {
          problems.push(`${at}: a refusal cannot accept anything`);
        }
        state = NOTHING;
      } else {
        problems.push(`${at}: the first event must be given or refused`);
      }
    } else if (event.event_type !== 'withdrawn') {
      problems.push(`${at}: after the first event only withdrawals can follow`);
    } else if (state.status !== 'given') {
      problems.push(`${at}: nothing to withdraw, consent is ${state.status}`);
    } else if (event.scope === undefined) {
      state = { status: 'withdrawn', acceptedPurposes: [], acceptedRecipients: [] };
    } else {
      const { purposes, recipients } = event.scope;
      const explicit = event.scope.explicit_consents ?? [];
      const explicitGiven = state.acceptedExplicitConsents ?? [];
      if (purposes.length + recipients.length + explicit.length === 0) problems.push(`${at}: a partial withdrawal names nothing`);
      for (const id of duplicates([...purposes, ...recipients, ...explicit])) problems.push(`${at}: ${id} named twice`);
      for (const id of explicit.filter((e) => !explicitGiven.includes(e))) {
        problems.push(`${at}: explicit consent ${id} is not given, it cannot be withdrawn`);
      }
      for (const id of purposes.filter((p) => !state.acceptedPurposes.includes(p))) {
        problems.push(`${at}: purpose ${id} is not accepted, it cannot be withdrawn`);
      }
      for (const id of recipients.filter((r) => !state.acceptedRecipients.includes(r))) {
        problems.push(`${at}: recipient ${id} is not accepted, it cannot be withdrawn`);
      }
      const acceptedPurposes = state.acceptedPurposes.filter((p) => !purposes.includes(p));
      // Withdrawing the core purpose (notice@3 on) withdraws everything: nothing stands without it.
      const coreWithdrawn = record.core_purpose !== undefined && purposes.includes(record.core_purpose);
      state =
        acceptedPurposes.length === 0 || coreWithdrawn
          ? { status: 'withdrawn', acceptedPurposes: [], acceptedRecipients: [] }
          : {
              status: 'given',
              acceptedPurposes,
              acceptedRecipients: state.acceptedRecipients.filter((r) => !recipients.includes(r)),
              ...(state.acceptedExplicitConsents !== undefined && { acceptedExplicitConsents: explicitGiven.filter((e) => !explicit.includes(e)) }),
            };
    }
    if (event.event_state !== state.status) {
      problems.push(`${at}: event_state is ${event.event_state}, the replayed state is ${state.status}`);
    }
  });
  return { state, problems };
}
