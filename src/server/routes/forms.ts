/**
 * Forms authored as XLSForm spreadsheets (issue 13; admins, `access.content`).
 *   POST /api/v1/forms/xlsform/check    {file: base64 .xlsx}: every problem (sheet, row, column,
 *                                        de + en), or the definition, its status against the
 *                                        published versions and the changes; changes nothing
 *   POST /api/v1/forms/xlsform/publish  {file}: the same check, then publishes the new version
 *                                        (201; `unchanged` 200; problems 422 `invalid_workbook`)
 *   GET  /api/v1/forms/:id/:version/xlsform  the published version as a workbook
 *   GET  /api/v1/forms/:id/:version/languages  per language: texts and code-list entries translated, review state
 * The workbook is checked again on publish: nothing uploaded is kept between the two calls.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { access, formLanguagesSchema, xlsformCheckSchema, xlsformPublishedSchema, xlsformUploadRequestSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { artifactBody, artifactLabel, publishArtifact } from '../artifacts/store';
import { translationState, type FormDefinition } from '../../core/form/index';
import { exportPublishedForm, planUpload, type UploadPlan } from '../forms/authoring';
import { XLSX_CONTENT_TYPE } from '../exports/index';

function checkAnswer(plan: UploadPlan): z.input<typeof xlsformCheckSchema> {
  if (!plan.ok) return { ok: false, problems: [...plan.problems] };
  return {
    ok: true,
    status: plan.status,
    definition: plan.definition,
    published: plan.published ? { id: plan.published.id, version: plan.published.version } : null,
    changes: plan.changes.map((change) => ({ ...change })),
  };
}

export function registerFormRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const adminOnly = forRoles(context, access.content);
  // base64 of a workbook with every code list in 14 languages (~200 KB as XLSX).
  const upload = { ...adminOnly, bodyLimit: context.config.maxPushBytes };
  const bytesOf = (request: FastifyRequest) => Buffer.from(parseOrBadRequest(xlsformUploadRequestSchema, request.body).file, 'base64');

  app.post('/api/v1/forms/xlsform/check', upload, async (request) => checkAnswer(await planUpload(db, bytesOf(request))));

  app.post('/api/v1/forms/xlsform/publish', upload, async (request, reply) => {
    const plan = await planUpload(db, bytesOf(request));
    if (!plan.ok) {
      throw httpError(422, 'invalid_workbook', `The workbook has ${plan.problems.length} problem(s); nothing was published.`, { details: plan.problems });
    }
    const artifact = plan.artifact;
    const outcome = await publishArtifact(db, artifact, { now: context.now(), publishedBy: signedIn(request).coordinator.id });
    if (outcome.status === 'published') {
      request.log.info({ artifact: artifactLabel(artifact) }, 'form published from a workbook');
      await auditRequest(context, request, {
        action: 'content.publish',
        target: { type: 'artifact', id: artifactLabel(artifact) },
        details: { kind: 'form', id: artifact.id, version: artifact.version, lang: null, sha256: artifact.sha256, changeNo: outcome.changeNo, source: 'xlsform' },
      });
    }
    return reply
      .code(outcome.status === 'published' ? 201 : 200)
      .send({ status: outcome.status, id: artifact.id, version: artifact.version, changeNo: outcome.changeNo } satisfies z.input<typeof xlsformPublishedSchema>);
  });

  app.get('/api/v1/forms/:id/:version/xlsform', adminOnly, async (request, reply) => {
    const { id, version } = request.params as { id: string; version: string };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) || !/^[1-9][0-9]{0,8}$/.test(version)) throw httpError(404, 'not_found', 'No such form version.');
    const bytes = await exportPublishedForm(db, id, Number(version));
    if (!bytes) throw httpError(404, 'not_found', `${id}@${version} is not published.`);
    return reply
      .header('content-type', XLSX_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${id}@${version}.xlsx"`)
      .send(Buffer.from(bytes));
  });

  app.get('/api/v1/forms/:id/:version/languages', adminOnly, async (request) => {
    const { id, version } = request.params as { id: string; version: string };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) || !/^[1-9][0-9]{0,8}$/.test(version)) throw httpError(404, 'not_found', 'No such form version.');
    const def = (await artifactBody(db, { kind: 'form', id, version: Number(version), lang: null })) as FormDefinition | null;
    if (!def) throw httpError(404, 'not_found', `${id}@${version} is not published.`);
    return {
      form: { id: def.id, version: def.version },
      languages: def.languages.map((lang) => {
        const state = translationState(def, lang);
        const codeLists = state.codeListLabels;
        return {
          lang,
          reviewState: state.reviewState,
          ...(state.reviewedBy !== undefined ? { reviewedBy: state.reviewedBy } : {}),
          ...(state.reviewedAt !== undefined ? { reviewedAt: state.reviewedAt } : {}),
          translated: state.translated,
          total: state.total,
          codeListTranslated: codeLists.translated,
          codeListTotal: codeLists.total,
        };
      }),
    } satisfies z.input<typeof formLanguagesSchema>;
  });
}
