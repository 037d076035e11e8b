/**
 * Partner hand-over (disclosures), for coordinators and admins — never analysts.
 *   GET /api/v1/handovers                              recipients and the last hand-overs
 *   GET /api/v1/handovers/:recipientId/preview         what a hand-over would hold now, what it leaves out and why
 *   GET /api/v1/exports/partners/:recipientId.xlsx     the hand-over as XLSX, stored as a disclosure and audited
 *   GET /api/v1/exports/partners/:recipientId.csv      the same as a ZIP of CSV files
 */
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import { z } from 'zod';
import { access, type handoverOverviewSchema, type handoverPreviewSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { httpError, parseOrBadRequest } from '../http/errors';
import { XLSX_CONTENT_TYPE, ZIP_CONTENT_TYPE } from '../exports/index';
import { createHandover, handoverRecipients, listHandovers, previewHandover, UnknownRecipientError } from '../handover/handover';

const recipientId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
const fileParams = z.strictObject({ file: z.string().regex(/^[a-z][a-z0-9-]{0,63}\.(xlsx|csv)$/, 'a recipient id followed by .xlsx or .csv') });

export function registerHandoverRoutes(app: FastifyInstance, context: ServerContext): void {
  const guard = forRoles(context, access.handovers);
  const unknownRecipient = (error: unknown) => {
    if (error instanceof UnknownRecipientError) return httpError(404, 'unknown_recipient', error.message);
    return error;
  };

  app.get('/api/v1/handovers', guard, async (request) => {
    parseOrBadRequest(z.strictObject({}), request.query, 'query');
    return { recipients: await handoverRecipients(context), handovers: await listHandovers(context.database.db) } satisfies z.input<typeof handoverOverviewSchema>;
  });

  app.get('/api/v1/handovers/:recipientId/preview', guard, async (request) => {
    const params = parseOrBadRequest(z.strictObject({ recipientId }), request.params, 'path');
    try {
      return (await previewHandover(context, params.recipientId)) satisfies z.input<typeof handoverPreviewSchema>;
    } catch (error) {
      throw unknownRecipient(error);
    }
  });

  app.get('/api/v1/exports/partners/:file', guard, async (request, reply) => {
    const { file } = parseOrBadRequest(fileParams, request.params, 'path');
    parseOrBadRequest(z.strictObject({}), request.query, 'query');
    const [id, extension] = file.split('.') as [string, 'xlsx' | 'csv'];
    const { coordinator } = signedIn(request);
    reply.header('cache-control', 'no-store');
    // HEAD says what GET would send, without handing anything over.
    if (request.method === 'HEAD') return reply.type(extension === 'xlsx' ? XLSX_CONTENT_TYPE : ZIP_CONTENT_TYPE).send();
    let created;
    try {
      created = await createHandover(context, request, id, extension, { id: coordinator.id, name: coordinator.name });
    } catch (error) {
      throw unknownRecipient(error);
    }
    const stream = fs.createReadStream(created.file);
    stream.on('close', created.remove);
    return reply
      .header('content-disposition', `attachment; filename="${created.filename}"`)
      .header('x-lotse-disclosure', created.summary.id)
      .header('x-content-sha256', created.summary.sha256)
      .header('content-length', String(created.summary.bytes))
      .type(created.contentType)
      .send(stream);
  });
}
