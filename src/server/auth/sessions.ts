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
import { httpError } from '../http/errors';
import { hashSecret, randomToken } from './secrets';

export const SESSION_COOKIE = 'lotse_session';
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface CoordinatorSession {
  coordinator: Coordinator;
  expiresAt: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireCoordinator` on routes for signed-in coordinators. */
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
    .select(['coordinators.id', 'coordinators.name', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', hashSecret(sessionId))
    .where('sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row && { coordinator: { id: row.id, name: row.name }, expiresAt: row.expires_at };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(sessionId)).execute();
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/' });
}

export function sessionIdOf(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value && value.length <= 128 ? value : undefined;
}

/** onRequest hook for coordinator routes: 401 without a live session, before any body is read. */
export function requireCoordinator(context: ServerContext): onRequestAsyncHookHandler {
  return async (request) => {
    const sessionId = sessionIdOf(request);
    const session = sessionId ? await findSession(context.database.db, sessionId, context.now()) : undefined;
    if (!session) throw httpError(401, 'unauthenticated', 'Sign in as a coordinator.');
    request.coordinatorSession = session;
  };
}

/** The signed-in coordinator of a route guarded by `requireCoordinator`. */
export function signedIn(request: FastifyRequest): CoordinatorSession {
  if (!request.coordinatorSession) throw httpError(401, 'unauthenticated', 'Sign in as a coordinator.');
  return request.coordinatorSession;
}
