/**
 * The coordinator API over HTTP (same origin, session cookie). Every answer is
 * parsed with zod, and every failure becomes a `CoordinatorApiError` with a
 * code to switch on: the server's own `{error: {code, message}}` codes, plus
 * `network` (no answer at all) and `invalid_response` (an answer of the wrong shape).
 *
 * The shapes are written here from the server's route table (src/server/README.md);
 * the app never imports the server.
 */
import { z } from 'zod';
import { apiErrorSchema, noticeRefSchema, rejectionCodes, uuidSchema } from '../../core/sync/index';

const coordinatorSchema = z.object({ id: z.string(), name: z.string() });

const sessionSchema = z.object({ coordinator: coordinatorSchema, expiresAt: z.string() });

const setupStateSchema = z.object({ setupRequired: z.boolean() });

const createdEnrolmentSchema = z.object({
  id: z.string(),
  /** Grouped for display, e.g. `ABCD-EFGH`; shown once, the server keeps only its hash. */
  code: z.string(),
  deviceName: z.string().nullable(),
  expiresAt: z.string(),
  enrolUrl: z.string(),
  qrSvg: z.string().startsWith('<svg'),
});

const openEnrolmentSchema = z.object({
  id: z.string(),
  deviceName: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  expiresAt: z.string(),
});

const deviceSchema = z.object({
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
});

const revokedDeviceSchema = z.object({ id: z.string(), name: z.string(), revoked: z.literal(true), revokedAt: z.string().nullable() });

export const entryStatuses = ['applied', 'duplicate', 'conflict', 'rejected'] as const;

const entryOutcomeSchema = z.object({
  deviceId: z.string(),
  seq: z.number(),
  recordId: z.string(),
  rev: z.number(),
  status: z.enum(entryStatuses),
  code: z.enum(rejectionCodes).optional(),
  message: z.string().optional(),
  processedAt: z.string(),
});

const recordSummarySchema = z.object({
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

const recordListSchema = z.object({ records: z.array(recordSummarySchema), issues: z.array(entryOutcomeSchema) });

export const consentStatuses = ['given', 'refused', 'withdrawn'] as const;

/**
 * Only the consent status is read from a stored payload: the coordinator pages
 * oversee sync, and the interview's answers stay out of this page's memory.
 */
const consentStatusOfPayload = z
  .unknown()
  .transform((payload) => {
    const events = z
      .object({ consent: z.object({ events: z.array(z.object({ event_state: z.enum(consentStatuses) })).min(1) }) })
      .safeParse(payload);
    return events.success ? (events.data.consent.events.at(-1)?.event_state ?? null) : null;
  });

const storedRevisionShape = {
  rev: z.number(),
  baseRev: z.number(),
  formRef: z.string().nullable(),
  noticeRef: noticeRefSchema,
  payloadSha256: z.string(),
  deviceId: z.string(),
  seq: z.number(),
  receivedAt: z.string(),
};

const storedRevisionSchema = z
  .object({ ...storedRevisionShape, payload: consentStatusOfPayload })
  .transform(({ payload, ...revision }) => ({ ...revision, consentStatus: payload }));

const storedConflictSchema = z
  .object({ ...storedRevisionShape, serverRev: z.number(), payload: consentStatusOfPayload })
  .transform(({ payload, ...conflict }) => ({ ...conflict, consentStatus: payload }));

const consentActorSchema = z.object({ role: z.enum(['interviewer', 'coordinator']), name: z.string() });
const consentChannelSchema = z.enum(['in_person', 'phone', 'email', 'letter']);

/** The consent per purpose and recipient with its history, as the server derives it from the current revision. */
const recordConsentSchema = z.object({
  overview: z.object({
    status: z.enum(consentStatuses),
    notice: z.object({ id: z.string(), version: z.number(), language: z.string() }),
    collectionMethod: z.string(),
    items: z.array(
      z.object({
        kind: z.enum(['purpose', 'recipient']),
        id: z.string(),
        state: z.enum(['given', 'refused', 'withdrawn']),
        steps: z.array(
          z.object({
            change: z.enum(['given', 'refused', 'withdrawn']),
            at: z.string(),
            serverReceivedAt: z.string().nullable(),
            channel: consentChannelSchema,
            actor: consentActorSchema,
          }),
        ),
      }),
    ),
  }),
  labels: z.record(z.string(), z.object({ de: z.string().optional(), en: z.string().optional() })),
});

const recordDetailSchema = z.object({
  record: recordSummarySchema.nullable(),
  revisions: z.array(storedRevisionSchema),
  conflicts: z.array(storedConflictSchema),
  outcomes: z.array(entryOutcomeSchema),
  // Absent from a server before this field: shown as no consent to show.
  consent: recordConsentSchema.nullable().default(null),
});

export type CoordinatorSession = z.infer<typeof sessionSchema>;
export type CreatedEnrolment = z.infer<typeof createdEnrolmentSchema>;
export type OpenEnrolment = z.infer<typeof openEnrolmentSchema>;
export type Device = z.infer<typeof deviceSchema>;
export type EntryStatus = (typeof entryStatuses)[number];
export type EntryOutcome = z.infer<typeof entryOutcomeSchema>;
export type RecordSummary = z.infer<typeof recordSummarySchema>;
export type RecordList = z.infer<typeof recordListSchema>;
export type ConsentStatus = (typeof consentStatuses)[number];
/** One stored revision without its payload: the consent status is all that is kept of it. */
export type StoredRevision = z.infer<typeof storedRevisionSchema>;
export type StoredConflict = z.infer<typeof storedConflictSchema>;
export type RecordDetail = z.infer<typeof recordDetailSchema>;
export type RecordConsent = z.infer<typeof recordConsentSchema>;

/** Codes the pages treat specially; any other server code arrives as it is. */
export type CoordinatorApiErrorCode =
  | 'network'
  | 'invalid_response'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'too_many_attempts'
  | 'weak_password'
  | 'setup_done'
  | 'invalid_setup_token'
  | 'not_found'
  | (string & {});

/** A refused or failed request. `status` is 0 when the server could not be reached. */
export class CoordinatorApiError extends Error {
  readonly status: number;
  readonly code: CoordinatorApiErrorCode;
  /** From a 429's Retry-After header. */
  readonly retryAfterSeconds: number | null;

  constructor(init: { status: number; code: CoordinatorApiErrorCode; message: string; retryAfterSeconds?: number | null }) {
    super(init.message);
    this.name = 'CoordinatorApiError';
    this.status = init.status;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export function isCoordinatorApiError(error: unknown): error is CoordinatorApiError {
  return error instanceof CoordinatorApiError;
}

function retryAfterSecondsOf(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

async function errorOf(response: Response): Promise<CoordinatorApiError> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = apiErrorSchema.safeParse(body);
  return new CoordinatorApiError({
    status: response.status,
    code: parsed.success ? parsed.data.error.code : `http_${response.status}`,
    message: parsed.success ? parsed.data.error.message : response.statusText,
    retryAfterSeconds: retryAfterSecondsOf(response),
  });
}

async function request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new CoordinatorApiError({ status: 0, code: 'network', message: error instanceof Error ? error.message : String(error) });
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function requestJson<T extends z.ZodType>(schema: T, method: 'GET' | 'POST', path: string, body?: unknown): Promise<z.output<T>> {
  const response = await request(method, path, body);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new CoordinatorApiError({ status: response.status, code: 'invalid_response', message: `Unexpected answer from ${method} ${path}` });
  }
  return parsed.data;
}

const artifactSummarySchema = z.object({
  kind: z.enum(['form', 'notice']),
  id: z.string(),
  version: z.number().int(),
  lang: z.string().nullable(),
  changeNo: z.number().int(),
  sha256: z.string(),
  reviewState: z.enum(['draft', 'reviewed']),
  publishedAt: z.string(),
  retired: z.boolean(),
});
export type ArtifactSummary = z.infer<typeof artifactSummarySchema>;

const publishedArtifactSchema = z.object({
  status: z.enum(['published', 'unchanged']),
  artifact: z.object({ kind: z.enum(['form', 'notice']), id: z.string(), version: z.number().int(), lang: z.string().nullable() }),
});

export const coordinatorApi = {
  setupState: () => requestJson(setupStateSchema, 'GET', '/api/v1/setup'),
  setup: (input: { token: string; name: string; password: string }) => requestJson(sessionSchema, 'POST', '/api/v1/setup', input),
  login: (input: { name: string; password: string }) => requestJson(sessionSchema, 'POST', '/api/v1/auth/login', input),
  logout: async (): Promise<void> => {
    await request('POST', '/api/v1/auth/logout');
  },
  /** The signed-in coordinator; fails with `unauthenticated` without a live session. */
  me: () => requestJson(sessionSchema, 'GET', '/api/v1/auth/me'),

  createEnrolment: (input: { deviceName?: string; expiresInMinutes?: number }) =>
    requestJson(createdEnrolmentSchema, 'POST', '/api/v1/enrolments', input),
  openEnrolments: async (): Promise<OpenEnrolment[]> =>
    (await requestJson(z.object({ enrolments: z.array(openEnrolmentSchema) }), 'GET', '/api/v1/enrolments')).enrolments,
  deleteEnrolment: async (id: string): Promise<void> => {
    await request('DELETE', `/api/v1/enrolments/${encodeURIComponent(id)}`);
  },

  artifacts: async (): Promise<ArtifactSummary[]> =>
    (await requestJson(z.object({ artifacts: z.array(artifactSummarySchema) }), 'GET', '/api/v1/artifacts')).artifacts,
  /** Publishes a form definition or a notice text; the server validates it and keeps it immutable. */
  publishArtifact: (input: { kind: 'form' | 'notice'; body: unknown }) => requestJson(publishedArtifactSchema, 'POST', '/api/v1/artifacts', input),

  devices: async (): Promise<Device[]> => (await requestJson(z.object({ devices: z.array(deviceSchema) }), 'GET', '/api/v1/devices')).devices,
  revokeDevice: (id: string) => requestJson(revokedDeviceSchema, 'POST', `/api/v1/devices/${encodeURIComponent(id)}/revoke`),

  /** Received records and sync issues, of one device or of all. */
  records: (filter: { deviceId?: string } = {}) =>
    requestJson(
      recordListSchema,
      'GET',
      filter.deviceId === undefined ? '/api/v1/records' : `/api/v1/devices/${encodeURIComponent(filter.deviceId)}/records`,
    ),
  record: (recordId: string) => requestJson(recordDetailSchema, 'GET', `/api/v1/records/${encodeURIComponent(recordId)}`),
};
