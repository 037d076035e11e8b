/**
 * First set-up and coordinator sign-in.
 *   GET  /api/v1/setup          whether set-up is still open
 *   POST /api/v1/setup          {token, name, password} → the first coordinator, signed in
 *   POST /api/v1/auth/login     {name, password} → session cookie (rate-limited per name and per IP)
 *   POST /api/v1/auth/logout
 *   GET  /api/v1/auth/me
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { loginRequestSchema, sessionSchema, setupRequestSchema, setupStateSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { createFirstCoordinator, hasCoordinator, normaliseCoordinatorName, type Coordinator } from '../accounts/coordinators';
import { assertNotRateLimited, clearFailedAttempts, recordFailedAttempt } from '../auth/rate-limit';
import { burnPasswordCheck, verifyPassword } from '../auth/passwords';
import { clearSessionCookie, createSession, deleteSession, requireCoordinator, sessionIdOf, setSessionCookie, signedIn } from '../auth/sessions';
import { httpError, parseOrBadRequest } from '../http/errors';

async function signIn(context: ServerContext, request: FastifyRequest, reply: FastifyReply, coordinator: Coordinator) {
  const { sessionId, expiresAt } = await createSession(context.database.db, coordinator.id, context.now());
  setSessionCookie(request, reply, sessionId);
  return { coordinator, expiresAt } satisfies z.input<typeof sessionSchema>;
}

export function registerAccountRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;

  app.get('/api/v1/setup', async () => ({ setupRequired: !(await hasCoordinator(db)) }) satisfies z.input<typeof setupStateSchema>);

  app.post('/api/v1/setup', async (request, reply) => {
    const body = parseOrBadRequest(setupRequestSchema, request.body);
    const coordinator = await createFirstCoordinator(db, { ...body, now: context.now() });
    request.log.info({ coordinatorId: coordinator.id }, 'first coordinator created');
    return reply.code(201).send(await signIn(context, request, reply, coordinator));
  });

  app.post('/api/v1/auth/login', async (request, reply) => {
    const body = parseOrBadRequest(loginRequestSchema, request.body);
    const name = normaliseCoordinatorName(body.name);
    const keys = [`login-name:${name.toLocaleLowerCase('de')}`, `login-ip:${request.ip}`];
    const now = context.now();
    await assertNotRateLimited(db, keys, now);
    const account = await db.selectFrom('coordinators').select(['id', 'name', 'password_hash']).where('name', '=', name).executeTakeFirst();
    let valid = false;
    if (account) valid = await verifyPassword(body.password, account.password_hash);
    else await burnPasswordCheck(body.password);
    if (!account || !valid) {
      await recordFailedAttempt(db, keys, now);
      request.log.warn({ ip: request.ip }, 'failed coordinator sign-in');
      throw httpError(401, 'invalid_credentials', 'Name or password is wrong.');
    }
    // Only the name's count is cleared: a success must not wipe an address's record of guessing other names.
    await clearFailedAttempts(db, [keys[0]!]);
    return signIn(context, request, reply, { id: account.id, name: account.name });
  });

  app.post('/api/v1/auth/logout', async (request, reply) => {
    const sessionId = sessionIdOf(request);
    if (sessionId) await deleteSession(db, sessionId);
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', { onRequest: requireCoordinator(context) }, async (request) => signedIn(request) satisfies z.input<typeof sessionSchema>);
}
