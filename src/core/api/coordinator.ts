/**
 * The coordinator API's contract (src/server/README.md has the route table): what each route
 * accepts and answers, once. The server parses requests with these schemas and declares its
 * answers against them; the app (`src/app/coordinator/api.ts`) parses every answer with them;
 * `integration/coordinator-api.test.ts` runs the app's client against the real server.
 *
 * Answer schemas are open objects: the server may add a field without breaking a client that
 * does not read it yet.
 */
import { z } from 'zod';
import { artifactKinds, noticeRefSchema, rejectionCodes, sha256HexSchema, uuidSchema } from '../sync/index';
import { enteredWithdrawalSchema, recordErasureSchema, unconfirmedErasuresSchema } from './erasure';

/** Longer passwords are refused before hashing, so a huge one cannot tie up the server. */
export const MAX_PASSWORD_LENGTH = 1024;

// --- requests -------------------------------------------------------------------------------

/** POST /api/v1/setup */
export const setupRequestSchema = z.strictObject({
  token: z.string().min(1).max(200),
  name: z.string().max(200),
  password: z.string().max(MAX_PASSWORD_LENGTH),
});

/** POST /api/v1/auth/login */
export const loginRequestSchema = z.strictObject({
  name: z.string().min(1).max(200),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** POST /api/v1/enrolments */
export const createEnrolmentRequestSchema = z.strictObject({
  deviceName: z.string().trim().min(1).max(100).optional(),
  expiresInMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
});

/** POST /api/v1/artifacts: a form definition or a notice text to publish. */
export const publishArtifactRequestSchema = z.strictObject({ kind: z.enum(artifactKinds), body: z.record(z.string(), z.unknown()) });

/** POST /api/v1/artifacts/retire */
export const retireArtifactRequestSchema = z.strictObject({
  kind: z.enum(artifactKinds),
  id: z.string().min(1).max(100),
  version: z.number().int().positive(),
  lang: z.string().min(2).max(35).nullable().optional(),
});

// --- answers --------------------------------------------------------------------------------

/** GET /api/v1/setup */
export const setupStateSchema = z.object({ setupRequired: z.boolean() });

/** POST /api/v1/setup, POST /api/v1/auth/login, GET /api/v1/auth/me */
export const sessionSchema = z.object({ coordinator: z.object({ id: z.string(), name: z.string() }), expiresAt: z.string() });

/** POST /api/v1/enrolments */
export const createdEnrolmentSchema = z.object({
  id: z.string(),
  /** Grouped for display, e.g. `ABCD-EFGH`; shown once, the server keeps only its hash. */
  code: z.string(),
  deviceName: z.string().nullable(),
  expiresAt: z.string(),
  enrolUrl: z.string(),
  qrSvg: z.string().startsWith('<svg'),
});

export const openEnrolmentSchema = z.object({
  id: z.string(),
  deviceName: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
});

/** GET /api/v1/enrolments */
export const openEnrolmentListSchema = z.object({ enrolments: z.array(openEnrolmentSchema) });

export const deviceSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  enrolledAt: z.string(),
  lastSeenAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastSeq: z.number(),
  entriesReceived: z.number(),
  /** Entries the device said were still waiting after its last push; null before its first. */
  pendingCount: z.number().nullable(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  /** Erased records this device created and has not confirmed deleting (absent from older servers). */
  unconfirmedErasures: unconfirmedErasuresSchema.default({ count: 0, first: [] }),
});

/** GET /api/v1/devices */
export const deviceListSchema = z.object({ devices: z.array(deviceSchema) });

/** POST /api/v1/devices/:id/revoke */
export const revokedDeviceSchema = z.object({ id: z.string(), name: z.string(), revoked: z.literal(true), revokedAt: z.string().nullable() });

/** What became of one pushed entry, as the server recorded it (a `gap` is not recorded). */
export const entryStatuses = ['applied', 'duplicate', 'conflict', 'rejected'] as const;

export const entryOutcomeSchema = z.object({
  deviceId: z.string(),
  seq: z.number(),
  recordId: z.string(),
  rev: z.number(),
  status: z.enum(entryStatuses),
  code: z.enum(rejectionCodes).optional(),
  message: z.string().optional(),
  processedAt: z.string(),
});

export const recordSummarySchema = z.object({
  recordId: z.string(),
  deviceId: z.string(),
  deviceName: z.string().nullable(),
  currentRev: z.number(),
  formRef: z.string().nullable(),
  noticeRef: noticeRefSchema,
  receivedAt: z.string(),
  updatedAt: z.string(),
  revisionCount: z.number(),
  conflictCount: z.number(),
  lastOutcome: entryOutcomeSchema.nullable(),
});

/** GET /api/v1/records, GET /api/v1/devices/:id/records */
/** Where a page of a server-side list stands: `offset` rows in, at most `limit`, of `total`. */
export const pageSchema = z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int() });
/** One page of received records, newest first. */
export const recordListSchema = z.object({ records: z.array(recordSummarySchema), page: pageSchema });
/** One page of rejected and conflicting entries, newest first. */
export const issueListSchema = z.object({ issues: z.array(entryOutcomeSchema), page: pageSchema });

export const storedRevisionSchema = z.object({
  rev: z.number(),
  baseRev: z.number(),
  formRef: z.string().nullable(),
  noticeRef: noticeRefSchema,
  /** The interview record as received; a client reads only what it must of it. */
  payload: z.unknown(),
  payloadSha256: sha256HexSchema,
  deviceId: z.string(),
  seq: z.number(),
  receivedAt: z.string(),
});

export const storedConflictSchema = storedRevisionSchema.extend({ serverRev: z.number() });

const consentStates = ['given', 'refused', 'withdrawn'] as const;

/**
 * The consent per purpose and recipient with its history, as the server derives it from the
 * current revision (`consentOverview` in core/consent), with the purposes' and recipients' names
 * from the published notice by language.
 */
export const recordConsentSchema = z.object({
  overview: z.object({
    status: z.enum(consentStates),
    notice: z.object({ id: z.string(), version: z.number(), language: z.string() }),
    collectionMethod: z.string(),
    items: z
      .array(
        z.object({
          kind: z.enum(['purpose', 'recipient']),
          id: z.string(),
          state: z.enum(consentStates),
          steps: z
            .array(
              z.object({
                change: z.enum(consentStates),
                at: z.string(),
                serverReceivedAt: z.string().nullable(),
                channel: z.enum(['in_person', 'phone', 'email', 'letter']),
                actor: z.object({ role: z.enum(['interviewer', 'coordinator']), name: z.string() }),
              }),
            )
            .readonly(),
        }),
      )
      .readonly(),
  }),
  labels: z.record(z.string(), z.object({ de: z.string().optional(), en: z.string().optional() })),
});

/** GET /api/v1/records/:recordId */
export const recordDetailSchema = z.object({
  record: recordSummarySchema.nullable(),
  revisions: z.array(storedRevisionSchema),
  conflicts: z.array(storedConflictSchema),
  outcomes: z.array(entryOutcomeSchema),
  /** `null` without a consent the server can read; absent from a server before this field, read as `null`. */
  consent: recordConsentSchema.nullable().default(null),
  /** Set once the record's personal data are erased: revisions then hold `{erased: true}` only. */
  erasure: recordErasureSchema.nullable().default(null),
  /** Withdrawals a coordinator entered for this record, oldest first. */
  withdrawals: z.array(enteredWithdrawalSchema).default([]),
  /** The day a coordinator marked the counselling as ended; null: not marked. */
  counsellingEndedOn: z.string().nullable().default(null),
});

export const artifactSummarySchema = z.object({
  kind: z.enum(artifactKinds),
  id: z.string(),
  version: z.number().int(),
  lang: z.string().nullable(),
  changeNo: z.number().int(),
  sha256: sha256HexSchema,
  reviewState: z.enum(['draft', 'reviewed']),
  publishedAt: z.string(),
  retired: z.boolean(),
});

/** GET /api/v1/artifacts */
export const artifactListSchema = z.object({ artifacts: z.array(artifactSummarySchema) });

/** POST /api/v1/artifacts (201 published, 200 the same again) */
export const publishedArtifactSchema = z.object({
  status: z.enum(['published', 'unchanged']),
  artifact: z.object({
    kind: z.enum(artifactKinds),
    id: z.string(),
    version: z.number().int(),
    lang: z.string().nullable(),
    sha256: sha256HexSchema,
    reviewState: z.enum(['draft', 'reviewed']),
    changeNo: z.number().int(),
  }),
});

export type SetupRequest = z.infer<typeof setupRequestSchema>;
export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type CreateEnrolmentRequest = z.infer<typeof createEnrolmentRequestSchema>;
export type PublishArtifactRequest = z.infer<typeof publishArtifactRequestSchema>;
export type CoordinatorSession = z.infer<typeof sessionSchema>;
export type CreatedEnrolment = z.infer<typeof createdEnrolmentSchema>;
export type OpenEnrolment = z.infer<typeof openEnrolmentSchema>;
export type Device = z.infer<typeof deviceSchema>;
export type EntryStatus = (typeof entryStatuses)[number];
export type EntryOutcome = z.infer<typeof entryOutcomeSchema>;
export type RecordSummary = z.infer<typeof recordSummarySchema>;
export type RecordList = z.infer<typeof recordListSchema>;
export type IssueList = z.infer<typeof issueListSchema>;
export type Page = z.infer<typeof pageSchema>;
export type RecordConsent = z.infer<typeof recordConsentSchema>;
export type ArtifactSummary = z.infer<typeof artifactSummarySchema>;
