/**
 * Received records for the coordinator pages.
 *   GET /api/v1/records?deviceId=         records (of one device or all) and sync issues
 *   GET /api/v1/devices/:id/records       the same for one device
 *   GET /api/v1/records/:recordId         one record: every revision, conflict and entry outcome
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordDetailSchema, recordListSchema } from '../../core/api/index';
import { uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { requireCoordinator } from '../auth/sessions';
import { httpError, parseOrBadRequest } from '../http/errors';
import { listRecords, recordDetail } from '../records/queries';

export function registerRecordRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const coordinatorOnly = { onRequest: requireCoordinator(context) };

  app.get('/api/v1/records', coordinatorOnly, async (request) => {
    const { deviceId } = parseOrBadRequest(z.object({ deviceId: uuidSchema.optional() }), request.query, 'query');
    return (await listRecords(db, deviceId === undefined ? {} : { deviceId })) satisfies z.input<typeof recordListSchema>;
  });

  app.get('/api/v1/devices/:id/records', coordinatorOnly, async (request) => {
    const { id } = parseOrBadRequest(z.object({ id: uuidSchema }), request.params, 'path');
    const device = await db.selectFrom('devices').select('id').where('id', '=', id).executeTakeFirst();
    if (!device) throw httpError(404, 'not_found', 'There is no such device.');
    return (await listRecords(db, { deviceId: id })) satisfies z.input<typeof recordListSchema>;
  });

  app.get('/api/v1/records/:recordId', coordinatorOnly, async (request) => {
    const { recordId } = parseOrBadRequest(z.object({ recordId: uuidSchema }), request.params, 'path');
    const detail = await recordDetail(db, recordId);
    if (!detail) throw httpError(404, 'not_found', 'The server has received nothing for this record.');
    return detail satisfies z.input<typeof recordDetailSchema>;
  });
}
