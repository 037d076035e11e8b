/**
 * The translation workflow (issue 13 item 4; admins, `access.content`), the same code as the
 * CLI's `translation` commands (src/server/translation/service.ts):
 *   GET  /api/v1/translations/:kind/:id/:version                 per language: complete, translated,
 *                                                                 reviewed, stale unit ids
 *   GET  /api/v1/translations/:kind/:id/:version/:lang/:format    one language as `xliff` (.xlf,
 *                                                                 XLIFF 2.0) or `xlsx`, German beside it
 *   POST /api/v1/translations/import  {file: base64 .xlf/.xlsx, reviewer?}: stores the review states
 *        the file sets (200); malformed 422 `invalid_translation` (details: line, unit, message);
 *        a changed text of the published version 409 `published_text` (details: unit ids);
 *        not published 404
 *   POST /api/v1/forms/xlsform/translation  {file: base64 .xlsx of an unpublished form version,
 *        translation: base64 .xlf, reviewer?}: the strings change in the returned workbook, the
 *        states are stored for that version; 409 `published` when the version is published
 * `:kind` is `form` or `notice`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { access, draftTranslationRequestSchema, draftTranslationSchema, translationImportedSchema, translationImportRequestSchema, translationKinds, translationStatusSchema, type TranslationKind } from '../../core/api/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { exportTranslation, importIntoDraftForm, importTranslation, translationStatus, type ArtifactRef } from '../translation/service';

function refOf(request: FastifyRequest): ArtifactRef {
  const { kind, id, version } = request.params as { kind: string; id: string; version: string };
  if (!(translationKinds as readonly string[]).includes(kind) || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id) || !/^[1-9][0-9]{0,8}$/.test(version)) {
    throw httpError(404, 'not_found', 'No such form or notice version.');
  }
  return { kind: kind as TranslationKind, id, version: Number(version) };
}

export function registerTranslationRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const adminOnly = forRoles(context, access.content);

  app.get('/api/v1/translations/:kind/:id/:version', adminOnly, async (request) => {
    const status = await translationStatus(db, refOf(request));
    if (!status) throw httpError(404, 'not_found', 'That version is not published.');
    return {
      ref: status.ref,
      languages: status.languages.map((l) => ({ ...l, stale: [...l.stale], recentlyReviewed: [...l.recentlyReviewed] })),
    } satisfies z.input<typeof translationStatusSchema>;
  });

  app.get('/api/v1/translations/:kind/:id/:version/:lang/:format', adminOnly, async (request, reply) => {
    const { lang, format } = request.params as { lang: string; format: string };
    if (format !== 'xliff' && format !== 'xlsx') throw httpError(404, 'not_found', 'The format is xliff or xlsx.');
    const file = await exportTranslation(db, refOf(request), lang, format);
    if (!file.ok) throw httpError(404, 'not_found', file.message);
    return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(Buffer.from(file.bytes));
  });

  app.post('/api/v1/translations/import', { ...adminOnly, bodyLimit: context.config.maxPushBytes }, async (request) => {
    const body = parseOrBadRequest(translationImportRequestSchema, request.body);
    const { coordinator } = signedIn(request);
    const outcome = await importTranslation(db, {
      bytes: Buffer.from(body.file, 'base64'),
      reviewer: body.reviewer ?? coordinator.name,
      actor: coordinator.id,
      now: context.now(),
    });
    if (outcome.status === 'invalid') {
      const first = outcome.problems[0];
      throw httpError(422, 'invalid_translation', `The file has ${outcome.problems.length} problem(s), nothing was imported. Line ${first?.line}: ${first?.message}`, { details: outcome.problems });
    }
    if (outcome.status === 'not_found') throw httpError(404, 'not_found', outcome.message);
    if (outcome.status === 'published_text') throw httpError(409, 'published_text', outcome.message, { details: outcome.units });
    if (outcome.status === 'no_reviewer') throw httpError(422, 'no_reviewer', outcome.message);
    if (outcome.changed.length > 0) {
      await auditRequest(context, request, {
        action: 'content.translation_import',
        target: { type: 'artifact', id: `${outcome.ref.kind}:${outcome.ref.id}@${outcome.ref.version}:${outcome.lang}` },
        details: { ...outcome.ref, lang: outcome.lang, changed: outcome.changed.length, reviewed: outcome.changed.filter((c) => c.to === 'reviewed').length, reviewer: body.reviewer ?? coordinator.name },
      });
    }
    return { ref: outcome.ref, lang: outcome.lang, changed: [...outcome.changed], stale: [...outcome.stale] } satisfies z.input<typeof translationImportedSchema>;
  });

  app.post('/api/v1/forms/xlsform/translation', { ...adminOnly, bodyLimit: context.config.maxPushBytes }, async (request) => {
    const body = parseOrBadRequest(draftTranslationRequestSchema, request.body);
    const { coordinator } = signedIn(request);
    const outcome = await importIntoDraftForm(db, {
      workbook: Buffer.from(body.file, 'base64'),
      xliff: Buffer.from(body.translation, 'base64'),
      reviewer: body.reviewer ?? coordinator.name,
      actor: coordinator.id,
      now: context.now(),
    });
    if (outcome.status === 'invalid') {
      const first = outcome.problems[0];
      throw httpError(422, 'invalid_translation', `The file has ${outcome.problems.length} problem(s), nothing was imported. Line ${first?.line}: ${first?.message}`, { details: outcome.problems });
    }
    if (outcome.status === 'invalid_workbook') throw httpError(422, 'invalid_workbook', outcome.message);
    if (outcome.status === 'published') throw httpError(409, 'published', outcome.message);
    if (outcome.status === 'no_reviewer') throw httpError(422, 'no_reviewer', outcome.message);
    return {
      ref: outcome.ref,
      lang: outcome.lang,
      workbook: Buffer.from(outcome.workbook).toString('base64'),
      changed: [...outcome.changed],
      stale: [...outcome.stale],
      missing: [...outcome.missing],
      reviewed: outcome.reviewed,
    } satisfies z.input<typeof draftTranslationSchema>;
  });
}
