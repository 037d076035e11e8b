/**
 * Checking artifacts when they arrive on the device — pulled from the server or shipped with the
 * app — so that reading them back needs no check: a form must pass its schema, a notice its schema
 * and its SHA-256, settings their schema. The verdict is stored on the row (`check`), and readers
 * (artifacts.ts, notices.ts) trust it. This module holds the zod schemas and the hashing; the
 * readers import it only for rows stored before verdicts were kept, so neither is on the way to a
 * screen.
 */
import {
  deploymentSettingsSchema,
  noticeArtifactSchema,
  verifyNoticeHash,
  type DeploymentSettings,
  type NoticeArtifact,
} from '../core/consent';
import { sha256Hex } from '../core/consent';
import { parseFormDefinition, type FormDefinition } from '../core/form';
import { devicePolicyArtifactSchema, recoveryKeyArtifactSchema, serverKeyArtifactSchema, type RecoveryKeyArtifact } from '../core/encryption/artifact';
import { canonicalJson, type ArtifactChange } from '../core/sync';
import { artifactKey } from './artifact-key';
import type { ArtifactCheck, LotseDatabase, StoredArtifact } from './db';
import { setMeta } from './meta';

export function checkedForm(body: unknown): FormDefinition | null {
  const parsed = parseFormDefinition(body);
  return parsed.ok ? parsed.definition : null;
}

export function checkedNotice(body: unknown): NoticeArtifact | null {
  const parsed = noticeArtifactSchema.safeParse(body);
  return parsed.success && verifyNoticeHash(parsed.data) ? parsed.data : null;
}

export function checkedSettings(body: unknown): DeploymentSettings | null {
  const parsed = deploymentSettingsSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** The shape only; the point itself is checked (on the curve, named by its id) by `wrapForRecovery`. */
export function checkedRecoveryKey(body: unknown): RecoveryKeyArtifact | null {
  const parsed = recoveryKeyArtifactSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** The verdict on one artifact body of a kind. */
export function checkArtifact(kind: StoredArtifact['kind'], body: unknown): ArtifactCheck {
  const usable =
    kind === 'form' ? checkedForm(body)
    : kind === 'notice' ? checkedNotice(body)
    : kind === 'recovery-key' ? checkedRecoveryKey(body)
    : kind === 'server-key' ? serverKeyArtifactSchema.safeParse(body).data
    : kind === 'device-policy' ? devicePolicyArtifactSchema.safeParse(body).data
    : checkedSettings(body);
  return usable ? 'valid' : 'invalid';
}

export interface BundledContent {
  forms: unknown[];
  notices: unknown[];
}

/** The rows of content shipped with the app; throws when any of it is invalid (a broken release). */
export function bundledRows(bundle: BundledContent): StoredArtifact[] {
  const rows: StoredArtifact[] = [];
  for (const raw of bundle.forms) {
    const parsed = parseFormDefinition(raw);
    if (!parsed.ok) throw new Error(`bundled form is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    const form = parsed.definition;
    rows.push({
      key: artifactKey('form', form.id, form.version, null),
      kind: 'form', id: form.id, version: form.version, lang: '*',
      sha256: sha256Hex(canonicalJson(raw)),
      reviewState: 'reviewed', retired: 0, changeNo: 0, source: 'bundled', check: 'valid',
      body: raw as Record<string, unknown>,
    });
  }
  for (const raw of bundle.notices) {
    const notice = noticeArtifactSchema.parse(raw);
    if (!verifyNoticeHash(notice)) throw new Error(`bundled notice ${notice.id}@${notice.version}/${notice.lang} does not match its SHA-256`);
    rows.push({
      key: artifactKey('notice', notice.id, notice.version, notice.lang),
      kind: 'notice', id: notice.id, version: notice.version, lang: notice.lang,
      sha256: notice.sha256, reviewState: notice.reviewState, retired: 0, changeNo: 0, source: 'bundled', check: 'valid',
      body: raw as Record<string, unknown>,
    });
  }
  return rows;
}

/** Adds rows whose key the device does not have yet (artifacts are immutable: a key is written once). */
async function addMissing(db: LotseDatabase, rows: StoredArtifact[]): Promise<void> {
  await db.transaction('rw', db.artifacts, async () => {
    const existing = new Set(await db.artifacts.where('key').anyOf(rows.map((row) => row.key)).primaryKeys());
    await db.artifacts.bulkAdd(rows.filter((row) => !existing.has(row.key)));
  });
}

/** Stores the content that shipped with the app, where the device does not have it yet. */
export async function ensureBundledArtifacts(db: LotseDatabase, bundle: BundledContent): Promise<void> {
  await addMissing(db, bundledRows(bundle));
}

/**
 * Stores shipped files known by the key their path names (see `ensureBundledContent`); a file
 * whose content is another artifact than its path says is a broken release.
 */
export async function storeBundledFiles(db: LotseDatabase, files: { key: string; body: unknown }[]): Promise<void> {
  const isForm = (key: string) => key.startsWith('form:');
  const rows = bundledRows({ forms: files.filter((file) => isForm(file.key)).map((file) => file.body), notices: files.filter((file) => !isForm(file.key)).map((file) => file.body) });
  const expected = new Set(files.map((file) => file.key));
  const wrong = rows.filter((row) => !expected.has(row.key));
  if (wrong.length > 0) throw new Error(`bundled content is not where its path says: ${wrong.map((row) => row.key).join(', ')}`);
  await addMissing(db, rows);
}

/**
 * Rows stored before verdicts were kept get theirs, once per device (`artifactsChecked`): from
 * then on no read checks an artifact again.
 */
export async function checkStoredArtifacts(db: LotseDatabase): Promise<void> {
  await db.transaction('rw', [db.artifacts, db.meta], async () => {
    const unchecked = await db.artifacts.filter((row) => row.check === undefined).toArray();
    for (const row of unchecked) await db.artifacts.update(row.key, { check: checkArtifact(row.kind, row.body) });
    await setMeta(db, 'artifactsChecked', true);
  });
}

/** Applies one pulled page: publications are added (never overwritten) with their verdict, retirements mark rows. */
export function rowsFromChanges(changes: ArtifactChange[]): { add: StoredArtifact[]; retire: string[] } {
  const add: StoredArtifact[] = [];
  const retire: string[] = [];
  for (const change of changes) {
    const key = artifactKey(change.kind, change.id, change.version, change.lang);
    if (change.op === 'retire') {
      retire.push(key);
      continue;
    }
    add.push({
      key, kind: change.kind, id: change.id, version: change.version, lang: change.lang ?? '*',
      sha256: change.sha256, reviewState: change.reviewState, retired: 0, changeNo: change.changeNo, source: 'server',
      check: checkArtifact(change.kind, change.body),
      body: change.body,
    });
  }
  return { add, retire };
}
