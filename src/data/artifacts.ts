/**
 * Form definitions, notice texts and deployment settings kept on the device. The app ships the published
 * content of its release (so a first interview works before any sync); every pull adds
 * what the server published since. Artifacts are immutable: a key is written once.
 */
import {
  DEPLOYMENT_SETTINGS_ID,
  deploymentSettingsSchema,
  filledNotice,
  noticeArtifactSchema,
  verifyNoticeHash,
  type DeploymentSettings,
  type NoticeArtifact,
} from '../core/consent';
import { parseFormDefinition, type FormDefinition } from '../core/form';
import { sha256Hex } from '../core/consent';
import { canonicalJson, type ArtifactChange } from '../core/sync';
import type { LotseDatabase, StoredArtifact } from './db';

export function artifactKey(kind: StoredArtifact['kind'], id: string, version: number, lang: string | null): string {
  return `${kind}:${id}@${version}:${lang ?? '*'}`;
}

export interface BundledContent {
  forms: unknown[];
  notices: unknown[];
}

/** Stores the content that shipped with the app, where the device does not have it yet. */
export async function ensureBundledArtifacts(db: LotseDatabase, bundle: BundledContent): Promise<void> {
  const rows: StoredArtifact[] = [];
  for (const raw of bundle.forms) {
    const parsed = parseFormDefinition(raw);
    if (!parsed.ok) throw new Error(`bundled form is invalid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    const form = parsed.definition;
    rows.push({
      key: artifactKey('form', form.id, form.version, null),
      kind: 'form', id: form.id, version: form.version, lang: '*',
      sha256: sha256Hex(canonicalJson(raw)),
      reviewState: 'reviewed', retired: 0, changeNo: 0, source: 'bundled',
      body: raw as Record<string, unknown>,
    });
  }
  for (const raw of bundle.notices) {
    const notice = noticeArtifactSchema.parse(raw);
    if (!verifyNoticeHash(notice)) throw new Error(`bundled notice ${notice.id}@${notice.version}/${notice.lang} does not match its SHA-256`);
    rows.push({
      key: artifactKey('notice', notice.id, notice.version, notice.lang),
      kind: 'notice', id: notice.id, version: notice.version, lang: notice.lang,
      sha256: notice.sha256, reviewState: notice.reviewState, retired: 0, changeNo: 0, source: 'bundled',
      body: raw as Record<string, unknown>,
    });
  }
  await db.transaction('rw', db.artifacts, async () => {
    const existing = new Set((await db.artifacts.bulkGet(rows.map((r) => r.key))).filter(Boolean).map((r) => r!.key));
    await db.artifacts.bulkAdd(rows.filter((row) => !existing.has(row.key)));
  });
}

/** Applies one pulled page: publications are added (never overwritten), retirements mark rows. */
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
      body: change.body,
    });
  }
  return { add, retire };
}

/** The newest form of an id that is not retired, parsed. */
export async function latestForm(db: LotseDatabase, id = 'profilingbogen'): Promise<FormDefinition | null> {
  const rows = await db.artifacts.where('[kind+id]').equals(['form', id]).toArray();
  const newest = rows.filter((row) => !row.retired).sort((a, b) => b.version - a.version)[0];
  return newest ? formFromRow(newest) : null;
}

/** A specific form version (records keep the version they were captured with). */
export async function formByRef(db: LotseDatabase, formRef: string): Promise<FormDefinition | null> {
  const [id, version] = formRef.split('@');
  const row = await db.artifacts.get(artifactKey('form', id ?? '', Number(version), null));
  return row ? formFromRow(row) : null;
}

function formFromRow(row: StoredArtifact): FormDefinition | null {
  const parsed = parseFormDefinition(row.body);
  return parsed.ok ? parsed.definition : null;
}

/** What the consent stage offers: one text per language, each with the German text it is read beside. */
export interface NoticeTexts {
  /**
   * One text per language: the newest version of that language whose German text of the same
   * version is on the device too. A German version published before its translations therefore
   * never hides them: they stay offered in the version they were translated from.
   */
  texts: NoticeArtifact[];
  /** The German text of every version in `texts`: a text is always read beside its own version. */
  references: NoticeArtifact[];
}

function parsedSettings(row: StoredArtifact | undefined): DeploymentSettings | null {
  const parsed = deploymentSettingsSchema.safeParse(row?.body);
  return parsed.success ? parsed.data : null;
}

/** The newest deployment settings pulled that are not retired; null before the first pull of any. */
export async function latestSettings(db: LotseDatabase): Promise<DeploymentSettings | null> {
  const rows = await db.artifacts.where('[kind+id]').equals(['settings', DEPLOYMENT_SETTINGS_ID]).toArray();
  return parsedSettings(rows.filter((row) => !row.retired).sort((a, b) => b.version - a.version)[0]);
}

/** One settings version, retired or not: a record keeps the version its notice was filled with. */
export async function settingsVersion(db: LotseDatabase, version: number): Promise<DeploymentSettings | null> {
  return parsedSettings(await db.artifacts.get(artifactKey('settings', DEPLOYMENT_SETTINGS_ID, version, null)));
}

/**
 * The notice texts to offer, filled from the newest settings (retired versions, texts that fail
 * their SHA-256 and texts whose placeholders cannot be filled yet left out, so that an applicant
 * never reads an empty contact).
 */
export async function latestNoticeTexts(db: LotseDatabase, id = 'notice'): Promise<NoticeTexts> {
  const [rows, settings] = await Promise.all([
    db.artifacts.where('[kind+id]').equals(['notice', id]).toArray().then((all) => all.filter((row) => !row.retired)),
    latestSettings(db),
  ]);
  const usable = rows
    .map((row) => noticeArtifactSchema.safeParse(row.body))
    .flatMap((result) => (result.success && verifyNoticeHash(result.data) ? [result.data] : []))
    .flatMap((notice) => filledNotice(notice, settings) ?? []);
  const germanByVersion = new Map(usable.filter((notice) => notice.lang === 'de').map((notice) => [notice.version, notice]));
  const newestByLang = new Map<string, NoticeArtifact>();
  for (const notice of usable) {
    if (!germanByVersion.has(notice.version)) continue;
    const current = newestByLang.get(notice.lang);
    if (!current || notice.version > current.version) newestByLang.set(notice.lang, notice);
  }
  const texts = [...newestByLang.values()];
  const references = [...new Set(texts.map((notice) => notice.version))].map((version) => germanByVersion.get(version)!);
  return { texts, references };
}
