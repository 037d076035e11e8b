/**
 * The audit log for admins.
 *   GET /api/v1/audit?actor=&action=&target=&from=&to=&offset=&limit=   one page, newest first
 *   GET /api/v1/audit.csv?actor=&action=&target=&from=&to=              every matching entry, oldest first (itself an audit entry)
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { access, type auditListSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { forRoles } from '../auth/access';
import { httpError, parseOrBadRequest } from '../http/errors';
import { auditRequest } from '../audit/log';
import { auditCsv, listAudit, type AuditFilter } from '../audit/queries';

const filterQuery = {
  actor: z.string().trim().min(1).max(200).optional(),
  action: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be an action such as record.view').optional(),
  target: z.string().trim().min(1).max(200).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
};
const listQuery = z.strictObject({
  ...filterQuery,
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const exportQuery = z.strictObject(filterQuery);

function filterOf(query: z.infer<typeof exportQuery>): AuditFilter {
  if (query.from && query.to && query.from > query.to) throw httpError(400, 'bad_request', 'The period ends before it begins.');
  return Object.fromEntries(Object.entries(query).filter(([key, value]) => value !== undefined && key in filterQuery)) as AuditFilter;
}

export function registerAuditRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const adminOnly = forRoles(context, access.audit);

  app.get('/api/v1/audit', adminOnly, async (request) => {
    const query = parseOrBadRequest(listQuery, request.query, 'query');
    return (await listAudit(db, filterOf(query), { offset: query.offset, limit: query.limit })) satisfies z.input<typeof auditListSchema>;
  });

  app.get('/api/v1/audit.csv', adminOnly, async (request, reply) => {
    const filter = filterOf(parseOrBadRequest(exportQuery, request.query, 'query'));
    await auditRequest(context, request, { action: 'audit.export', details: { filter } });
    const day = context.now().toISOString().slice(0, 10);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="lotse-audit-${day}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(auditCsv(db, filter)));
  });
}
