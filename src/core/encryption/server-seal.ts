/**
 * Sealing an outbox entry for the server (issue #12 item 3, "sync while locked").
 *
 * The server has an ECDH P-256 key pair of its own (`server-key`, made at its first start; the
 * private part stays in its database). At completion, while the app is unlocked, the tablet seals
 * the entry's payload for the server's public key and keeps that copy in the outbox; the push
 * sends it as it is, so pushing needs no data key and a completed interview leaves a locked tablet.
 * The server opens it and validates the payload exactly as a clear one. Unlike ODK's encrypted
 * forms the server can read what it receives — it must, to validate and evaluate.
 *
 * Format v1 (ECIES as in recovery.ts, with a per-entry content key):
 *   CK = 32 random bytes (one per entry);
 *   ciphertext = AES-256-GCM(CK, iv, canonical JSON of the payload, AD);
 *   E = ephemeral key pair; Z = ECDH(E, S); KEK = HKDF-SHA-256(Z, salt = E_pub ‖ S_pub,
 *   info = "lotse server seal v1"); wrappedKey = AES-256-GCM(KEK, wrapIv, CK, AD);
 *   AD = JSON ["lotse-server-seal", 1, serverKeyId, recordId, rev].
 * The associated data binds the sealed copy to its record and revision: a copy moved to another
 * entry does not open (`not_authentic`).
 *
 * Format v2 (2026-12-06, what this version seals; v1 copies still open): the same, but what is
 * encrypted is the payload's UTF-8 compressed with raw DEFLATE (RFC 1951), and the associated data
 * names version 2. A payload is mostly its consent's drawn signature (strokes as numbers and a
 * base64 PNG) and compresses to about half; sealed without compression the base64url ciphertext
 * made an entry ~1.3× the bytes of the same entry in clear, so the push's 1 MiB batches held
 * fewer entries (bench/README.md §5). The opener refuses plaintext above `MAX_SEALED_PLAINTEXT`
 * (no decompression bomb) and a stream that is not DEFLATE (`malformed`). Compressing before
 * encrypting leaks nothing here that the length did not: no attacker-chosen text is mixed into a
 * payload that is sealed and then observed.
 */
import { concatBytes, fromBase64Url, fromUtf8, randomBytes, toBase64Url, utf8 } from './bytes';
import { CryptoError } from './errors';

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const POINT_BYTES = 65;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const INFO = utf8('lotse server seal v1');
/** HKDF's info for the key-encryption key (the server's node:crypto opener uses the same bytes). */
export const SERVER_SEAL_INFO: Uint8Array<ArrayBuffer> = INFO;

/** The version this code seals; `OPENED_SERVER_SEAL_VERSIONS` lists what it opens. */
export const SERVER_SEAL_VERSION = 2;
export const OPENED_SERVER_SEAL_VERSIONS: readonly number[] = [1, 2];
/** The most a sealed payload may decompress to (the push takes at most 1 MiB of entries a batch). */
export const MAX_SEALED_PLAINTEXT = 8 * 1024 * 1024;
export const SERVER_KEY_ARTIFACT_ID = 'server';

/** The server's public sealing key as published (the artifact's body without id and version). */
export interface ServerPublicKey {
  format: 'lotse-server-public-key';
  v: 1;
  alg: 'ECDH-P256';
  /** base64url of the first 8 bytes of SHA-256 of the public point. */
  keyId: string;
  /** base64url of the uncompressed public point (65 bytes). */
  publicKey: string;
  createdAt: string;
}

/** What the server keeps in its database: the public part and the private scalar. */
export interface ServerKeyPair {
  publicKey: ServerPublicKey;
  /** base64url of the 32-byte private scalar. */
  d: string;
}

/** A payload sealed for the server: the push entry's `sealed` field. */
export interface ServerSealed {
  /** 1: the payload's UTF-8 encrypted as it is; 2: compressed with raw DEFLATE first. */
  v: 1 | 2;
  alg: 'ECDH-P256+HKDF-SHA256+A256GCM';
  keyId: string;
  epk: string;
  wrapIv: string;
  wrappedKey: string;
  iv: string;
  ciphertext: string;
}

export interface SealContext {
  recordId: string;
  rev: number;
}

async function keyIdOf(point: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', point)).subarray(0, 8));
}

export async function createServerKeyPair(now: Date = new Date()): Promise<ServerKeyPair> {
  const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return {
    publicKey: { format: 'lotse-server-public-key', v: 1, alg: 'ECDH-P256', keyId: await keyIdOf(point), publicKey: toBase64Url(point), createdAt: now.toISOString() },
    d: jwk.d!,
  };
}

/** A published server key, checked: a point on the curve, named by its id. */
export async function parseServerPublicKey(value: unknown): Promise<{ publicKey: ServerPublicKey; key: CryptoKey; point: Uint8Array<ArrayBuffer> }> {
  const candidate = value as Partial<ServerPublicKey> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== 'lotse-server-public-key') throw new CryptoError('malformed', 'not a server public key');
  if (candidate.v !== 1 || candidate.alg !== 'ECDH-P256') throw new CryptoError('unsupported_version', `server key version ${String(candidate.v)} / ${String(candidate.alg)} is not known`);
  const point = fromBase64Url(candidate.publicKey as string, 'the server public key');
  if (point.length !== POINT_BYTES) throw new CryptoError('malformed', 'the server public key is not an uncompressed P-256 point');
  if ((await keyIdOf(point)) !== candidate.keyId) throw new CryptoError('malformed', 'the server key id does not name this public key');
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', point, CURVE, true, []);
  } catch {
    throw new CryptoError('malformed', 'the server public key is not a point on P-256');
  }
  return { publicKey: candidate as ServerPublicKey, key, point };
}

async function kek(shared: ArrayBuffer, salt: Uint8Array<ArrayBuffer>, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: INFO }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** The associated data of both AES-GCM layers: binds a sealed copy to its format version, server key, record and revision. */
export const serverSealAssociatedData = (keyId: string, context: SealContext, version: number) => utf8(JSON.stringify(['lotse-server-seal', version, keyId, context.recordId, context.rev]));
const associatedData = serverSealAssociatedData;

/** Raw DEFLATE of `bytes` (the platform's CompressionStream: browsers, Node ≥ 18). */
async function deflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates raw DEFLATE, refusing more than `MAX_SEALED_PLAINTEXT` bytes or a broken stream (`malformed`). */
async function inflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_SEALED_PLAINTEXT) {
        await reader.cancel();
        throw new CryptoError('malformed', `the sealed payload decompresses to more than ${MAX_SEALED_PLAINTEXT} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('malformed', 'the sealed payload is not a DEFLATE stream');
  }
  return concatBytes(...chunks);
}

/**
 * Seals `plaintext` (the canonical JSON of a payload) for the server's published key, as format v2.
 * `format: 1` makes a copy as tablets before v2 made them (the tests of old outboxes).
 */
export async function sealForServer(plaintext: string, context: SealContext, serverKey: unknown, options: { format?: 1 | 2 } = {}): Promise<ServerSealed> {
  const version = options.format ?? SERVER_SEAL_VERSION;
  const { publicKey, key, point } = await parseServerPublicKey(serverKey);
  const ad = associatedData(publicKey.keyId, context, version);
  const contentBytes = randomBytes(KEY_BYTES);
  const contentKey = await crypto.subtle.importKey('raw', contentBytes, 'AES-GCM', false, ['encrypt']);
  const iv = randomBytes(IV_BYTES);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ad }, contentKey, version === 1 ? utf8(plaintext) : await deflateRaw(utf8(plaintext))));
  const ephemeral = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: key }, ephemeral.privateKey, 256);
  const wrapIv = randomBytes(IV_BYTES);
  const wrappedKey = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: wrapIv, additionalData: ad }, await kek(shared, concatBytes(epk, point), 'encrypt'), contentBytes));
  contentBytes.fill(0);
  return {
    v: version,
    alg: 'ECDH-P256+HKDF-SHA256+A256GCM',
    keyId: publicKey.keyId,
    epk: toBase64Url(epk),
    wrapIv: toBase64Url(wrapIv),
    wrappedKey: toBase64Url(wrappedKey),
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(ciphertext),
  };
}

/** A sealed copy whose shape was checked, with its binary fields decoded (each once). */
export interface DecodedServerSealed {
  sealed: ServerSealed;
  epk: Uint8Array<ArrayBuffer>;
  wrapIv: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  wrappedKey: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
}

/** Checks the shape of a sealed copy: `unsupported_version` for another version, `malformed` for anything else wrong. */
export function parseServerSealed(value: unknown): ServerSealed {
  return decodeServerSealed(value).sealed;
}

/** `parseServerSealed`, keeping the decoded bytes (an opener then decodes nothing twice). */
export function decodeServerSealed(value: unknown): DecodedServerSealed {
  const candidate = value as Partial<ServerSealed> | null;
  if (typeof candidate !== 'object' || candidate === null) throw new CryptoError('malformed', 'the sealed copy is not an object');
  if (!OPENED_SERVER_SEAL_VERSIONS.includes(candidate.v as number) || candidate.alg !== 'ECDH-P256+HKDF-SHA256+A256GCM') {
    throw new CryptoError('unsupported_version', `sealed envelope version ${String(candidate.v)} (${String(candidate.alg)}) is not known to this server; it opens versions ${OPENED_SERVER_SEAL_VERSIONS.join(' and ')}`);
  }
  if (typeof candidate.keyId !== 'string' || fromBase64Url(candidate.keyId, 'the server key id').length !== 8) throw new CryptoError('malformed', 'the server key id has the wrong length');
  const epk = fromBase64Url(candidate.epk as string, 'the ephemeral key');
  if (epk.length !== POINT_BYTES) throw new CryptoError('malformed', 'the ephemeral key has the wrong length');
  const wrapIv = fromBase64Url(candidate.wrapIv as string, 'the wrap nonce');
  if (wrapIv.length !== IV_BYTES) throw new CryptoError('malformed', 'the wrap nonce has the wrong length');
  const iv = fromBase64Url(candidate.iv as string, 'the nonce');
  if (iv.length !== IV_BYTES) throw new CryptoError('malformed', 'the nonce has the wrong length');
  const wrappedKey = fromBase64Url(candidate.wrappedKey as string, 'the wrapped key');
  if (wrappedKey.length !== KEY_BYTES + TAG_BYTES) throw new CryptoError('malformed', 'the wrapped key has the wrong length');
  const ciphertext = fromBase64Url(candidate.ciphertext as string, 'the ciphertext');
  if (ciphertext.length < TAG_BYTES) throw new CryptoError('malformed', 'the ciphertext is shorter than its tag');
  return { sealed: candidate as ServerSealed, epk, wrapIv, iv, wrappedKey, ciphertext };
}

/** The server's private key, imported once (the JWK needs the public point too). */
export async function importServerPrivateKey(pair: ServerKeyPair): Promise<{ keyId: string; privateKey: CryptoKey; point: Uint8Array<ArrayBuffer> }> {
  const { publicKey, point } = await parseServerPublicKey(pair.publicKey);
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', d: pair.d, x: toBase64Url(point.subarray(1, 33)), y: toBase64Url(point.subarray(33, 65)), ext: false },
      CURVE,
      false,
      ['deriveBits'],
    );
  } catch {
    throw new CryptoError('wrong_key', 'the server private key does not belong to its public key');
  }
  return { keyId: publicKey.keyId, privateKey, point };
}

/**
 * The plaintext of a sealed copy. `wrong_key` when it was sealed for another server key,
 * `not_authentic` when it was altered or belongs to another record or revision.
 */
export async function openForServer(value: unknown, context: SealContext, server: { keyId: string; privateKey: CryptoKey; point: Uint8Array<ArrayBuffer> }): Promise<string> {
  const sealed = parseServerSealed(value);
  if (sealed.keyId !== server.keyId) throw new CryptoError('wrong_key', `sealed for server key ${sealed.keyId}, not this server's ${server.keyId}`);
  const ad = associatedData(sealed.keyId, context, sealed.v);
  const epk = fromBase64Url(sealed.epk, 'the ephemeral key');
  const ephemeral = await crypto.subtle.importKey('raw', epk, CURVE, false, []).catch(() => {
    throw new CryptoError('malformed', 'the ephemeral key is not a point on P-256');
  });
  let plain: Uint8Array<ArrayBuffer>;
  try {
    const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, server.privateKey, 256);
    const contentBytes = new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(sealed.wrapIv, 'the wrap nonce'), additionalData: ad }, await kek(shared, concatBytes(epk, server.point), 'decrypt'), fromBase64Url(sealed.wrappedKey, 'the wrapped key')),
    );
    const contentKey = await crypto.subtle.importKey('raw', contentBytes, 'AES-GCM', false, ['decrypt']);
    contentBytes.fill(0);
    plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(sealed.iv, 'the nonce'), additionalData: ad }, contentKey, fromBase64Url(sealed.ciphertext, 'the ciphertext')));
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('not_authentic', 'the sealed copy does not open: altered, or made for another record or revision');
  }
  return fromUtf8(sealed.v === 1 ? plain : await inflateRaw(plain));
}
