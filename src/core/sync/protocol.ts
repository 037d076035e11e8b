/**
 * Sync protocol v1 — the wire contract between the tablet (src/data) and the
 * server (src/server). See shared/design/sync-protocol.md for the reasons.
 * Both sides parse with these schemas; nothing else defines the shapes.
 */
import { z } from 'zod';
import { MAX_STORED_INT } from '../limits';

export const PROTOCOL_VERSION = 1;

/** A UUID as made on the device (`crypto.randomUUID()`). */
export const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, 'must be a UUID');
/** A SHA-256 digest as every hash in Lotse is written: 64 lower-case hex digits. */
export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');

/** `profilingbogen@3`: a form id and its version. */
// The id part accepts every form id that parseFormDefinition accepts (an identifier).
export const formRefSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*@[1-9][0-9]*$/, 'must look like "id@version"');

/** A whole number a device sends that the server stores or looks up in an `integer` column (core/limits.ts). */
const storedInt = () => z.number().int().max(MAX_STORED_INT);

/** The exact notice text that was shown: id, version, language and the hash of its text. */
export const noticeRefSchema = z.object({
  id: z.string().min(1).max(64),
  version: storedInt().positive(),
  // Loose on purpose: the wire only frames the entry; a malformed tag inside it is that entry's
  // rejection (entry validation checks the language against the consent record), not the batch's 400.
  lang: z.string().min(2).max(16),
  sha256: sha256HexSchema,
  /** The deployment settings version a notice with placeholders was filled with; `sha256` is then the filled text's. */
  settingsVersion: storedInt().positive().optional(),
}).strict();

export const enrolRequestSchema = z.object({
  code: z.string().trim().min(4).max(64),
  deviceName: z.string().trim().min(1).max(100),
  /**
   * The identity this tablet had before (re-enrolment): the new device continues it and may go on
   * editing the records it created. The token proves the tablet held it (revoked or not).
   */
  previous: z.object({ deviceId: uuidSchema, deviceToken: z.string().min(32).max(200) }).strict().optional(),
}).strict();

export const enrolResponseSchema = z.object({
  deviceId: uuidSchema,
  deviceToken: z.string().min(32),
  deviceName: z.string(),
});

/**
 * One outbox entry: revision `rev` of a record, made from revision `baseRev`
 * (0 for a new record). `rev` is always `baseRev + 1`: an edit starts from the
 * revision the device holds, which is the previous outbox entry's `rev` even
 * when that one has not been acknowledged yet.
 */
export const pushEntrySchema = z.object({
  seq: storedInt().positive(),
  recordId: uuidSchema,
  rev: storedInt().positive(),
  baseRev: storedInt().nonnegative(),
  formRef: formRefSchema.nullable(),
  noticeRef: noticeRefSchema,
  payload: z.record(z.string(), z.unknown()),
  payloadSha256: sha256HexSchema,
}).strict();

/**
 * The same entry with its payload sealed for the server (issue #12 item 3; a departure from
 * shared/design/sync-protocol.md): `sealed` is `core/encryption` `ServerSealed`, the payload's
 * canonical JSON encrypted with a per-entry key wrapped for the server's published `server-key`,
 * bound to `recordId` and `rev`. The tablet makes it while unlocked, at completion, and pushes it
 * without the data key. The wire checks only that `sealed` is an object with a numeric version:
 * a version this server does not open is that entry's `rejected` (`unsupported_envelope`), not
 * the batch's 400. `payloadSha256` is the hash of the payload inside, checked after opening.
 */
export const sealedPushEntrySchema = z.object({
  seq: storedInt().positive(),
  recordId: uuidSchema,
  rev: storedInt().positive(),
  baseRev: storedInt().nonnegative(),
  formRef: formRefSchema.nullable(),
  noticeRef: noticeRefSchema,
  sealed: z.looseObject({ v: z.number().int() }),
  payloadSha256: sha256HexSchema,
}).strict();

/** An entry as it travels: the payload in clear (every client before issue #12) or sealed for the server. */
export const wirePushEntrySchema = z.union([pushEntrySchema, sealedPushEntrySchema]);

/**
 * Most entries one push may carry. The tablet sends 50 (its byte cap binds first; batches of up
 * to 200 measured no faster); the server refuses more before validating any (413
 * `too_many_entries`): validating a record takes about a millisecond or more, so a batch of
 * thousands held the event loop for seconds.
 */
export const MAX_PUSH_ENTRIES = 200;

export const pushRequestSchema = z.object({
  protocolVersion: z.number().int(),
  deviceId: uuidSchema,
  batchId: uuidSchema,
  entries: z.array(wirePushEntrySchema).max(MAX_PUSH_ENTRIES),
  /** Entries still waiting on the device after this batch (shown to coordinators). */
  pendingCount: storedInt().nonnegative().optional(),
}).strict();

export const rejectionCodes = [
  'unknown_form',
  'unknown_notice',
  'invalid_payload',
  'hash_mismatch',
  'consent_missing',
  'purpose_not_accepted',
  /** notice@3 on: the consent accepts a recipient while the referral purpose is refused (issue #14). */
  'recipients_without_referral',
  'evidence_changed',
  'foreign_record',
  /** A sealed entry whose envelope version this server does not open (a newer app?). */
  'unsupported_envelope',
  /** A sealed entry that does not open: sealed for another server key, altered, or moved from another record or revision. */
  'sealed_unreadable',
] as const;

/** The server's current version of a record, sent with a conflict so both can be shown. */
export const serverRecordSchema = z.object({
  recordId: uuidSchema,
  rev: z.number().int().positive(),
  formRef: formRefSchema.nullable(),
  noticeRef: noticeRefSchema,
  payload: z.record(z.string(), z.unknown()),
  payloadSha256: sha256HexSchema,
  /** When the server stored this revision (server clock). */
  receivedAt: z.string(),
});

const appliedResultSchema = z.object({ seq: z.number().int(), status: z.literal('applied'), serverRev: z.number().int().positive() });
const conflictResultSchema = z.object({
  seq: z.number().int(),
  status: z.literal('conflict'),
  serverRev: z.number().int().nonnegative(),
  message: z.string(),
  /** The server's current version of the record, so both can be shown; null when it has none. */
  serverRecord: serverRecordSchema.nullable(),
});
const rejectedResultSchema = z.object({ seq: z.number().int(), status: z.literal('rejected'), code: z.enum(rejectionCodes), message: z.string() });

/**
 * Per-entry answer of a push.
 * - `applied`: stored as revision `serverRev`.
 * - `duplicate`: nothing new was stored. Either the server holds this revision
 *   with the same hash already (no `original`), or this `seq` was handled by an
 *   earlier push whose answer may have been lost: then `original` is what
 *   happened then, with its `code`/`message` (rejected) or `message`/`serverRecord`
 *   (conflict), so the client files the entry exactly as the first answer said.
 * - `conflict`: the server has another version; nothing was merged, both are kept.
 * - `rejected`: the entry can never be stored as it is; `code` says why.
 * - `gap`: an entry before this one is missing; nothing from here on was handled;
 *   resend from `expectedSeq`.
 */
export const pushResultSchema = z.discriminatedUnion('status', [
  appliedResultSchema,
  z.object({
    seq: z.number().int(),
    status: z.literal('duplicate'),
    serverRev: z.number().int().nonnegative(),
    original: z.enum(['applied', 'duplicate', 'conflict', 'rejected']).optional(),
    code: z.enum(rejectionCodes).optional(),
    message: z.string().optional(),
    serverRecord: serverRecordSchema.nullable().optional(),
  }),
  conflictResultSchema,
  rejectedResultSchema,
  z.object({ seq: z.number().int(), status: z.literal('gap'), expectedSeq: z.number().int().positive() }),
]);

export const pushResponseSchema = z.object({
  lastSeq: z.number().int().nonnegative(),
  results: z.array(pushResultSchema),
});

export const artifactKinds = ['form', 'notice', 'settings', 'recovery-key', 'server-key', 'device-policy'] as const;

/** What coordinators publish and retire through the API; the recovery key only from the server's shell (`npm run lotse -- recovery-key create`). */
export const publishableArtifactKinds = ['form', 'notice', 'settings'] as const;

/**
 * Kinds a pull lists only to a device that names them in `accept` (a comma-separated list): a
 * device of an earlier version would refuse a whole page holding a kind it does not know.
 */
export const optionalArtifactKinds = ['recovery-key', 'server-key', 'device-policy'] as const;
export type OptionalArtifactKind = (typeof optionalArtifactKinds)[number];

/** A published artifact as it travels in a pull page. */
export const artifactChangeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('publish'),
    changeNo: z.number().int().positive(),
    kind: z.enum(artifactKinds),
    id: z.string(),
    version: z.number().int().positive(),
    /** Language of a notice text; null for a form (which carries all its languages). */
    lang: z.string().nullable(),
    sha256: sha256HexSchema,
    reviewState: z.enum(['draft', 'reviewed']),
    publishedAt: z.string(),
    body: z.record(z.string(), z.unknown()),
  }),
  z.object({
    op: z.literal('retire'),
    changeNo: z.number().int().positive(),
    kind: z.enum(artifactKinds),
    id: z.string(),
    version: z.number().int().positive(),
    lang: z.string().nullable(),
  }),
]);

export const pullQuerySchema = z.object({
  cursor: z.string().max(64).optional(),
  /** Optional kinds the device understands (`optionalArtifactKinds`), comma-separated; unknown names are ignored. */
  accept: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * A record the server has erased (withdrawal, retention) that this device still holds: the device
 * deletes its copy (after pushing what it had not sent for it) and confirms. Not part of the
 * cursor-ordered artifact feed: each device is told of the records it created, on every pull,
 * until it confirms (`erasureConfirmRequestSchema`).
 */
export const erasureChangeSchema = z.object({
  op: z.literal('erase'),
  recordId: uuidSchema,
  erasedAt: z.string(),
  /**
   * A partial erasure (issue #14: an explicit consent item such as health withdrawn on its own):
   * only these answers (`field`, `group`, `group.field`, as the notice's storage table names them)
   * leave the device's copy, the rest stays. Listed only to a device whose pull names
   * `PARTIAL_ERASURES` in `accept`: an older device drops unknown keys and would read it as the
   * whole record. Absent: the whole record.
   */
  fields: z.array(z.string().min(1).max(200)).max(200).optional(),
  /** The partial erasure's id (with `fields`), which the device confirms in `partialIds`. */
  id: uuidSchema.optional(),
}).refine((change) => (change.fields === undefined) === (change.id === undefined), 'fields and id go together');

/** What a pull's `accept` names (beside optional kinds) when the device applies partial erasures. */
export const PARTIAL_ERASURES = 'partial-erasures';

/** Most erasures one pull answer lists; the rest follow once these are confirmed. */
export const MAX_ERASURES_PER_PULL = 200;

export const pullResponseSchema = z.object({
  changes: z.array(artifactChangeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Absent from servers before erasure: nothing to erase. */
  erasures: z.array(erasureChangeSchema).max(MAX_ERASURES_PER_PULL).optional(),
  /**
   * A coordinator marked this device lost (issue #12 item 6): push what is not sent, delete every
   * local copy and the token, then confirm (`POST /api/v1/sync/wiped`). Absent: keep going.
   */
  wipe: z.boolean().optional(),
});

/** `POST /api/v1/sync/wiped`: the device has deleted its data; the server revokes its token. */
export const wipeConfirmRequestSchema = z.object({ deviceId: uuidSchema }).strict();

/** `POST /api/v1/sync/erasures`: the records whose local copy this device has deleted. */
export const erasureConfirmRequestSchema = z.object({
  deviceId: uuidSchema,
  recordIds: z.array(uuidSchema).max(MAX_ERASURES_PER_PULL),
  /** Partial erasures (`erasureChangeSchema.id`) this device has applied to its copy. */
  partialIds: z.array(uuidSchema).max(MAX_ERASURES_PER_PULL).optional(),
}).strict().refine((body) => body.recordIds.length + (body.partialIds?.length ?? 0) > 0, 'nothing to confirm');

export const erasureConfirmResponseSchema = z.object({
  /** How many of them (whole and partial) were erasures waiting for this device's confirmation. */
  confirmed: z.number().int().nonnegative(),
});

/** Every error answer of the API has this shape. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export type NoticeRef = z.infer<typeof noticeRefSchema>;
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;
export type PushEntry = z.infer<typeof pushEntrySchema>;
export type SealedPushEntry = z.infer<typeof sealedPushEntrySchema>;
export type WirePushEntry = z.infer<typeof wirePushEntrySchema>;
export type PushRequest = z.infer<typeof pushRequestSchema>;
export type PushResult = z.infer<typeof pushResultSchema>;
export type ServerRecord = z.infer<typeof serverRecordSchema>;
export type PushResponse = z.infer<typeof pushResponseSchema>;
export type RejectionCode = (typeof rejectionCodes)[number];
export type ArtifactChange = z.infer<typeof artifactChangeSchema>;
export type PullResponse = z.infer<typeof pullResponseSchema>;
export type ErasureChange = z.infer<typeof erasureChangeSchema>;
export type ErasureConfirmRequest = z.infer<typeof erasureConfirmRequestSchema>;
export type ApiError = z.infer<typeof apiErrorSchema>;
