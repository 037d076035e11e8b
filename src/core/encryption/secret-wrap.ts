/**
 * The data key wrapped by the interviewer's PIN or passphrase: Argon2id (RFC 9106) turns the
 * secret and a random salt into a key-encryption key, which AES-256-GCM-encrypts the data key.
 *
 * Argon2id comes from `hash-wasm` (WebAssembly, MIT, no dependencies, the same code on Node and in
 * the browser); WebCrypto has no memory-hard KDF. The parameters are stored beside the wrapped
 * key and bound to it as associated data, so a tablet wrapped with older parameters still unlocks,
 * and parameters outside sane bounds are refused before any work (a forged 4 GiB setting must not
 * hang the app). See the README's threat model for how they were chosen and what they cost an
 * attacker.
 */
import { concatBytes, fromBase64Url, randomBytes, toBase64Url, utf8 } from './bytes';
import { DATA_KEY_BYTES, KEY_ID_BYTES, type DataKeyMaterial } from './data-key';
import { CryptoError } from './errors';

export interface Argon2idParameters {
  /** Memory in KiB (m). */
  memoryKiB: number;
  /** Passes over the memory (t). */
  iterations: number;
  /** Lanes (p). hash-wasm computes them one after another, so p > 1 costs the tablet time without making a GPU's work harder. */
  parallelism: number;
}

/**
 * The parameters new wraps use. Measured (bench "unlock at 4× CPU", 2026-12-05): 290 ms of
 * renderer CPU per unlock in Chromium, 1.16 s at 4× — within the 1.5 s budget; 46 MiB/t=3 was
 * 1.32 s and 64 MiB/t=3 1.92 s. The README's threat model gives what a guess costs an attacker.
 */
export const DEFAULT_ARGON2ID: Argon2idParameters = { memoryKiB: 46 * 1024, iterations: 2, parallelism: 1 };

/** What a stored wrap may ask for: anything outside is refused as `bad_parameters` before deriving. */
export const ARGON2ID_BOUNDS = {
  memoryKiB: { min: 8 * 1024, max: 1024 * 1024 },
  iterations: { min: 1, max: 20 },
  parallelism: { min: 1, max: 4 },
} as const;

const SALT_BYTES = 16;
const IV_BYTES = 12;

export interface SecretWrappedKey {
  format: 'lotse-secret-wrap';
  v: 1;
  kdf: { alg: 'argon2id'; salt: string } & Argon2idParameters;
  /** The data key's id (base64url). */
  keyId: string;
  iv: string;
  /** AES-256-GCM of the 32 key bytes, tag included (base64url). */
  wrapped: string;
}

/**
 * The secret as typed, normalised so the same passphrase typed on another keyboard (composed or
 * decomposed umlauts) unlocks: Unicode NFC, nothing else (no trimming, no case folding).
 */
export function normaliseSecret(secret: string): string {
  return secret.normalize('NFC');
}

function checkParameters(parameters: Argon2idParameters): void {
  for (const name of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const value = parameters[name];
    const { min, max } = ARGON2ID_BOUNDS[name];
    if (!Number.isSafeInteger(value) || value < min || value > max) throw new CryptoError('bad_parameters', `Argon2id ${name} ${String(value)} is outside ${min}–${max}`);
  }
}

/** The key-encryption key's 32 bytes. Exported for the benchmark; the app wraps and unwraps instead. */
export async function deriveSecretKey(secret: string, salt: Uint8Array, parameters: Argon2idParameters): Promise<Uint8Array<ArrayBuffer>> {
  checkParameters(parameters);
  if (salt.length !== SALT_BYTES) throw new CryptoError('malformed', `the salt is ${salt.length} bytes, not ${SALT_BYTES}`);
  // Loaded when a key is derived (in the browser: in the unlock worker), not with the app's start:
  // hash-wasm's Argon2id carries its WebAssembly inline, which the home screen does not need.
  const { argon2id } = await import('hash-wasm');
  const out = await argon2id({
    password: utf8(normaliseSecret(secret)),
    salt,
    memorySize: parameters.memoryKiB,
    iterations: parameters.iterations,
    parallelism: parameters.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return new Uint8Array(out);
}

function associatedData(keyId: string, kdf: SecretWrappedKey['kdf']): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify(['lotse-secret-wrap', 1, keyId, kdf.alg, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt]));
}

async function kekFrom(bytes: Uint8Array<ArrayBuffer>, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, [usage]);
  } finally {
    bytes.fill(0);
  }
}

/**
 * How the key-encryption key is derived: `deriveSecretKey` here, or the same function run in a Web
 * Worker (src/data/argon2-worker.ts) so the page stays responsive for the ~300 ms it takes.
 */
export type SecretDerivation = (secret: string, salt: Uint8Array<ArrayBuffer>, parameters: Argon2idParameters) => Promise<Uint8Array<ArrayBuffer>>;

/** Wraps the data key for a PIN or passphrase (the caller has checked the policy: `checkSecretPolicy`). */
export async function wrapWithSecret(material: DataKeyMaterial, secret: string, parameters: Argon2idParameters = DEFAULT_ARGON2ID, derive: SecretDerivation = deriveSecretKey): Promise<SecretWrappedKey> {
  checkParameters(parameters);
  const salt = randomBytes(SALT_BYTES);
  const kdf: SecretWrappedKey['kdf'] = { alg: 'argon2id', salt: toBase64Url(salt), ...parameters };
  const keyId = toBase64Url(material.id);
  const kek = await kekFrom(await derive(secret, salt, parameters), 'encrypt');
  const iv = randomBytes(IV_BYTES);
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(keyId, kdf) }, kek, material.raw));
  return { format: 'lotse-secret-wrap', v: 1, kdf, keyId, iv: toBase64Url(iv), wrapped: toBase64Url(wrapped) };
}

/** The stored wrap, checked field by field: whatever is not exactly what `wrapWithSecret` writes is `malformed`. */
export function parseSecretWrappedKey(value: unknown): SecretWrappedKey {
  const candidate = value as Partial<SecretWrappedKey> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== 'lotse-secret-wrap') throw new CryptoError('malformed', 'not a PIN-wrapped key');
  if (candidate.v !== 1) throw new CryptoError('unsupported_version', `PIN-wrapped key version ${String(candidate.v)} is not known`);
  const kdf = candidate.kdf;
  if (typeof kdf !== 'object' || kdf === null || kdf.alg !== 'argon2id') throw new CryptoError('malformed', 'the PIN-wrapped key names no Argon2id parameters');
  checkParameters(kdf);
  if (fromBase64Url(kdf.salt, 'the salt').length !== SALT_BYTES) throw new CryptoError('malformed', 'the salt has the wrong length');
  if (fromBase64Url(candidate.keyId as string, 'the key id').length !== KEY_ID_BYTES) throw new CryptoError('malformed', 'the key id has the wrong length');
  if (fromBase64Url(candidate.iv as string, 'the nonce').length !== IV_BYTES) throw new CryptoError('malformed', 'the nonce has the wrong length');
  if (fromBase64Url(candidate.wrapped as string, 'the wrapped key').length !== DATA_KEY_BYTES + 16) throw new CryptoError('malformed', 'the wrapped key has the wrong length');
  return candidate as SecretWrappedKey;
}

/** The data key's raw bytes for a correct PIN or passphrase; `wrong_secret` otherwise. */
export async function unwrapWithSecret(stored: unknown, secret: string, derive: SecretDerivation = deriveSecretKey): Promise<DataKeyMaterial> {
  const wrap = parseSecretWrappedKey(stored);
  const { memoryKiB, iterations, parallelism } = wrap.kdf;
  const kek = await kekFrom(await derive(secret, fromBase64Url(wrap.kdf.salt, 'the salt'), { memoryKiB, iterations, parallelism }), 'decrypt');
  let raw: ArrayBuffer;
  try {
    raw = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(wrap.iv, 'the nonce'), additionalData: associatedData(wrap.keyId, wrap.kdf) }, kek, fromBase64Url(wrap.wrapped, 'the wrapped key'));
  } catch {
    throw new CryptoError('wrong_secret', 'the PIN or passphrase does not unlock this tablet');
  }
  return { id: fromBase64Url(wrap.keyId, 'the key id'), raw: concatBytes(new Uint8Array(raw)) };
}
