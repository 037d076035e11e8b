/**
 * The steering committee's figures.
 *   GET /api/v1/evaluation?from=&to=&municipality=&deviceId=&form=&lang=de|en
 * Counts only, small cells suppressed (see evaluation/queries.ts); no record, no name.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formRefSchema, uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { access } from '../../core/api/index';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { evaluate } from '../evaluation/queries';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date');

const querySchema = z.object({
  from: day.optional(),
  to: day.optional(),
  municipality: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a municipality code').optional(),
  deviceId: uuidSchema.optional(),
  form: formRefSchema.optional(),
  lang: z.enum(['de', 'en']).default('de'),
}).strict();

export function registerEvaluationRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/v1/evaluation', forRoles(context, access.evaluation), async (request) => {
    const query = parseOrBadRequest(querySchema, request.query, 'query');
    if (query.from && query.to && query.from > query.to) throw httpError(400, 'bad_request', 'The period ends before it begins.');
    const answer = await evaluate(context, { from: query.from, to: query.to, municipality: query.municipality, deviceId: query.deviceId, formRef: query.form }, query.lang);
    const filters = Object.fromEntries(Object.entries({ from: query.from, to: query.to, municipality: query.municipality, deviceId: query.deviceId, form: query.form }).filter(([, value]) => value !== undefined));
    await auditRequest(context, request, { action: 'evaluation.view', details: { filters } });
    return answer;
  });
}
