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

/** What the applicant has not decided yet; nothing is ever preselected. */
export function undecidedItems(
  notice: NoticeArtifact,
  decisions: { readonly purposes: DecisionDraft; readonly recipient_third_parties: DecisionDraft },
): { purposes: string[]; recipients: string[] } {
  const isDecided = (value: unknown) => value === 'accepted' || value === 'refused';
  return {
    purposes: notice.purposes.map((p) => p.id).filter((id) => !isDecided(decisions.purposes[id])),
    recipients: notice.recipients.map((r) => r.id).filter((id) => !isDecided(decisions.recipient_third_parties[id])),
  };
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
  /** True when the form version asks for special categories (the optional health question). */
  readonly special_categories: boolean;
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
  const purposes = decidedInNoticeOrder(notice.purposes, input.purposes);
  const recipients = decidedInNoticeOrder(notice.recipients, input.recipient_third_parties);
  const isRefusal = [...Object.values(purposes), ...Object.values(recipients)].every((d) => d === 'refused');
  const { interviewer } = input.parties;

  const common = {
    record_id: input.record_id,
    interview_id: input.interview_id,
    pii_principal_id: input.pii_principal_id,
    privacy_notice: {
      id: notice.id, version: notice.version, language: notice.lang, sha256: notice.sha256,
      ...(notice.settings && { settings_version: notice.settings.version }),
    },
    reference_notice: { version: germanNotice.version, sha256: germanNotice.sha256 },
    language: notice.lang,
    collection_method: input.collection_method,
    purposes,
    recipient_third_parties: recipients,
    lawful_basis: input.special_categories ? ['GDPR-6-1-a', 'GDPR-9-2-a'] : ['GDPR-6-1-a'],
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
        events: [firstEvent('given')],
      };
  const parsed = consentRecordSchemaFor(notice).safeParse(candidate);
  if (!parsed.success) throw new ConsentRuleError(zodProblems(parsed.error));
  return parsed.data;
}
