/**
 * Received records for the coordinator pages, in pages (`offset`, `limit` ≤ 200, with the total).
 *   GET /api/v1/records?deviceId=&state=&from=&to=&q=&nationality=&german=&occupationArea=&municipality=&sort=&order=&offset=&limit=
 *   GET /api/v1/devices/:id/records?…                               the same for one device
 *   GET /api/v1/records/filters           what the answer filters can be set to, labelled
 *   GET /api/v1/issues?deviceId=&status=&from=&to=&offset=&limit=   rejected and conflicting entries
 *   GET /api/v1/records/:recordId         one record: every revision, conflict and entry outcome
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { access, issueListSchema, periodInOrder, recordDetailSchema, recordFilterOptionsSchema, recordListQueryObject, recordListQuerySchema, recordListSchema } from '../../core/api/index';
import { recordFilterOptions } from '../records/search';
import { uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { DEFAULT_PAGE_SIZE, listIssues, listRecords, MAX_PAGE_SIZE, recordDetail, type IssueFilter, type RecordFilter, type RecordOrder } from '../records/queries';

const pageQuery = {
  offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
};
const period = { from: z.iso.date().optional(), to: z.iso.date().optional() };
const deviceRecordListQuery = recordListQueryObject.omit({ deviceId: true }).refine(periodInOrder, { message: 'the period ends before it begins', path: ['to'] });
const issueListQuery = z.strictObject({ deviceId: uuidSchema.optional(), status: z.enum(['rejected', 'conflict']).optional(), ...period, ...pageQuery });

function recordFilter(query: z.infer<typeof recordListQuerySchema>): RecordFilter {
  return {
    ...(query.deviceId !== undefined && { deviceId: query.deviceId }),
    ...(query.state !== undefined && { state: query.state }),
    ...(query.from !== undefined && { receivedFrom: query.from }),
    ...(query.to !== undefined && { receivedTo: query.to }),
    ...(query.q !== undefined && { name: query.q }),
    ...(query.nationality !== undefined && { nationality: query.nationality }),
    ...(query.german !== undefined && { germanAtLeast: query.german }),
    ...(query.occupationArea !== undefined && { occupationArea: query.occupationArea }),
    ...(query.municipality !== undefined && { municipality: query.municipality }),
  };
}

const orderOf = (query: z.infer<typeof recordListQuerySchema>): RecordOrder => ({ by: query.sort, direction: query.order });

export function registerRecordRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const coordinatorOnly = forRoles(context, access.records);

  app.get('/api/v1/records', coordinatorOnly, async (request) => {
    const query = parseOrBadRequest(recordListQuerySchema, request.query, 'query');
    return (await listRecords(context, recordFilter(query), { offset: query.offset, limit: query.limit }, orderOf(query))) satisfies z.input<typeof recordListSchema>;
  });

  app.get('/api/v1/records/filters', coordinatorOnly, async (request) => {
    parseOrBadRequest(z.strictObject({}), request.query, 'query');
    return (await recordFilterOptions(context)) satisfies z.input<typeof recordFilterOptionsSchema>;
  });

  app.get('/api/v1/devices/:id/records', coordinatorOnly, async (request) => {
    const { id } = parseOrBadRequest(z.object({ id: uuidSchema }), request.params, 'path');
    const query = parseOrBadRequest(deviceRecordListQuery, request.query, 'query');
    const device = await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
    if (!device) throw httpError(404, 'not_found', 'There is no such device.');
    return (await listRecords(context, recordFilter({ ...query, deviceId: id }), { offset: query.offset, limit: query.limit }, orderOf(query))) satisfies z.input<typeof recordListSchema>;
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
    const detail = await recordDetail(context, recordId);
    if (!detail) throw httpError(404, 'not_found', 'The server has received nothing for this record.');
    // Who looked at whose record, when: the log holds every view (Art. 15 can tell the person).
    await auditRequest(context, request, { action: 'record.view', target: { type: 'record', id: recordId } });
    return detail satisfies z.input<typeof recordDetailSchema>;
  });
}
