/**
 * Opening a push entry sealed for the server (issue #12 item 3) with node:crypto: the same format
 * and the same answers as core's `openForServer` (src/core/encryption/server-seal.ts, the
 * definition, which the tablet's side and the tests use), several times cheaper per entry.
 *
 * Why the server has its own: WebCrypto in Node runs every step as a job with its own promise —
 * importing the ephemeral point, ECDH, importing and deriving the HKDF key, two AES-GCM decrypts,
 * importing the content key — about 0.6 ms per entry, which made a sealed push of 695 interviews
 * about a fifth slower than the same push in clear (bench/README.md §5). The same steps as direct
 * OpenSSL calls take about 0.17 ms (ECDH alone is 0.1 ms); they run on the request's thread,
 * 50 entries (a batch) in under 10 ms, and nothing is awaited per entry.
 *
 * Every check stays: the shape (`decodeServerSealed`, which also decodes each field once), the key id, the point on the curve, both
 * GCM tags over the associated data that binds the copy to its server key, record and revision,
 * and strict UTF-8. Errors are core's `CryptoError`s with the same codes as `openForServer`
 * (open-sealed.test.ts opens the same good and damaged copies with both).
 */
import { createDecipheriv, createECDH, hkdfSync, type ECDH } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import {
  CryptoError,
  decodeServerSealed,
  fromUtf8,
  MAX_SEALED_PLAINTEXT,
  parseServerPublicKey,
  serverSealAssociatedData,
  SERVER_SEAL_INFO,
  type SealContext,
  type ServerKeyPair,
} from '../../core/encryption/index';

const TAG_BYTES = 16;

/** The server's sealing key, ready for `openSealed`. */
export interface ServerOpeningKey {
  keyId: string;
  /** The uncompressed public point (the HKDF salt's second half). */
  point: Uint8Array;
  ecdh: ECDH;
}

/** The stored pair as an opening key; `wrong_key` when the private scalar does not belong to the published point. */
export async function openingKeyOf(pair: ServerKeyPair): Promise<ServerOpeningKey> {
  const { publicKey, point } = await parseServerPublicKey(pair.publicKey);
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(Buffer.from(pair.d, 'base64url'));
  } catch {
    throw new CryptoError('wrong_key', 'the server private key does not belong to its public key');
  }
  if (!Buffer.from(point).equals(ecdh.getPublicKey())) throw new CryptoError('wrong_key', 'the server private key does not belong to its public key');
  return { keyId: publicKey.keyId, point, ecdh };
}

function gcmOpen(key: Uint8Array, iv: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(ad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

/**
 * The plaintext of a sealed copy, as `openForServer` gives it: `unsupported_version` or
 * `malformed` for a copy of another shape, `wrong_key` when sealed for another server key,
 * `not_authentic` when altered or made for another record or revision.
 */
export function openSealed(value: unknown, context: SealContext, key: ServerOpeningKey): string {
  const { sealed, epk, wrapIv, iv, wrappedKey, ciphertext } = decodeServerSealed(value);
  if (sealed.keyId !== key.keyId) throw new CryptoError('wrong_key', `sealed for server key ${sealed.keyId}, not this server's ${key.keyId}`);
  const ad = serverSealAssociatedData(sealed.keyId, context, sealed.v);
  let shared: Buffer;
  try {
    shared = key.ecdh.computeSecret(epk);
  } catch {
    throw new CryptoError('malformed', 'the ephemeral key is not a point on P-256');
  }
  const salt = Buffer.concat([epk, key.point]);
  const kek = new Uint8Array(hkdfSync('sha256', shared, salt, SERVER_SEAL_INFO, 32));
  shared.fill(0);
  let contentKey: Buffer | undefined;
  let plain: Buffer;
  try {
    contentKey = gcmOpen(kek, wrapIv, ad, wrappedKey);
    plain = gcmOpen(contentKey, iv, ad, ciphertext);
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('not_authentic', 'the sealed copy does not open: altered, or made for another record or revision');
  } finally {
    kek.fill(0);
    contentKey?.fill(0);
  }
  return fromUtf8(sealed.v === 1 ? plain : inflated(plain));
}

/** Format v2's payload inflated (raw DEFLATE), at most `MAX_SEALED_PLAINTEXT` bytes; `malformed` otherwise. */
function inflated(compressed: Buffer): Buffer {
  try {
    return inflateRawSync(compressed, { maxOutputLength: MAX_SEALED_PLAINTEXT });
  } catch (error) {
    const tooLarge = error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new CryptoError('malformed', tooLarge ? `the sealed payload decompresses to more than ${MAX_SEALED_PLAINTEXT} bytes` : 'the sealed payload is not a DEFLATE stream');
  }
}
