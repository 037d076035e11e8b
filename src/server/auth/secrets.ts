/**
 * Secrets handed out by the server (session ids, device tokens, set-up tokens,
 * enrolment codes) are random and stored only as a SHA-256, so a copy of the
 * database lets nobody sign in or push as a device.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** `bytes` random bytes as base64url (32 bytes: 256 bits, 43 characters). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** The stored form of a secret. Tokens carry 256 bits, so a plain hash is enough (no salt, no stretching). */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The keyed hash (HMAC-SHA-256) the server keeps of a person's reference once their data are
 * erased, so a later request can be matched without the reference in clear. The key is
 * `PERSON_KEY_SECRET` when set — kept outside the database, a copy of the database alone then
 * cannot test guessed names against the hashes — otherwise one made at random on first use and
 * stored in `server_meta` (`person_key_secret`), the same for every server process.
 */
export type KeyedHash = (text: string) => string;

export function keyedHashWith(secret: string): KeyedHash {
  return (text) => crypto.createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

const PERSON_KEY_META = 'person_key_secret';

export async function personKeyHash(db: Kysely<Database>, configured: string | undefined): Promise<KeyedHash> {
  if (configured !== undefined) return keyedHashWith(configured);
  await db.insertInto('server_meta').values({ key: PERSON_KEY_META, value: randomToken(32) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', PERSON_KEY_META).executeTakeFirstOrThrow();
  return keyedHashWith(row.value);
}
