/**
 * The consent receipt (ISO/IEC TS 27560:2023 shape) for export and the applicant's copy.
 */
import type { ConsentDecision, ConsentEvent, ConsentRecord, ConsentStatus } from './schema';
import { consentState } from './state';

/** Per purpose or recipient: the original decision and what holds now. */
export interface ConsentReceiptItem {
  readonly id: string;
  readonly decision: ConsentDecision;
  readonly status: 'accepted' | 'refused' | 'withdrawn';
}

/**
 * A consent receipt shaped after ISO/IEC TS 27560:2023, for export and for the applicant's copy.
 * It carries no evidence (signature images stay in the record).
 */
export interface ConsentReceipt {
  readonly schema: { readonly standard: 'ISO/IEC TS 27560:2023'; readonly profile: 'lotse-consent-receipt'; readonly version: 1 };
  readonly record_id: string;
  readonly pii_principal_id: string;
  readonly language: string;
  readonly jurisdiction: 'DE-NI';
  readonly privacy_notice: ConsentRecord['privacy_notice'];
  readonly reference_notice: ConsentRecord['reference_notice'];
  readonly collection_method: ConsentRecord['collection_method'];
  readonly interpreted_by?: string;
  readonly lawful_basis: ConsentRecord['lawful_basis'];
  readonly consent_status: ConsentStatus;
  readonly purposes: readonly ConsentReceiptItem[];
  readonly recipient_third_parties: readonly ConsentReceiptItem[];
  readonly withdrawal_method: string;
  readonly events: readonly Pick<ConsentEvent, 'event_type' | 'event_time' | 'event_state' | 'channel' | 'scope' | 'server_received_at'>[];
}

export function toConsentReceipt(record: ConsentRecord): ConsentReceipt {
  const state = consentState(record);
  const items = (decisions: Record<string, ConsentDecision>, stillAccepted: readonly string[]) =>
    Object.entries(decisions).map(([id, decision]): ConsentReceiptItem => ({
      id,
      decision,
      status: decision === 'refused' ? 'refused' : stillAccepted.includes(id) ? 'accepted' : 'withdrawn',
    }));
  return {
    schema: { standard: 'ISO/IEC TS 27560:2023', profile: 'lotse-consent-receipt', version: 1 },
    record_id: record.record_id,
    pii_principal_id: record.pii_principal_id,
    language: record.language,
    jurisdiction: record.jurisdiction,
    privacy_notice: record.privacy_notice,
    reference_notice: record.reference_notice,
    collection_method: record.collection_method,
    ...(record.interpreted_by !== undefined && { interpreted_by: record.interpreted_by }),
    lawful_basis: record.lawful_basis,
    consent_status: state.status,
    purposes: items(record.purposes, state.acceptedPurposes),
    recipient_third_parties: items(record.recipient_third_parties, state.acceptedRecipients),
    withdrawal_method: record.withdrawal_method,
    events: record.events.map((event) => ({
      event_type: event.event_type,
      event_time: event.event_time,
      event_state: event.event_state,
      channel: event.channel,
      ...(event.scope !== undefined && { scope: event.scope }),
      ...(event.server_received_at !== undefined && { server_received_at: event.server_received_at }),
    })),
  };
}
