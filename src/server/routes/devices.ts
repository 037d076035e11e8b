/**
 * Enrolment and devices.
 *   POST   /api/v1/enrolments            coordinator: {deviceName?, expiresInMinutes?} → code, QR code
 *   GET    /api/v1/enrolments            coordinator: open enrolments
 *   DELETE /api/v1/enrolments/:idOrCode  coordinator
 *   POST   /api/v1/enrol                 no session: {code, deviceName} → {deviceId, deviceToken, deviceName}
 *   GET    /api/v1/devices               coordinator
 *   POST   /api/v1/devices/:id/revoke    coordinator
 *   POST   /api/v1/devices/:id/wipe      coordinator: mark lost; the next pull tells the device to wipe (issue #12 item 6)
 *   DELETE /api/v1/devices/:id/wipe      coordinator: cancel the lost mark, only before the device made contact since
 */
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { access, createEnrolmentRequestSchema, createdEnrolmentSchema, deviceListSchema, openEnrolmentListSchema, revokedDeviceSchema, wipeCancelledDeviceSchema, wipeRequestedDeviceSchema } from '../../core/api/index';
import { enrolRequestSchema, uuidSchema, type EnrolResponse } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { createEnrolment, DEFAULT_ENROLMENT_TTL_MINUTES, deleteEnrolment, openEnrolments, redeemEnrolment, SuccessionRefused } from '../accounts/enrolments';
import { failedAttemptRule, reserveAttempt } from '../auth/rate-limit';
import { signedIn } from '../auth/sessions';
import { forRoles, publicRoute } from '../auth/access';
import { audit, auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { unconfirmedErasures } from '../erasure/devices';

const idParamsSchema = z.object({ id: uuidSchema });

export function registerDeviceRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const coordinatorOnly = forRoles(context, access.devices);

  app.post('/api/v1/enrolments', coordinatorOnly, async (request, reply) => {
    const body = parseOrBadRequest(createEnrolmentRequestSchema, request.body ?? {});
    const enrolment = await createEnrolment(db, {
      deviceName: body.deviceName ?? null,
      createdBy: signedIn(request).coordinator.id,
      now: context.now(),
      ttlMinutes: body.expiresInMinutes ?? DEFAULT_ENROLMENT_TTL_MINUTES,
    });
    // The tablet opens this URL (scanned) and reads the code from the fragment, which never reaches a server log.
    const enrolUrl = `${request.protocol}://${request.host}/enrol#${enrolment.code}`;
    const qrSvg = await QRCode.toString(enrolUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    request.log.info({ enrolmentId: enrolment.id }, 'enrolment created');
    await auditRequest(context, request, {
      action: 'enrolment.create',
      target: { type: 'enrolment', id: enrolment.id },
      details: { deviceName: enrolment.deviceName, expiresAt: enrolment.expiresAt },
    });
    return reply.code(201).send({ ...enrolment, enrolUrl, qrSvg } satisfies z.input<typeof createdEnrolmentSchema>);
  });

  app.get('/api/v1/enrolments', coordinatorOnly, async () => ({ enrolments: await openEnrolments(db, context.now()) }) satisfies z.input<typeof openEnrolmentListSchema>);

  app.delete('/api/v1/enrolments/:idOrCode', coordinatorOnly, async (request, reply) => {
    const { idOrCode } = parseOrBadRequest(z.object({ idOrCode: z.string().min(1).max(100) }), request.params, 'path');
    await db.transaction().execute(async (trx) => {
      const deleted = await deleteEnrolment(trx, idOrCode);
      if (!deleted) throw httpError(404, 'not_found', 'There is no open enrolment with this id or code.');
      await auditRequest(context, request, { action: 'enrolment.delete', target: { type: 'enrolment', id: deleted.id } }, trx);
    });
    return reply.code(204).send();
  });

  app.post('/api/v1/enrol', publicRoute, async (request, reply) => {
    const body = parseOrBadRequest(enrolRequestSchema, request.body);
    const now = context.now();
    // Counted before the code is looked up, so many attempts at once cannot all be evaluated.
    const attempt = await reserveAttempt(db, [{ key: `enrol-ip:${request.ip}`, rule: failedAttemptRule }], now);
    let device;
    try {
      device = await redeemEnrolment(db, { code: body.code, deviceName: body.deviceName, now, previous: body.previous });
    } catch (error) {
      if (!(error instanceof SuccessionRefused)) {
        await attempt.release().catch(() => undefined);
        throw error;
      }
      await attempt.failed();
      request.log.warn({ ip: request.ip, previousDeviceId: body.previous?.deviceId, reason: error.code }, 'refused re-enrolment');
      throw error.code === 'previous_device_unproven'
        ? httpError(403, error.code, 'This tablet names a device whose token it does not hold. Ask a coordinator.')
        : httpError(409, error.code, 'Another tablet already continues the device this tablet names. Ask a coordinator.');
    }
    if (!device) {
      await attempt.failed();
      request.log.warn({ ip: request.ip }, 'failed enrolment');
      throw httpError(400, 'invalid_enrolment_code', 'The code is unknown, used or expired. Ask a coordinator for a new one.');
    }
    await attempt.succeeded();
    request.log.info({ deviceId: device.deviceId }, 'device enrolled');
    await audit(db, {
      actor: { type: 'device', id: device.deviceId, name: device.deviceName },
      action: 'device.enrol',
      target: { type: 'device', id: device.deviceId },
      address: request.ip,
      details: { deviceName: device.deviceName, ...(body.previous && { continues: body.previous.deviceId }) },
      at: now,
    });
    return reply.code(201).send(device satisfies EnrolResponse);
  });

  app.get('/api/v1/devices', coordinatorOnly, async () => {
    const rows = await db.selectFrom('devices').selectAll().orderBy('enrolled_at', 'desc').execute();
    const unconfirmed = await Promise.all(rows.map((row) => unconfirmedErasures(db, row.id)));
    return {
      devices: rows.map((row, index) => ({
        id: row.id,
        name: row.name,
        enrolledAt: row.enrolled_at,
        lastSeenAt: row.last_seen_at,
        lastSyncAt: row.last_sync_at,
        lastSeq: row.last_seq,
        entriesReceived: row.entries_received,
        pendingCount: row.pending_count,
        revoked: row.revoked_at !== null,
        revokedAt: row.revoked_at,
        unconfirmedErasures: unconfirmed[index]!,
        wipeRequestedAt: row.wipe_requested_at,
        wipedAt: row.wiped_at,
      })),
    } satisfies z.input<typeof deviceListSchema>;
  });

  app.post('/api/v1/devices/:id/revoke', coordinatorOnly, async (request) => {
    const { id } = parseOrBadRequest(idParamsSchema, request.params, 'path');
    const nowIso = context.now().toISOString();
    // Revoking twice keeps the first time. Records stay: they were received under a valid token.
    // The revocation and its audit entry commit together.
    const device = await db.transaction().execute(async (trx) => {
      const revoked = await trx.updateTable('devices').set({ revoked_at: nowIso }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      const found = await trx.selectFrom('devices').select(['id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
      if (!found) throw httpError(404, 'not_found', 'There is no such device.');
      if (Number(revoked.numUpdatedRows) > 0) {
        await auditRequest(context, request, { action: 'device.revoke', target: { type: 'device', id: found.id }, details: { deviceName: found.name } }, trx);
      }
      return found;
    });
    request.log.info({ deviceId: id }, 'device revoked');
    return { id: device.id, name: device.name, revoked: true, revokedAt: device.revoked_at } satisfies z.input<typeof revokedDeviceSchema>;
  });

  app.post('/api/v1/devices/:id/wipe', coordinatorOnly, async (request) => {
    const { id } = parseOrBadRequest(idParamsSchema, request.params, 'path');
    const nowIso = context.now().toISOString();
    const account = signedIn(request).coordinator;
    // Marking twice keeps the first time. The device is not revoked now: it must still reach the
    // server to push what it has not sent and to learn of the wipe; its confirmation revokes it.
    const device = await db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('devices').select(['id', 'name', 'revoked_at', 'wipe_requested_at']).where('id', '=', id).executeTakeFirst();
      if (!found) throw httpError(404, 'not_found', 'There is no such device.');
      if (found.revoked_at !== null) throw httpError(409, 'device_revoked', 'This device is revoked: it can no longer reach the server, so it cannot be told to wipe itself.');
      if (found.wipe_requested_at !== null) return found;
      await trx.updateTable('devices').set({ wipe_requested_at: nowIso, wipe_requested_by: account.id }).where('id', '=', id).execute();
      await auditRequest(context, request, { action: 'device.wipe_request', target: { type: 'device', id: found.id }, details: { deviceName: found.name } }, trx);
      return { ...found, wipe_requested_at: nowIso };
    });
    request.log.info({ deviceId: id }, 'device marked lost: wipe requested');
    return { id: device.id, name: device.name, wipeRequestedAt: device.wipe_requested_at ?? nowIso } satisfies z.input<typeof wipeRequestedDeviceSchema>;
  });
  app.delete('/api/v1/devices/:id/wipe', coordinatorOnly, async (request) => {
    const { id } = parseOrBadRequest(idParamsSchema, request.params, 'path');
    // Found again (a tablet in a drawer): the mark is taken back as long as the device has not been
    // in contact since — after that it may have learned of the wipe, and a half-undone wipe helps nobody.
    const device = await db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('devices').select(['id', 'name', 'revoked_at', 'wipe_requested_at', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
      if (!found) throw httpError(404, 'not_found', 'There is no such device.');
      if (found.revoked_at !== null) throw httpError(409, 'device_revoked', 'This device is revoked (or wiped): there is no lost mark to take back.');
      if (found.wipe_requested_at === null) throw httpError(409, 'wipe_not_requested', 'This device is not marked lost.');
      if (found.last_seen_at !== null && found.last_seen_at >= found.wipe_requested_at) {
        throw httpError(409, 'wipe_delivered', 'The device has been in contact since it was marked lost: it may have wiped itself already, so the mark stays.');
      }
      const cancelled = await trx
        .updateTable('devices')
        .set({ wipe_requested_at: null, wipe_requested_by: null })
        .where('id', '=', id)
        .where('wipe_requested_at', '=', found.wipe_requested_at)
        .executeTakeFirst();
      if (Number(cancelled.numUpdatedRows) === 0) throw httpError(409, 'wipe_delivered', 'The lost mark changed meanwhile; look again.');
      await auditRequest(context, request, { action: 'device.wipe_cancel', target: { type: 'device', id: found.id }, details: { deviceName: found.name, markedAt: found.wipe_requested_at } }, trx);
      return found;
    });
    request.log.info({ deviceId: id }, 'lost mark cancelled before the device made contact');
    return { id: device.id, name: device.name, wipeRequestedAt: null } satisfies z.input<typeof wipeCancelledDeviceSchema>;
  });
}
