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
import { artifactKinds, publishableArtifactKinds, formRefSchema, noticeRefSchema, rejectionCodes, sha256HexSchema, uuidSchema } from '../sync/index';
import { enteredWithdrawalSchema, recordErasureSchema, unconfirmedErasuresSchema } from './erasure';
import { recordDisclosureSchema } from './handover';
import { MAX_STORED_INT } from '../limits';

/** Longer passwords are refused before hashing, so a huge one cannot tie up the server. */
export const MAX_PASSWORD_LENGTH = 1024;

// --- roles ----------------------------------------------------------------------------------

/**
 * What an account may do. *admin*: accounts, devices, content, settings, retention, the audit
 * log — and the coordinator's work too (a small office has one person for both; accounts that
 * existed before roles became admins and keep what they could do). *coordinator*: records,
 * hand-overs, withdrawals entered by phone or letter, erasure. *analyst*: the evaluation's
 * aggregates only — no names, no record pages, no exports of personal data.
 */
export const roles = ['admin', 'coordinator', 'analyst'] as const;
export type Role = (typeof roles)[number];

/**
 * Who may use which part: the one table the server's route guards (`requireRole`) and the app's
 * navigation read. Each server route names one of these (src/server/README.md, *Routes*).
 */
export const access = {
  /** Every signed-in account (who am I). */
  signedIn: ['admin', 'coordinator', 'analyst'],
  accounts: ['admin'],
  devices: ['admin'],
  content: ['admin'],
  settings: ['admin'],
  retention: ['admin'],
  audit: ['admin'],
  /** Record lists and pages, hand-overs, withdrawals entered by a coordinator, erasure. */
  records: ['admin', 'coordinator'],
  /** Partner hand-overs (disclosures): who may give records to partners. */
  handovers: ['admin', 'coordinator'],
  evaluation: ['admin', 'coordinator', 'analyst'],
} as const satisfies Record<string, readonly Role[]>;
export type AccessArea = keyof typeof access;

/**
 * What the audit log records (`audit_log.action`). Entries of other actions may exist (a newer
 * server wrote them); the log keeps them all.
 */
export const auditActions = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.setup',
  'auth.password_set',
  'account.create',
  'account.role_change',
  'account.disable',
  'account.enable',
  'account.password_link',
  'record.view',
  'record.export',
  'handover.create',
  'withdrawal.record',
  'record.erase',
  'record.proof_delete',
  'retention.run',
  'content.publish',
  'content.retire',
  'content.translation_import',
  'settings.change',
  'recovery_key.create',
  'recovery_key.unlock',
  'enrolment.create',
  'enrolment.delete',
  'device.enrol',
  'device.revoke',
  'device.wipe_request',
  'device.wipe_cancel',
  'device.wipe',
  'device_policy.change',
  'evaluation.view',
  'audit.export',
  'record.subject_access',
  'record.counselling_end',
] as const;
export type AuditAction = (typeof auditActions)[number];

export function mayUse(role: Role, area: AccessArea): boolean {
  return (access[area] as readonly Role[]).includes(role);
}

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

/** POST /api/v1/accounts: a new account; its owner sets the password with the one-time link. */
export const createAccountRequestSchema = z.strictObject({
  name: z.string().max(200),
  role: z.enum(roles),
});

/** POST /api/v1/accounts/:id/role */
export const changeRoleRequestSchema = z.strictObject({ role: z.enum(roles) });

/** POST /api/v1/accounts/password: the one-time link's token and the new password. */
export const setPasswordRequestSchema = z.strictObject({
  token: z.string().min(1).max(200),
  password: z.string().max(MAX_PASSWORD_LENGTH),
});

/** POST /api/v1/artifacts: a form definition or a notice text to publish. */
export const publishArtifactRequestSchema = z.strictObject({ kind: z.enum(publishableArtifactKinds), body: z.record(z.string(), z.unknown()) });

/** POST /api/v1/artifacts/retire */
export const retireArtifactRequestSchema = z.strictObject({
  kind: z.enum(publishableArtifactKinds),
  id: z.string().min(1).max(100),
  version: z.number().int().positive().max(MAX_STORED_INT),
  lang: z.string().min(2).max(35).nullable().optional(),
});

/** A day as `YYYY-MM-DD` that exists. */
const isoDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'must be a real date');

/** The evaluation's filters: interview period (both days included), municipality code, device, form version. */
export const recordFiltersQueryShape = {
  from: isoDaySchema.optional(),
  to: isoDaySchema.optional(),
  municipality: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a municipality code').optional(),
  deviceId: uuidSchema.optional(),
  form: formRefSchema.optional(),
};

/** How an export writes codes: the form's labels in German or English, or the codes themselves. */
export const exportLabelModes = ['de', 'en', 'codes'] as const;
/** A multiple choice as one 0/1 column per choice, or as one column of joined values. */
export const exportMultiModes = ['columns', 'joined'] as const;

/**
 * GET /api/v1/exports/records.xlsx, GET /api/v1/exports/records.csv (a ZIP of CSV files): the
 * evaluation's filters and how values are written. The answer is the file, not JSON.
 */
export const recordExportQuerySchema = z
  .strictObject({
    ...recordFiltersQueryShape,
    labels: z.enum(exportLabelModes).default('de'),
    multi: z.enum(exportMultiModes).default('columns'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'The period ends before it begins.', path: ['to'] });

/** The path of an export's file for the given query (what the app links to). */
export function recordExportUrl(format: 'xlsx' | 'csv', query: Partial<z.input<typeof recordExportQuerySchema>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/api/v1/exports/records.${format}${search ? `?${search}` : ''}`;
}
/** GET /api/v1/evaluation: the filters (interview days, both included) and the labels' language. */
export const evaluationQuerySchema = z.strictObject({
  from: isoDaySchema.optional(),
  to: isoDaySchema.optional(),
  municipality: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a municipality code').optional(),
  deviceId: uuidSchema.optional(),
  form: formRefSchema.optional(),
  lang: z.enum(['de', 'en']).default('de'),
});

// --- answers --------------------------------------------------------------------------------

/** GET /api/v1/setup */
export const setupStateSchema = z.object({ setupRequired: z.boolean() });

/** POST /api/v1/setup, POST /api/v1/auth/login, GET /api/v1/auth/me */
export const sessionSchema = z.object({ coordinator: z.object({ id: z.string(), name: z.string(), role: z.enum(roles) }), expiresAt: z.string() });

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(roles),
  createdAt: z.string(),
  /** Disabled accounts cannot sign in; their sessions ended when they were disabled. */
  disabledAt: z.string().nullable(),
  /** False until the owner has set a password with the link (and after a reset, until set again). */
  passwordSet: z.boolean(),
  /** When the open set-password link expires; null when none is open. */
  linkExpiresAt: z.string().nullable(),
});

/** GET /api/v1/accounts */
export const accountListSchema = z.object({ accounts: z.array(accountSchema) });

/** A one-time link to set a password: shown once, the server keeps only its hash. */
export const passwordLinkSchema = z.object({ url: z.string(), expiresAt: z.string() });

/** POST /api/v1/accounts (201), POST /api/v1/accounts/:id/password-link */
export const accountWithLinkSchema = z.object({ account: accountSchema, link: passwordLinkSchema });

/** POST /api/v1/accounts/:id/role, …/disable, …/enable */
export const accountAnswerSchema = z.object({ account: accountSchema });

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
  /** When the device was marked lost (issue #12 item 6): it deletes its data on its next contact. Absent from older servers. */
  wipeRequestedAt: z.string().nullable().default(null),
  /** When the device confirmed the wipe (its token is revoked then). */
  wipedAt: z.string().nullable().default(null),
});

/** GET /api/v1/devices */
export const deviceListSchema = z.object({ devices: z.array(deviceSchema) });

/** POST /api/v1/devices/:id/wipe */
export const wipeRequestedDeviceSchema = z.object({ id: z.string(), name: z.string(), wipeRequestedAt: z.string() });

/** DELETE /api/v1/devices/:id/wipe: the lost mark cancelled before the device made contact. */
export const wipeCancelledDeviceSchema = z.object({ id: z.string(), name: z.string(), wipeRequestedAt: z.null() });

/** GET/PUT /api/v1/device-policy: when tablets lock (issue #12 item 4). */
export const devicePolicyRequestSchema = z.strictObject({
  inactivityMinutes: z.number().int().min(1).max(60),
  hiddenMinutes: z.number().int().min(0).max(60),
});
export const devicePolicyResponseSchema = z.object({
  values: devicePolicyRequestSchema,
  /** The published version; null while the defaults apply (nothing saved yet). */
  version: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
});

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
  /** The person's name from the current revision (null: a refusal, or none given); absent from an older server. */
  name: z.object({ latin: z.string().nullable(), original: z.string().nullable() }).nullable().default(null),
  currentRev: z.number(),
  formRef: z.string().nullable(),
  noticeRef: noticeRefSchema,
  receivedAt: z.string(),
  updatedAt: z.string(),
  revisionCount: z.number(),
  conflictCount: z.number(),
  lastOutcome: entryOutcomeSchema.nullable(),
});

/** A text in each coordinator language. */
const labelsSchema = z.object({ de: z.string(), en: z.string() });

/** A record list's `state` filter. */
export const recordStates = ['consented', 'refused', 'conflicted'] as const;
/** CEFR levels a German-level filter can ask for ("at least"). */
export const germanLevelFilters = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export const recordSortKeys = ['received', 'updated', 'name'] as const;

const filterCode = (what: string) => z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, `must be ${what}`);

/**
 * GET /api/v1/records (and /api/v1/devices/:id/records without `deviceId`): filters, name search,
 * order and page. Unknown parameters are refused.
 */
export const recordListQueryObject = z.strictObject({
    deviceId: uuidSchema.optional(),
    state: z.enum(recordStates).optional(),
    /** First arrival, inclusive days (UTC). */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    /** A name (original script or Latin transliteration) or the short reference; 1–100 characters. */
    q: z.string().trim().min(1, 'must not be empty').max(100).regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters').optional(),
    /** A country code of the form's list (ISO 3166-1), or `stateless` / `unresolved`. */
    nationality: filterCode('a country code').optional(),
    /** German at least at this CEFR level in every assessed skill. */
    german: z.enum(germanLevelFilters).optional(),
    /** KldB 2010 Berufsbereich (one digit) of any past job. */
    occupationArea: z.string().regex(/^[0-9]$/, 'must be one digit (KldB 2010 Berufsbereich)').optional(),
    /** A municipality code of the form's list. */
    municipality: filterCode('a municipality code').optional(),
    sort: z.enum(recordSortKeys).default('received'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** A period whose end is not before its start. */
export const periodInOrder = (query: { from?: string | undefined; to?: string | undefined }) => query.from === undefined || query.to === undefined || query.from <= query.to;
export const recordListQuerySchema = recordListQueryObject.refine(periodInOrder, { message: 'the period ends before it begins', path: ['to'] });
export type RecordListQuery = z.input<typeof recordListQuerySchema>;

const filterOptionSchema = z.object({ code: z.string(), label: labelsSchema.nullable() });
/** GET /api/v1/records/filters: what the record list's answer filters can be set to. */
export const recordFilterOptionsSchema = z.object({
  nationality: z.array(filterOptionSchema),
  municipality: z.array(filterOptionSchema),
  occupationArea: z.array(filterOptionSchema),
});
export type RecordFilterOptions = z.infer<typeof recordFilterOptionsSchema>;

/** GET /api/v1/records, GET /api/v1/devices/:id/records */
/** Where a page of a server-side list stands: `offset` rows in, at most `limit`, of `total`. */
export const pageSchema = z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int() });
/** One page of received records, newest first. */
export const recordListSchema = z.object({ records: z.array(recordSummarySchema), page: pageSchema });
/** One page of rejected and conflicting entries, newest first. */
export const issueListSchema = z.object({ issues: z.array(entryOutcomeSchema), page: pageSchema });

/** One answer as the record page shows it (`showValue` in core/form). */
export const shownValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('number'), value: z.number() }),
  z.object({ kind: z.literal('yesno'), value: z.boolean() }),
  z.object({ kind: z.literal('date'), year: z.number(), month: z.number().nullable(), day: z.number().nullable() }),
  z.object({ kind: z.literal('codes'), items: z.array(z.object({ code: z.string(), label: labelsSchema.nullable() })).readonly() }),
  z.object({
    kind: z.literal('cefr'),
    rows: z.array(z.object({ skill: z.string(), skillLabel: labelsSchema.nullable(), level: z.string(), levelLabel: labelsSchema.nullable() })).readonly(),
  }),
  z.object({ kind: z.literal('notStated') }),
  z.object({ kind: z.literal('raw'), json: z.string() }),
]);

const shownFieldSchema = z.object({ kind: z.literal('field'), id: z.string(), path: z.string(), label: labelsSchema, value: shownValueSchema });

/** A revision's answers in the order of the form it was captured with, labelled in German and English. */
export const shownAnswersSchema = z.object({
  sections: z.array(
    z.object({
      id: z.string(),
      label: labelsSchema,
      items: z.array(
        z.discriminatedUnion('kind', [
          shownFieldSchema,
          z.object({ kind: z.literal('group'), id: z.string(), label: labelsSchema, instances: z.array(z.array(shownFieldSchema).readonly()).readonly() }),
        ]),
      ).readonly(),
    }),
  ).readonly(),
  other: z.array(shownFieldSchema).readonly(),
});

/** One field that differs from the previous revision. */
export const answerChangeSchema = z.object({
  kind: z.enum(['added', 'changed', 'removed']),
  path: z.string(),
  section: labelsSchema.nullable(),
  group: z.object({ label: labelsSchema, number: z.number().int() }).nullable(),
  label: labelsSchema,
  before: shownValueSchema.nullable(),
  after: shownValueSchema.nullable(),
});

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
  /**
   * Only on `revisions`: the answers labelled from the revision's own form version (null: a refusal,
   * or a payload without answers); absent from a server before this field, read as null.
   */
  answers: shownAnswersSchema.nullable().default(null),
  /** Only on `revisions`: what changed from the previous revision (null for the first). */
  changes: z.array(answerChangeSchema).readonly().nullable().default(null),
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
    /** notice@3 on: each explicit consent item (health) with its state and steps (issue #14). */
    explicitItems: z
      .array(
        z.object({
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
      .readonly()
      .default([]),
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
  /** Every hand-over that held this record, oldest first. */
  disclosures: z.array(recordDisclosureSchema).default([]),
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

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: sha256HexSchema,
});

/** GET /api/v1/audit: one page, newest first. */
export const auditListSchema = z.object({ entries: z.array(auditEntrySchema), page: pageSchema });

export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditList = z.infer<typeof auditListSchema>;
/** A count as shown: the number, or hidden — `small` (1 to minCell − 1 people) or `secondary` (hidden so no small one can be computed back). */
const evaluationCellSchema = z.union([
  z.object({ key: z.string(), label: z.string().optional(), count: z.number().int().nonnegative() }),
  z.object({ key: z.string(), label: z.string().optional(), hidden: z.enum(['small', 'secondary']) }),
]);

const evaluationTotalSchema = z.union([z.object({ count: z.number().int().nonnegative() }), z.object({ hidden: z.literal('small') })]);

export const evaluationTableSchema = z.object({
  id: z.string(),
  /** `partition`: every person in exactly one cell; `multi`: a person in several cells or none. */
  kind: z.enum(['partition', 'multi']),
  total: evaluationTotalSchema,
  /** Null: too few people to show this breakdown at all. */
  cells: z.array(evaluationCellSchema).readonly().nullable(),
});

/** GET /api/v1/evaluation: counts only, every table small-cell suppressed on the server. */
export const evaluationSchema = z.object({
  /** The purpose whose consent lets a record be counted, named as the notice names it. */
  purposes: z.array(z.object({ id: z.string(), label: z.string() })),
  minCell: z.number().int(),
  filters: z.object({
    from: z.string().optional(),
    to: z.string().optional(),
    municipality: z.string().optional(),
    deviceId: z.string().optional(),
    formRef: z.string().optional(),
  }),
  /** Every interview in the filters: counted, or why it was left out. */
  inclusion: evaluationTableSchema,
  tables: z.array(evaluationTableSchema),
  /** The latest job's occupational area (KldB 2010 Berufsbereich) and, per shown area, its main groups. */
  occupation: z.object({ areas: evaluationTableSchema, groups: z.record(z.string(), z.array(evaluationCellSchema).readonly().nullable()) }),
  /** Consent per recipient over every interview in the filters. */
  recipients: z.array(z.object({ id: z.string(), label: z.string(), table: evaluationTableSchema })),
  options: z.object({
    municipalities: z.array(z.object({ code: z.string(), label: z.string() })),
    devices: z.array(z.object({ id: z.string(), name: z.string() })),
    forms: z.array(z.string()),
  }),
});

export type SetupRequest = z.infer<typeof setupRequestSchema>;
export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;
export type Account = z.infer<typeof accountSchema>;
export type PasswordLink = z.infer<typeof passwordLinkSchema>;
export type RecordExportQuery = z.input<typeof recordExportQuerySchema>;
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
export type EvaluationQuery = z.input<typeof evaluationQuerySchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;
export type EvaluationTable = z.infer<typeof evaluationTableSchema>;
export type EvaluationCell = z.infer<typeof evaluationCellSchema>;
