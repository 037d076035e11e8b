/**
 * The coordinator API over HTTP (same origin, session cookie). Every answer is
 * parsed with zod, and every failure becomes a `CoordinatorApiError` with a
 * code to switch on: the server's own `{error: {code, message}}` codes, plus
 * `network` (no answer at all) and `invalid_response` (an answer of the wrong shape).
 *
 * The shapes are the contract in `src/core/api` (the server's routes use the same schemas);
 * the app never imports the server.
 */
import { z } from 'zod';
import {
  accountAnswerSchema,
  accountListSchema,
  accountWithLinkSchema,
  auditListSchema,
  artifactListSchema,
  createdEnrolmentSchema,
  deviceListSchema,
  evaluationSchema,
  issueListSchema,
  openEnrolmentListSchema,
  publishedArtifactSchema,
  xlsformCheckSchema,
  xlsformPublishedSchema,
  formLanguagesSchema,
  translationStatusSchema,
  translationImportedSchema,
  type TranslationKind,
  counsellingEndSchema,
  recordDetailSchema,
  recordFilterOptionsSchema,
  recordListSchema,
  withdrawalResultSchema,
  type EnterWithdrawalRequest,
  revokedDeviceSchema,
  wipeCancelledDeviceSchema,
  wipeRequestedDeviceSchema,
  devicePolicyResponseSchema,
  sessionSchema,
  setupStateSchema,
  storedConflictSchema,
  storedRevisionSchema,
  type Account,
  type ArtifactSummary,
  type CreateAccountRequest,
  type CreateEnrolmentRequest,
  type Role,
  type LoginRequest,
  type OpenEnrolment,
  type Device,
  type EvaluationQuery,
  type PublishArtifactRequest,
  type RecordListQuery,
  type SetupRequest,
  handoverOverviewSchema,
  handoverPreviewSchema,
  subjectAccessSchema,
  retentionSettingsSchema,
  retentionPreviewSchema,
  retentionRunListSchema,
  retentionRunSchema,
  type HandoverFormat,
  type RetentionSettingsValues,
} from '../../core/api/index';
import { apiErrorSchema } from '../../core/sync/index';

export type {
  FormLanguages,
  XlsformCheck,
  XlsformProblem,
  FormChangeSummary,
  Account,
  AuditAction,
  AuditEntry,
  AuditList,
  PasswordLink,
  Role,
  ArtifactSummary,
  CoordinatorSession,
  CreatedEnrolment,
  Device,
  EntryOutcome,
  EntryStatus,
  Evaluation,
  EvaluationCell,
  EvaluationQuery,
  EvaluationTable,
  IssueList,
  OpenEnrolment,
  Page,
  RecordConsent,
  RecordFilterOptions,
  RecordList,
  RecordListQuery,
  RecordSummary,
} from '../../core/api/index';
export { entryStatuses, auditActions, roles, mayUse } from '../../core/api/index';

/** The audit log's filters (`GET /api/v1/audit`); empty ones are left out. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

/** The query string of an audit filter, for the list and for the CSV link. */
export function auditQuery(filter: AuditFilter, page?: PageRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
  if (page) {
    params.set('offset', String(page.offset));
    params.set('limit', String(page.limit));
  }
  return params.toString();
}
export { germanLevelFilters, recordSortKeys, recordStates } from '../../core/api/index';
export type { AnswerChange, Labels, ShownAnswers, ShownField, ShownValue } from '../../core/form/index';

/** Which page of a server-side list: `offset` rows in, at most `limit` (≤ 200) of them. */
export interface PageRequest {
  offset: number;
  limit: number;
}

const pageQuery = (page: PageRequest, extra: Record<string, string | undefined> = {}): string => {
  const params = new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, value);
  return params.toString();
};

export const consentStatuses = ['given', 'refused', 'withdrawn'] as const;

/**
 * Only the consent status is read from a stored payload: the answers come labelled beside it
 * (`answers`, `changes`), and the rest of the payload (the signature image above all) stays out
 * of the page's memory.
 */
const consentStatusOfPayload = z
  .unknown()
  .transform((payload) => {
    const events = z
      .object({ consent: z.object({ events: z.array(z.object({ event_state: z.enum(consentStatuses) })).min(1) }) })
      .safeParse(payload);
    return events.success ? (events.data.consent.events.at(-1)?.event_state ?? null) : null;
  });

const revisionWithConsentStatus = storedRevisionSchema
  .extend({ payload: consentStatusOfPayload })
  .transform(({ payload, ...revision }) => ({ ...revision, consentStatus: payload }));

const conflictWithConsentStatus = storedConflictSchema
  .extend({ payload: consentStatusOfPayload })
  .transform(({ payload, ...conflict }) => ({ ...conflict, consentStatus: payload }));

const recordDetailWithConsentStatus = recordDetailSchema.extend({
  revisions: z.array(revisionWithConsentStatus),
  conflicts: z.array(conflictWithConsentStatus),
});

export type ConsentStatus = (typeof consentStatuses)[number];
/** One stored revision without its payload: its consent status, labelled answers and changes are kept. */
export type StoredRevision = z.infer<typeof revisionWithConsentStatus>;
export type StoredConflict = z.infer<typeof conflictWithConsentStatus>;
export type RecordDetail = z.infer<typeof recordDetailWithConsentStatus>;

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
  | 'forbidden'
  | 'last_admin'
  | 'account_disabled'
  | 'invalid_password_link'
  | (string & {});

/** A refused or failed request. `status` is 0 when the server could not be reached. */
export class CoordinatorApiError extends Error {
  readonly status: number;
  readonly code: CoordinatorApiErrorCode;
  /** From a 429's Retry-After header. */
  readonly retryAfterSeconds: number | null;
  /** The server's `error.details` (e.g. the problem per field of refused settings). */
  readonly details: unknown;

  constructor(init: { status: number; code: CoordinatorApiErrorCode; message: string; retryAfterSeconds?: number | null; details?: unknown }) {
    super(init.message);
    this.name = 'CoordinatorApiError';
    this.status = init.status;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.details = init.details;
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
    details: parsed.success ? parsed.data.error.details : undefined,
  });
}

const settingsStateSchema = z.object({
  settings: z.object({ version: z.number().int(), values: z.record(z.string(), z.string()), publishedAt: z.string() }).nullable(),
  /** The settings a published or waiting notice uses: these must not be empty. */
  required: z.array(z.string()),
});
export type SettingsState = z.infer<typeof settingsStateSchema>;

const savedSettingsSchema = z.object({
  status: z.enum(['published', 'unchanged']),
  settings: z.object({ version: z.number().int() }),
  /** Notices that waited for these settings and are published now. */
  published: z.array(z.string()),
});

/** Where the requests go: the page's own origin in the app; a test server in the contract test. */
export interface CoordinatorApiTransport {
  /** Prefixed to every path ('' = same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** The coordinator API over the given transport; the pages use `coordinatorApi`. */
export function createCoordinatorApi(transport: CoordinatorApiTransport = {}) {
  const baseUrl = transport.baseUrl ?? '';
  // Looked up at call time, so the page's fetch is used as it is then.
  const send: typeof fetch = transport.fetch ?? ((input, init) => fetch(input, init));

  async function request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await send(`${baseUrl}${path}`, {
        method,
        credentials: 'same-origin',
        // Every state change says it is JSON, body or not: the server refuses anything a plain
        // HTML form on another site could send with our cookie.
        headers: method === 'GET' ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new CoordinatorApiError({ status: 0, code: 'network', message: error instanceof Error ? error.message : String(error) });
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async function requestJson<T extends z.ZodType>(schema: T, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<z.output<T>> {
    const response = await request(method, path, body);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new CoordinatorApiError({ status: response.status, code: 'invalid_response', message: `Unexpected answer from ${method} ${path}` });
    }
    return parsed.data;
  }

  return {
    setupState: () => requestJson(setupStateSchema, 'GET', '/api/v1/setup'),
    setup: (input: SetupRequest) => requestJson(sessionSchema, 'POST', '/api/v1/setup', input),
    login: (input: LoginRequest) => requestJson(sessionSchema, 'POST', '/api/v1/auth/login', input),
    logout: async (): Promise<void> => {
      await request('POST', '/api/v1/auth/logout');
    },
    /** The signed-in coordinator; fails with `unauthenticated` without a live session. */
    me: () => requestJson(sessionSchema, 'GET', '/api/v1/auth/me'),

    createEnrolment: (input: CreateEnrolmentRequest) => requestJson(createdEnrolmentSchema, 'POST', '/api/v1/enrolments', input),
    openEnrolments: async (): Promise<OpenEnrolment[]> => (await requestJson(openEnrolmentListSchema, 'GET', '/api/v1/enrolments')).enrolments,
    deleteEnrolment: async (id: string): Promise<void> => {
      await request('DELETE', `/api/v1/enrolments/${encodeURIComponent(id)}`);
    },

    artifacts: async (): Promise<ArtifactSummary[]> => (await requestJson(artifactListSchema, 'GET', '/api/v1/artifacts')).artifacts,
    /** Publishes a form definition or a notice text; the server validates it (a file's JSON may be anything) and keeps it immutable. */
    publishArtifact: (input: { kind: PublishArtifactRequest['kind']; body: unknown }) => requestJson(publishedArtifactSchema, 'POST', '/api/v1/artifacts', input),
    /** Checks an XLSForm workbook (base64): its problems, or the form, its status and its changes; publishes nothing. */
    checkXlsform: (file: string) => requestJson(xlsformCheckSchema, 'POST', '/api/v1/forms/xlsform/check', { file }),
    /** Checks the workbook again and publishes it as a new form version (refused with `invalid_workbook` and the problems). */
    publishXlsform: (file: string) => requestJson(xlsformPublishedSchema, 'POST', '/api/v1/forms/xlsform/publish', { file }),
    /** Per language of a published form version: texts and code-list entries translated, review state. */
    formLanguages: (id: string, version: number) => requestJson(formLanguagesSchema, 'GET', `/api/v1/forms/${encodeURIComponent(id)}/${version}/languages`),
    /** Where a published form version is downloaded as a workbook (a plain link: the browser sends the cookie). */
    xlsformUrl: (id: string, version: number) => `${baseUrl}/api/v1/forms/${encodeURIComponent(id)}/${version}/xlsform`,
    /** Per language of a form or notice version: complete, translated, reviewed, stale strings (issue 13 item 4). */
    translationStatus: (kind: TranslationKind, id: string, version: number) =>
      requestJson(translationStatusSchema, 'GET', `/api/v1/translations/${kind}/${encodeURIComponent(id)}/${version}`),
    /** Where one language is downloaded as XLIFF 2.0 or a spreadsheet (a plain link: the browser sends the cookie). */
    translationUrl: (kind: TranslationKind, id: string, version: number, lang: string, format: 'xliff' | 'xlsx') =>
      `${baseUrl}/api/v1/translations/${kind}/${encodeURIComponent(id)}/${version}/${encodeURIComponent(lang)}/${format}`,
    /** Imports a translation file (base64); stores the review states it sets, the reviewer defaulting to the signed-in account. */
    importTranslation: (input: { file: string; reviewer?: string }) => requestJson(translationImportedSchema, 'POST', '/api/v1/translations/import', input),

    settings: () => requestJson(settingsStateSchema, 'GET', '/api/v1/settings'),
    /** Publishes the deployment settings as their next version; `invalid_settings` carries `details.fields`. */
    saveSettings: (values: Record<string, string>) => requestJson(savedSettingsSchema, 'PUT', '/api/v1/settings', { values }),

    devices: async (): Promise<Device[]> => (await requestJson(deviceListSchema, 'GET', '/api/v1/devices')).devices,
    revokeDevice: (id: string) => requestJson(revokedDeviceSchema, 'POST', `/api/v1/devices/${encodeURIComponent(id)}/revoke`),
    /** Marks a device lost (issue #12): it wipes itself on its next contact. */
    wipeDevice: (id: string) => requestJson(wipeRequestedDeviceSchema, 'POST', `/api/v1/devices/${encodeURIComponent(id)}/wipe`),
    cancelWipe: (id: string) => requestJson(wipeCancelledDeviceSchema, 'DELETE', `/api/v1/devices/${encodeURIComponent(id)}/wipe`),
    devicePolicy: () => requestJson(devicePolicyResponseSchema, 'GET', '/api/v1/device-policy'),
    saveDevicePolicy: (values: { inactivityMinutes: number; hiddenMinutes: number }) => requestJson(devicePolicyResponseSchema, 'PUT', '/api/v1/device-policy', values),

    /** One page of received records (newest first unless `sort`/`order` say otherwise), of one device or of all; with the total. */
    records: ({ deviceId, ...query }: Omit<RecordListQuery, 'offset' | 'limit'>, page: PageRequest) =>
      requestJson(
        recordListSchema,
        'GET',
        `${deviceId === undefined ? '/api/v1/records' : `/api/v1/devices/${encodeURIComponent(deviceId)}/records`}?${pageQuery(page, query)}`,
      ),
    /** One page of the rejected and conflicting entries, newest first; with the total. */
    issues: (filter: { deviceId?: string }, page: PageRequest) =>
      requestJson(issueListSchema, 'GET', `/api/v1/issues?${pageQuery(page, { deviceId: filter.deviceId })}`),
    /** What the record list's answer filters can be set to, labelled in German and English. */
    recordFilters: () => requestJson(recordFilterOptionsSchema, 'GET', '/api/v1/records/filters'),
    /** The steering committee's figures for these filters, labelled in `lang`; counts only, small cells hidden by the server. */
    evaluation: (query: EvaluationQuery) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
      return requestJson(evaluationSchema, 'GET', `/api/v1/evaluation?${params.toString()}`);
    },
    record: (recordId: string) => requestJson(recordDetailWithConsentStatus, 'GET', `/api/v1/records/${encodeURIComponent(recordId)}`),

    accounts: async (): Promise<Account[]> => (await requestJson(accountListSchema, 'GET', '/api/v1/accounts')).accounts,
    /** A new account; the answer's link (shown once) lets its owner set the password. */
    createAccount: (input: CreateAccountRequest) => requestJson(accountWithLinkSchema, 'POST', '/api/v1/accounts', input),
    changeRole: async (id: string, role: Role): Promise<Account> => (await requestJson(accountAnswerSchema, 'POST', `/api/v1/accounts/${encodeURIComponent(id)}/role`, { role })).account,
    disableAccount: async (id: string): Promise<Account> => (await requestJson(accountAnswerSchema, 'POST', `/api/v1/accounts/${encodeURIComponent(id)}/disable`)).account,
    enableAccount: async (id: string): Promise<Account> => (await requestJson(accountAnswerSchema, 'POST', `/api/v1/accounts/${encodeURIComponent(id)}/enable`)).account,
    /** Resets the password (the old one stops working at once) and answers a new one-time link. */
    resetPassword: (id: string) => requestJson(accountWithLinkSchema, 'POST', `/api/v1/accounts/${encodeURIComponent(id)}/password-link`),
    /** Sets the password with a one-time link's token; signs in. */
    setPassword: (input: { token: string; password: string }) => requestJson(sessionSchema, 'POST', '/api/v1/accounts/password', input),

    /** One page of the audit log, newest first. */
    audit: (filter: AuditFilter, page: PageRequest) => requestJson(auditListSchema, 'GET', `/api/v1/audit?${auditQuery(filter, page)}`),
    /** Where the CSV of the filtered log is downloaded (a plain link: the browser sends the cookie). */
    auditCsvUrl: (filter: AuditFilter) => `${baseUrl}/api/v1/audit.csv?${auditQuery(filter)}`,

    /** A withdrawal the person declared by phone, letter, e-mail or at the office; a full one erases the record's data. */
    enterWithdrawal: (recordId: string, input: EnterWithdrawalRequest) =>
      requestJson(withdrawalResultSchema, 'POST', `/api/v1/records/${encodeURIComponent(recordId)}/withdrawals`, input),
    /** Marks (or, with null, clears) the day the person's counselling ended: retention counts from it. */
    markCounsellingEnd: (recordId: string, endedOn: string | null) =>
      requestJson(counsellingEndSchema, 'POST', `/api/v1/records/${encodeURIComponent(recordId)}/counselling-end`, { endedOn }),

    /** Recipients of the published notices and the last hand-overs. */
    handovers: () => requestJson(handoverOverviewSchema, 'GET', '/api/v1/handovers'),
    /** What a hand-over to this recipient would hold now, and what it leaves out and why. */
    handoverPreview: (recipientId: string) => requestJson(handoverPreviewSchema, 'GET', `/api/v1/handovers/${encodeURIComponent(recipientId)}/preview`),
    /** Where the hand-over file is downloaded (a plain link: the browser sends the cookie); each download is a stored disclosure. */
    handoverUrl: (recipientId: string, format: HandoverFormat) => `${baseUrl}/api/v1/exports/partners/${encodeURIComponent(recipientId)}.${format}`,
    /** Everything held about the record's person (Art. 15); the server logs the access. */
    subjectAccess: (recordId: string) => requestJson(subjectAccessSchema, 'GET', `/api/v1/records/${encodeURIComponent(recordId)}/subject-access`),
    retentionSettings: () => requestJson(retentionSettingsSchema, 'GET', '/api/v1/retention/settings'),
    saveRetentionSettings: (values: RetentionSettingsValues) => requestJson(retentionSettingsSchema, 'PUT', '/api/v1/retention/settings', { values }),
    retentionPreview: (date: string) => requestJson(retentionPreviewSchema, 'GET', `/api/v1/retention/preview?date=${encodeURIComponent(date)}`),
    retentionRuns: () => requestJson(retentionRunListSchema, 'GET', '/api/v1/retention/runs'),
    runRetention: () => requestJson(retentionRunSchema, 'POST', '/api/v1/retention/runs'),
  };
}

export type CoordinatorApi = ReturnType<typeof createCoordinatorApi>;

export const coordinatorApi: CoordinatorApi = createCoordinatorApi();
