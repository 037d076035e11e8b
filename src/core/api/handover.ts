/**
 * Partner hand-over (disclosure) contract: the coordinator's page prepares a hand-over to one
 * recipient, `GET /api/v1/exports/partners/{recipientId}.xlsx|.csv` delivers it and stores it as a
 * disclosure.
 */
import { z } from 'zod';

const words = z.object({ de: z.string(), en: z.string() });

export const handoverFormats = ['xlsx', 'csv'] as const;
export type HandoverFormat = (typeof handoverFormats)[number];

/** The purpose a hand-over serves: referral to measures and partners. */
export const HANDOVER_PURPOSE = 'referral';

/** Why a record is not in a hand-over to a recipient. */
export const handoverLeftOutReasons = ['erased', 'no_consent', 'recipient_refused', 'recipient_withdrawn', 'purpose_refused', 'purpose_withdrawn', 'form_unmapped'] as const;
export type HandoverLeftOutReason = (typeof handoverLeftOutReasons)[number];

/** One hand-over as stored. */
export const handoverSummarySchema = z.object({
  id: z.string(),
  recipientId: z.string(),
  purpose: z.string(),
  at: z.string(),
  by: z.string(),
  format: z.enum(handoverFormats),
  records: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
});
export type HandoverSummary = z.infer<typeof handoverSummarySchema>;

/** GET /api/v1/handovers */
export const handoverOverviewSchema = z.object({
  recipients: z.array(z.object({ id: z.string(), label: words })),
  /** The last hand-overs, newest first. */
  handovers: z.array(handoverSummarySchema),
});
export type HandoverOverview = z.infer<typeof handoverOverviewSchema>;

/** GET /api/v1/handovers/:recipientId/preview */
export const handoverPreviewSchema = z.object({
  recipient: z.object({ id: z.string(), label: words }),
  purpose: z.object({ id: z.string(), label: words }),
  /** Records the hand-over would hold now. */
  qualifying: z.number().int(),
  /** Per form version of the records: which fields go (labelled); `mapped: false` → none. */
  forms: z.array(z.object({ formRef: z.string(), records: z.number().int(), mapped: z.boolean(), fields: z.array(z.object({ path: z.string(), label: words })) })),
  leftOut: z.object({
    total: z.number().int(),
    counts: z.partialRecord(z.enum(handoverLeftOutReasons), z.number().int()),
    /** The newest ones (at most 200), newest first; erased records are counted, not listed. */
    records: z.array(z.object({ recordId: z.string(), shortReference: z.string(), reason: z.enum(handoverLeftOutReasons), receivedAt: z.string() })),
  }),
  /** The last hand-overs to this recipient, newest first. */
  handovers: z.array(handoverSummarySchema),
});
export type HandoverPreview = z.infer<typeof handoverPreviewSchema>;

/** A hand-over on the record page: "given to Jobcenter on …". */
export const recordDisclosureSchema = z.object({ id: z.string(), recipientId: z.string(), at: z.string(), by: z.string() });
export type RecordDisclosure = z.infer<typeof recordDisclosureSchema>;

/** A label in German and in the person's language (German where no translation exists). */
const localLabels = z.object({ de: z.string(), local: z.string() });

/**
 * GET /api/v1/records/:recordId/subject-access — everything held about the person (Art. 15).
 * `answers` is the record's readable answers (`core/form` `showAnswers`) with every `{de, en}`
 * label pair as `{de, local}`: German and the person's language.
 */
export const subjectAccessSchema = z.object({
  recordId: z.string(),
  shortReference: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  language: z.string(),
  formRef: z.string().nullable(),
  receivedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** `proofDeletedAt`: the retention run deleted the consent proof too (issue #14); `consent` is then null. */
  erasure: z.object({ erasedAt: z.string(), reason: z.string(), proofDeletedAt: z.string().nullable().default(null) }).nullable(),
  answers: z
    .object({
      sections: z.array(z.object({ id: z.string(), label: localLabels, items: z.array(z.unknown()) })),
      other: z.array(z.unknown()),
    })
    .nullable(),
  consent: z
    .object({
      status: z.string(),
      notice: z.object({ id: z.string(), version: z.number(), language: z.string(), sha256: z.string(), referenceSha256: z.string() }),
      collectionMethod: z.string(),
      interviewer: z.string(),
      interpreter: z.object({ name: z.string(), role: z.string() }).nullable(),
      witness: z.object({ name: z.string(), role: z.string() }).nullable(),
      evidence: z.object({ kind: z.enum(['signature', 'mark', 'none']), attestedBy: z.object({ name: z.string(), role: z.string() }).nullable() }),
      readingAttestation: z.object({ name: z.string(), role: z.string(), at: z.string() }).nullable(),
      interviewerAttestation: z.object({ name: z.string(), at: z.string() }),
      lawfulBasis: z.array(z.string()),
      items: z.array(z.object({ kind: z.enum(['purpose', 'recipient']), id: z.string(), label: localLabels, state: z.string() })),
      events: z.array(z.object({ type: z.string(), state: z.string(), at: z.string(), receivedAt: z.string().nullable(), channel: z.string(), by: z.string(), scope: z.array(z.string()).nullable() })),
    })
    .nullable(),
  disclosures: z.array(z.object({ id: z.string(), recipientId: z.string(), recipient: localLabels, at: z.string(), by: z.string() })),
  accesses: z.array(z.object({ seq: z.number().int(), at: z.string(), action: z.string(), actor: z.string(), actorType: z.string() })),
});
export type SubjectAccess = z.infer<typeof subjectAccessSchema>;
