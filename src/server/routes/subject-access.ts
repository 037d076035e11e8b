/**
 * Subject access (GDPR Art. 15), for coordinators and admins:
 *   GET /api/v1/records/:recordId/subject-access   everything held about the record's person, one document (itself audited)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { access } from '../../core/api/index';
import { uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { httpError, parseOrBadRequest } from '../http/errors';
import { SubjectAccessNotFound, subjectAccessDocument } from '../subject-access/document';

export function registerSubjectAccessRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/v1/records/:recordId/subject-access', forRoles(context, access.records), async (request, reply) => {
    const { recordId } = parseOrBadRequest(z.strictObject({ recordId: uuidSchema }), request.params, 'path');
    parseOrBadRequest(z.strictObject({}), request.query, 'query');
    try {
      const document = await subjectAccessDocument(context, request, recordId, signedIn(request).coordinator);
      return reply.header('cache-control', 'no-store').send(document);
    } catch (error) {
      if (error instanceof SubjectAccessNotFound) throw httpError(404, 'not_found', 'The server has received nothing for this record.');
      throw error;
    }
  });
}
