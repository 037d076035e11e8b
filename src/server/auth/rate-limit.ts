/**
 * Rate limiting of failed attempts (login, enrolment, set-up), kept in the
 * database so that every server instance sees the same counts.
 *
 * Only failures are counted; a request is refused while a key has
 * `maxFailures` failures inside the window. Concurrent requests that pass the
 * check together can each add one failure, so the bound is approximate by
 * the number of requests in flight, which is enough to stop guessing.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { httpError } from '../http/errors';

export interface RateLimitRule {
  maxFailures: number;
  windowMs: number;
}

export const failedAttemptRule: RateLimitRule = { maxFailures: 5, windowMs: 15 * 60_000 };

/** Throws 429 (with Retry-After in seconds) when any of `keys` is over the limit. */
export async function assertNotRateLimited(db: Kysely<Database>, keys: string[], now: Date, rule = failedAttemptRule): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowMs).toISOString();
  const rows = await db
    .selectFrom('login_attempts')
    .select(['key', 'attempted_at'])
    .where('key', 'in', keys)
    .where('attempted_at', '>', windowStart)
    .orderBy('attempted_at')
    .execute();
  let retryAfterMs = 0;
  for (const key of keys) {
    const times = rows.filter((row) => row.key === key).map((row) => Date.parse(row.attempted_at));
    if (times.length < rule.maxFailures) continue;
    // The key is free again once enough of its failures have left the window.
    const freeingFailure = times[times.length - rule.maxFailures] ?? now.getTime();
    retryAfterMs = Math.max(retryAfterMs, freeingFailure + rule.windowMs - now.getTime());
  }
  if (retryAfterMs > 0) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw httpError(429, 'too_many_attempts', `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} min.`, {
      headers: { 'retry-after': String(seconds) },
    });
  }
}

export async function recordFailedAttempt(db: Kysely<Database>, keys: string[], now: Date, rule = failedAttemptRule): Promise<void> {
  const attemptedAt = now.toISOString();
  await db.insertInto('login_attempts').values(keys.map((key) => ({ id: crypto.randomUUID(), key, attempted_at: attemptedAt }))).execute();
  // Housekeeping on the failure path only, where a little extra work costs nobody.
  await db
    .deleteFrom('login_attempts')
    .where('attempted_at', '<', new Date(now.getTime() - rule.windowMs).toISOString())
    .execute();
}

export async function clearFailedAttempts(db: Kysely<Database>, keys: string[]): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', 'in', keys).execute();
}
