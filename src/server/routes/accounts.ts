/**
 * First set-up and coordinator sign-in.
 *   GET  /api/v1/setup          whether set-up is still open
 *   POST /api/v1/setup          {token, name, password} → the first coordinator, signed in
 *   POST /api/v1/auth/login     {name, password} → session cookie (rate-limited per address, per name
 *                               at an address, and per name for addresses that have failed before)
 *   POST /api/v1/auth/logout
 *   GET  /api/v1/auth/me
 * Each sign-in, failed sign-in, set-up and sign-out is an audit entry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { access, loginRequestSchema, sessionSchema, setupRequestSchema, setupStateSchema } from '../../core/api/index';
import type { ServerContext } from '../context';
import { createFirstCoordinator, hasCoordinator, normaliseCoordinatorName, type Coordinator } from '../accounts/coordinators';
import { addressLoginRule, failedAttemptRule, hasNoAttempts, loginKeys, nameLoginRule, reserveAttempt } from '../auth/rate-limit';
import { burnPasswordCheck, verifyPassword } from '../auth/passwords';
import { clearSessionCookie, createSession, deleteSession, findSession, sessionIdOf, setSessionCookie, signedIn } from '../auth/sessions';
import { forRoles, publicRoute } from '../auth/access';
import { audit, type AuditInput } from '../audit/log';
import { NO_PASSWORD } from '../accounts/management';
import { httpError, isHttpError, parseOrBadRequest } from '../http/errors';

/** Starts a session; `entry` (the sign-in's audit entry) commits with the session or not at all. */
export async function signIn(context: ServerContext, request: FastifyRequest, reply: FastifyReply, coordinator: Coordinator, entry?: AuditInput) {
  const { sessionId, expiresAt } = await context.database.db.transaction().execute(async (trx) => {
    const session = await createSession(trx, coordinator.id, context.now());
    if (entry) await audit(trx, entry);
    return session;
  });
  setSessionCookie(request, reply, sessionId);
  return { coordinator, expiresAt } satisfies z.input<typeof sessionSchema>;
}

export function registerAccountRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;

  app.get('/api/v1/setup', publicRoute, async () => ({ setupRequired: !(await hasCoordinator(db)) }) satisfies z.input<typeof setupStateSchema>);

  app.post('/api/v1/setup', publicRoute, async (request, reply) => {
    const body = parseOrBadRequest(setupRequestSchema, request.body);
    const coordinator = await createFirstCoordinator(db, { ...body, now: context.now() });
    request.log.info({ coordinatorId: coordinator.id }, 'first coordinator created');
    await audit(db, {
      actor: { type: 'account', id: coordinator.id, name: coordinator.name },
      action: 'auth.setup',
      target: { type: 'account', id: coordinator.id },
      address: request.ip,
      details: { role: coordinator.role },
      at: context.now(),
    });
    return reply.code(201).send(await signIn(context, request, reply, coordinator));
  });

  app.post('/api/v1/auth/login', publicRoute, async (request, reply) => {
    const body = parseOrBadRequest(loginRequestSchema, request.body);
    const name = normaliseCoordinatorName(body.name);
    const keys = loginKeys(name, request.ip);
    const now = context.now();
    // The per-name limit holds only addresses that have failed before: whoever guesses a name
    // from many addresses is slowed, while its owner, typing from a clean address, still gets in.
    const cleanAddress = await hasNoAttempts(db, keys.address, addressLoginRule, now);
    let attempt;
    try {
      attempt = await reserveAttempt(db, [
        { key: keys.address, rule: addressLoginRule },
        { key: keys.nameAtAddress, rule: failedAttemptRule },
        { key: keys.name, rule: nameLoginRule, enforced: !cleanAddress },
      ], now);
    } catch (error) {
      // Refused by the rate limit before any check: logged too (whoever is guessing, and which name).
      if (isHttpError(error) && error.statusCode === 429) {
        await audit(db, {
          actor: { type: 'anonymous', name: name.slice(0, 100) },
          action: 'auth.sign_in_failed',
          target: null,
          address: request.ip,
          details: { reason: 'rate_limited', retryAfter: Number(error.headers?.['retry-after'] ?? 0) },
          at: context.now(),
        });
      }
      throw error;
    }
    let account;
    let valid = false;
    try {
      account = await db.selectFrom('coordinators').select(['id', 'name', 'role', 'password_hash', 'disabled_at']).where('name', '=', name).executeTakeFirst();
      // A disabled account, or one whose password is not set yet, costs the same time as any other.
      if (account && account.disabled_at === null && account.password_hash !== NO_PASSWORD) valid = await verifyPassword(body.password, account.password_hash);
      else await burnPasswordCheck(body.password);
    } catch (error) {
      // Not checked (too busy, or the database failed): not a failure of whoever tried.
      await attempt.release().catch(() => undefined);
      throw error;
    }
    if (!account || !valid) {
      await attempt.failed();
      request.log.warn({ ip: request.ip }, 'failed coordinator sign-in');
      await audit(db, {
        actor: { type: 'anonymous', name: name.slice(0, 100) },
        action: 'auth.sign_in_failed',
        target: account ? { type: 'account', id: account.id } : null,
        address: request.ip,
        details: { reason: !account ? 'unknown_name' : account.disabled_at !== null ? 'disabled' : account.password_hash === NO_PASSWORD ? 'no_password' : 'wrong_password' },
        at: context.now(),
      });
      throw httpError(401, 'invalid_credentials', 'Name or password is wrong.');
    }
    // The owner's own typos from this address are forgiven; the address's record of guessing
    // other names, and the name's failures elsewhere, are not.
    await attempt.succeeded([keys.nameAtAddress]);
    return signIn(context, request, reply, { id: account.id, name: account.name, role: account.role }, {
      actor: { type: 'account', id: account.id, name: account.name },
      action: 'auth.sign_in',
      target: { type: 'account', id: account.id },
      address: request.ip,
      details: { role: account.role },
      at: context.now(),
    });
  });

  app.post('/api/v1/auth/logout', publicRoute, async (request, reply) => {
    const sessionId = sessionIdOf(request);
    if (sessionId) {
      const session = await findSession(db, sessionId, context.now());
      await deleteSession(db, sessionId);
      if (session) {
        const { coordinator } = session;
        await audit(db, { actor: { type: 'account', id: coordinator.id, name: coordinator.name }, action: 'auth.sign_out', address: request.ip, at: context.now() });
      }
    }
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/me', forRoles(context, access.signedIn), async (request) => signedIn(request) satisfies z.input<typeof sessionSchema>);
}
