/**
 * The coordinator API's contract for withdrawal, erasure and retention (the route table is in
 * src/server/README.md): a withdrawal a coordinator enters, what is left of an erased record,
 * matching a later request to an erased record, the retention settings, preview and runs.
 */
import { z } from 'zod';
import { uuidSchema } from '../sync/index';

const isoDay = z.iso.date();

/** How a withdrawal reached the office. */
export const withdrawalChannels = ['phone', 'letter', 'email', 'in_person'] as const;

/** POST /api/v1/records/:recordId/withdrawals */
export const enterWithdrawalRequestSchema = z.strictObject({
  channel: z.enum(withdrawalChannels),
  /** The day the withdrawal reached the office: not in the future, not before the record. */
  receivedOn: isoDay,
  /**
   * `all`: the whole consent (the data are erased); else the recipients withdrawn (nothing is
   * erased) and/or explicit consent items withdrawn on their own (issue #14: `health`; the answers
   * it covers are erased, the rest of the record stays). At least one id.
   */
  scope: z.union([
    z.literal('all'),
    z
      .strictObject({
        recipients: z.array(z.string().min(1).max(64)).max(50).optional(),
        explicitConsents: z.array(z.string().min(1).max(64)).max(10).optional(),
      })
      .refine((scope) => (scope.recipients?.length ?? 0) + (scope.explicitConsents?.length ?? 0) > 0, { message: 'name at least one recipient or explicit consent' }),
  ]),
});

export const enteredWithdrawalSchema = z.object({
  id: z.string(),
  enteredAt: z.string(),
  receivedOn: z.string(),
  channel: z.enum(withdrawalChannels),
  /** null: everything. */
  recipients: z.array(z.string()).nullable(),
  /** Explicit consent items withdrawn on their own (issue #14: `health`); empty for the others. */
  explicitConsents: z.array(z.string()).default([]),
  enteredBy: z.string(),
});

/** What stays of an erased record (besides ids, times and hashes): when, why, and the proof. */
export const recordErasureSchema = z.object({
  erasedAt: z.string(),
  reason: z.enum(['withdrawn', 'retention']),
  /** The consent proof (core/consent `ConsentProof`): notice, decisions, events; no personal data. Null once deleted. */
  proof: z.unknown(),
  /** When the retention run deleted the proof (its period ran out); null while it is kept. */
  proofDeletedAt: z.string().nullable().default(null),
});

/** 201 answer of POST /api/v1/records/:recordId/withdrawals */
export const withdrawalResultSchema = z.object({
  withdrawal: enteredWithdrawalSchema,
  /** The consent's status after it. */
  status: z.enum(['given', 'refused', 'withdrawn']),
  /** Set when the withdrawal ended the consent and the record's data were erased. */
  erasure: recordErasureSchema.nullable(),
  /** Answers erased because an explicit consent covering them was withdrawn (field ids, e.g. `workRestrictions`). */
  erasedAnswers: z.array(z.string()).default([]),
});

/** POST /api/v1/erasures/match: a person asks after their data; matched by keyed hash only. */
export const erasureMatchRequestSchema = z.strictObject({
  surname: z.string().trim().min(1).max(200),
  givenNames: z.string().trim().max(200).default(''),
  birthDate: z
    .strictObject({ year: z.number().int().min(1900).max(2100), month: z.number().int().min(1).max(12).optional(), day: z.number().int().min(1).max(31).optional() })
    .optional(),
});

export const erasureMatchSchema = z.object({
  erasures: z.array(z.object({ recordId: z.string(), erasedAt: z.string(), reason: z.enum(['withdrawn', 'retention']) })),
});

/** A device's erasures it has not confirmed yet (in the device list). */
export const unconfirmedErasuresSchema = z.object({
  count: z.number().int(),
  /** The oldest ones, at most 20. */
  first: z.array(z.object({ recordId: uuidSchema, erasedAt: z.string() })),
});

// --- retention --------------------------------------------------------------------------------

/** The retention periods (server-only settings; why in src/server/README.md). */
export const retentionSettingsValuesSchema = z.strictObject({
  /** Erased this many months after the end of counselling (the notice: 3 years). */
  counsellingMonths: z.number().int().min(1).max(600),
  /** Counselling counts as ended this many months after the record's last revision, unless marked. */
  counsellingEndsAfterMonths: z.number().int().min(1).max(600),
  /** A refusal (the fact only) is kept this many months; its entry, proof included, then goes. */
  refusalMonths: z.number().int().min(1).max(600),
  /** The consent proof of an erased record is kept this many months after the erasure (the notice: 3 years). */
  proofMonths: z.number().int().min(1).max(600).default(36),
});

/** GET /api/v1/retention/settings, and the answer of PUT */
export const retentionSettingsSchema = z.object({
  values: retentionSettingsValuesSchema,
  /** null: the defaults, never saved. */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

/** POST /api/v1/records/:recordId/counselling-end: `endedOn` null clears the mark. */
export const counsellingEndRequestSchema = z.strictObject({ endedOn: isoDay.nullable() });

export const counsellingEndSchema = z.object({ recordId: z.string(), counsellingEndedOn: z.string().nullable() });

/** One record the retention job erases (or would, in a preview). */
export const retentionItemSchema = z.object({
  recordId: z.string(),
  kind: z.enum(['consent', 'refusal']),
  /** When counselling ended (a consent) or the refusal was received, and how that was decided. */
  since: z.string(),
  sinceSource: z.enum(['marked', 'last_revision', 'refused']),
  dueOn: z.string(),
});

/** One consent proof the retention job deletes (or would): an erased record's, or a refusal's entry. */
export const retentionProofItemSchema = z.object({
  recordId: z.string(),
  kind: z.enum(['consent', 'refusal']),
  /** The day the record's data were erased (a consent) or the refusal was received. */
  since: z.string(),
  dueOn: z.string(),
});

/** GET /api/v1/retention/preview?date=YYYY-MM-DD */
export const retentionPreviewSchema = z.object({
  date: z.string(),
  settings: retentionSettingsValuesSchema,
  due: z.array(retentionItemSchema),
  /** Proofs whose period runs out by the day, the refusals in `due` included (their proof goes with them). */
  proofsDue: z.array(retentionProofItemSchema).default([]),
});

export const retentionRunSchema = z.object({
  id: z.string(),
  runOn: z.string(),
  trigger: z.enum(['schedule', 'cli', 'coordinator']),
  startedAt: z.string(),
  finishedAt: z.string(),
  erasedCount: z.number().int(),
  settings: retentionSettingsValuesSchema,
  erased: z.array(retentionItemSchema),
  /** Consent proofs deleted by the run (runs from before migration 0022 deleted none). */
  proofsDeleted: z.array(retentionProofItemSchema).default([]),
  ranBy: z.string().nullable(),
});

/** GET /api/v1/retention/runs (newest first, the last 100) */
export const retentionRunListSchema = z.object({ runs: z.array(retentionRunSchema) });

export type EnterWithdrawalRequest = z.infer<typeof enterWithdrawalRequestSchema>;
export type EnteredWithdrawal = z.infer<typeof enteredWithdrawalSchema>;
export type RecordErasure = z.infer<typeof recordErasureSchema>;
export type WithdrawalResult = z.infer<typeof withdrawalResultSchema>;
export type ErasureMatchRequest = z.input<typeof erasureMatchRequestSchema>;
export type UnconfirmedErasures = z.infer<typeof unconfirmedErasuresSchema>;
export type RetentionSettingsValues = z.infer<typeof retentionSettingsValuesSchema>;
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;
export type RetentionItem = z.infer<typeof retentionItemSchema>;
export type RetentionProofItem = z.infer<typeof retentionProofItemSchema>;
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;
export type RetentionRun = z.infer<typeof retentionRunSchema>;
