/**
 * Accounts as an admin manages them: create (the owner sets the password with a one-time link),
 * change the role, disable and enable, reset the password (a new one-time link). Every change
 * and its audit entry are one transaction, under the `coordinators` lock, and no change may
 * leave the server without an enabled admin who can sign in (409 `last_admin`).
 */
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Account, Role } from '../../core/api/index';
import type { Database } from '../db/schema';
import { takeLock } from '../db/locks';
import { httpError } from '../http/errors';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { hashSecret, randomToken } from '../auth/secrets';
import { audit, type AuditActor } from '../audit/log';
import { MAX_NAME_LENGTH, normaliseCoordinatorName, type Coordinator } from './coordinators';

/** How long a set-password link works: long enough to reach its owner over a weekend. */
export const PASSWORD_LINK_TTL_MS = 72 * 60 * 60_000;

/** Stored instead of a hash while no password is set: `verifyPassword` never accepts it. */
const NO_PASSWORD = '!';

/** Who made a change and from where, for the audit entry. */
export interface ChangeBy {
  actor: AuditActor;
  address: string | null;
  now: Date;
}

async function accountRows(db: Kysely<Database> | Transaction<Database>, nowIso: string, id?: string) {
  let query = db
    .selectFrom('coordinators')
    .leftJoin(
      (eb) => eb.selectFrom('password_links').select(['coordinator_id', (e) => e.fn.max('expires_at').as('link_expires_at')])
        .where('expires_at', '>', nowIso).groupBy('coordinator_id').as('links'),
      (join) => join.onRef('links.coordinator_id', '=', 'coordinators.id'),
    )
    .select(['coordinators.id', 'coordinators.name', 'coordinators.role', 'coordinators.created_at', 'coordinators.disabled_at', 'coordinators.password_hash', 'links.link_expires_at'])
    .orderBy('coordinators.name');
  if (id !== undefined) query = query.where('coordinators.id', '=', id);
  const rows = await query.execute();
  return rows.map((row): Account => ({
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    passwordSet: row.password_hash !== NO_PASSWORD,
    linkExpiresAt: row.link_expires_at ?? null,
  }));
}

export function listAccounts(db: Kysely<Database>, now: Date): Promise<Account[]> {
  return accountRows(db, now.toISOString());
}

async function accountIn(trx: Transaction<Database>, id: string, nowIso: string): Promise<Account> {
  const [account] = await accountRows(trx, nowIso, id);
  if (!account) throw httpError(404, 'not_found', 'There is no such account.');
  return account;
}

/** Refuses when no enabled admin that can sign in would remain (call after the change, inside the transaction). */
async function assertAnAdminRemains(trx: Transaction<Database>): Promise<void> {
  const admin = await trx
    .selectFrom('coordinators')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('password_hash', '!=', NO_PASSWORD)
    .limit(1)
    .executeTakeFirst();
  if (!admin) throw httpError(409, 'last_admin', 'This would leave no admin who can sign in. Make another account admin first.');
}

/** A new one-time link for an account; older links of the account stop working. */
async function newLink(trx: Transaction<Database>, coordinatorId: string, createdBy: string | null, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_TTL_MS).toISOString();
  await trx.deleteFrom('password_links').where((eb) => eb.or([eb('coordinator_id', '=', coordinatorId), eb('expires_at', '<=', now.toISOString())])).execute();
  await trx.insertInto('password_links').values({ token_hash: hashSecret(token), coordinator_id: coordinatorId, created_by: createdBy, created_at: now.toISOString(), expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

function actorAccountId(by: ChangeBy): string | null {
  return by.actor.type === 'account' ? (by.actor.id ?? null) : null;
}

/** Creates an account without a password; its owner sets one with the returned link's token. */
export async function createAccount(
  db: Kysely<Database>,
  input: { name: string; role: Role },
  by: ChangeBy,
): Promise<{ account: Account; token: string; expiresAt: string }> {
  const name = normaliseCoordinatorName(input.name);
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw httpError(400, 'bad_request', `The name must have 1 to ${MAX_NAME_LENGTH} characters.`);
  const nowIso = by.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    const taken = await trx.selectFrom('coordinators').select('id').where('name', '=', name).executeTakeFirst();
    if (taken) throw httpError(409, 'name_taken', `An account named "${name}" exists already.`);
    const id = crypto.randomUUID();
    await trx.insertInto('coordinators').values({ id, name, role: input.role, password_hash: NO_PASSWORD, created_at: nowIso }).execute();
    // Once an account exists, the first set-up is over.
    await trx.deleteFrom('setup_tokens').execute();
    const link = await newLink(trx, id, actorAccountId(by), by.now);
    const account = await accountIn(trx, id, nowIso);
    await audit(trx, { actor: by.actor, action: 'account.create', target: { type: 'account', id }, address: by.address, details: { name, role: input.role }, at: by.now });
    return { account, ...link };
  });
}

export async function changeRole(db: Kysely<Database>, id: string, role: Role, by: ChangeBy): Promise<Account> {
  const nowIso = by.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    const before = await accountIn(trx, id, nowIso);
    if (before.role === role) return before;
    await trx.updateTable('coordinators').set({ role }).where('id', '=', id).execute();
    await assertAnAdminRemains(trx);
    await audit(trx, { actor: by.actor, action: 'account.role_change', target: { type: 'account', id }, address: by.address, details: { name: before.name, from: before.role, to: role }, at: by.now });
    return accountIn(trx, id, nowIso);
  });
}

/** Disables an account: it cannot sign in, its sessions and open links end at once. */
export async function disableAccount(db: Kysely<Database>, id: string, by: ChangeBy): Promise<Account> {
  const nowIso = by.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    const before = await accountIn(trx, id, nowIso);
    if (before.disabledAt !== null) return before;
    await trx.updateTable('coordinators').set({ disabled_at: nowIso }).where('id', '=', id).execute();
    await assertAnAdminRemains(trx);
    const ended = await trx.deleteFrom('sessions').where('coordinator_id', '=', id).executeTakeFirst();
    await trx.deleteFrom('password_links').where('coordinator_id', '=', id).execute();
    await audit(trx, {
      actor: by.actor,
      action: 'account.disable',
      target: { type: 'account', id },
      address: by.address,
      details: { name: before.name, sessionsEnded: Number(ended.numDeletedRows) },
      at: by.now,
    });
    return accountIn(trx, id, nowIso);
  });
}

export async function enableAccount(db: Kysely<Database>, id: string, by: ChangeBy): Promise<Account> {
  const nowIso = by.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    const before = await accountIn(trx, id, nowIso);
    if (before.disabledAt === null) return before;
    await trx.updateTable('coordinators').set({ disabled_at: null }).where('id', '=', id).execute();
    await audit(trx, { actor: by.actor, action: 'account.enable', target: { type: 'account', id }, address: by.address, details: { name: before.name }, at: by.now });
    return accountIn(trx, id, nowIso);
  });
}

/**
 * Resets the password: the old one stops working and the account's sessions end at once (it may
 * be known to someone else); the owner sets a new one with the returned link's token.
 */
export async function resetPassword(db: Kysely<Database>, id: string, by: ChangeBy): Promise<{ account: Account; token: string; expiresAt: string }> {
  const nowIso = by.now.toISOString();
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    const before = await accountIn(trx, id, nowIso);
    if (before.disabledAt !== null) throw httpError(409, 'account_disabled', 'Enable the account before resetting its password.');
    await trx.updateTable('coordinators').set({ password_hash: NO_PASSWORD }).where('id', '=', id).execute();
    const ended = await trx.deleteFrom('sessions').where('coordinator_id', '=', id).executeTakeFirst();
    const link = await newLink(trx, id, actorAccountId(by), by.now);
    await audit(trx, {
      actor: by.actor,
      action: 'account.password_link',
      target: { type: 'account', id },
      address: by.address,
      details: { name: before.name, expiresAt: link.expiresAt, sessionsEnded: Number(ended.numDeletedRows) },
      at: by.now,
    });
    return { account: await accountIn(trx, id, nowIso), ...link };
  });
}

/**
 * Sets the password of the link's account and uses the link up; every other session of the
 * account ends. 401 `invalid_password_link` when the link is unknown, used or expired.
 */
export async function setPasswordWithLink(
  db: Kysely<Database>,
  input: { token: string; password: string },
  by: { address: string | null; now: Date },
): Promise<Coordinator> {
  const problem = passwordProblem(input.password);
  if (problem) throw httpError(400, 'weak_password', problem);
  const nowIso = by.now.toISOString();
  const tokenHash = hashSecret(input.token);
  const findLink = (from: Kysely<Database> | Transaction<Database>) =>
    from.selectFrom('password_links').innerJoin('coordinators', 'coordinators.id', 'password_links.coordinator_id')
      .select(['coordinators.id', 'coordinators.name', 'coordinators.role'])
      .where('password_links.token_hash', '=', tokenHash).where('password_links.expires_at', '>', nowIso)
      .where('coordinators.disabled_at', 'is', null)
      .executeTakeFirst();
  const invalid = () => httpError(401, 'invalid_password_link', 'This link is unknown, used or expired. Ask an admin for a new one.');
  // Checked before the costly hash too, so a wrong link costs no scrypt.
  if (!(await findLink(db))) throw invalid();
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, 'coordinators', nowIso);
    const account = await findLink(trx);
    if (!account) throw invalid();
    await trx.updateTable('coordinators').set({ password_hash: passwordHash }).where('id', '=', account.id).execute();
    await trx.deleteFrom('password_links').where('coordinator_id', '=', account.id).execute();
    await trx.deleteFrom('sessions').where('coordinator_id', '=', account.id).execute();
    await audit(trx, {
      actor: { type: 'account', id: account.id, name: account.name },
      action: 'auth.password_set',
      target: { type: 'account', id: account.id },
      address: by.address,
      at: by.now,
    });
    return { id: account.id, name: account.name, role: account.role };
  });
}
