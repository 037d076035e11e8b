/**
 * What stays of a consent record once the personal data behind it are erased (a withdrawal, or
 * the retention period's end): the minimal proof that consent was given or refused and withdrawn
 * (GDPR Art. 7(1), 17(3)(e)). It keeps the record id, the notice shown (id, version, language,
 * hashes), how it was shown, every decision and every event (staff names only), and a hash of
 * the evidence; it drops the signature or mark, the interpreter's and witness's names, and the
 * person reference, which it keeps only as a keyed hash (`pii_principal_hmac`) made by the
 * server with a secret, so a later request can be matched without the reference in clear.
 *
 * Also here: withdrawals the server recorded itself (a coordinator entering one received by
 * phone or letter), merged after the device's events into one history.
 */
import { canonicalJson } from '../sync/index';
import { replayEvents, type ConsentEvent, type ConsentRecord, type ConsentState } from './schema';
import { sha256Hex } from './sha256';

/** The parts of a consent record that say what was decided and what happened since. */
export type ConsentHistoryInput = Pick<ConsentRecord, 'events' | 'purposes' | 'recipient_third_parties' | 'privacy_notice' | 'collection_method'> & Partial<Pick<ConsentRecord, 'core_purpose' | 'explicit_consents'>>;

export interface ConsentProof {
  readonly record_id: string;
  readonly interview_id: string;
  /** HMAC-SHA-256 (server secret) of the person reference: matches a later request, names nobody. */
  readonly pii_principal_hmac: string;
  readonly parties: { readonly interviewer: { readonly id: string; readonly name: string } };
  readonly privacy_notice: ConsentRecord['privacy_notice'];
  readonly reference_notice: ConsentRecord['reference_notice'];
  readonly language: string;
  readonly collection_method: ConsentRecord['collection_method'];
  readonly purposes: ConsentRecord['purposes'];
  readonly recipient_third_parties: ConsentRecord['recipient_third_parties'];
  readonly lawful_basis: ConsentRecord['lawful_basis'];
  readonly jurisdiction: ConsentRecord['jurisdiction'];
  readonly interviewer_attestation: ConsentRecord['interviewer_attestation'];
  /** The kind of evidence there was and the SHA-256 of its canonical JSON; null for a refusal. */
  readonly evidence: { readonly kind: 'signature' | 'mark'; readonly sha256: string; readonly attestedByRole?: 'interpreter' | 'witness' } | null;
  readonly reading_attestation: { readonly role: 'interpreter' | 'witness'; readonly at: string } | null;
  readonly events: ConsentEvent[];
  /** From notice@3 on: the core purpose, the explicit consent decisions, the age when deciding. */
  readonly core_purpose?: string;
  readonly explicit_consents?: ConsentRecord['purposes'];
  readonly age_at_consent?: number;
  /** A guardian's consent: their role and the SHA-256 of their signature; not their name. */
  readonly guardian?: { readonly role: string; readonly evidence_sha256: string };
  /** The interpreter's kind and whether a family interpreter confirmed the confidentiality note; not their name. */
  readonly interpreter?: { readonly kind?: 'professional' | 'family_or_acquaintance'; readonly confidentiality_confirmed_at?: string };
}

/** The proof of `record`; `keyedHash` is the server's HMAC over the person reference. */
export function consentProofOf(record: ConsentRecord, keyedHash: (text: string) => string): ConsentProof {
  const evidence = record.evidence;
  return {
    record_id: record.record_id,
    interview_id: record.interview_id,
    pii_principal_hmac: keyedHash(record.pii_principal_id),
    parties: { interviewer: { id: record.parties.interviewer.id, name: record.parties.interviewer.name } },
    privacy_notice: record.privacy_notice,
    reference_notice: record.reference_notice,
    language: record.language,
    collection_method: record.collection_method,
    purposes: record.purposes,
    recipient_third_parties: record.recipient_third_parties,
    lawful_basis: record.lawful_basis,
    jurisdiction: record.jurisdiction,
    interviewer_attestation: record.interviewer_attestation,
    evidence:
      evidence === undefined
        ? null
        : {
            kind: evidence.kind,
            sha256: sha256Hex(canonicalJson(evidence)),
            ...(evidence.kind === 'mark' && { attestedByRole: evidence.attestedBy.role }),
          },
    reading_attestation: record.reading_attestation ? { role: record.reading_attestation.role, at: record.reading_attestation.at } : null,
    events: record.events,
    ...(record.core_purpose !== undefined && { core_purpose: record.core_purpose }),
    ...(record.explicit_consents !== undefined && { explicit_consents: record.explicit_consents }),
    ...(record.age_at_consent !== undefined && { age_at_consent: record.age_at_consent }),
    ...(record.guardian !== undefined && { guardian: { role: record.guardian.role, evidence_sha256: sha256Hex(canonicalJson(record.guardian.evidence)) } }),
    ...(record.parties.interpreter !== undefined && {
      interpreter: {
        ...(record.parties.interpreter.kind !== undefined && { kind: record.parties.interpreter.kind }),
        ...(record.interpreter_confidentiality !== undefined && { confidentiality_confirmed_at: record.interpreter_confidentiality.confirmed_at }),
      },
    }),
  };
}

/** The state a history leaves, replayed; `null` when the history does not replay. */
export function replayedState(history: Pick<ConsentRecord, 'events' | 'purposes' | 'recipient_third_parties'> & Partial<Pick<ConsentRecord, 'core_purpose' | 'explicit_consents'>>): ConsentState | null {
  const { state, problems } = replayEvents(history);
  return problems.length > 0 ? null : state;
}

/**
 * `history` with the server's own withdrawals appended after the device's events, each cut down
 * to what is still given when it comes (a withdrawal the device already recorded, or one after the
 * consent ended, changes nothing and is left out). Withdrawing the last given purpose ends the
 * consent, as on the device.
 */
export function withServerWithdrawals<T extends ConsentHistoryInput>(history: T, withdrawals: readonly ConsentEvent[]): T {
  const events = [...history.events];
  for (const withdrawal of withdrawals) {
    const state = replayedState({ ...history, events });
    if (state === null || state.status !== 'given') break;
    let scope: ConsentEvent['scope'];
    let ends = withdrawal.scope === undefined;
    if (withdrawal.scope !== undefined) {
      const purposes = withdrawal.scope.purposes.filter((id) => state.acceptedPurposes.includes(id));
      const recipients = withdrawal.scope.recipients.filter((id) => state.acceptedRecipients.includes(id));
      const explicit = (withdrawal.scope.explicit_consents ?? []).filter((id) => (state.acceptedExplicitConsents ?? []).includes(id));
      if (purposes.length + recipients.length + explicit.length === 0) continue;
      ends = (purposes.length > 0 && state.acceptedPurposes.every((id) => purposes.includes(id))) || (history.core_purpose !== undefined && purposes.includes(history.core_purpose));
      scope = { purposes, recipients, ...(explicit.length > 0 && { explicit_consents: explicit }) };
    }
    const { scope: _asEntered, ...rest } = withdrawal;
    events.push({ ...rest, event_type: 'withdrawn', event_state: ends ? 'withdrawn' : 'given', ...(scope !== undefined && { scope }) });
  }
  return { ...history, events };
}
