/**
 * Received records for the coordinator pages, in pages (`offset`, `limit` ≤ 200, with the total).
 *   GET /api/v1/records?deviceId=&state=&from=&to=&offset=&limit=   records, newest first
 *   GET /api/v1/devices/:id/records?…                               the same for one device
 *   GET /api/v1/issues?deviceId=&status=&from=&to=&offset=&limit=   rejected and conflicting entries
 *   GET /api/v1/records/:recordId         one record: every revision, conflict and entry outcome
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { access, issueListSchema, recordDetailSchema, recordListSchema } from '../../core/api/index';
import { uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { DEFAULT_PAGE_SIZE, listIssues, listRecords, MAX_PAGE_SIZE, recordDetail, recordStates, type IssueFilter, type RecordFilter } from '../records/queries';

const pageQuery = {
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};
const period = { from: z.iso.date().optional(), to: z.iso.date().optional() };
const recordListQuery = z.strictObject({ deviceId: uuidSchema.optional(), state: z.enum(recordStates).optional(), ...period, ...pageQuery });
const issueListQuery = z.strictObject({ deviceId: uuidSchema.optional(), status: z.enum(['rejected', 'conflict']).optional(), ...period, ...pageQuery });

function recordFilter(query: z.infer<typeof recordListQuery>): RecordFilter {
  return {
    ...(query.deviceId !== undefined && { deviceId: query.deviceId }),
    ...(query.state !== undefined && { state: query.state }),
    ...(query.from !== undefined && { receivedFrom: query.from }),
    ...(query.to !== undefined && { receivedTo: query.to }),
  };
}

export function registerRecordRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const coordinatorOnly = forRoles(context, access.records);

  app.get('/api/v1/records', coordinatorOnly, async (request) => {
    const query = parseOrBadRequest(recordListQuery, request.query, 'query');
    return (await listRecords(db, recordFilter(query), { offset: query.offset, limit: query.limit })) satisfies z.input<typeof recordListSchema>;
  });

  app.get('/api/v1/devices/:id/records', coordinatorOnly, async (request) => {
    const { id } = parseOrBadRequest(z.object({ id: uuidSchema }), request.params, 'path');
    const query = parseOrBadRequest(recordListQuery.omit({ deviceId: true }), request.query, 'query');
    const device = await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
    if (!device) throw httpError(404, 'not_found', 'There is no such device.');
    return (await listRecords(db, recordFilter({ ...query, deviceId: id }), { offset: query.offset, limit: query.limit })) satisfies z.input<typeof recordListSchema>;
  });

  app.get('/api/v1/issues', coordinatorOnly, async (request) => {
    const query = parseOrBadRequest(issueListQuery, request.query, 'query');
    const filter: IssueFilter = {
      ...(query.deviceId !== undefined && { deviceId: query.deviceId }),
      ...(query.status !== undefined && { status: query.status }),
      ...(query.from !== undefined && { processedFrom: query.from }),
      ...(query.to !== undefined && { processedTo: query.to }),
    };
    return (await listIssues(db, filter, { offset: query.offset, limit: query.limit })) satisfies z.input<typeof issueListSchema>;
  });

  app.get('/api/v1/records/:recordId', coordinatorOnly, async (request) => {
    const { recordId } = parseOrBadRequest(z.object({ recordId: uuidSchema }), request.params, 'path');
    const detail = await recordDetail(db, recordId);
    if (!detail) throw httpError(404, 'not_found', 'The server has received nothing for this record.');
    // Who looked at whose record, when: the log holds every view (Art. 15 can tell the person).
    await auditRequest(context, request, { action: 'record.view', target: { type: 'record', id: recordId } });
    return detail satisfies z.input<typeof recordDetailSchema>;
  });
}
