/**
 * Coordinator passwords: scrypt (node:crypto) with a random salt per user.
 * The parameters are stored with each hash so they can be raised later
 * without invalidating existing passwords.
 */
import crypto from 'node:crypto';
import { MAX_PASSWORD_LENGTH } from '../../core/api/index';
import { httpError } from '../http/errors';

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

/**
 * scrypt runs on libuv's thread pool (4 threads), which also reads every static file and does
 * DNS and zlib work: a flood of sign-ins once made a static file wait 24.6 s. So a process hashes
 * at most two passwords at a time, a few more wait their turn, and beyond that the answer is
 * 503 `busy` at once.
 */
export const HASHING_SLOTS = 2;
export const HASHING_QUEUE = 8;
let hashingNow = 0;
const waitingForHashing: (() => void)[] = [];

async function takeHashingSlot(): Promise<void> {
  if (hashingNow < HASHING_SLOTS) {
    hashingNow += 1;
    return;
  }
  if (waitingForHashing.length >= HASHING_QUEUE) {
    throw httpError(503, 'busy', 'The server is busy checking passwords. Try again in a moment.', { headers: { 'retry-after': '1' } });
  }
  // The slot is handed over by the one who frees it, so the count never dips in between.
  await new Promise<void>((resolve) => waitingForHashing.push(resolve));
}

function freeHashingSlot(): void {
  const next = waitingForHashing.shift();
  if (next) next();
  else hashingNow -= 1;
}

async function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  await takeHashingSlot();
  try {
    return await new Promise((resolve, reject) => {
      crypto.scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r }, (error, key) =>
        error ? reject(error) : resolve(key),
      );
    });
  } finally {
    freeHashingSlot();
  }
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
  // A busy refusal must not stay cached as the dummy hash.
  dummyHash ??= hashPassword('not a real password').catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  await verifyPassword(password, await dummyHash);
}
