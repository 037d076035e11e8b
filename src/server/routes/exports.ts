/**
 * The coordinators' full exports of received records, streamed (see exports/export.ts).
 *   GET /api/v1/exports/records.xlsx?from=&to=&municipality=&deviceId=&form=&labels=de|en|codes&multi=columns|joined
 *   GET /api/v1/exports/records.csv?…   the same tables as a ZIP of CSV files
 * Errors (a bad query, an unknown filter value) are JSON answers before the first byte of the file.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access, recordExportQuerySchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { ExportSelectionError, startExport, UnknownFieldError, XLSX_CONTENT_TYPE, ZIP_CONTENT_TYPE, type ExportFormat } from '../exports/index';

export function registerExportRoutes(app: FastifyInstance, context: ServerContext): void {
  // Every answer of every record, names included: not for analysts.
  const coordinatorOnly = forRoles(context, access.records);

  const handler = (format: ExportFormat) => async (request: FastifyRequest, reply: FastifyReply) => {
    const query = parseOrBadRequest(recordExportQuerySchema, request.query, 'query');
    const { coordinator } = signedIn(request);
    reply.header('cache-control', 'no-store');
    // HEAD says what GET would send, without running the export.
    if (request.method === 'HEAD') return reply.type(format === 'xlsx' ? XLSX_CONTENT_TYPE : ZIP_CONTENT_TYPE).send();
    let running;
    try {
      running = await startExport(context, {
        format,
        selection: {
          filters: { from: query.from, to: query.to, municipality: query.municipality, deviceId: query.deviceId, formRef: query.form },
        },
        labels: query.labels,
        multi: query.multi,
        exportedBy: { id: coordinator.id, name: coordinator.name },
      });
    } catch (error) {
      if (error instanceof UnknownFieldError || error instanceof ExportSelectionError) throw httpError(400, 'bad_request', error.message);
      throw error;
    }
    // Logged when the file starts, with what it selects: a download cut short was still a disclosure.
    await auditRequest(context, request, {
      action: 'record.export',
      details: { format, labels: query.labels, multi: query.multi, filters: { from: query.from ?? null, to: query.to ?? null, municipality: query.municipality ?? null, deviceId: query.deviceId ?? null, form: query.form ?? null } },
    });
    running.done.then(
      (summary) => request.log.info({ export: 'records', format, records: summary.records, bytes: summary.bytes, coordinator: coordinator.id }, 'export written'),
      (error: unknown) => request.log.warn({ export: 'records', format, err: error }, 'export stopped before its end'),
    );
    // The client went away: stop reading the database.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) running.cancel();
    });
    return reply.header('content-disposition', `attachment; filename="${running.filename}"`).type(running.contentType).send(running.stream);
  };

  app.get('/api/v1/exports/records.xlsx', coordinatorOnly, handler('xlsx'));
  app.get('/api/v1/exports/records.csv', coordinatorOnly, handler('csv'));
}
