/**
 * The translation workflow (issue 13 item 4), one code path for the CLI (`translation …`) and the
 * admin routes (/api/v1/translations/…):
 *
 * - export one language of a published form or notice version as XLIFF 2.0 or as a spreadsheet
 *   (German beside the language, with each string's review state, reviewer and date);
 * - import it back: review states per string (draft → translated → reviewed, reviewer, date)
 *   are stored in `translation_reviews` (migration 0023) beside the artifact, never in it —
 *   published artifacts are immutable and hashed (consent evidence names a notice's hash).
 *   A file that changes the **text** of a published version is refused as a whole (409,
 *   `published_text`, naming the strings): new text goes into the next version (a form's next
 *   workbook, `form xliff-import`; a notice's next content/notices/notice@N directory);
 * - status per language: complete (every questionnaire/notice string has text — the rule the
 *   tablets apply when they offer languages to applicants), reviewed share, stale strings (the
 *   German changed since the string's translation was reviewed, found by the German text's
 *   SHA-256 recorded with the review, also across versions: v3 inherits v2's row by unit id).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FormDefinition } from '../../core/form/index';
import type { NoticeArtifact } from '../../core/consent/index';
import { artifactBody } from '../artifacts/store';
import { readWorkbook, writeWorkbook } from '../forms/xlsform/workbook';
import { importXlsForm } from '../forms/xlsform/import';
import { exportXlsForm } from '../forms/xlsform/export';
import { importXliff } from '../forms/xliff';
import { formUnits, noticeUnits, type TextUnit, type TranslatableKind } from './units';
import { readXliff, writeXliff, type ReviewState, type XliffProblem, type XliffUnitIn } from './xliff2';

export interface ArtifactRef {
  readonly kind: TranslatableKind;
  readonly id: string;
  readonly version: number;
}

export const refLabel = (ref: ArtifactRef) => `${ref.kind} ${ref.id}@${ref.version}`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface Strings {
  /** The languages besides German this version has (or, for a form, declares). */
  readonly languages: readonly string[];
  readonly units: readonly TextUnit[];
  /** The review the published artifact itself declares for the whole language (before 0023). */
  readonly declared: { readonly reviewer: string | null; readonly reviewedAt: string | null } | null;
}

async function noticeLanguages(db: Kysely<Database>, ref: ArtifactRef): Promise<string[]> {
  const rows = await db.selectFrom('artifacts').select('lang').where('kind', '=', 'notice').where('id', '=', ref.id).where('version', '=', ref.version).execute();
  return rows.map((row) => row.lang).filter((lang): lang is string => lang !== null && lang !== 'de').sort();
}

/** Published bodies read during one status answer (a form is read once, not once per language). */
type BodyCache = Map<string, Promise<unknown>>;
function bodyOf(db: Kysely<Database>, identity: { kind: 'form' | 'notice'; id: string; version: number; lang: string | null }, cache?: BodyCache): Promise<unknown> {
  if (!cache) return artifactBody(db, identity);
  const key = `${identity.kind}:${identity.id}@${identity.version}/${identity.lang ?? ''}`;
  let body = cache.get(key);
  if (!body) cache.set(key, (body = artifactBody(db, identity)));
  return body;
}

/** The strings of a published version in `lang`; null when the version is not published. */
async function loadStrings(db: Kysely<Database>, ref: ArtifactRef, lang: string, cache?: BodyCache): Promise<Strings | null> {
  if (ref.kind === 'form') {
    const def = (await bodyOf(db, { kind: 'form', id: ref.id, version: ref.version, lang: null }, cache)) as FormDefinition | null;
    if (!def) return null;
    const info = def.translations[lang];
    return {
      languages: def.languages.filter((l) => l !== 'de'),
      units: formUnits(def, lang),
      declared: info?.reviewState === 'reviewed' ? { reviewer: info.reviewedBy ?? null, reviewedAt: info.reviewedAt ?? null } : null,
    };
  }
  const german = (await bodyOf(db, { kind: 'notice', id: ref.id, version: ref.version, lang: 'de' }, cache)) as NoticeArtifact | null;
  if (!german) return null;
  const target = lang === 'de' ? null : ((await bodyOf(db, { kind: 'notice', id: ref.id, version: ref.version, lang }, cache)) as NoticeArtifact | null);
  return {
    languages: await noticeLanguages(db, ref),
    units: noticeUnits(german, target),
    declared: target?.reviewState === 'reviewed' ? { reviewer: target.reviewedBy ?? null, reviewedAt: null } : null,
  };
}

export interface UnitState {
  readonly state: ReviewState;
  readonly reviewer: string | null;
  readonly reviewedAt: string | null;
  /** The German changed since this (same) translation was reviewed or translated. */
  readonly stale: boolean;
}

type ReviewRow = Database['translation_reviews'];

/** The newest row per unit at or before the version (a later version inherits by unit id). */
async function reviewRows(db: Kysely<Database>, ref: ArtifactRef, lang: string): Promise<Map<string, ReviewRow>> {
  const rows = await db
    .selectFrom('translation_reviews')
    .selectAll()
    .where('kind', '=', ref.kind)
    .where('artifact_id', '=', ref.id)
    .where('lang', '=', lang)
    .where('version', '<=', ref.version)
    .orderBy('version', 'desc')
    .execute();
  const out = new Map<string, ReviewRow>();
  for (const row of rows) if (!out.has(row.unit_id)) out.set(row.unit_id, row as ReviewRow);
  return out;
}

/** The newest published version before `ref` (for a notice: with German), or null. */
async function previousVersion(db: Kysely<Database>, ref: ArtifactRef): Promise<ArtifactRef | null> {
  let query = db.selectFrom('artifacts').select((eb) => eb.fn.max('version').as('version')).where('kind', '=', ref.kind).where('id', '=', ref.id).where('version', '<', ref.version);
  if (ref.kind === 'notice') query = query.where('lang', '=', 'de');
  const row = await query.executeTakeFirst();
  return row?.version === null || row?.version === undefined ? null : { ...ref, version: Number(row.version) };
}

/**
 * A unit of the previous version whose whole language was declared reviewed in its artifact
 * (reviews before the per-string rows): its translation, unchanged here under a changed German
 * text, is stale.
 */
type PreviousReviewed = ReadonlyMap<string, TextUnit>;

function unitState(unit: TextUnit, row: ReviewRow | undefined, declared: Strings['declared'], previous?: PreviousReviewed): UnitState {
  if (unit.target === undefined) return { state: 'draft', reviewer: null, reviewedAt: null, stale: false };
  if (row) {
    const sameSource = row.source_sha256 === sha256(unit.source);
    const sameTarget = row.target_sha256 === sha256(unit.target);
    if (sameSource && sameTarget) return { state: row.state, reviewer: row.reviewer, reviewedAt: row.reviewed_at, stale: false };
    // The same translation of a German text that has changed since: stale, no longer reviewed.
    if (!sameSource && sameTarget) return { state: 'translated', reviewer: null, reviewedAt: null, stale: true };
    return { state: 'translated', reviewer: null, reviewedAt: null, stale: false };
  }
  const before = previous?.get(unit.id);
  if (before && before.target === unit.target && before.source !== unit.source) return { state: 'translated', reviewer: null, reviewedAt: null, stale: true };
  if (declared) return { state: 'reviewed', reviewer: declared.reviewer, reviewedAt: declared.reviewedAt, stale: false };
  return { state: 'translated', reviewer: null, reviewedAt: null, stale: false };
}

export interface TranslatedUnit extends TextUnit, UnitState {}

export async function translationUnits(db: Kysely<Database>, ref: ArtifactRef, lang: string, cache?: BodyCache): Promise<{ languages: readonly string[]; units: TranslatedUnit[] } | null> {
  const strings = await loadStrings(db, ref, lang, cache);
  if (!strings) return null;
  const rows = await reviewRows(db, ref, lang);
  const prevRef = await previousVersion(db, ref);
  const prev = prevRef ? await loadStrings(db, prevRef, lang, cache) : null;
  const previous: PreviousReviewed | undefined = prev?.declared ? new Map(prev.units.map((u) => [u.id, u])) : undefined;
  return { languages: strings.languages, units: strings.units.map((unit) => ({ ...unit, ...unitState(unit, rows.get(unit.id), strings.declared, previous) })) };
}

export interface LanguageStatus {
  readonly lang: string;
  readonly total: number;
  readonly translated: number;
  readonly reviewed: number;
  /** Every questionnaire/notice string has text: tablets offer the language to applicants. */
  readonly complete: boolean;
  readonly stale: readonly string[];
  /** Reviewed strings, newest review first (at most 20), for the content page. */
  readonly recentlyReviewed: readonly { readonly id: string; readonly target: string; readonly reviewer: string | null; readonly reviewedAt: string | null }[];
}

export async function translationStatus(db: Kysely<Database>, ref: ArtifactRef): Promise<{ ref: ArtifactRef; languages: LanguageStatus[] } | null> {
  const cache: BodyCache = new Map();
  const first = await loadStrings(db, ref, 'de', cache);
  if (!first) return null;
  const languages: LanguageStatus[] = [];
  for (const lang of first.languages) {
    const { units } = (await translationUnits(db, ref, lang, cache))!;
    const reviewedUnits = units.filter((u) => u.state === 'reviewed');
    languages.push({
      lang,
      total: units.length,
      translated: units.filter((u) => u.state !== 'draft').length,
      reviewed: reviewedUnits.length,
      complete: units.every((u) => !u.required || u.target !== undefined),
      stale: units.filter((u) => u.stale).map((u) => u.id),
      recentlyReviewed: reviewedUnits
        .filter((u) => u.reviewedAt !== null)
        .sort((a, b) => (b.reviewedAt ?? '').localeCompare(a.reviewedAt ?? ''))
        .slice(0, 20)
        .map((u) => ({ id: u.id, target: u.target!, reviewer: u.reviewer, reviewedAt: u.reviewedAt })),
    });
  }
  return { ref, languages };
}

export type TranslationFormat = 'xliff' | 'xlsx';

export type ExportOutcome =
  | { readonly ok: true; readonly filename: string; readonly contentType: string; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly status: 404; readonly message: string };

const original = (ref: ArtifactRef) => `lotse:${ref.kind}/${ref.id}@${ref.version}`;
const SHEET = 'translation';
const HEADER = ['id', 'label::Deutsch (de)', '', 'review_state', 'reviewed_by', 'reviewed_at', 'stale'];

export async function exportTranslation(db: Kysely<Database>, ref: ArtifactRef, lang: string, format: TranslationFormat): Promise<ExportOutcome> {
  const found = await translationUnits(db, ref, lang);
  if (!found) return { ok: false, status: 404, message: `${refLabel(ref)} is not published.` };
  if (!found.languages.includes(lang)) return { ok: false, status: 404, message: `${refLabel(ref)} has no language '${lang}' to translate into (${found.languages.join(', ')}).` };
  const base = `${ref.id}@${ref.version}.${lang}`;
  if (format === 'xliff') {
    const xml = writeXliff({
      fileId: `${ref.id}@${ref.version}`,
      original: original(ref),
      trgLang: lang,
      units: found.units.map((u) => ({ id: u.id, source: u.source, target: u.target, state: u.state, reviewer: u.reviewer, reviewedAt: u.reviewedAt, stale: u.stale })),
    });
    return { ok: true, filename: `${base}.xlf`, contentType: 'application/xliff+xml; charset=utf-8', bytes: new TextEncoder().encode(xml) };
  }
  const header = HEADER.map((h) => (h === '' ? `label::${lang}` : h));
  const rows = found.units.map((u) => [u.id, u.source, u.target ?? '', u.state, u.state === 'reviewed' ? (u.reviewer ?? '') : '', u.state === 'reviewed' ? (u.reviewedAt ?? '') : '', u.stale ? 'stale' : '']);
  const bytes = writeWorkbook([
    { name: SHEET, rows: [header, ...rows] },
    { name: 'settings', rows: [['artifact', 'language'], [original(ref), lang]] },
  ]);
  return { ok: true, filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes };
}

/** A translation file read into the same shape, whichever format it came in. */
interface ReadFile {
  readonly ref: ArtifactRef;
  readonly lang: string;
  readonly units: readonly XliffUnitIn[];
  /** Line (XLIFF) or row (spreadsheet) of the target language's declaration. */
  readonly langLine: number;
}

function refOf(originalAttr: string | undefined, fileId: string): ArtifactRef | null {
  const match = /^lotse:(form|notice)\/([A-Za-z_][A-Za-z0-9_-]*)@([1-9][0-9]{0,8})$/.exec(originalAttr ?? '');
  if (match) return { kind: match[1] as TranslatableKind, id: match[2]!, version: Number(match[3]) };
  // Files written before the workflow (forms/xliff.ts): `<file id="profilingbogen@2">`, a form.
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)@([1-9][0-9]{0,8})$/.exec(fileId);
  return legacy ? { kind: 'form', id: legacy[1]!, version: Number(legacy[2]) } : null;
}

async function readTranslationFile(bytes: Uint8Array): Promise<{ ok: true; file: ReadFile } | { ok: false; problems: XliffProblem[] }> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip) {
    const read = readXliff(new TextDecoder().decode(bytes));
    if (!read.ok) return { ok: false, problems: [...read.problems] };
    const ref = refOf(read.original, read.fileId);
    if (!ref) return { ok: false, problems: [{ line: 1, message: `the <file> names no Lotse form or notice version (original="lotse:<kind>/<id>@<version>"; got id="${read.fileId}")` }] };
    return { ok: true, file: { ref, lang: read.trgLang, units: read.units, langLine: 1 } };
  }
  let sheets;
  try {
    sheets = await readWorkbook(bytes);
  } catch {
    return { ok: false, problems: [{ line: 1, message: 'the file is neither XLIFF 2.0 nor a readable spreadsheet (.xlsx)' }] };
  }
  const settings = sheets.find((s) => s.name === 'settings');
  const table = sheets.find((s) => s.name === SHEET);
  const problems: XliffProblem[] = [];
  const artifact = settings?.rows[1]?.[settings.rows[0]?.indexOf('artifact') ?? -1];
  const ref = refOf(artifact, '');
  if (!ref) problems.push({ line: 2, message: `sheet settings, row 2: column "artifact" must name the version (lotse:<kind>/<id>@<version>)` });
  if (!table) problems.push({ line: 1, message: `no sheet "${SHEET}"` });
  const header = table?.rows[0] ?? [];
  const targetColumn = header.findIndex((h, i) => i > 1 && /^label::/.test(h));
  const lang = targetColumn === -1 ? '' : header[targetColumn]!.replace(/^label::(?:.*\()?([^()\s]+)\)?$/, '$1');
  if (table && targetColumn === -1) problems.push({ line: 1, message: `sheet ${SHEET}, row 1: no column label::<language>` });
  const col = (name: string) => header.indexOf(name);
  const units: XliffUnitIn[] = [];
  if (table && ref && targetColumn !== -1) {
    table.rows.slice(1).forEach((row, i) => {
      const line = i + 2;
      const id = row[col('id')] ?? '';
      if (id === '') return;
      const target = row[targetColumn] ?? '';
      const rawState = (row[col('review_state')] ?? '').trim() || (target === '' ? 'draft' : 'translated');
      const state = ({ draft: 'draft', initial: 'draft', translated: 'translated', reviewed: 'reviewed', final: 'reviewed' } as Record<string, ReviewState>)[rawState];
      if (!state) problems.push({ line, unit: id, message: `sheet ${SHEET}, row ${line} (${id}): unknown review_state "${rawState}" (draft, translated or reviewed)` });
      else if (state !== 'draft' && target.trim() === '') problems.push({ line, unit: id, message: `sheet ${SHEET}, row ${line} (${id}) is ${rawState} but has no text in label::${lang}` });
      else units.push({ id, state, source: row[1] ?? '', target: target === '' ? undefined : target, line });
    });
  }
  if (problems.length > 0 || !ref) return { ok: false, problems };
  return { ok: true, file: { ref, lang, units, langLine: 1 } };
}

export type ImportOutcome =
  | { readonly status: 'invalid'; readonly problems: readonly XliffProblem[] }
  | { readonly status: 'not_found'; readonly message: string }
  | { readonly status: 'published_text'; readonly message: string; readonly units: readonly string[] }
  | { readonly status: 'no_reviewer'; readonly message: string }
  | {
      readonly status: 'imported';
      readonly ref: ArtifactRef;
      readonly lang: string;
      /** Strings whose review state changed. */
      readonly changed: readonly { readonly id: string; readonly from: ReviewState; readonly to: ReviewState }[];
      /** Strings the file translated from a German text that is no longer the version's: not taken. */
      readonly stale: readonly string[];
    };

/**
 * Reads a translation file (XLIFF 2.0 or the exported spreadsheet) and stores the review states
 * it sets. `reviewer` is who marks strings reviewed (required when the file does).
 */
export async function importTranslation(
  db: Kysely<Database>,
  input: { readonly bytes: Uint8Array; readonly reviewer: string | null; readonly actor: string; readonly now: Date },
): Promise<ImportOutcome> {
  const read = await readTranslationFile(input.bytes);
  if (!read.ok) return { status: 'invalid', problems: read.problems };
  const { ref, lang } = read.file;
  const found = await translationUnits(db, ref, lang);
  if (!found) return { status: 'not_found', message: `${refLabel(ref)} is not published.` };
  if (!found.languages.includes(lang)) {
    return { status: 'invalid', problems: [{ line: read.file.langLine, message: `'${lang}' (trgLang) is not a language of ${refLabel(ref)} to translate into (${found.languages.join(', ')})` }] };
  }
  const current = new Map(found.units.map((u) => [u.id, u]));
  const unknown = read.file.units.filter((u) => !current.has(u.id));
  if (unknown.length > 0) {
    return { status: 'invalid', problems: unknown.map((u) => ({ line: u.line, unit: u.id, message: `unit ${u.id} names no string of ${refLabel(ref)}` })) };
  }
  const textChanged = read.file.units.filter((u) => (u.target?.trim() === '' ? undefined : u.target) !== current.get(u.id)!.target).map((u) => u.id);
  if (textChanged.length > 0) {
    const next = ref.kind === 'form' ? `the form's next version (npm run lotse -- form xliff-import <next.xlsx> <file.xlf>, then publish it)` : `the notice's next version (content/notices/${ref.id}@${ref.version + 1}/${lang}.json)`;
    return {
      status: 'published_text',
      units: textChanged,
      message: `${refLabel(ref)} is published and its text cannot change; ${textChanged.length} string(s) differ from its ${lang} text: ${textChanged.slice(0, 10).join(', ')}${textChanged.length > 10 ? ', …' : ''}. Put new text into ${next}; review states can be imported for the published text.`,
    };
  }
  const stale: string[] = [];
  const changed: { id: string; from: ReviewState; to: ReviewState }[] = [];
  const rows: ReviewRow[] = [];
  const at = input.now.toISOString();
  for (const unit of read.file.units) {
    const now = current.get(unit.id)!;
    if (unit.source !== now.source) {
      stale.push(unit.id);
      continue;
    }
    if (now.target === undefined) continue; // nothing to review: no text (and the file brought none)
    // A published string has text: it is at least translated (the tablets offer the language).
    const to: ReviewState = unit.state === 'draft' ? 'translated' : unit.state;
    if (to === now.state && !now.stale) continue;
    if (to === 'reviewed' && !input.reviewer?.trim()) return { status: 'no_reviewer', message: 'The file marks strings reviewed: give the reviewer\'s name.' };
    changed.push({ id: unit.id, from: now.state, to });
    rows.push({
      kind: ref.kind,
      artifact_id: ref.id,
      version: ref.version,
      lang,
      unit_id: unit.id,
      state: to,
      reviewer: to === 'reviewed' ? input.reviewer!.trim() : null,
      reviewed_at: to === 'reviewed' ? at : null,
      source_sha256: sha256(now.source),
      target_sha256: sha256(now.target),
      updated_at: at,
      updated_by: input.actor,
    });
  }
  if (rows.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx
          .deleteFrom('translation_reviews')
          .where('kind', '=', row.kind)
          .where('artifact_id', '=', row.artifact_id)
          .where('version', '=', row.version)
          .where('lang', '=', row.lang)
          .where('unit_id', '=', row.unit_id)
          .execute();
      }
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('translation_reviews').values(rows.slice(i, i + 200)).execute();
    });
  }
  return { status: 'imported', ref, lang, changed, stale };
}

export type DraftImportOutcome =
  | { readonly status: 'invalid'; readonly problems: readonly XliffProblem[] }
  | { readonly status: 'invalid_workbook'; readonly message: string }
  | { readonly status: 'published'; readonly message: string }
  | { readonly status: 'no_reviewer'; readonly message: string }
  | {
      readonly status: 'imported';
      readonly ref: ArtifactRef;
      readonly lang: string;
      /** The workbook with the language's label columns and review_state changed. */
      readonly workbook: Uint8Array;
      /** Strings whose text changed. */
      readonly changed: readonly string[];
      /** Strings translated from another German text: taken, not reviewed. */
      readonly stale: readonly string[];
      /** Strings of the draft without a translation in the file. */
      readonly missing: readonly string[];
      /** Review states stored for the draft version (they apply once it is published unchanged). */
      readonly reviewed: number;
    };

/**
 * A translator's XLIFF into a form's **unpublished** next version, given as its XLSForm workbook
 * (CLI `form xliff-import`, POST /api/v1/forms/xlsform/translation): the language's strings change
 * in the workbook; the per-string states are stored for that version (keyed by the German and
 * translated texts' hashes, so they count only if it is published with these texts).
 * `db` null (no database at hand) changes the workbook only.
 */
export async function importIntoDraftForm(
  db: Kysely<Database> | null,
  input: { readonly workbook: Uint8Array; readonly xliff: Uint8Array; readonly reviewer: string | null; readonly actor: string; readonly now: Date },
): Promise<DraftImportOutcome> {
  let imported;
  try {
    imported = importXlsForm(await readWorkbook(input.workbook));
  } catch {
    return { status: 'invalid_workbook', message: 'The workbook is not an XLSX spreadsheet.' };
  }
  if (!imported.ok) return { status: 'invalid_workbook', message: `The workbook has ${imported.problems.length} problem(s); check it first (form import / Check and preview).` };
  const def = imported.definition;
  const ref: ArtifactRef = { kind: 'form', id: def.id, version: def.version };
  if (db && (await artifactBody(db, { kind: 'form', id: def.id, version: def.version, lang: null })) !== null) {
    return { status: 'published', message: `${refLabel(ref)} is published: its text cannot change. Raise the version in the workbook's settings sheet, or import review states into the published version (translation import).` };
  }
  const xml = new TextDecoder().decode(input.xliff);
  const read = readXliff(xml);
  if (!read.ok) return { status: 'invalid', problems: read.problems };
  if (read.trgLang === 'de' || !def.languages.includes(read.trgLang)) {
    return { status: 'invalid', problems: [{ line: 1, message: `'${read.trgLang}' (trgLang) is not a language of ${refLabel(ref)} to translate into (${def.languages.filter((l) => l !== 'de').join(', ')})` }] };
  }
  const known = new Map(formUnits(def, read.trgLang).map((u) => [u.id, u]));
  const unknown = read.units.filter((u) => !known.has(u.id));
  if (unknown.length > 0) return { status: 'invalid', problems: unknown.map((u) => ({ line: u.line, unit: u.id, message: `unit ${u.id} names no string of ${refLabel(ref)}` })) };
  const result = importXliff(def, xml);
  if (result.problems.length > 0) return { status: 'invalid', problems: result.problems.map((message) => ({ line: 1, message })) };
  const lang = read.trgLang;
  const after = new Map(formUnits(result.definition, lang).map((u) => [u.id, u]));
  const at = input.now.toISOString();
  const rows: ReviewRow[] = [];
  for (const unit of read.units) {
    const now = after.get(unit.id);
    if (!now || now.target === undefined || unit.source !== now.source || unit.state === 'draft') continue;
    if (unit.state === 'reviewed' && !input.reviewer?.trim()) return { status: 'no_reviewer', message: "The file marks strings reviewed: give the reviewer's name." };
    rows.push({
      kind: 'form',
      artifact_id: def.id,
      version: def.version,
      lang,
      unit_id: unit.id,
      state: unit.state,
      reviewer: unit.state === 'reviewed' ? input.reviewer!.trim() : null,
      reviewed_at: unit.state === 'reviewed' ? at : null,
      source_sha256: sha256(now.source),
      target_sha256: sha256(now.target),
      updated_at: at,
      updated_by: input.actor,
    });
  }
  if (db && rows.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('translation_reviews').where('kind', '=', 'form').where('artifact_id', '=', def.id).where('version', '=', def.version).where('lang', '=', lang).where('unit_id', 'in', rows.map((r) => r.unit_id)).execute();
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('translation_reviews').values(rows.slice(i, i + 200)).execute();
    });
  }
  return {
    status: 'imported',
    ref,
    lang,
    workbook: writeWorkbook(exportXlsForm(result.definition)),
    changed: result.changed,
    stale: result.stale,
    missing: result.missing,
    reviewed: db ? rows.filter((r) => r.state === 'reviewed').length : 0,
  };
}
