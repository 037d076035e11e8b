/**
 * Capture: the decision screen's draft decisions and the record built when the applicant confirms.
 */
import {
  ConsentRuleError,
  consentRecordSchemaFor,
  isoTimeOf,
  zodProblems,
  type ConsentDecision,
  type ConsentEvent,
  type ConsentEvidence,
  type ConsentRecord,
} from './schema';
import { translationProblems, verifyNoticeHash, type NoticeArtifact } from './notice';

/** Decisions as the decision screen holds them: an undecided item is absent or `undefined`. */
export type DecisionDraft = Readonly<Partial<Record<string, ConsentDecision>>>;

/**
 * What the applicant has not decided yet; nothing is ever preselected. Once the core purpose
 * (notice@3 on) is refused nothing else is asked: the interview ends as a refusal.
 */
export function undecidedItems(
  notice: NoticeArtifact,
  decisions: { readonly purposes: DecisionDraft; readonly recipient_third_parties: DecisionDraft; readonly explicit_consents?: DecisionDraft },
): { purposes: string[]; recipients: string[]; explicitConsents: string[] } {
  const isDecided = (value: unknown) => value === 'accepted' || value === 'refused';
  if (coreRefused(notice, decisions.purposes)) return { purposes: [], recipients: [], explicitConsents: [] };
  return {
    purposes: notice.purposes.map((p) => p.id).filter((id) => !isDecided(decisions.purposes[id])),
    // Not asked while the purpose they require is not accepted; its refusal refuses them all.
    recipients: recipientsBlocked(notice, decisions.purposes) ? [] : notice.recipients.map((r) => r.id).filter((id) => !isDecided(decisions.recipient_third_parties[id])),
    explicitConsents: (notice.explicitConsents ?? []).map((item) => item.id).filter((id) => !isDecided(decisions.explicit_consents?.[id])),
  };
}

/**
 * The purpose without which no recipient receives anything (issue #14): notice@3 says "Eine Stelle
 * bekommt Ihre Daten nur, wenn Sie Ja sagen und wenn Sie der Vermittlung zustimmen." From notice@3
 * on (a notice with a core purpose) that names it, the recipients are asked only while it is
 * accepted, a refusal of it refuses every recipient, and a record that accepts a recipient without
 * it is refused — by `createConsentRecord` on the device and by the server's push (`recipients_without_referral`).
 * Records of notice@1 and @2 keep their rules.
 */
export const RECIPIENTS_PURPOSE = 'referral';

/** The purpose the notice's recipients require (`RECIPIENTS_PURPOSE`), or null when it names none (notice@1, @2). */
export function recipientsPurposeOf(notice: Pick<NoticeArtifact, 'corePurpose' | 'purposes'>): string | null {
  return notice.corePurpose !== undefined && notice.purposes.some((purpose) => purpose.id === RECIPIENTS_PURPOSE) ? RECIPIENTS_PURPOSE : null;
}

/** True while the notice's recipients may not be asked: the purpose they require is not accepted (refused or undecided). */
export function recipientsBlocked(notice: Pick<NoticeArtifact, 'corePurpose' | 'purposes'>, purposes: DecisionDraft): boolean {
  const required = recipientsPurposeOf(notice);
  return required !== null && purposes[required] !== 'accepted';
}

/**
 * The recipients a record (or a draft) accepts although the purpose they require is not accepted:
 * such a record contradicts itself and is refused. Empty for records of notice@1 and @2 (no core purpose).
 */
export function recipientsWithoutReferral(record: { readonly core_purpose?: string; readonly purposes: DecisionDraft; readonly recipient_third_parties: DecisionDraft }): string[] {
  if (record.core_purpose === undefined || !(RECIPIENTS_PURPOSE in record.purposes) || record.purposes[RECIPIENTS_PURPOSE] === 'accepted') return [];
  return Object.keys(record.recipient_third_parties).filter((id) => record.recipient_third_parties[id] === 'accepted');
}

/** True when the notice names a core purpose and the applicant refused it. */
export function coreRefused(notice: NoticeArtifact, purposes: DecisionDraft): boolean {
  return notice.corePurpose !== undefined && purposes[notice.corePurpose] === 'refused';
}

/** What the interview screen collected for `createConsentRecord`. */
export interface ConsentCaptureInput {
  readonly record_id: string;
  readonly interview_id: string;
  readonly pii_principal_id: string;
  readonly parties: ConsentRecord['parties'];
  readonly collection_method: ConsentRecord['collection_method'];
  readonly interpreted_by?: string;
  readonly purposes: DecisionDraft;
  readonly recipient_third_parties: DecisionDraft;
  /**
   * For a notice without explicit consent items (notice@1, @2): true when the form asks for
   * special categories (the optional health question). A notice with them (notice@3 on) ignores
   * this: the special-category basis follows the applicant's `health` decision.
   */
  readonly special_categories: boolean;
  /** Decisions on the notice's explicit consent items (notice@3 on). */
  readonly explicit_consents?: DecisionDraft;
  /** Age in whole years when deciding (notice@3 on). */
  readonly age_at_consent?: number;
  readonly guardian?: ConsentRecord['guardian'];
  /** When the family or acquaintance interpreter confirmed the confidentiality note. */
  readonly interpreter_confidentiality?: ConsentRecord['interpreter_confidentiality'];
  readonly evidence?: ConsentEvidence;
  readonly reading_attestation?: { readonly name: string; readonly role: 'interpreter' | 'witness' };
}

/** The decided items, in the notice's order; unknown ids are kept so the schema can name them. */
function decidedInNoticeOrder(items: NoticeArtifact['purposes'], draft: DecisionDraft): Record<string, ConsentDecision> {
  const noticeIds = items.map((item) => item.id);
  const ids = [...noticeIds, ...Object.keys(draft).filter((id) => !noticeIds.includes(id))];
  const decisions: Record<string, ConsentDecision> = {};
  for (const id of ids) {
    const decision = draft[id];
    if (decision !== undefined) decisions[id] = decision;
  }
  return decisions;
}

/**
 * Builds the record at the moment the applicant confirms. Refuses (throws `ConsentRuleError`)
 * when a decision is missing, the notice text does not match its hash or the German reference,
 * or an evidence rule is broken. When everything is refused the result is a minimal refusal:
 * evidence, interpreter and witness are left out.
 */
export function createConsentRecord(
  input: ConsentCaptureInput,
  notice: NoticeArtifact,
  germanNotice: NoticeArtifact,
  now: Date,
): ConsentRecord {
  const problems: string[] = [];
  if (!verifyNoticeHash(notice)) problems.push(`the ${notice.lang} notice text does not match its sha256`);
  if (!verifyNoticeHash(germanNotice)) problems.push('the German notice text does not match its sha256');
  problems.push(...translationProblems(notice, germanNotice));
  if (notice.settings?.version !== germanNotice.settings?.version) {
    problems.push('the notice and its German reference were filled with different deployment settings');
  }
  if (problems.length > 0) throw new ConsentRuleError(problems);

  const at = isoTimeOf(now);
  // Undecided items are left out, so the schema refuses them as missing decisions.
  // Refusing the core purpose refuses everything: nothing else can happen without it, and a
  // refusal accepts nothing. The other answers given before are not kept.
  const refuseAll = (items: readonly { id: string }[]) => Object.fromEntries(items.map((item) => [item.id, 'refused' as const]));
  const isCoreRefusal = coreRefused(notice, input.purposes);
  if (!isCoreRefusal && notice.corePurpose !== undefined) {
    const contradicting = recipientsWithoutReferral({ core_purpose: notice.corePurpose, purposes: { [RECIPIENTS_PURPOSE]: undefined, ...input.purposes }, recipient_third_parties: input.recipient_third_parties });
    if (recipientsPurposeOf(notice) !== null && contradicting.length > 0) {
      throw new ConsentRuleError([`recipients ${contradicting.join(', ')} are accepted, but the purpose ${RECIPIENTS_PURPOSE} they require is not`]);
    }
  }
  const purposes = isCoreRefusal ? refuseAll(notice.purposes) : decidedInNoticeOrder(notice.purposes, input.purposes);
  // Refusing the purpose the recipients require refuses every recipient: none is asked then.
  const recipientsRefused = isCoreRefusal || (recipientsPurposeOf(notice) !== null && input.purposes[RECIPIENTS_PURPOSE] === 'refused');
  const recipients = recipientsRefused ? refuseAll(notice.recipients) : decidedInNoticeOrder(notice.recipients, input.recipient_third_parties);
  const explicit = notice.explicitConsents === undefined
    ? undefined
    : isCoreRefusal ? refuseAll(notice.explicitConsents) : decidedInNoticeOrder(notice.explicitConsents, input.explicit_consents ?? {});
  const isRefusal = [...Object.values(purposes), ...Object.values(recipients)].every((d) => d === 'refused');
  const specialCategories = explicit !== undefined ? explicit['health'] === 'accepted' && !isRefusal : input.special_categories;
  const { interviewer } = input.parties;

  const common = {
    record_id: input.record_id,
    interview_id: input.interview_id,
    pii_principal_id: input.pii_principal_id,
    privacy_notice: {
      id: notice.id, version: notice.version, language: notice.lang, sha256: notice.sha256,
      ...(notice.settings && { settings_version: notice.settings.version }),
      ...(notice.hashScheme !== undefined && { hash_scheme: notice.hashScheme }),
    },
    reference_notice: { version: germanNotice.version, sha256: germanNotice.sha256 },
    language: notice.lang,
    collection_method: input.collection_method,
    purposes,
    recipient_third_parties: recipients,
    ...(notice.corePurpose !== undefined && { core_purpose: notice.corePurpose }),
    ...(explicit !== undefined && { explicit_consents: explicit }),
    lawful_basis: specialCategories ? ['GDPR-6-1-a', 'GDPR-9-2-a'] : ['GDPR-6-1-a'],
    jurisdiction: 'DE-NI',
    withdrawal_method: germanNotice.ui.howToWithdraw,
    interviewer_attestation: { name: interviewer.name, at },
  } satisfies Partial<ConsentRecord>;
  const firstEvent = (status: 'given' | 'refused'): ConsentEvent => ({
    event_type: status,
    event_time: at,
    event_state: status,
    actor: { role: 'interviewer', id: interviewer.id, name: interviewer.name },
    channel: 'in_person',
  });

  const candidate: unknown = isRefusal
    ? { ...common, parties: { interviewer }, events: [firstEvent('refused')] }
    : {
        ...common,
        parties: input.parties,
        ...(input.interpreted_by !== undefined && { interpreted_by: input.interpreted_by }),
        ...(input.evidence !== undefined && { evidence: input.evidence }),
        ...(input.reading_attestation !== undefined && { reading_attestation: { ...input.reading_attestation, at } }),
        ...(input.age_at_consent !== undefined && { age_at_consent: input.age_at_consent }),
        ...(input.guardian !== undefined && { guardian: input.guardian }),
        ...(input.interpreter_confidentiality !== undefined && { interpreter_confidentiality: input.interpreter_confidentiality }),
        events: [firstEvent('given')],
      };
  const parsed = consentRecordSchemaFor(notice).safeParse(candidate);
  if (!parsed.success) throw new ConsentRuleError(zodProblems(parsed.error));
  return parsed.data;
}
