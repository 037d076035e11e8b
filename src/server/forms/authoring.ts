/**
 * From an uploaded XLSForm workbook to a publishable form version, shared by the command line
 * (`npm run lotse -- form import|export`) and the coordinator routes (`/api/v1/forms/...`).
 *
 * Versions: the workbook's `settings.version` is the version it becomes. Equal to a published
 * version with the same content: "unchanged" (nothing to do). Equal to a published version with
 * other content, or lower than the newest published one: refused (published versions are
 * immutable; the message names the next free version). Otherwise a new version, with the diff
 * against the newest published one.
 */
import type { Kysely } from 'kysely';
import type { FormDefinition } from '../../core/form/index';
import { canonicalJson } from '../../core/sync/index';
import type { Database } from '../db/schema';
import { artifactBody, listArtifacts, prepareArtifact, type PreparedArtifact } from '../artifacts/store';
import { diffForms, type FormChange } from './diff';
import { importXlsForm, type XlsFormProblem } from './xlsform/import';
import { exportXlsForm } from './xlsform/export';
import { NotASpreadsheetError, readWorkbook, writeWorkbook } from './xlsform/workbook';

export type UploadPlan =
  | { readonly ok: false; readonly problems: readonly XlsFormProblem[] }
  | {
      readonly ok: true;
      readonly status: 'new' | 'unchanged';
      readonly definition: FormDefinition;
      readonly artifact: PreparedArtifact;
      /** The newest published version of the same form, compared against. */
      readonly published: FormDefinition | null;
      readonly changes: readonly FormChange[];
    };

/** The newest published (not retired) version of a form, or null. */
export async function newestPublishedForm(db: Kysely<Database>, id: string): Promise<FormDefinition | null> {
  const versions = (await listArtifacts(db)).filter((a) => a.kind === 'form' && a.id === id && !a.retired).sort((a, b) => b.version - a.version);
  const newest = versions[0];
  return newest ? ((await artifactBody(db, { kind: 'form', id, version: newest.version, lang: null })) as FormDefinition) : null;
}

export async function planUpload(db: Kysely<Database>, bytes: Uint8Array): Promise<UploadPlan> {
  let sheets;
  try {
    sheets = await readWorkbook(bytes);
  } catch (error) {
    if (!(error instanceof NotASpreadsheetError)) throw error;
    return {
      ok: false,
      problems: [{ sheet: '', message: { en: 'the file is not an XLSX spreadsheet (save it as Excel workbook .xlsx)', de: 'die Datei ist keine XLSX-Tabelle (als Excel-Arbeitsmappe .xlsx speichern)' } }],
    };
  }
  const imported = importXlsForm(sheets);
  if (!imported.ok) return imported;
  const definition = imported.definition;
  const prepared = prepareArtifact('form', definition);
  if (!prepared.ok) {
    // importXlsForm already ran the same checks; this is a guard, not an expected path.
    return { ok: false, problems: prepared.problems.map((p) => ({ sheet: 'survey', message: { en: p, de: p } })) };
  }
  const all = (await listArtifacts(db)).filter((a) => a.kind === 'form' && a.id === definition.id);
  const newestVersion = Math.max(0, ...all.map((a) => a.version));
  const sameVersion = all.find((a) => a.version === definition.version);
  const versionCell = { sheet: 'settings', row: 2, column: 'version' };
  if (sameVersion) {
    const body = await artifactBody(db, { kind: 'form', id: definition.id, version: definition.version, lang: null });
    if (canonicalJson(body) === canonicalJson(prepared.artifact.body)) {
      return { ok: true, status: 'unchanged', definition, artifact: prepared.artifact, published: body as FormDefinition, changes: [] };
    }
    return {
      ok: false,
      problems: [
        {
          ...versionCell,
          message: {
            en: `${definition.id}@${definition.version} is published with other content and cannot change; set version to ${newestVersion + 1}`,
            de: `${definition.id}@${definition.version} ist mit anderem Inhalt veröffentlicht und bleibt unverändert; version auf ${newestVersion + 1} setzen`,
          },
        },
      ],
    };
  }
  if (definition.version < newestVersion) {
    return {
      ok: false,
      problems: [
        {
          ...versionCell,
          message: {
            en: `version ${definition.version} is older than the newest published version ${newestVersion}; set version to ${newestVersion + 1}`,
            de: `version ${definition.version} ist älter als die neueste veröffentlichte Version ${newestVersion}; version auf ${newestVersion + 1} setzen`,
          },
        },
      ],
    };
  }
  const published = await newestPublishedForm(db, definition.id);
  return { ok: true, status: 'new', definition, artifact: prepared.artifact, published, changes: diffForms(published, definition) };
}

/** The published form `id@version` as an XLSForm workbook, or null when it is not published. */
export async function exportPublishedForm(db: Kysely<Database>, id: string, version: number): Promise<Uint8Array | null> {
  const body = await artifactBody(db, { kind: 'form', id, version, lang: null });
  return body ? writeWorkbook(exportXlsForm(body as FormDefinition)) : null;
}
