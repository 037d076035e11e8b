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
    /** A route that records the contact itself (the push, in its transaction) sets this once it has. */
    deviceSeen?: boolean;
  }
}

/** Notes that the device was in contact now (`last_seen_at`: the device list, and whether a lost mark may still be taken back). */
export async function markDeviceSeen(context: ServerContext, deviceId: string): Promise<void> {
  await context.database.db.updateTable('devices').set({ last_seen_at: context.now().toISOString() }).where('id', '=', deviceId).execute();
}

/**
 * onRequest hook for device routes, so an unknown token is refused before the
 * body is read: 401 for a missing or unknown token (the client stops syncing
 * and keeps its outbox), 403 for a revoked device.
 *
 * `seenByRoute`: the route records the contact in its own transaction (the push does, in the
 * transaction that stores the batch), so no separate write is made here — on SQLite with
 * synchronous=FULL that write was a commit and an fsync of its own for every batch. A request
 * that ends before the route recorded it (a refused body, an error) is noted after its answer
 * (`forDevices`' onResponse), so every contact is still recorded.
 */
export function requireDevice(context: ServerContext, options: { seenByRoute?: boolean } = {}): onRequestAsyncHookHandler {
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
    if (!options.seenByRoute) await markDeviceSeen(context, device.id);
    request.device = { id: device.id, name: device.name };
  };
}
