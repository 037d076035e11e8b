/**
 * Coordinator passwords: scrypt (node:crypto) with a random salt per user.
 * The parameters are stored with each hash so they can be raised later
 * without invalidating existing passwords.
 */
import crypto from 'node:crypto';
import { MAX_PASSWORD_LENGTH } from '../../core/api/index';

export const MIN_PASSWORD_LENGTH = 10;
// Above MAX_PASSWORD_LENGTH (part of the API contract, so the login form knows it), hashing is only a way to burn CPU.
export { MAX_PASSWORD_LENGTH };

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

// 2^15 × 8 × 128 B = 32 MiB per hash: slow for an attacker, affordable for a
// small server that handles a few logins a minute.
const defaultParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 64;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Why a new password is not acceptable, or undefined when it is. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

export async function hashPassword(password: string, params: ScryptParams = defaultParams): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

// Verifying against this when the name is unknown makes a wrong name cost as
// long as a wrong password, so the timing does not tell which names exist.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not a real password');
  await verifyPassword(password, await dummyHash);
}
