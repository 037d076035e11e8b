/**
 * Coordinator sessions: a random id in an HTTP-only, SameSite=Strict cookie;
 * the database keeps only its SHA-256 and an absolute expiry (12 h), so any
 * instance can check it and a copy of the database signs nobody in.
 */
// For the request.cookies / reply.setCookie types the cookie plugin adds.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ServerContext } from '../context';
import type { Coordinator } from '../accounts/coordinators';
import { roles, type Role } from '../../core/api/index';
import { httpError } from '../http/errors';
import { hashSecret, randomToken } from './secrets';

export const SESSION_COOKIE = 'lotse_session';
/**
 * On https the cookie carries the `__Host-` prefix: browsers then accept it only Secure, for
 * Path=/ and without a Domain, so a neighbouring subdomain or a plain-http page cannot plant one.
 */
export const SECURE_SESSION_COOKIE = '__Host-lotse_session';
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface CoordinatorSession {
  coordinator: Coordinator;
  expiresAt: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireRole` on routes for signed-in accounts. */
    coordinatorSession?: CoordinatorSession;
  }
}

export async function createSession(db: Kysely<Database>, coordinatorId: string, now: Date): Promise<{ sessionId: string; expiresAt: string }> {
  const sessionId = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await db
    .insertInto('sessions')
    .values({ id_hash: hashSecret(sessionId), coordinator_id: coordinatorId, created_at: now.toISOString(), expires_at: expiresAt })
    .execute();
  // Expired sessions are useless; sign-in is a rare, convenient moment to drop them.
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
  return { sessionId, expiresAt };
}

export async function findSession(
  db: Kysely<Database>,
  sessionId: string,
  now: Date,
): Promise<CoordinatorSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('coordinators', 'coordinators.id', 'sessions.coordinator_id')
    .select(['coordinators.id', 'coordinators.name', 'coordinators.role', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', hashSecret(sessionId))
    .where('sessions.expires_at', '>', now.toISOString())
    // Disabling an account deletes its sessions too; this holds even for one made meanwhile.
    .where('coordinators.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row || !(roles as readonly string[]).includes(row.role)) return undefined;
  return { coordinator: { id: row.id, name: row.name, role: row.role }, expiresAt: row.expires_at };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(sessionId)).execute();
}

function sessionCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  reply.setCookie(sessionCookieName(request), sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName(request), { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/' });
}

/** The session id of the request's cookie: on https only the `__Host-` one counts. */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  const value = request.cookies[sessionCookieName(request)];
  return value && value.length <= 128 ? value : undefined;
}

/**
 * onRequest hook for the routes of signed-in accounts, before any body is read: 401
 * `unauthenticated` without a live session (none, expired, signed out, or the account is
 * disabled), 403 `forbidden` when the account's role is not among `allowed`. Routes use it
 * through `forRoles` (auth/access.ts), which also declares the roles to the server.
 */
export function requireRole(context: ServerContext, allowed: readonly Role[]): onRequestAsyncHookHandler {
  return async (request) => {
    const sessionId = sessionIdOf(request);
    const session = sessionId ? await findSession(context.database.db, sessionId, context.now()) : undefined;
    if (!session) throw httpError(401, 'unauthenticated', 'Sign in first.');
    if (!allowed.includes(session.coordinator.role)) {
      throw httpError(403, 'forbidden', `An account with the role ${session.coordinator.role} may not do this.`, { details: { role: session.coordinator.role, allowed } });
    }
    request.coordinatorSession = session;
  };
}

/** The signed-in account of a route guarded by `requireRole`. */
export function signedIn(request: FastifyRequest): CoordinatorSession {
  if (!request.coordinatorSession) throw httpError(401, 'unauthenticated', 'Sign in as a coordinator.');
  return request.coordinatorSession;
}
