/**
 * After capture the record only grows: a withdrawal is one more event, the server stamps when it
 * received each event, and any other change to synced evidence is refused.
 */
import {
  ConsentRuleError,
  consentRecordSchema,
  isoTimeOf,
  zodProblems,
  type ConsentChannel,
  type ConsentEvent,
  type ConsentEventActor,
  type ConsentRecord,
} from './schema';
import { consentState } from './state';

/** A withdrawal as the applicant declared it. */
export interface WithdrawalRequest {
  /** `'all'` ends the consent; otherwise the recipients and purposes withdrawn. */
  readonly scope: 'all' | { readonly recipients?: readonly string[]; readonly purposes?: readonly string[] };
  readonly actor: ConsentEventActor;
  readonly channel: ConsentChannel;
  readonly now: Date;
}

/**
 * A new record with one more `withdrawn` event; the given record and its evidence stay untouched.
 * Refuses to withdraw what is not (or no longer) accepted, or anything after a refusal or a full
 * withdrawal. Withdrawing the last accepted purpose ends the consent as a whole.
 */
export function appendWithdrawal(record: ConsentRecord, request: WithdrawalRequest): ConsentRecord {
  const before = consentState(record);
  if (before.status !== 'given') throw new ConsentRuleError([`nothing to withdraw, consent is ${before.status}`]);
  const scope =
    request.scope === 'all'
      ? undefined
      : { recipients: [...(request.scope.recipients ?? [])], purposes: [...(request.scope.purposes ?? [])] };
  // Withdrawing the last accepted purpose ends the consent; anything less keeps it given.
  const endsConsent = scope === undefined || before.acceptedPurposes.every((p) => scope.purposes.includes(p))
    // Withdrawing the core purpose (notice@3 on) ends everything.
    || (record.core_purpose !== undefined && scope.purposes.includes(record.core_purpose));
  const event: ConsentEvent = {
    event_type: 'withdrawn',
    event_time: isoTimeOf(request.now),
    event_state: endsConsent ? 'withdrawn' : 'given',
    actor: request.actor,
    channel: request.channel,
    ...(scope !== undefined && { scope }),
  };
  const parsed = consentRecordSchema.safeParse({ ...record, events: [...record.events, event] });
  if (!parsed.success) throw new ConsentRuleError(zodProblems(parsed.error));
  return parsed.data;
}

/** Structural equality of JSON values; key order does not matter and `undefined` equals absent. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const entriesOf = (value: object) => Object.entries(value).filter(([, v]) => v !== undefined);
  const aEntries = entriesOf(a);
  const bObject = b as Record<string, unknown>;
  return aEntries.length === entriesOf(b).length && aEntries.every(([key, value]) => sameJson(value, bObject[key]));
}

function withoutServerStamp(event: ConsentEvent): Omit<ConsentEvent, 'server_received_at'> {
  const { server_received_at: _serverOwned, ...deviceEvent } = event;
  return deviceEvent;
}

/**
 * True iff `after` is `before` with zero or more events appended: every other field, and every
 * earlier event, is unchanged. `server_received_at` is ignored because the server, not the device,
 * owns it. The server refuses an update of synced evidence when this is false.
 */
export function isEvidenceUnchanged(before: ConsentRecord, after: ConsentRecord): boolean {
  const { events: eventsBefore, ...evidenceBefore } = before;
  const { events: eventsAfter, ...evidenceAfter } = after;
  return (
    sameJson(evidenceBefore, evidenceAfter) &&
    eventsAfter.length >= eventsBefore.length &&
    eventsBefore.every((event, i) => sameJson(withoutServerStamp(event), withoutServerStamp(eventsAfter[i]!)))
  );
}

/** The server's receive time on every event that has none yet; earlier stamps are kept. */
export function withServerReceivedAt(record: ConsentRecord, receivedAt: Date): ConsentRecord {
  const stamp = isoTimeOf(receivedAt);
  return {
    ...record,
    events: record.events.map((event) => event.server_received_at === undefined ? { ...event, server_received_at: stamp } : event),
  };
}
