/**
 * Rate limiting of guessing (sign-in, enrolment codes), kept in the database so that every server
 * instance sees the same counts.
 *
 * An attempt is counted *before* it is checked: under the `login_attempts` lock (one row lock on
 * PostgreSQL across all instances, the single writer on SQLite) the rows of its keys are counted
 * and, if it is within every limit, its own row is inserted, so however many attempts arrive at
 * once, no more than the limit are checked (200 wrong sign-ins at once used to be all checked).
 * The row stays as a failure when the check fails, and is removed when the attempt succeeds or is
 * not checked after all (the server too busy to hash, the database failing).
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { takeLock } from '../db/locks';
import { httpError } from '../http/errors';

export interface RateLimitRule {
  maxFailures: number;
  windowMs: number;
}

export interface LimitedKey {
  key: string;
  rule: RateLimitRule;
  /** False: the attempt is counted under the key, but the key's limit does not stop this one. */
  enforced?: boolean;
}

/** Enrolment codes per address, and sign-ins per name from one address. */
export const failedAttemptRule: RateLimitRule = { maxFailures: 5, windowMs: 15 * 60_000 };
/** Sign-ins per address, across names (a site's shared address stays usable after a few typos). */
export const addressLoginRule: RateLimitRule = { maxFailures: 10, windowMs: 15 * 60_000 };
/**
 * Sign-ins per name from anywhere: a short window that slows guessing spread over many addresses
 * without shutting the coordinator out for long; an address with no failures is not held by it.
 */
export const nameLoginRule: RateLimitRule = { maxFailures: 10, windowMs: 5 * 60_000 };

export interface AttemptReservation {
  /** The attempt was checked and was wrong: its rows stay as failures. */
  failed(): Promise<void>;
  /** The attempt was right: its rows go, and so do the earlier failures under `clearKeys`. */
  succeeded(clearKeys?: string[]): Promise<void>;
  /** The attempt was not checked after all: it leaves no trace. */
  release(): Promise<void>;
}

function tooManyAttempts(retryAfterMs: number) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return httpError(429, 'too_many_attempts', `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} min.`, {
    headers: { 'retry-after': String(seconds) },
  });
}

/**
 * Counts one attempt under every key, or throws 429 (with Retry-After in seconds) when an
 * enforced key would go over its limit with it. The caller reports the outcome on the answer.
 */
export async function reserveAttempt(db: Kysely<Database>, keys: LimitedKey[], now: Date): Promise<AttemptReservation> {
  const attemptedAt = now.toISOString();
  const own = keys.map(({ key }) => ({ id: crypto.randomUUID(), key, attempted_at: attemptedAt }));
  const ownIds: string[] = own.map((row) => row.id);
  const longestWindowMs = Math.max(...keys.map(({ rule }) => rule.windowMs));

  const retryAfterMs = await db.transaction().execute(async (trx) => {
    await takeLock(trx, 'login_attempts', attemptedAt);
    const rows = await trx
      .selectFrom('login_attempts')
      .select(['key', 'attempted_at'])
      .where('key', 'in', keys.map(({ key }) => key))
      .where('attempted_at', '>', new Date(now.getTime() - longestWindowMs).toISOString())
      .orderBy('attempted_at')
      .execute();
    let waitMs = 0;
    for (const { key, rule, enforced = true } of keys) {
      if (!enforced) continue;
      const windowStart = now.getTime() - rule.windowMs;
      const times = rows.filter((row) => row.key === key).map((row) => Date.parse(row.attempted_at)).filter((time) => time > windowStart);
      if (times.length < rule.maxFailures) continue;
      // Free again once enough of them have left the window to make room for one more.
      const freeingAttempt = times[times.length - rule.maxFailures] ?? now.getTime();
      waitMs = Math.max(waitMs, freeingAttempt + rule.windowMs - now.getTime());
    }
    if (waitMs === 0) await trx.insertInto('login_attempts').values(own).execute();
    return waitMs;
  });
  if (retryAfterMs > 0) throw tooManyAttempts(retryAfterMs);

  const release = async () => {
    await db.deleteFrom('login_attempts').where('id', 'in', ownIds).execute();
  };
  return {
    async failed() {
      // Housekeeping on the failure path only, where a little extra work costs nobody.
      await db.deleteFrom('login_attempts').where('attempted_at', '<', new Date(now.getTime() - longestWindowMs).toISOString()).execute();
    },
    async succeeded(clearKeys = []) {
      await release();
      if (clearKeys.length > 0) await db.deleteFrom('login_attempts').where('key', 'in', clearKeys).execute();
    },
    release,
  };
}

/** True when `key` has no attempt on record within `rule`'s window. */
export async function hasNoAttempts(db: Kysely<Database>, key: string, rule: RateLimitRule, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('login_attempts')
    .select('id')
    .where('key', '=', key)
    .where('attempted_at', '>', new Date(now.getTime() - rule.windowMs).toISOString())
    .limit(1)
    .executeTakeFirst();
  return row === undefined;
}

/** Sign-in keys. The name is JSON-quoted so that no name's keys are a prefix of another's. */
export function loginKeys(name: string, address: string): { name: string; nameAtAddress: string; address: string } {
  const quoted = JSON.stringify(name.toLocaleLowerCase('de'));
  return { name: `login-name:${quoted}`, nameAtAddress: `login-name-ip:${quoted}:${address}`, address: `login-ip:${address}` };
}

/** Lifts every sign-in limit on a name (from every address); the number of failures forgotten. */
export async function unlockLogin(db: Kysely<Database>, name: string): Promise<number> {
  const keys = loginKeys(name, '');
  const prefix = keys.nameAtAddress;
  const result = await db
    .deleteFrom('login_attempts')
    .where((eb) => eb.or([eb('key', '=', keys.name), eb(sql<string>`substr(${sql.ref('key')}, 1, ${[...prefix].length})`, '=', prefix)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
