/**
 * Publishing form versions and notice texts (coordinators).
 *   GET  /api/v1/artifacts          list, without bodies
 *   POST /api/v1/artifacts          {kind, body}: publish (identical again: no-op; different: 409)
 *   POST /api/v1/artifacts/retire   {kind, id, version, lang?}: tombstone
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { access, artifactListSchema, publishArtifactRequestSchema, publishedArtifactSchema, retireArtifactRequestSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { artifactLabel, listArtifacts, prepareArtifact, publishArtifact, retireArtifact } from '../artifacts/store';


export function registerArtifactRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const coordinatorOnly = forRoles(context, access.content);

  app.get('/api/v1/artifacts', coordinatorOnly, async () => ({ artifacts: await listArtifacts(db) }) satisfies z.input<typeof artifactListSchema>);

  // A form with its code lists in every language is large (the Profilingbogen ~600 KB).
  app.post('/api/v1/artifacts', { ...coordinatorOnly, bodyLimit: context.config.maxPushBytes }, async (request, reply) => {
    const { kind, body } = parseOrBadRequest(publishArtifactRequestSchema, request.body);
    const prepared = prepareArtifact(kind, body);
    if (!prepared.ok) {
      throw httpError(400, 'invalid_artifact', `The ${kind} is not valid: ${prepared.problems.slice(0, 3).join('; ')}`, { details: prepared.problems });
    }
    const artifact = prepared.artifact;
    const outcome = await publishArtifact(db, artifact, { now: context.now(), publishedBy: signedIn(request).coordinator.id });
    if (outcome.status === 'published') {
      request.log.info({ artifact: artifactLabel(artifact) }, 'artifact published');
      await auditRequest(context, request, {
        action: 'content.publish',
        target: { type: 'artifact', id: artifactLabel(artifact) },
        details: { kind: artifact.kind, id: artifact.id, version: artifact.version, lang: artifact.lang, sha256: artifact.sha256, changeNo: outcome.changeNo },
      });
    }
    return reply.code(outcome.status === 'published' ? 201 : 200).send({
      status: outcome.status,
      artifact: {
        kind: artifact.kind,
        id: artifact.id,
        version: artifact.version,
        lang: artifact.lang,
        sha256: artifact.sha256,
        reviewState: artifact.reviewState,
        changeNo: outcome.changeNo,
      },
    } satisfies z.input<typeof publishedArtifactSchema>);
  });

  app.post('/api/v1/artifacts/retire', coordinatorOnly, async (request) => {
    const body = parseOrBadRequest(retireArtifactRequestSchema, request.body);
    if ((body.kind === 'notice') !== (typeof body.lang === 'string')) {
      throw httpError(400, 'bad_request', 'A notice is retired per language (lang); a form has no lang.');
    }
    const identity = { kind: body.kind, id: body.id, version: body.version, lang: body.lang ?? null };
    const wasRetired = await db.selectFrom('artifacts').select('retired').where('kind', '=', identity.kind).where('id', '=', identity.id)
      .where('version', '=', identity.version).where('lang', '=', identity.lang ?? '').executeTakeFirst();
    const artifact = await retireArtifact(db, identity, context.now());
    request.log.info({ artifact: artifactLabel(artifact) }, 'artifact retired');
    if (wasRetired?.retired === 0) {
      await auditRequest(context, request, { action: 'content.retire', target: { type: 'artifact', id: artifactLabel(identity) }, details: identity });
    }
    return { artifact };
  });
}
