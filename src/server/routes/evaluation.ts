/**
 * The steering committee's figures.
 *   GET /api/v1/evaluation?from=&to=&municipality=&deviceId=&form=&lang=de|en
 * Counts only, small cells suppressed (see evaluation/queries.ts); no record, no name.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { access, evaluationQuerySchema, evaluationSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { evaluate } from '../evaluation/queries';

export function registerEvaluationRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/v1/evaluation', forRoles(context, access.evaluation), async (request) => {
    const query = parseOrBadRequest(evaluationQuerySchema, request.query, 'query');
    if (query.from && query.to && query.from > query.to) throw httpError(400, 'bad_request', 'The period ends before it begins.');
    const filters = { from: query.from, to: query.to, municipality: query.municipality, deviceId: query.deviceId, formRef: query.form };
    const answer = await evaluate(context, filters, query.lang);
    const named = Object.fromEntries(Object.entries({ from: query.from, to: query.to, municipality: query.municipality, deviceId: query.deviceId, form: query.form }).filter(([, value]) => value !== undefined));
    await auditRequest(context, request, { action: 'evaluation.view', details: { filters: named } });
    return answer satisfies z.input<typeof evaluationSchema>;
  });
}
