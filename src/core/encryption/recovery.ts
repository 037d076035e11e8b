/**
 * The organisation's recovery key: an ECDH P-256 key pair. The public part is published by the
 * server as an artifact (kind "recovery-key") and every tablet wraps its data key for it; the
 * private part is printed once by `npm run lotse -- recovery-key create` and kept offline by an
 * admin. The server never holds it, so the server alone cannot read a tablet.
 *
 * Why ECDH P-256 and not RSA-OAEP (both in WebCrypto on every target browser and on Node):
 * - the private key is 32 bytes — printed as 48 characters with a checksum, it can be written on
 *   paper and typed back without error; an RSA-3072 private key is ~1.7 KB of PKCS #8;
 * - the public key is 65 bytes, cheap to publish and to pin in every wrapped copy;
 * - the same construction (ephemeral ECDH → HKDF-SHA-256 → AES-256-GCM, i.e. ECIES) serves the
 *   server's sealing key of issue #12 item 3 with a fresh ephemeral key per outbox entry;
 * - ~128-bit security, like RSA-3072, at a fraction of the key-generation cost.
 *
 * Wrap: ephemeral key pair E; Z = ECDH(E, R); KEK = HKDF-SHA-256(Z, salt = E_pub ‖ R_pub,
 * info = "lotse recovery wrap v1"); AES-256-GCM of the 32 key bytes with associated data
 * ["lotse-recovery-wrap", 1, keyId, recoveryKeyId].
 */
import { concatBytes, fromBase64Url, randomBytes, toBase64Url, utf8 } from './bytes';
import { DATA_KEY_BYTES, KEY_ID_BYTES, type DataKeyMaterial } from './data-key';
import { CryptoError } from './errors';

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const POINT_BYTES = 65;
const SCALAR_BYTES = 32;
const CHECK_BYTES = 4;
const IV_BYTES = 12;
const INFO = utf8('lotse recovery wrap v1');

/** The published part (the artifact's body). */
export interface RecoveryPublicKey {
  format: 'lotse-recovery-public-key';
  v: 1;
  alg: 'ECDH-P256';
  /** base64url of the first 8 bytes of SHA-256 of the public point: names the key in every wrapped copy. */
  keyId: string;
  /** base64url of the uncompressed public point (65 bytes). */
  publicKey: string;
  createdAt: string;
}

export interface RecoveryWrappedKey {
  format: 'lotse-recovery-wrap';
  v: 1;
  alg: 'ECDH-P256+HKDF-SHA256+A256GCM';
  recoveryKeyId: string;
  keyId: string;
  /** The ephemeral public point (base64url, 65 bytes). */
  epk: string;
  iv: string;
  wrapped: string;
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >> bits) & 31]!;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]!;
  return out;
}

export function fromBase32(text: string, what = 'the recovery private key'): Uint8Array<ArrayBuffer> {
  const normal = text.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  const out: number[] = [];
  let value = 0;
  let bits = 0;
  for (const char of normal) {
    const digit = BASE32.indexOf(char);
    if (digit < 0) throw new CryptoError('malformed', `${what} has a character that is not in it: "${char}"`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >> bits) & 0xff);
    }
  }
  // The last character's bits beyond the last byte are zero as `toBase32` writes them: another
  // value there is a changed character, even where the bytes would come out the same.
  if ((value & ((1 << bits) - 1)) !== 0) throw new CryptoError('malformed', `${what} has a typo in its last character`);
  return Uint8Array.from(out);
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

async function recoveryKeyIdOf(point: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64Url((await sha256(point)).subarray(0, 8));
}

/**
 * The private key as printed: its 32 bytes and a 4-byte checksum in Crockford's base32 (digits and
 * capitals without I, L, O, U: nothing to confuse on paper; read back case-insensitively, O as 0,
 * I and L as 1), 58 characters in groups of five.
 */
export async function formatRecoveryPrivateKey(scalar: Uint8Array<ArrayBuffer>): Promise<string> {
  if (scalar.length !== SCALAR_BYTES) throw new CryptoError('malformed', 'a P-256 private key is 32 bytes');
  const text = toBase32(concatBytes(scalar, (await sha256(scalar)).subarray(0, CHECK_BYTES)));
  return text.match(/.{1,5}/g)!.join('-');
}

/** The 32 private bytes from the printed text; `malformed` for a typo (the checksum). Spaces and dashes are ignored. */
export async function parseRecoveryPrivateKey(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = fromBase32(String(text).replace(/[\s-]/g, ''));
  if (bytes.length !== SCALAR_BYTES + CHECK_BYTES) throw new CryptoError('malformed', `the recovery private key has ${bytes.length} bytes, not ${SCALAR_BYTES + CHECK_BYTES}: a character missing or extra?`);
  const scalar = bytes.slice(0, SCALAR_BYTES);
  const check = (await sha256(scalar)).subarray(0, CHECK_BYTES);
  if (check.some((byte, i) => byte !== bytes[SCALAR_BYTES + i])) throw new CryptoError('malformed', 'the recovery private key has a typo (its checksum does not match)');
  return scalar;
}

export interface RecoveryKeyPair {
  publicKey: RecoveryPublicKey;
  /** The printed form of the private key (`formatRecoveryPrivateKey`). Shown once, never stored. */
  privateKeyText: string;
}

export async function createRecoveryKeyPair(now: Date = new Date()): Promise<RecoveryKeyPair> {
  const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const scalar = fromBase64Url(jwk.d!, 'the private key');
  const publicKey: RecoveryPublicKey = { format: 'lotse-recovery-public-key', v: 1, alg: 'ECDH-P256', keyId: await recoveryKeyIdOf(point), publicKey: toBase64Url(point), createdAt: now.toISOString() };
  const privateKeyText = await formatRecoveryPrivateKey(scalar);
  scalar.fill(0);
  return { publicKey, privateKeyText };
}

/** A published recovery key, checked: the point is on the curve and the key id is the point's. */
export async function parseRecoveryPublicKey(value: unknown): Promise<{ publicKey: RecoveryPublicKey; key: CryptoKey; point: Uint8Array<ArrayBuffer> }> {
  const candidate = value as Partial<RecoveryPublicKey> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== 'lotse-recovery-public-key') throw new CryptoError('malformed', 'not a recovery public key');
  if (candidate.v !== 1 || candidate.alg !== 'ECDH-P256') throw new CryptoError('unsupported_version', `recovery key version ${String(candidate.v)} / ${String(candidate.alg)} is not known`);
  const point = fromBase64Url(candidate.publicKey as string, 'the recovery public key');
  if (point.length !== POINT_BYTES) throw new CryptoError('malformed', 'the recovery public key is not an uncompressed P-256 point');
  if ((await recoveryKeyIdOf(point)) !== candidate.keyId) throw new CryptoError('malformed', 'the recovery key id does not name this public key');
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', point, CURVE, true, []);
  } catch {
    throw new CryptoError('malformed', 'the recovery public key is not a point on P-256');
  }
  return { publicKey: candidate as RecoveryPublicKey, key, point };
}

async function kek(shared: ArrayBuffer, salt: Uint8Array<ArrayBuffer>, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: INFO }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

const associatedData = (keyId: string, recoveryKeyId: string) => utf8(JSON.stringify(['lotse-recovery-wrap', 1, keyId, recoveryKeyId]));

/** Wraps the data key for the published recovery key. */
export async function wrapForRecovery(material: DataKeyMaterial, recoveryKey: unknown): Promise<RecoveryWrappedKey> {
  const { publicKey, key, point } = await parseRecoveryPublicKey(recoveryKey);
  const ephemeral = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: key }, ephemeral.privateKey, 256);
  const encryptKey = await kek(shared, concatBytes(epk, point), 'encrypt');
  const iv = randomBytes(IV_BYTES);
  const keyId = toBase64Url(material.id);
  const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(keyId, publicKey.keyId) }, encryptKey, material.raw));
  return { format: 'lotse-recovery-wrap', v: 1, alg: 'ECDH-P256+HKDF-SHA256+A256GCM', recoveryKeyId: publicKey.keyId, keyId, epk: toBase64Url(epk), iv: toBase64Url(iv), wrapped: toBase64Url(wrapped) };
}

export function parseRecoveryWrappedKey(value: unknown): RecoveryWrappedKey {
  const candidate = value as Partial<RecoveryWrappedKey> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== 'lotse-recovery-wrap') throw new CryptoError('malformed', 'not a recovery-wrapped key');
  if (candidate.v !== 1 || candidate.alg !== 'ECDH-P256+HKDF-SHA256+A256GCM') throw new CryptoError('unsupported_version', `recovery-wrapped key version ${String(candidate.v)} is not known`);
  if (typeof candidate.recoveryKeyId !== 'string' || fromBase64Url(candidate.recoveryKeyId, 'the recovery key id').length !== 8) throw new CryptoError('malformed', 'the recovery key id has the wrong length');
  if (fromBase64Url(candidate.keyId as string, 'the key id').length !== KEY_ID_BYTES) throw new CryptoError('malformed', 'the key id has the wrong length');
  if (fromBase64Url(candidate.epk as string, 'the ephemeral key').length !== POINT_BYTES) throw new CryptoError('malformed', 'the ephemeral key has the wrong length');
  if (fromBase64Url(candidate.iv as string, 'the nonce').length !== IV_BYTES) throw new CryptoError('malformed', 'the nonce has the wrong length');
  if (fromBase64Url(candidate.wrapped as string, 'the wrapped key').length !== DATA_KEY_BYTES + 16) throw new CryptoError('malformed', 'the wrapped key has the wrong length');
  return candidate as RecoveryWrappedKey;
}

/**
 * The data key's raw bytes from a recovery-wrapped copy, with the printed private key and the
 * published public key it belongs to (WebCrypto imports a private key only with its public point).
 * `wrong_recovery_key` when the key is not the one the copy was wrapped for.
 */
export async function unwrapWithRecovery(stored: unknown, privateKeyText: string, recoveryKey: unknown): Promise<DataKeyMaterial> {
  const wrap = parseRecoveryWrappedKey(stored);
  const { publicKey, point } = await parseRecoveryPublicKey(recoveryKey);
  if (publicKey.keyId !== wrap.recoveryKeyId) throw new CryptoError('wrong_recovery_key', `this copy was wrapped for recovery key ${wrap.recoveryKeyId}, not ${publicKey.keyId}`);
  const scalar = await parseRecoveryPrivateKey(privateKeyText);
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', d: toBase64Url(scalar), x: toBase64Url(point.subarray(1, 33)), y: toBase64Url(point.subarray(33, 65)), ext: false }, CURVE, false, ['deriveBits']);
  } catch {
    throw new CryptoError('wrong_recovery_key', 'the recovery private key does not belong to this public key');
  } finally {
    scalar.fill(0);
  }
  let raw: ArrayBuffer;
  try {
    const epk = fromBase64Url(wrap.epk, 'the ephemeral key');
    const ephemeral = await crypto.subtle.importKey('raw', epk, CURVE, false, []).catch(() => {
      throw new CryptoError('malformed', 'the ephemeral key is not a point on P-256');
    });
    const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, privateKey, 256);
    const decryptKey = await kek(shared, concatBytes(epk, point), 'decrypt');
    raw = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(wrap.iv, 'the nonce'), additionalData: associatedData(wrap.keyId, wrap.recoveryKeyId) }, decryptKey, fromBase64Url(wrap.wrapped, 'the wrapped key'));
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('wrong_recovery_key', 'the recovery private key does not unwrap this copy (another key, or the copy was altered)');
  }
  return { id: fromBase64Url(wrap.keyId, 'the key id'), raw: new Uint8Array(raw) };
}
