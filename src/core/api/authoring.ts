/**
 * Forms authored as XLSForm spreadsheets (issue 13): the upload check, the publication and the
 * download (`/api/v1/forms/...`, src/server/README.md). The workbook travels as base64 inside
 * JSON, so the upload is a JSON state change like every other (the browser guards hold).
 */
import { z } from 'zod';

export const xlsformUploadRequestSchema = z.strictObject({
  /** The .xlsx file, base64. */
  file: z.string().min(1).max(40_000_000),
});
export type XlsformUploadRequest = z.infer<typeof xlsformUploadRequestSchema>;

export const xlsformProblemSchema = z.object({
  sheet: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  message: z.object({ de: z.string(), en: z.string() }),
});
export type XlsformProblem = z.infer<typeof xlsformProblemSchema>;

/** One change against the published version; `kind` decides the other properties (src/server/forms/diff.ts). */
export const formChangeSchema = z
  .object({
    kind: z.string(),
    id: z.string().optional(),
    label: z.record(z.string(), z.string()).optional(),
  })
  .catchall(z.unknown());
export type FormChangeSummary = z.infer<typeof formChangeSchema>;

export const xlsformCheckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(false), problems: z.array(xlsformProblemSchema) }),
  z.object({
    ok: z.literal(true),
    /** `unchanged`: equal to the published version of that number; `new`: a version to publish. */
    status: z.enum(['new', 'unchanged']),
    /** The form definition; the page checks it with parseFormDefinition before rendering it. */
    definition: z.unknown(),
    published: z.object({ id: z.string(), version: z.number().int() }).nullable(),
    changes: z.array(formChangeSchema),
  }),
]);
export type XlsformCheck = z.infer<typeof xlsformCheckSchema>;

export const xlsformPublishedSchema = z.object({
  status: z.enum(['published', 'unchanged']),
  id: z.string(),
  version: z.number().int(),
  changeNo: z.number().int(),
});

/** Per language of a published form: how much is translated and whether it is reviewed. */
export const formLanguagesSchema = z.object({
  form: z.object({ id: z.string(), version: z.number().int() }),
  languages: z.array(
    z.object({
      lang: z.string(),
      reviewState: z.enum(['draft', 'reviewed', 'missing']),
      reviewedBy: z.string().optional(),
      reviewedAt: z.string().optional(),
      /** Questionnaire texts (title, sections, questions, hints, choices, messages). */
      translated: z.number().int(),
      total: z.number().int(),
      /** Code-list entries with a label in the language. */
      codeListTranslated: z.number().int(),
      codeListTotal: z.number().int(),
    }),
  ),
});
export type FormLanguages = z.infer<typeof formLanguagesSchema>;

/** The translation workflow (issue 13 item 4; src/server/translation/). */
export const translationKinds = ['form', 'notice'] as const;
export type TranslationKind = (typeof translationKinds)[number];

export const translationStatusSchema = z.object({
  ref: z.object({ kind: z.enum(translationKinds), id: z.string(), version: z.number().int() }),
  languages: z.array(
    z.object({
      lang: z.string(),
      /** Every string, code-list entries included. */
      total: z.number().int(),
      translated: z.number().int(),
      reviewed: z.number().int(),
      /** Every questionnaire / notice string has text: tablets offer the language to applicants. */
      complete: z.boolean(),
      /** Unit ids whose German changed since their translation was reviewed. */
      stale: z.array(z.string()),
      recentlyReviewed: z.array(z.object({ id: z.string(), target: z.string(), reviewer: z.string().nullable(), reviewedAt: z.string().nullable() })),
    }),
  ),
});
export type TranslationStatus = z.infer<typeof translationStatusSchema>;

export const translationImportRequestSchema = z.strictObject({
  /** The .xlf or .xlsx file, base64. */
  file: z.string().min(1).max(40_000_000),
  /** Who reviewed the strings the file marks reviewed; default the signed-in account's name. */
  reviewer: z.string().trim().min(1).max(200).optional(),
});

export const translationImportedSchema = z.object({
  ref: z.object({ kind: z.enum(translationKinds), id: z.string(), version: z.number().int() }),
  lang: z.string(),
  changed: z.array(z.object({ id: z.string(), from: z.enum(['draft', 'translated', 'reviewed']), to: z.enum(['draft', 'translated', 'reviewed']) })),
  stale: z.array(z.string()),
});
export type TranslationImported = z.infer<typeof translationImportedSchema>;

/** A translator's XLIFF into a form's unpublished next version (its workbook). */
export const draftTranslationRequestSchema = z.strictObject({
  /** The next version's .xlsx, base64. */
  file: z.string().min(1).max(40_000_000),
  /** The .xlf, base64. */
  translation: z.string().min(1).max(40_000_000),
  reviewer: z.string().trim().min(1).max(200).optional(),
});

export const draftTranslationSchema = z.object({
  ref: z.object({ kind: z.enum(translationKinds), id: z.string(), version: z.number().int() }),
  lang: z.string(),
  /** The workbook with the language's texts changed, base64. */
  workbook: z.string(),
  changed: z.array(z.string()),
  stale: z.array(z.string()),
  missing: z.array(z.string()),
  reviewed: z.number().int(),
});
