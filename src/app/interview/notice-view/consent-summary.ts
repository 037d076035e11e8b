/**
 * What a stored consent record means, grouped for the summary and the receipt: per purpose and per
 * recipient, accepted (still), refused, or withdrawn (and when). Pure, so it can be tested.
 */
import { toConsentReceipt, type ConsentRecord, type NoticeArtifact } from '../../../core/consent';

export type ItemKind = 'purpose' | 'recipient';
export type ItemStatus = 'accepted' | 'refused' | 'withdrawn';

export interface SummaryItem {
  readonly kind: ItemKind;
  readonly id: string;
  readonly status: ItemStatus;
  /** When it was withdrawn (device time of the withdrawal event). */
  readonly withdrawnAt?: string;
}

export interface ConsentSummary {
  readonly status: ReturnType<typeof toConsentReceipt>['consent_status'];
  /** The moment of the decision (the first event). */
  readonly decidedAt: string;
  readonly purposes: readonly SummaryItem[];
  readonly recipients: readonly SummaryItem[];
  readonly withdrawals: readonly { at: string; full: boolean; channel: ConsentRecord['events'][number]['channel'] }[];
  /** Notice@3 on: the explicit consent items (health), accepted or refused at capture, withdrawn with everything. */
  readonly explicitConsents: readonly { readonly id: string; readonly status: ItemStatus }[];
  /** Under 18: the guardian who consented too. */
  readonly guardian?: { readonly name: string; readonly role: string };
}

/** When each item stopped being accepted: the first withdrawal that names it, or the full withdrawal. */
function withdrawalTimes(record: ConsentRecord): Map<string, string> {
  const times = new Map<string, string>();
  const note = (key: string, at: string) => {
    if (!times.has(key)) times.set(key, at);
  };
  for (const event of record.events) {
    if (event.event_type !== 'withdrawn') continue;
    if (event.scope === undefined || event.event_state === 'withdrawn') {
      for (const id of Object.keys(record.purposes)) note(`purpose:${id}`, event.event_time);
      for (const id of Object.keys(record.recipient_third_parties)) note(`recipient:${id}`, event.event_time);
    } else {
      for (const id of event.scope.purposes) note(`purpose:${id}`, event.event_time);
      for (const id of event.scope.recipients) note(`recipient:${id}`, event.event_time);
    }
  }
  return times;
}

export function consentSummary(record: ConsentRecord): ConsentSummary {
  const receipt = toConsentReceipt(record);
  const times = withdrawalTimes(record);
  const items = (kind: ItemKind, list: typeof receipt.purposes): SummaryItem[] =>
    list.map((item) => {
      const withdrawnAt = item.status === 'withdrawn' ? times.get(`${kind}:${item.id}`) : undefined;
      return { kind, id: item.id, status: item.status, ...(withdrawnAt !== undefined && { withdrawnAt }) };
    });
  return {
    status: receipt.consent_status,
    decidedAt: record.events[0]?.event_time ?? record.interviewer_attestation.at,
    purposes: items('purpose', receipt.purposes),
    recipients: items('recipient', receipt.recipient_third_parties),
    withdrawals: record.events
      .filter((event) => event.event_type === 'withdrawn')
      .map((event) => ({ at: event.event_time, full: event.event_state === 'withdrawn', channel: event.channel })),
    explicitConsents: Object.entries(record.explicit_consents ?? {}).map(([id, decision]) => ({
      id,
      status: decision === 'refused' ? ('refused' as const) : receipt.consent_status === 'withdrawn' ? ('withdrawn' as const) : ('accepted' as const),
    })),
    ...(record.guardian !== undefined && { guardian: { name: record.guardian.name, role: record.guardian.role } }),
  };
}

/** The label of a purpose or recipient in `notice`'s language; the id when the notice lacks it. */
export function itemLabel(notice: NoticeArtifact, kind: ItemKind, id: string): string {
  const list = kind === 'purpose' ? notice.purposes : notice.recipients;
  return list.find((item) => item.id === id)?.label ?? id;
}

/** Was the decision refused at capture (a minimal refusal record)? */
export function isRefusalRecord(record: ConsentRecord): boolean {
  return record.events[0]?.event_type === 'refused';
}

/**
 * The texts a record was shown: the applicant's language and the German reference of the same
 * version, each matching the hash the record carries. `null` when either is missing on this device.
 */
export function recordNotices(texts: readonly NoticeArtifact[], record: ConsentRecord): { shown: NoticeArtifact; german: NoticeArtifact } | null {
  const shownRef = record.privacy_notice;
  const shown = texts.find((n) => n.id === shownRef.id && n.version === shownRef.version && n.lang === shownRef.language && n.sha256 === shownRef.sha256);
  const german = texts.find((n) => n.id === shownRef.id && n.version === record.reference_notice.version && n.lang === 'de' && n.sha256 === record.reference_notice.sha256);
  return shown && german ? { shown, german } : null;
}
