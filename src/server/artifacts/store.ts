/**
 * Published artifacts (form versions and notice texts) and their change feed.
 *
 * Every publication and retirement takes the next change number inside its
 * transaction under the `artifacts` lock, so numbers are handed out in commit
 * order on both engines: a device that has pulled up to change n can never
 * miss a change below n that commits later. Artifacts are immutable; retiring
 * one is a tombstone that moves it to the end of the feed.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { parseFormDefinition, publishingProblems, type FormDefinition } from '../../core/form/index';
import {
  deploymentSettingsSchema,
  missingSettings,
  noticeArtifactSchema,
  noticePlaceholders,
  settingsSha256,
  translationProblems,
  verifyNoticeHash,
  type DeploymentSettings,
  type NoticeArtifact,
} from '../../core/consent/index';
import { canonicalJson, optionalArtifactKinds, type ArtifactChange, type OptionalArtifactKind } from '../../core/sync/index';
import { devicePolicyArtifactSchema, recoveryKeyArtifactSchema, serverKeyArtifactSchema, type DevicePolicyArtifact, type RecoveryKeyArtifact, type ServerKeyArtifact } from '../../core/encryption/artifact';
import { payloadHash } from '../../core/record/index';
import type { ArtifactsTable, Database } from '../db/schema';
import { takeLock } from '../db/locks';
import { httpError } from '../http/errors';
import { MAX_STORED_INT } from '../../core/limits';

export type ArtifactKind = 'form' | 'notice' | 'settings' | 'recovery-key' | 'server-key' | 'device-policy';

/** Which artifact: a form and the settings have no language (null), a notice text has one. */
export interface ArtifactIdentity {
  kind: ArtifactKind;
  id: string;
  version: number;
  lang: string | null;
}

/** A checked artifact, ready to publish. */
export type PreparedArtifact = ArtifactIdentity & {
  sha256: string;
  reviewState: 'draft' | 'reviewed';
  body: Record<string, unknown>;
} & (
  | { kind: 'form'; definition: FormDefinition }
  | { kind: 'notice'; notice: NoticeArtifact }
  | { kind: 'settings'; settings: DeploymentSettings }
  | { kind: 'recovery-key'; recoveryKey: RecoveryKeyArtifact }
  | { kind: 'server-key'; serverKey: ServerKeyArtifact }
  | { kind: 'device-policy'; devicePolicy: DevicePolicyArtifact }
);

export type PrepareResult = { ok: true; artifact: PreparedArtifact } | { ok: false; problems: string[] };

// NULLs never collide in a unique constraint, so a form's missing language is stored as ''.
const FORM_LANG = '';
const storedLang = (lang: string | null) => lang ?? FORM_LANG;
const wireLang = (lang: string) => (lang === FORM_LANG ? null : lang);

export function artifactLabel(identity: ArtifactIdentity): string {
  return `${identity.kind} ${identity.id}@${identity.version}${identity.lang ? `/${identity.lang}` : ''}`;
}

/**
 * The form parser quotes a wrong value in its message, which overflows the stack for a value
 * nested thousands deep: such a body is refused as invalid, not answered with a 500.
 */
function parsedFormDefinition(json: unknown): ReturnType<typeof parseFormDefinition> {
  try {
    return parseFormDefinition(json);
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, errors: [{ path: '(root)', message: 'is nested too deeply to check' }] };
    throw error;
  }
}

const zodProblems = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);

/** Checks a form definition, notice or settings JSON as a publishable artifact. */
export function prepareArtifact(kind: ArtifactKind, json: unknown): PrepareResult {
  if (kind === 'recovery-key') {
    // Only the shape: that the point is on the curve and the id names it is checked where the key
    // is made (src/server/artifacts/recovery-key.ts) and again by each tablet before it wraps.
    const parsed = recoveryKeyArtifactSchema.safeParse(json);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
    const recoveryKey = parsed.data;
    return {
      ok: true,
      artifact: {
        kind, id: recoveryKey.id, version: recoveryKey.version, lang: null,
        sha256: payloadHash(recoveryKey), reviewState: 'reviewed',
        body: recoveryKey as unknown as Record<string, unknown>, recoveryKey,
      },
    };
  }
  if (kind === 'server-key') {
    // Made by the server itself (artifacts/server-key.ts), which checks the point.
    const parsed = serverKeyArtifactSchema.safeParse(json);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
    const serverKey = parsed.data;
    return {
      ok: true,
      artifact: { kind, id: serverKey.id, version: serverKey.version, lang: null, sha256: payloadHash(serverKey), reviewState: 'reviewed', body: serverKey as unknown as Record<string, unknown>, serverKey },
    };
  }
  if (kind === 'device-policy') {
    const parsed = devicePolicyArtifactSchema.safeParse(json);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
    const devicePolicy = parsed.data;
    return {
      ok: true,
      artifact: { kind, id: devicePolicy.id, version: devicePolicy.version, lang: null, sha256: payloadHash(devicePolicy), reviewState: 'reviewed', body: devicePolicy as unknown as Record<string, unknown>, devicePolicy },
    };
  }
  if (kind === 'settings') {
    const parsed = deploymentSettingsSchema.safeParse(json);
    if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
    const settings = parsed.data;
    return {
      ok: true,
      artifact: {
        kind, id: settings.id, version: settings.version, lang: null,
        sha256: settingsSha256(settings), reviewState: 'reviewed',
        body: settings as unknown as Record<string, unknown>, settings,
      },
    };
  }
  if (kind === 'form') {
    const parsed = parsedFormDefinition(json);
    if (!parsed.ok) return { ok: false, problems: parsed.errors.map((e) => `${e.path}: ${e.message}`) };
    const definition = parsed.definition;
    const unpublishable = publishingProblems(definition);
    if (unpublishable.length > 0) return { ok: false, problems: unpublishable.map((e) => `${e.path}: ${e.message}`) };
    const allReviewed = Object.values(definition.translations).every((t) => t.reviewState === 'reviewed');
    return {
      ok: true,
      artifact: {
        kind,
        id: definition.id,
        version: definition.version,
        lang: null,
        sha256: payloadHash(definition),
        reviewState: allReviewed ? 'reviewed' : 'draft',
        body: definition as unknown as Record<string, unknown>,
        definition,
      },
    };
  }
  const parsed = noticeArtifactSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error.issues) };
  const notice = parsed.data;
  if (!verifyNoticeHash(notice)) return { ok: false, problems: ['sha256: is not the SHA-256 of text'] };
  if (notice.settings) return { ok: false, problems: ['settings: a published notice is the template; it is filled on the device'] };
  const { unknown } = noticePlaceholders(notice);
  if (unknown.length > 0) return { ok: false, problems: unknown.map((name) => `text: {{${name}}} names no deployment setting`) };
  return {
    ok: true,
    artifact: {
      kind,
      id: notice.id,
      version: notice.version,
      lang: notice.lang,
      sha256: notice.sha256,
      reviewState: notice.reviewState,
      body: notice as unknown as Record<string, unknown>,
      notice,
    },
  };
}

type ArtifactRow = Selectable<ArtifactsTable>;

function identityOf(row: ArtifactRow): ArtifactIdentity {
  return { kind: row.kind, id: row.id, version: row.version, lang: wireLang(row.lang) };
}

function findRow(db: Kysely<Database> | Transaction<Database>, identity: ArtifactIdentity): Promise<ArtifactRow | undefined> {
  // No artifact has a version past the 32-bit version column (the schemas refuse one), and asking
  // PostgreSQL for one fails the query: such a lookup finds nothing (a pushed `formRef` of
  // `x@2147483648` is `unknown_form`, not a 500).
  if (!Number.isSafeInteger(identity.version) || identity.version > MAX_STORED_INT) return Promise.resolve(undefined);
  return db
    .selectFrom('artifacts')
    .selectAll()
    .where('kind', '=', identity.kind)
    .where('id', '=', identity.id)
    .where('version', '=', identity.version)
    .where('lang', '=', storedLang(identity.lang))
    .executeTakeFirst();
}

/** The newest settings not retired, or null before an admin entered any. */
export async function currentSettingsIn(db: Kysely<Database> | Transaction<Database>): Promise<DeploymentSettings | null> {
  const row = await db
    .selectFrom('artifacts')
    .select('body')
    .where('kind', '=', 'settings')
    .where('retired', '=', 0)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? deploymentSettingsSchema.parse(JSON.parse(row.body)) : null;
}

/**
 * Settings a published notice uses that `settings` would leave empty: a tablet that pulls them
 * could no longer show that notice (it offers only notices it can fill).
 */
async function settingsEmptiedForPublishedNotices(trx: Transaction<Database>, settings: DeploymentSettings): Promise<string[]> {
  const rows = await trx.selectFrom('artifacts').select('body').where('kind', '=', 'notice').where('retired', '=', 0).execute();
  const emptied = new Set<string>();
  for (const row of rows) {
    const parsed = noticeArtifactSchema.safeParse(JSON.parse(row.body));
    if (parsed.success) for (const key of missingSettings(parsed.data, settings)) emptied.add(key);
  }
  return [...emptied];
}

async function nextChangeNo(trx: Transaction<Database>): Promise<number> {
  const row = await trx.selectFrom('artifacts').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export type PublishOutcome = { status: 'published' | 'unchanged'; changeNo: number };

/**
 * Publishes a prepared artifact. Publishing the identical artifact again is a
 * no-op; different content under a published id/version/lang is refused (409).
 * A translation needs its German reference published first and must name the
 * same purposes and recipients.
 */
export async function publishArtifact(
  db: Kysely<Database>,
  artifact: PreparedArtifact,
  options: { now: Date; publishedBy: string | null },
): Promise<PublishOutcome> {
  const nowIso = options.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'artifacts', nowIso);
    const existing = await findRow(trx, artifact);
    if (existing) {
      if (existing.body === canonicalJson(artifact.body)) return { status: 'unchanged', changeNo: existing.change_no };
      throw httpError(409, 'artifact_immutable', `${artifactLabel(artifact)} is published with other content; publish a new version instead.`);
    }
    if (artifact.kind === 'notice') {
      const missing = missingSettings(artifact.notice, await currentSettingsIn(trx));
      if (missing.length > 0) {
        throw httpError(
          409,
          'settings_missing',
          `${artifactLabel(artifact)} uses deployment settings that are empty: ${missing.join(', ')}. Enter them before publishing.`,
          { details: { missing } },
        );
      }
    }
    if (artifact.kind === 'settings') {
      const emptied = await settingsEmptiedForPublishedNotices(trx, artifact.settings);
      if (emptied.length > 0) {
        throw httpError(
          409,
          'settings_in_use',
          `Published notices use these settings, which must not be emptied: ${emptied.join(', ')}.`,
          { details: { missing: emptied } },
        );
      }
    }
    if (artifact.kind === 'notice' && artifact.lang !== 'de') {
      const referenceRow = await findRow(trx, { ...artifact, lang: 'de' });
      if (!referenceRow) {
        throw httpError(409, 'reference_missing', `Publish the German text of ${artifact.id}@${artifact.version} before its translations.`);
      }
      const problems = translationProblems(artifact.notice, JSON.parse(referenceRow.body) as NoticeArtifact);
      if (problems.length > 0) throw httpError(400, 'invalid_artifact', problems.join('; '), { details: problems });
    }
    const changeNo = await nextChangeNo(trx);
    await trx
      .insertInto('artifacts')
      .values({
        change_no: changeNo,
        kind: artifact.kind,
        id: artifact.id,
        version: artifact.version,
        lang: storedLang(artifact.lang),
        sha256: artifact.sha256,
        review_state: artifact.reviewState,
        body: canonicalJson(artifact.body),
        published_at: nowIso,
        published_by: options.publishedBy,
      })
      .execute();
    return { status: 'published', changeNo };
  });
}

/** Retires an artifact (idempotent): devices stop offering it; records made with it stay valid. */
export async function retireArtifact(db: Kysely<Database>, identity: ArtifactIdentity, now: Date): Promise<ArtifactSummary> {
  const nowIso = now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'artifacts', nowIso);
    const row = await findRow(trx, identity);
    if (!row) throw httpError(404, 'not_found', `${artifactLabel(identity)} is not published.`);
    if (row.retired) return summaryOf(row);
    const changeNo = await nextChangeNo(trx);
    await trx
      .updateTable('artifacts')
      .set({ retired: 1, retired_at: nowIso, change_no: changeNo })
      .where('change_no', '=', row.change_no)
      .execute();
    return summaryOf({ ...row, retired: 1, retired_at: nowIso, change_no: changeNo });
  });
}

/** An artifact as the coordinator pages list it (without its body). */
export interface ArtifactSummary extends ArtifactIdentity {
  changeNo: number;
  sha256: string;
  reviewState: 'draft' | 'reviewed';
  publishedAt: string;
  retired: boolean;
  retiredAt: string | null;
}

function summaryOf(row: ArtifactRow): ArtifactSummary {
  return {
    ...identityOf(row),
    changeNo: row.change_no,
    sha256: row.sha256,
    reviewState: row.review_state,
    publishedAt: row.published_at,
    retired: row.retired !== 0,
    retiredAt: row.retired_at,
  };
}

export async function listArtifacts(db: Kysely<Database>): Promise<ArtifactSummary[]> {
  const rows = await db.selectFrom('artifacts').selectAll().orderBy('kind').orderBy('id').orderBy('version').orderBy('lang').execute();
  return rows.map(summaryOf);
}

/** The published body of one artifact, or null when it is not published. */
export async function artifactBody(db: Kysely<Database>, identity: ArtifactIdentity): Promise<unknown> {
  const row = await findRow(db, identity);
  return row ? (JSON.parse(row.body) as unknown) : null;
}

/**
 * Changes after `afterChangeNo`, in feed order; one more than `limit` is read to know whether more
 * follow. Kinds in `optionalArtifactKinds` are listed only when `accepted` names them (a device of
 * an earlier version would refuse a page with a kind it does not know).
 */
export async function changesAfter(
  db: Kysely<Database>,
  afterChangeNo: number,
  limit: number,
  accepted: readonly OptionalArtifactKind[] = [],
): Promise<{ changes: ArtifactChange[]; hasMore: boolean }> {
  const withheld = optionalArtifactKinds.filter((kind) => !accepted.includes(kind));
  const rows = await db
    .selectFrom('artifacts')
    .selectAll()
    .where('change_no', '>', afterChangeNo)
    .$if(withheld.length > 0, (query) => query.where('kind', 'not in', withheld))
    .orderBy('change_no')
    .limit(limit + 1)
    .execute();
  const changes = rows.slice(0, limit).map((row): ArtifactChange => {
    const identity = identityOf(row);
    if (row.retired) return { op: 'retire', changeNo: row.change_no, ...identity };
    return {
      op: 'publish',
      changeNo: row.change_no,
      ...identity,
      sha256: row.sha256,
      reviewState: row.review_state,
      publishedAt: row.published_at,
      body: JSON.parse(row.body) as Record<string, unknown>,
    };
  });
  return { changes, hasMore: rows.length > limit };
}
