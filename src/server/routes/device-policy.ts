/**
 * When tablets lock (issue #12 item 4), set by an admin and published as the next version of the
 * artifact `device-policy tablets`, which tablets pull (`accept=device-policy`).
 *   GET /api/v1/device-policy   {values: {inactivityMinutes, hiddenMinutes}, version, publishedAt}
 *                               (the defaults, 5 and 1 minutes, with version null until saved)
 *   PUT /api/v1/device-policy   {inactivityMinutes 1–60, hiddenMinutes 0–60} → 201 the saved policy, 200 unchanged
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { access, devicePolicyRequestSchema, type devicePolicyResponseSchema } from '../../core/api/index';
import { DEFAULT_DEVICE_POLICY, DEVICE_POLICY_ARTIFACT_ID, devicePolicyArtifactSchema } from '../../core/encryption/artifact';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { prepareArtifact, publishArtifact } from '../artifacts/store';

type PolicyAnswer = z.input<typeof devicePolicyResponseSchema>;

export function registerDevicePolicyRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const adminOnly = forRoles(context, access.devices);

  async function current(): Promise<PolicyAnswer> {
    const row = await db.selectFrom('artifacts').select(['body', 'published_at']).where('kind', '=', 'device-policy').where('id', '=', DEVICE_POLICY_ARTIFACT_ID)
      .where('retired', '=', 0).orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (!row) return { values: DEFAULT_DEVICE_POLICY, version: null, publishedAt: null };
    const policy = devicePolicyArtifactSchema.parse(JSON.parse(row.body));
    return { values: { inactivityMinutes: policy.inactivityMinutes, hiddenMinutes: policy.hiddenMinutes }, version: policy.version, publishedAt: row.published_at };
  }

  app.get('/api/v1/device-policy', adminOnly, async () => current());

  app.put('/api/v1/device-policy', adminOnly, async (request, reply) => {
    const values = parseOrBadRequest(devicePolicyRequestSchema, request.body);
    const before = await current();
    if (before.version !== null && before.values.inactivityMinutes === values.inactivityMinutes && before.values.hiddenMinutes === values.hiddenMinutes) {
      return reply.code(200).send(before);
    }
    const latest = await db.selectFrom('artifacts').select((eb) => eb.fn.max('version').as('max')).where('kind', '=', 'device-policy').executeTakeFirst();
    const prepared = prepareArtifact('device-policy', { id: DEVICE_POLICY_ARTIFACT_ID, version: Number(latest?.max ?? 0) + 1, ...values });
    if (!prepared.ok) throw httpError(400, 'bad_request', prepared.problems.join('; '));
    await publishArtifact(db, prepared.artifact, { now: context.now(), publishedBy: signedIn(request).coordinator.id });
    await auditRequest(context, request, {
      action: 'device_policy.change',
      target: { type: 'settings', id: DEVICE_POLICY_ARTIFACT_ID },
      details: { version: prepared.artifact.version, ...values },
    });
    return reply.code(201).send(await current());
  });
}
