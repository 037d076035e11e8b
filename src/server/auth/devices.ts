/**
 * Device authentication: `Authorization: Bearer <deviceToken>`. The token was
 * handed out once at enrolment; only its SHA-256 is stored.
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../context';
import { httpError } from '../http/errors';
import { hashSecret } from './secrets';

export interface AuthenticatedDevice {
  id: string;
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireDevice` on device routes. */
    device?: AuthenticatedDevice;
  }
}

/**
 * onRequest hook for device routes, so an unknown token is refused before the
 * body is read: 401 for a missing or unknown token (the client stops syncing
 * and keeps its outbox), 403 for a revoked device.
 */
export function requireDevice(context: ServerContext): onRequestAsyncHookHandler {
  return async (request) => {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw httpError(401, 'unauthenticated', 'A device token is required (Authorization: Bearer …).');
    const { db } = context.database;
    const device = await db
      .selectFrom('devices')
      .select(['id', 'name', 'revoked_at'])
      .where('token_hash', '=', hashSecret(match[1]))
      .executeTakeFirst();
    if (!device) throw httpError(401, 'unauthenticated', 'The device token is not known. Enrol the device again.');
    if (device.revoked_at !== null) throw httpError(403, 'device_revoked', 'This device has been revoked by a coordinator.');
    await db.updateTable('devices').set({ last_seen_at: context.now().toISOString() }).where('id', '=', device.id).execute();
    request.device = { id: device.id, name: device.name };
  };
}
