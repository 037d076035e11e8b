/**
 * The consent of a received record as the coordinator's record page shows it: purpose by purpose
 * and recipient by recipient with its history (core/consent/history.ts), and the names of those
 * purposes and recipients from the published notice in German and English, the coordinator's
 * languages. Read from the current revision's payload; nothing else of the payload leaves here.
 */
import type { Kysely } from 'kysely';
import { consentOverview, noticeArtifactSchema, withServerWithdrawals, type ConsentEvent, type ConsentOverview, type ConsentProof } from '../../core/consent/index';
import { artifactBody } from '../artifacts/store';
import { consentOfPayload, eventsReceivedAt } from '../erasure/record-consent';
import type { Database } from '../db/schema';

/** The languages coordinators work in; labels are given in each that the notice was published in. */
const coordinatorLanguages = ['de', 'en'] as const;

export interface RecordConsent {
  overview: ConsentOverview;
  /** Purpose and recipient names by id, then by language (`de`, `en`), as far as published. */
  labels: Record<string, Partial<Record<(typeof coordinatorLanguages)[number], string>>>;
}

/**
 * The consent of `current` with the withdrawals a coordinator entered after it, or — for an
 * erased record — of its proof; `null` when there is none the server can read (it checked it on
 * push). `revisions` (in order) tell when the server first stored each event: the device cannot
 * stamp that into the hashed payload.
 */
export async function recordConsent(
  db: Kysely<Database>,
  current: { payload: unknown },
  revisions: readonly { payload: unknown; receivedAt: string }[],
  entered: { withdrawals: readonly ConsentEvent[]; proof: ConsentProof | null },
): Promise<RecordConsent | null> {
  let overview: ConsentOverview;
  try {
    if (entered.proof !== null) {
      overview = consentOverview(entered.proof);
    } else {
      const record = consentOfPayload(current.payload);
      if (record === null) return null;
      overview = consentOverview(withServerWithdrawals(record, entered.withdrawals), eventsReceivedAt(record.events.length, revisions));
    }
  } catch {
    return null;
  }
  const labels: RecordConsent['labels'] = {};
  await Promise.all(
    coordinatorLanguages.map(async (lang) => {
      const body = await artifactBody(db, { kind: 'notice', id: overview.notice.id, version: overview.notice.version, lang });
      const notice = noticeArtifactSchema.safeParse(body);
      if (!notice.success) return;
      for (const item of [...notice.data.purposes, ...notice.data.recipients, ...(notice.data.explicitConsents ?? [])]) labels[item.id] = { ...labels[item.id], [lang]: item.label };
    }),
  );
  return { overview, labels };
}
