/**
 * Form definitions, notice texts and deployment settings kept on the device. The app ships the published
 * content of its release (so a first interview works before any sync); every pull adds
 * what the server published since. Artifacts are immutable: a key is written once.
 *
 * Every artifact is checked once, when it arrives (artifact-checks.ts: schema, and a notice's
 * SHA-256), and stored with the verdict; these readers trust it, so reading a form or the notice
 * texts costs no schema validation or hashing. A notice's hash is checked again where it becomes
 * evidence (`captureConsent`).
 */
import { DEPLOYMENT_SETTINGS_ID, filledNotice, type DeploymentSettings, type NoticeArtifact } from '../core/consent';
import type { FormDefinition } from '../core/form';
import type { LocalRecord, LotseDatabase, StoredArtifact } from './db';
import { getMeta } from './meta';
import { artifactRow, artifactRows } from './artifact-rows';

export { artifactKey } from './artifact-key';
export { ensureBundledArtifacts, rowsFromChanges, type BundledContent } from './artifact-checks';
import { artifactKey } from './artifact-key';

/** One file of the content shipped with the app: the artifact key its path names, and how to load it. */
export interface BundledFile {
  key: string;
  load: () => Promise<unknown>;
}

/**
 * Makes sure the content shipped with the app is on the device. Usually it is, and this is one
 * read of keys: only missing files are loaded (and checked), so the shipped content is not on the
 * way to a form the device already holds. Rows stored by an earlier version get their verdict
 * once (`checkStoredArtifacts`).
 */
export async function ensureBundledContent(db: LotseDatabase, files: BundledFile[]): Promise<void> {
  const [present, checked] = await Promise.all([
    db.artifacts.where('key').anyOf(files.map((file) => file.key)).primaryKeys(),
    getMeta(db, 'artifactsChecked'),
  ]);
  const have = new Set(present);
  const missing = files.filter((file) => !have.has(file.key));
  if (missing.length === 0 && checked) return;
  const checks = await import('./artifact-checks');
  if (missing.length > 0) {
    const bodies = await Promise.all(missing.map((file) => file.load()));
    await checks.storeBundledFiles(db, missing.map((file, index) => ({ key: file.key, body: bodies[index] })));
  }
  if (!checked) await checks.checkStoredArtifacts(db);
}

/**
 * A stored artifact's body as its kind, trusting the verdict it was stored with; a row without a
 * verdict (stored by an earlier version, before `checkStoredArtifacts` ran) is checked here.
 */
async function trusted<T>(row: StoredArtifact | undefined, check: (checks: typeof import('./artifact-checks'), body: unknown) => T | null): Promise<T | null> {
  if (!row || row.check === 'invalid') return null;
  if (row.check === 'valid') return row.body as unknown as T;
  return check(await import('./artifact-checks'), row.body);
}

const usableForm = (row: StoredArtifact | undefined) => trusted<FormDefinition>(row, (checks, body) => checks.checkedForm(body));
const usableSettings = (row: StoredArtifact | undefined) => trusted<DeploymentSettings>(row, (checks, body) => checks.checkedSettings(body));
export const usableNotice = (row: StoredArtifact | undefined) => trusted<NoticeArtifact>(row, (checks, body) => checks.checkedNotice(body));

/** The newest form of an id that is not retired and passed its check. */
export async function latestForm(db: LotseDatabase, id = 'profilingbogen'): Promise<FormDefinition | null> {
  const rows = await artifactRows(db, 'form', id);
  const newest = rows.filter((row) => !row.retired && row.check !== 'invalid').sort((a, b) => b.version - a.version)[0];
  return usableForm(newest);
}

/** A specific form version (records keep the version they were captured with). */
export async function formByRef(db: LotseDatabase, formRef: string): Promise<FormDefinition | null> {
  const [id, version] = formRef.split('@');
  const row = await artifactRow(db, artifactKey('form', id ?? '', Number(version), null));
  return usableForm(row);
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

/** The newest deployment settings pulled that are not retired and passed their check; null before the first pull of any. */
export async function latestSettings(db: LotseDatabase): Promise<DeploymentSettings | null> {
  const rows = await artifactRows(db, 'settings', DEPLOYMENT_SETTINGS_ID);
  return usableSettings(rows.filter((row) => !row.retired && row.check !== 'invalid').sort((a, b) => b.version - a.version)[0]);
}

/** One settings version, retired or not: a record keeps the version its notice was filled with. */
export async function settingsVersion(db: LotseDatabase, version: number): Promise<DeploymentSettings | null> {
  return usableSettings(await db.artifacts.get(artifactKey('settings', DEPLOYMENT_SETTINGS_ID, version, null)));
}

/**
 * The notice texts to offer, filled from the newest settings (retired versions, texts that failed
 * their check when they arrived and texts whose placeholders cannot be filled yet left out, so that an applicant
 * never reads an empty contact).
 *
 * Only the current version is offered: the newest whose German text is usable here, in the
 * languages that version has. A language the current version does not have (yet) is not offered
 * in an older version: from notice@3 on the versions differ in what they ask (the core purpose,
 * the health item, a guardian) and enforce, so every applicant decides on the same terms.
 */
export async function latestNoticeTexts(db: LotseDatabase, id = 'notice'): Promise<NoticeTexts> {
  const [rows, settings] = await Promise.all([
    artifactRows(db, 'notice', id).then((all) => all.filter((row) => !row.retired)),
    latestSettings(db),
  ]);
  const usable = (await Promise.all(rows.map(usableNotice)))
    .flatMap((notice) => (notice ? [notice] : []))
    .flatMap((notice) => filledNotice(notice, settings) ?? []);
  const germanByVersion = new Map(usable.filter((notice) => notice.lang === 'de').map((notice) => [notice.version, notice]));
  if (germanByVersion.size === 0) return { texts: [], references: [] };
  const current = Math.max(...germanByVersion.keys());
  const texts = usable.filter((notice) => notice.version === current);
  return { texts, references: [germanByVersion.get(current)!] };
}

/**
 * While the tablet is locked (issue #15): reads the record's clear row once and answers the stage
 * it opens in (`openingStageOf`; null for no record), so that only that stage's chunk loads ahead;
 * beside it reads the content the interview will need — the form version the row names, else the
 * newest form, and the notice texts — so that opening it after the unlock finds them in memory
 * (artifact-rows.ts). Reads nothing sealed; a failure of the content only means the open reads it
 * itself.
 */
export async function warmInterview(db: LotseDatabase, recordId: string): Promise<OpeningStage | null> {
  const row = await db.records.get(recordId);
  void Promise.all([row?.formRef ? formByRef(db, row.formRef) : latestForm(db), latestNoticeTexts(db)]).catch(() => undefined);
  return row ? openingStageOf(row) : null;
}

/** Which stage an interview opens in. */
export type OpeningStage = 'consent' | 'form' | 'done';

/**
 * The stage a record opens in, from its clear fields (readable while locked): before the consent
 * decision the consent stage, a draft with consent the form, anything else its end screen — what
 * the interview screen decides from the opened record, so that only that stage loads ahead.
 */
export function openingStageOf(row: Pick<LocalRecord, 'status' | 'progress'>): OpeningStage {
  if (row.progress.stage === 'consent') return 'consent';
  return row.status === 'draft' ? 'form' : 'done';
}
