/**
 * What a consent record says purpose by purpose and recipient by recipient, and how that came to
 * be: for the coordinator, who must see a partial withdrawal (the Jobcenter withdrawn, the rest
 * still given), not only the record's overall status. Derived from the record's events, in their
 * order; holds no personal data of the applicant (staff names and ids only).
 */
import type { ConsentChannel, ConsentEvent, ConsentRecord, ConsentStatus } from './schema';
import { consentState } from './state';

/** One step in the history of one purpose or recipient. */
export interface ConsentItemStep {
  readonly change: 'given' | 'refused' | 'withdrawn';
  /** The device's time of the event (informative), and when the server first stored it. */
  readonly at: string;
  readonly serverReceivedAt: string | null;
  readonly channel: ConsentChannel;
  readonly actor: { readonly role: 'interviewer' | 'coordinator'; readonly name: string };
}

/** A purpose or recipient of the notice with its current state and every change to it. */
export interface ConsentItemHistory {
  readonly kind: 'purpose' | 'recipient';
  readonly id: string;
  /** `given` while it may be used or receive data now. */
  readonly state: 'given' | 'refused' | 'withdrawn';
  readonly steps: readonly ConsentItemStep[];
}

export interface ConsentOverview {
  readonly status: ConsentStatus;
  readonly notice: { readonly id: string; readonly version: number; readonly language: string };
  readonly collectionMethod: ConsentRecord['collection_method'];
  /** Purposes first, then recipients, each in the record's order. */
  readonly items: readonly ConsentItemHistory[];
  /** notice@3 on: each explicit consent item (`health`) with its state and steps; it can be withdrawn on its own. */
  readonly explicitItems: readonly Omit<ConsentItemHistory, 'kind'>[];
  /** The record's events as they happened, what each withdrew included. */
  readonly events: readonly {
    readonly change: ConsentEvent['event_type'];
    readonly stateAfter: ConsentStatus;
    readonly at: string;
    readonly serverReceivedAt: string | null;
    readonly channel: ConsentChannel;
    readonly actor: { readonly role: 'interviewer' | 'coordinator'; readonly name: string };
    /** For a partial withdrawal: what it named. Absent: everything still given. */
    readonly scope?: { readonly purposes: readonly string[]; readonly recipients: readonly string[]; readonly explicitConsents?: readonly string[] };
  }[];
}

function stepOf(event: ConsentEvent, change: ConsentItemStep['change'], receivedAt: string | null): ConsentItemStep {
  return {
    change,
    at: event.event_time,
    serverReceivedAt: receivedAt,
    channel: event.channel,
    actor: { role: event.actor.role, name: event.actor.name },
  };
}

/**
 * The record purpose by purpose and recipient by recipient. Throws `ConsentRuleError` on an
 * invalid history. `receivedAt[i]`, where known, is when the server first stored event `i` (the
 * event's own `server_received_at` wins).
 */
export function consentOverview(record: Pick<ConsentRecord, 'events' | 'purposes' | 'recipient_third_parties' | 'privacy_notice' | 'collection_method'> & Partial<Pick<ConsentRecord, 'explicit_consents'>>, receivedAt: readonly (string | null)[] = []): ConsentOverview {
  const status = consentState(record).status;
  const received = (index: number): string | null => record.events[index]?.server_received_at ?? receivedAt[index] ?? null;
  const [first, ...later] = record.events;
  if (first === undefined) throw new Error('a consent record has at least one event');
  const items = [
    ...Object.entries(record.purposes).map(([id, decision]) => ({ kind: 'purpose' as const, id, decision })),
    ...Object.entries(record.recipient_third_parties).map(([id, decision]) => ({ kind: 'recipient' as const, id, decision })),
  ].map((item) => {
    const steps: ConsentItemStep[] = [stepOf(first, item.decision === 'accepted' ? 'given' : 'refused', received(0))];
    let state: ConsentItemHistory['state'] = item.decision === 'accepted' && first.event_type === 'given' ? 'given' : 'refused';
    for (const [laterIndex, event] of later.entries()) {
      if (state !== 'given') continue;
      const named = event.scope === undefined || (item.kind === 'purpose' ? event.scope.purposes : event.scope.recipients).includes(item.id);
      // Withdrawing the last purpose ends the consent: every recipient goes with it.
      if (named || event.event_state === 'withdrawn') {
        steps.push(stepOf(event, 'withdrawn', received(laterIndex + 1)));
        state = 'withdrawn';
      }
    }
    return { kind: item.kind, id: item.id, state, steps };
  });
  const explicitItems = Object.entries(record.explicit_consents ?? {}).map(([id, decision]) => {
    const steps: ConsentItemStep[] = [stepOf(first, decision === 'accepted' ? 'given' : 'refused', received(0))];
    let state: ConsentItemHistory['state'] = decision === 'accepted' && first.event_type === 'given' ? 'given' : 'refused';
    for (const [laterIndex, event] of later.entries()) {
      if (state !== 'given') continue;
      // Named on its own, or gone with the whole consent.
      if (event.scope === undefined || (event.scope.explicit_consents ?? []).includes(id) || event.event_state === 'withdrawn') {
        steps.push(stepOf(event, 'withdrawn', received(laterIndex + 1)));
        state = 'withdrawn';
      }
    }
    return { id, state, steps };
  });
  return {
    status,
    notice: { id: record.privacy_notice.id, version: record.privacy_notice.version, language: record.privacy_notice.language },
    collectionMethod: record.collection_method,
    items,
    explicitItems,
    events: record.events.map((event, index) => ({
      change: event.event_type,
      stateAfter: event.event_state,
      at: event.event_time,
      serverReceivedAt: received(index),
      channel: event.channel,
      actor: { role: event.actor.role, name: event.actor.name },
      ...(event.scope !== undefined && {
        scope: { purposes: event.scope.purposes, recipients: event.scope.recipients, ...(event.scope.explicit_consents !== undefined && { explicitConsents: event.scope.explicit_consents }) },
      }),
    })),
  };
}
