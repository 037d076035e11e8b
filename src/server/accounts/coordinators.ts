/**
 * Coordinator accounts and the one-time set-up tokens that create the first one.
 * Shared by the HTTP routes, the start-up in main.ts and the CLI.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Role } from '../../core/api/index';
import { takeLock } from '../db/locks';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { hashSecret, randomToken } from '../auth/secrets';
import { httpError } from '../http/errors';

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60_000;
export const MAX_NAME_LENGTH = 100;

/** A signed-in account (the name is historical: every account, whatever its role). */
export interface Coordinator {
  id: string;
  name: string;
  role: Role;
}

export function normaliseCoordinatorName(name: string): string {
  return name.normalize('NFC').trim();
}

function assertValidAccount(name: string, password: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw httpError(400, 'bad_request', `The name must have 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  const problem = passwordProblem(password);
  if (problem) throw httpError(400, 'weak_password', problem);
}

export async function hasCoordinator(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('coordinators').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts a coordinator under the `coordinators` lock, after `precondition`
 * has checked what must hold inside the same transaction. Once anyone can sign
 * in, the set-up links stop working.
 */
async function insertCoordinator(
  db: Kysely<Database>,
  input: { name: string; password: string; now: Date; role: Role },
  precondition: (db: Kysely<Database>, name: string, nowIso: string) => Promise<void>,
): Promise<Coordinator> {
  const name = normaliseCoordinatorName(input.name);
  assertValidAccount(name, input.password);
  // Checked once before the costly hash too, so a refused request costs no scrypt.
  await precondition(db, name, input.now.toISOString());
  const passwordHash = await hashPassword(input.password);
  const nowIso = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    await precondition(trx, name, nowIso);
    const coordinator = { id: crypto.randomUUID(), name, role: input.role };
    await trx.insertInto('coordinators').values({ ...coordinator, password_hash: passwordHash, created_at: nowIso }).execute();
    await trx.deleteFrom('setup_tokens').execute();
    return coordinator;
  });
}

/**
 * Creates an account with a password (the CLI's way, allowed at any time); an admin unless
 * `role` says otherwise. Throws 409 when the name is taken.
 */
export function createCoordinator(db: Kysely<Database>, input: { name: string; password: string; now: Date; role?: Role }): Promise<Coordinator> {
  return insertCoordinator(db, { ...input, role: input.role ?? 'admin' }, async (from, name) => {
    const taken = await from.selectFrom('coordinators').select('id').where('name', '=', name).executeTakeFirst();
    if (taken) throw httpError(409, 'name_taken', `A coordinator named "${name}" exists already.`);
  });
}

/** A new set-up token (only its hash is stored), valid for 24 h. */
export async function createSetupToken(db: Kysely<Database>, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS).toISOString();
  await db.deleteFrom('setup_tokens').where('expires_at', '<=', now.toISOString()).execute();
  await db.insertInto('setup_tokens').values({ token_hash: hashSecret(token), created_at: now.toISOString(), expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

/**
 * Creates the first coordinator with a set-up token. Under the lock, two
 * set-ups racing (on several instances, with different tokens) cannot both
 * succeed.
 */
export function createFirstCoordinator(
  db: Kysely<Database>,
  input: { token: string; name: string; password: string; now: Date },
): Promise<Coordinator> {
  // The first account administers the others.
  return insertCoordinator(db, { ...input, role: 'admin' }, async (from, _name, nowIso) => {
    const existing = await from.selectFrom('coordinators').select('id').limit(1).executeTakeFirst();
    if (existing) throw httpError(409, 'setup_done', 'A coordinator exists already; sign in instead.');
    const token = await from
      .selectFrom('setup_tokens')
      .select('token_hash')
      .where('token_hash', '=', hashSecret(input.token))
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    if (!token) throw httpError(401, 'invalid_setup_token', 'The set-up link is unknown or has expired. Restart the server for a new one.');
  });
}
