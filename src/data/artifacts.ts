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
import { DEPLOYMENT_SETTINGS_ID, type DeploymentSettings, type NoticeArtifact } from '../core/consent';
import type { FormDefinition } from '../core/form';
import type { LocalRecord, LotseDatabase, StoredArtifact } from './db';
import { getMeta } from './meta';
import { artifactRow, artifactRows, keptArtifactRow } from './artifact-rows';

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
  const known = trustedNow<T>(row);
  return known !== undefined ? known : check(await import('./artifact-checks'), row!.body);
}

/**
 * `trusted` without waiting: the body of a row stored with its verdict, null for none or an
 * invalid one, undefined for a row that still needs its check (then only the async read answers).
 */
export function trustedNow<T>(row: StoredArtifact | undefined): T | null | undefined {
  if (!row || row.check === 'invalid') return null;
  return row.check === 'valid' ? (row.body as unknown as T) : undefined;
}

const usableForm = (row: StoredArtifact | undefined) => trusted<FormDefinition>(row, (checks, body) => checks.checkedForm(body));
export const usableSettings = (row: StoredArtifact | undefined) => trusted<DeploymentSettings>(row, (checks, body) => checks.checkedSettings(body));
export const usableNotice = (row: StoredArtifact | undefined) => trusted<NoticeArtifact>(row, (checks, body) => checks.checkedNotice(body));

/** The newest form of an id that is not retired and passed its check. */
export async function latestForm(db: LotseDatabase, id = 'profilingbogen'): Promise<FormDefinition | null> {
  const rows = await artifactRows(db, 'form', id);
  const newest = rows.filter((row) => !row.retired && row.check !== 'invalid').sort((a, b) => b.version - a.version)[0];
  return usableForm(newest);
}

/** A specific form version (records keep the version they were captured with). */
export async function formByRef(db: LotseDatabase, formRef: string): Promise<FormDefinition | null> {
  return usableForm(await artifactRow(db, formKeyOf(formRef)));
}

/** The artifact key of a form reference ("profilingbogen@2"). */
function formKeyOf(formRef: string): string {
  const [id, version] = formRef.split('@');
  return artifactKey('form', id ?? '', Number(version), null);
}

/** The newest deployment settings pulled that are not retired and passed their check; null before the first pull of any. */
export async function latestSettings(db: LotseDatabase): Promise<DeploymentSettings | null> {
  const rows = await artifactRows(db, 'settings', DEPLOYMENT_SETTINGS_ID);
  return usableSettings(rows.filter((row) => !row.retired && row.check !== 'invalid').sort((a, b) => b.version - a.version)[0]);
}

/** One settings version, retired or not: a record keeps the version its notice was filled with. */
export async function settingsVersion(db: LotseDatabase, version: number): Promise<DeploymentSettings | null> {
  const rows = await artifactRows(db, 'settings', DEPLOYMENT_SETTINGS_ID);
  return usableSettings(rows.find((row) => row.version === version));
}

/**
 * While the tablet is locked (issue #15): reads the record's clear row once and answers the stage
 * it opens in (`openingStageOf`; null for no record), so that only that stage's chunk loads ahead;
 * beside it reads the content the interview will need — the form version the row names, else the
 * newest form, and the notice texts (for the form stage their rows: which version it shows is
 * sealed in the record, `noticeLabelBook`) — so that opening it after the unlock finds them in memory
 * (artifact-rows.ts). Reads nothing sealed; a failure of the content only means the open reads it
 * itself.
 */
export async function warmInterview(db: LotseDatabase, recordId: string): Promise<OpeningStage | null> {
  const row = await db.records.get(recordId);
  const stage = row ? openingStageOf(row) : null;
  noteFormStageRef(row);
  // The form stage: the rows `noticeLabelBook` reads (notice-labels.ts), kept in memory. Not that
  // function itself: importing it here split it into a chunk of its own (+0.3 KB to reach the form).
  const notices =
    stage === 'form' ? Promise.all([artifactRows(db, 'notice', 'notice'), artifactRows(db, 'settings', DEPLOYMENT_SETTINGS_ID)]) : offeredNoticeTexts(db);
  // The form's conditions parsed and patterns decided (`prepareForm`) before its first render needs them.
  const form = (row?.formRef ? formByRef(db, row.formRef) : latestForm(db)).then(async (definition) => {
    if (definition && stage === 'form') (await import('../core/form/validate')).prepareForm(definition);
  });
  void Promise.all([form, notices]).catch(() => undefined);
  return stage;
}

/**
 * The notice texts the consent stage offers, filled and hashed (`latestNoticeTexts`): its module is
 * loaded on the first call, so that the form's path, which shows its record's own version's labels
 * (`noticeLabelBook`), does not load that work (issue #15).
 */
export async function offeredNoticeTexts(db: LotseDatabase): Promise<import('./notices').NoticeTexts> {
  const { latestNoticeTexts } = await import('./notices');
  return latestNoticeTexts(db);
}

/**
 * The form version a stored interview was started with, read from its row's clear fields (null:
 * none yet, or not on the device): readable beside the record itself, not after it (issue #15).
 */
export async function storedRecordForm(db: LotseDatabase, recordId: string): Promise<FormDefinition | null> {
  const row = await db.records.get(recordId);
  noteFormStageRef(row);
  return row?.formRef ? formByRef(db, row.formRef) : null;
}

/**
 * The form version of a record in its form stage, as read while the tablet was locked: a record's
 * form version is set when the consent is given and stays (issue #15: the form stage's first
 * render need not wait for a second read of the row).
 */
const formStageRefs = new Map<string, string>();

function noteFormStageRef(row: Pick<LocalRecord, 'recordId' | 'formRef' | 'status' | 'progress'> | undefined): void {
  if (row?.formRef && openingStageOf(row) === 'form') formStageRefs.set(row.recordId, row.formRef);
}

/**
 * `storedRecordForm` without asking IndexedDB: the form a record in its form stage was started with,
 * when its row and the form's row were read before (undefined otherwise: the live read answers).
 */
export function keptRecordForm(db: LotseDatabase, recordId: string): FormDefinition | null | undefined {
  const formRef = formStageRefs.get(recordId);
  if (formRef === undefined) return undefined;
  const row = keptArtifactRow(db, formKeyOf(formRef));
  return row ? trustedNow<FormDefinition>(row) : undefined;
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
