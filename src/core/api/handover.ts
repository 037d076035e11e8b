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
    /** The first ones (at most 200), oldest first; erased records are counted, not listed. */
    records: z.array(z.object({ recordId: z.string(), shortReference: z.string(), reason: z.enum(handoverLeftOutReasons), receivedAt: z.string() })),
  }),
  /** The last hand-overs to this recipient, newest first. */
  handovers: z.array(handoverSummarySchema),
});
export type HandoverPreview = z.infer<typeof handoverPreviewSchema>;

/** A hand-over on the record page: "given to Jobcenter on …". */
export const recordDisclosureSchema = z.object({ id: z.string(), recipientId: z.string(), at: z.string(), by: z.string() });
export type RecordDisclosure = z.infer<typeof recordDisclosureSchema>;
