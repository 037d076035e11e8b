/**
 * The device side of the sync protocol (shared/design/sync-protocol.md).
 *   POST /api/v1/sync/push   device token: push a batch of outbox entries
 *   GET  /api/v1/sync/pull   device token: published artifacts after a cursor, and the erased
 *                            records this device still has to delete
 *   POST /api/v1/sync/erasures device token: the erased records whose copy the device deleted, and the
 *                            partial erasures (issue #14) it applied to its copy
 *   POST /api/v1/sync/wiped    device token: the device deleted everything (issue #12 item 6); its token is revoked
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  MAX_ERASURES_PER_PULL,
  PARTIAL_ERASURES,
  MAX_PUSH_ENTRIES,
  PROTOCOL_VERSION,
  erasureConfirmRequestSchema,
  pullQuerySchema,
  optionalArtifactKinds,
  type OptionalArtifactKind,
  pushEntrySchema,
  pushRequestSchema,
  sealedPushEntrySchema,
  wipeConfirmRequestSchema,
  type PullResponse,
  type WirePushEntry,
} from '../../core/sync/index';
import { confirmErasures, pendingErasures, pendingPartialErasures } from '../erasure/devices';
import type { ServerContext } from '../context';
import type { AuthenticatedDevice } from '../auth/devices';
import { forDevices, forDevicesSeenByRoute } from '../auth/access';
import { audit } from '../audit/log';
import { httpError, parseOrBadRequest, zodIssueDetails } from '../http/errors';
import { changesAfter } from '../artifacts/store';
import { handlePush } from '../sync/push';
import { decodeCursor, encodeCursor } from '../sync/cursor';

function deviceOf(request: FastifyRequest): AuthenticatedDevice {
  if (!request.device) throw httpError(401, 'unauthenticated', 'A device token is required.');
  return request.device;
}

export function registerSyncRoutes(app: FastifyInstance, context: ServerContext): void {
  const deviceOnly = forDevices(context);

  // The push notes the device's contact in the transaction that stores the batch (push.ts), not in a write of its own.
  app.post('/api/v1/sync/push', { ...forDevicesSeenByRoute(context), bodyLimit: context.config.maxPushBytes }, async (request) => {
    const device = deviceOf(request);
    const body = request.body;
    // The version is judged before the shape: a newer client's body may differ in everything else.
    const version = typeof body === 'object' && body !== null && 'protocolVersion' in body ? body.protocolVersion : undefined;
    if (typeof version === 'number' && version !== PROTOCOL_VERSION) {
      throw httpError(426, 'protocol_version', `This server speaks sync protocol ${PROTOCOL_VERSION}, not ${version}. Update the app or the server.`);
    }
    // Counted before anything is validated: validating thousands of entries would hold the event loop.
    const entries = typeof body === 'object' && body !== null && 'entries' in body ? body.entries : undefined;
    if (Array.isArray(entries) && entries.length > MAX_PUSH_ENTRIES) {
      throw httpError(413, 'too_many_entries', `A push may carry at most ${MAX_PUSH_ENTRIES} entries, not ${entries.length}. Send smaller batches.`);
    }
    let checkedEntries: WirePushEntry[] | null = null;
    if (Array.isArray(entries)) {
      checkedEntries = [];
      // Entry by entry, up to the first that fails: zod collecting every issue of hundreds of junk
      // entries at once held the event loop for about a second.
      for (const [index, entry] of entries.entries()) {
        // Each form of entry checked with its own schema: a union's issues would not name the field.
        const sealed = typeof entry === 'object' && entry !== null && 'sealed' in entry;
        const checked = (sealed ? sealedPushEntrySchema : pushEntrySchema).safeParse(entry);
        if (!checked.success) {
          const details = zodIssueDetails(checked.error).map((issue) => ({ ...issue, path: ['entries', index, ...issue.path] }));
          throw httpError(400, 'bad_request', 'The push body is not valid.', { details });
        }
        checkedEntries.push(checked.data);
      }
    }
    // The entries passed their schema above (the request schema's union would accept exactly
    // these): the rest of the body is checked without parsing every entry a second time.
    const push =
      checkedEntries === null
        ? parseOrBadRequest(pushRequestSchema, body, 'push body')
        : { ...parseOrBadRequest(pushRequestSchema, { ...(body as object), entries: [] }, 'push body'), entries: checkedEntries };
    if (push.deviceId !== device.id) throw httpError(403, 'device_mismatch', 'The deviceId in the body is not the device of this token.');
    const answer = await handlePush(context, device.id, push, request.log);
    // Its transaction set last_seen_at with the batch.
    request.deviceSeen = true;
    return answer;
  });

  app.get('/api/v1/sync/pull', deviceOnly, async (request): Promise<PullResponse> => {
    const query = parseOrBadRequest(pullQuerySchema, request.query, 'query');
    const after = decodeCursor(query.cursor);
    const accepted = (query.accept ?? '').split(',').filter((kind): kind is OptionalArtifactKind => (optionalArtifactKinds as readonly string[]).includes(kind));
    const { changes, hasMore } = await changesAfter(context.database.db, after, query.limit, accepted);
    // The pull's last page ends a sync run (the tablet pushes first, then pulls): the device list's
    // "last sync" is then the same moment as the tablet's "last successful sync", also for a run with
    // nothing to push.
    if (!hasMore) {
      await context.database.db.updateTable('devices').set({ last_sync_at: context.now().toISOString() }).where('id', '=', deviceOf(request).id).execute();
    }
    const last = changes.at(-1);
    const whole = await pendingErasures(context.database.db, deviceOf(request).id, MAX_ERASURES_PER_PULL);
    // Partial erasures only to a device that says it applies them: an older one would read the whole record.
    const partial = (query.accept ?? '').split(',').includes(PARTIAL_ERASURES)
      ? await pendingPartialErasures(context.database.db, deviceOf(request).id, MAX_ERASURES_PER_PULL - whole.length)
      : [];
    const erasures = [...whole, ...partial];
    const marked = await context.database.db.selectFrom('devices').select('wipe_requested_at').where('id', '=', deviceOf(request).id).executeTakeFirst();
    return { changes, cursor: encodeCursor(last ? last.changeNo : after), hasMore, erasures, ...(marked?.wipe_requested_at ? { wipe: true } : {}) };
  });

  app.post('/api/v1/sync/erasures', deviceOnly, async (request) => {
    const device = deviceOf(request);
    const body = parseOrBadRequest(erasureConfirmRequestSchema, request.body);
    if (body.deviceId !== device.id) throw httpError(403, 'device_mismatch', 'The deviceId in the body is not the device of this token.');
    const confirmed = await confirmErasures(context.database.db, device.id, body.recordIds, context.now().toISOString(), body.partialIds ?? []);
    request.log.info({ deviceId: device.id, confirmed, listed: body.recordIds.length + (body.partialIds?.length ?? 0) }, 'erasures confirmed');
    return { confirmed };
  });

  app.post('/api/v1/sync/wiped', deviceOnly, async (request, reply) => {
    const device = deviceOf(request);
    const body = parseOrBadRequest(wipeConfirmRequestSchema, request.body);
    if (body.deviceId !== device.id) throw httpError(403, 'device_mismatch', 'The deviceId in the body is not the device of this token.');
    const nowIso = context.now().toISOString();
    await context.database.db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('devices').select(['wipe_requested_at']).where('id', '=', device.id).executeTakeFirstOrThrow();
      if (found.wipe_requested_at === null) throw httpError(409, 'wipe_not_requested', 'Nobody asked this device to wipe itself.');
      // The token dies with the data: whoever holds a copy of it can no longer push or pull.
      await trx.updateTable('devices').set({ wiped_at: nowIso, revoked_at: nowIso }).where('id', '=', device.id).execute();
      await audit(trx, { actor: { type: 'device', id: device.id, name: device.name }, action: 'device.wipe', target: { type: 'device', id: device.id }, address: request.ip, details: { deviceName: device.name }, at: context.now() });
    });
    request.log.info({ deviceId: device.id }, 'device wiped; token revoked');
    return reply.code(204).send();
  });
}
