/**
 * Subject access (GDPR Art. 15): everything the server holds about the person of one record, as
 * one document — the answers of the current revision labelled in German and in the person's
 * language (the language of the notice they read; the form and the notice carry labels in 14
 * languages), the consent with its evidence and history, every hand-over (disclosure), and every
 * audit entry about the record (who viewed it when, withdrawals, erasure, earlier subject-access
 * documents). The coordinator page prints it (`/coordinator/records?record=…&access=1`).
 *
 * Labels come in pairs `{de, local}`: German, and the person's language (German again where a
 * translation is missing, or where the person read the German notice).
 */
import type { FastifyRequest } from 'fastify';
import { consentOverview, type ConsentProof, type ConsentRecord } from '../../core/consent/index';
import { localized, showAnswers, type FormDefinition, type LocalizedText, type ShownAnswers } from '../../core/form/index';
import { shortReference } from '../../core/record/index';
import type { NoticeRef } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { auditRequest } from '../audit/log';
import { consentOfPayload, enteredWithdrawals } from '../erasure/record-consent';
import { withServerWithdrawals } from '../../core/consent/index';
import { disclosuresOfRecord } from '../handover/handover';

export interface LocalLabels {
  de: string;
  local: string;
}

/** `{de, en}` pairs of `showAnswers` become `{de, local}` (the form was relabelled into the person's language first). */
function renamePairs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamePairs);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 2 && typeof (value as { de?: unknown }).de === 'string' && typeof (value as { en?: unknown }).en === 'string') {
    return { de: (value as { de: string }).de, local: (value as { en: string }).en };
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, renamePairs(inner)]));
}

const isLocalizedText = (value: unknown): value is LocalizedText =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'de' in value && Object.values(value).every((v) => typeof v === 'string');

/** A copy of the form whose English texts are the person's language (German where it lacks one). */
function relabelled(form: FormDefinition, lang: string): FormDefinition {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (isLocalizedText(value)) return { de: value.de, en: localized(value, lang).text };
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
  };
  return walk(form) as FormDefinition;
}

/** A readable-answers shape with its `{de, en}` label pairs as `{de, local}`. */
export type Relabelled<T> = T extends Readonly<Record<'de' | 'en', string>>
  ? LocalLabels
  : T extends readonly (infer U)[]
    ? readonly Relabelled<U>[]
    : T extends object
      ? { [K in keyof T]: Relabelled<T[K]> }
      : T;

export interface SubjectAccessDocument {
  recordId: string;
  shortReference: string;
  generatedAt: string;
  generatedBy: string;
  /** The person's language (that of the notice they read). */
  language: string;
  formRef: string | null;
  receivedAt: string | null;
  updatedAt: string | null;
  /** `proofDeletedAt`: when the retention run deleted the consent proof (then `consent` is null). */
  erasure: { erasedAt: string; reason: string; proofDeletedAt: string | null } | null;
  /** `null` when nothing is held any more (erased) or the person refused. */
  answers: Relabelled<ShownAnswers> | null;
  consent: {
    status: string;
    notice: { id: string; version: number; language: string; sha256: string; referenceSha256: string };
    collectionMethod: string;
    interviewer: string;
    interpreter: { name: string; role: string } | null;
    witness: { name: string; role: string } | null;
    evidence: { kind: 'signature' | 'mark' | 'none'; attestedBy: { name: string; role: string } | null };
    readingAttestation: { name: string; role: string; at: string } | null;
    interviewerAttestation: { name: string; at: string };
    lawfulBasis: string[];
    items: { kind: 'purpose' | 'recipient'; id: string; label: LocalLabels; state: string }[];
    events: { type: string; state: string; at: string; receivedAt: string | null; channel: string; by: string; scope: string[] | null }[];
  } | null;
  disclosures: { id: string; recipientId: string; recipient: LocalLabels; at: string; by: string }[];
  /** Every audit entry about the record, oldest first. */
  accesses: { seq: number; at: string; action: string; actor: string; actorType: string }[];
}

export class SubjectAccessNotFound extends Error {}

export async function subjectAccessDocument(context: ServerContext, request: FastifyRequest, recordId: string, by: { name: string }): Promise<SubjectAccessDocument> {
  const { db } = context.database;
  const record = await db.selectFrom('records').selectAll().where('record_id', '=', recordId).executeTakeFirst();
  if (!record) throw new SubjectAccessNotFound();
  const noticeRef = JSON.parse(record.notice) as NoticeRef;
  const revision = await db.selectFrom('record_revisions').select('payload').where('record_id', '=', recordId).where('rev', '=', record.current_rev).executeTakeFirstOrThrow();
  const payload = JSON.parse(revision.payload) as { answers?: Record<string, unknown> | null; consent?: unknown };
  const consent: ConsentRecord | null = consentOfPayload(payload);
  // After erasure the consent is its proof (no names of interpreter or witness, no drawing).
  const erasure = await db.selectFrom('erasures').select(['erased_at', 'reason', 'proof', 'proof_deleted_at']).where('record_id', '=', recordId).executeTakeFirst();
  const proof = erasure?.proof ? (JSON.parse(erasure.proof) as ConsentProof) : null;
  const lang = consent?.language ?? proof?.language ?? noticeRef.lang;
  const history: ConsentRecord | null = consent;

  // Notice labels of purposes and recipients in German and in the person's language.
  const [german, local] = await Promise.all([context.artifacts.notice(noticeRef.id, noticeRef.version, 'de'), context.artifacts.notice(noticeRef.id, noticeRef.version, lang)]);
  const itemLabel = (kind: 'purposes' | 'recipients', id: string): LocalLabels => {
    const de = german?.[kind].find((item) => item.id === id)?.label ?? id;
    return { de, local: local?.[kind].find((item) => item.id === id)?.label ?? de };
  };

  let answers: Relabelled<ShownAnswers> | null = null;
  if (record.erased_at === null && payload.answers && record.form_ref) {
    const form = await context.artifacts.form(record.form_ref);
    answers = renamePairs(showAnswers(form ? relabelled(form, lang) : null, payload.answers as never)) as Relabelled<ShownAnswers>;
  }

  let consentPart: SubjectAccessDocument['consent'] = null;
  const source = history ?? proof;
  if (source) {
    const withdrawals = await enteredWithdrawals(db, recordId);
    // The proof already holds the entered withdrawals (erasure took them in).
    const merged = consent ? withServerWithdrawals(consent, withdrawals) : source;
    const overview = consentOverview(merged);
    const evidence = consent
      ? consent.evidence
        ? { kind: consent.evidence.kind, attestedBy: consent.evidence.kind === 'mark' ? { name: consent.evidence.attestedBy.name, role: consent.evidence.attestedBy.role } : null }
        : { kind: 'none' as const, attestedBy: null }
      : proof?.evidence
        ? { kind: proof.evidence.kind, attestedBy: proof.evidence.attestedByRole ? { name: '', role: proof.evidence.attestedByRole } : null }
        : { kind: 'none' as const, attestedBy: null };
    const reading = consent ? (consent.reading_attestation ?? null) : proof?.reading_attestation ? { name: '', ...proof.reading_attestation } : null;
    consentPart = {
      status: overview.status,
      notice: { id: source.privacy_notice.id, version: source.privacy_notice.version, language: source.privacy_notice.language, sha256: source.privacy_notice.sha256, referenceSha256: source.reference_notice.sha256 },
      collectionMethod: source.collection_method,
      interviewer: source.parties.interviewer.name,
      interpreter: consent?.parties.interpreter ?? null,
      witness: consent?.parties.witness ?? null,
      evidence,
      readingAttestation: reading,
      interviewerAttestation: source.interviewer_attestation,
      // Art. 9(2)(a) holds only while an explicit consent (health) is still given: withdrawn on its own (issue #14), it no longer applies.
      lawfulBasis: source.lawful_basis.filter((basis) => basis !== 'GDPR-9-2-a' || overview.explicitItems.length === 0 || overview.explicitItems.some((item) => item.state === 'given')),
      items: overview.items.map((item) => ({ kind: item.kind, id: item.id, label: itemLabel(item.kind === 'purpose' ? 'purposes' : 'recipients', item.id), state: item.state })),
      events: merged.events.map((event) => ({
        type: event.event_type,
        state: event.event_state,
        at: event.event_time,
        receivedAt: event.server_received_at ?? null,
        channel: event.channel,
        by: event.actor.name,
        scope: event.scope ? [...event.scope.recipients, ...event.scope.purposes] : null,
      })),
    };
  }

  const disclosures = (await disclosuresOfRecord(db, recordId)).map((d) => ({ ...d, recipient: itemLabel('recipients', d.recipientId) }));

  // This document is itself an access: logged first, so it lists itself.
  await auditRequest(context, request, { action: 'record.subject_access', target: { type: 'record', id: recordId }, details: { language: lang } });
  const entries = await db.selectFrom('audit_log').select(['seq', 'at', 'action', 'actor_name', 'actor_type']).where('target_id', '=', recordId).orderBy('seq').execute();

  return {
    recordId,
    shortReference: shortReference(recordId),
    generatedAt: context.now().toISOString(),
    generatedBy: by.name,
    language: lang,
    formRef: record.form_ref,
    receivedAt: record.received_at,
    updatedAt: record.updated_at,
    erasure: erasure ? { erasedAt: erasure.erased_at, reason: erasure.reason, proofDeletedAt: erasure.proof_deleted_at } : null,
    answers,
    consent: consentPart,
    disclosures,
    accesses: entries.map((e) => ({ seq: Number(e.seq), at: e.at, action: e.action, actor: e.actor_name ?? '', actorType: e.actor_type })),
  };
}
