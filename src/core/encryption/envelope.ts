/**
 * The envelope: one encrypted blob per stored record.
 *
 *   byte 0        format version (1)
 *   bytes 1–8     the data key's id
 *   bytes 9–20    AES-GCM nonce (96 random bits; a fresh one per seal)
 *   bytes 21–     AES-256-GCM ciphertext of the UTF-8 JSON value, with its 16-byte tag at the end
 *
 * Associated data (authenticated, not stored): the 9 header bytes, then the UTF-8 JSON of
 * `["lotse-record", store, recordId, revision]`. A blob copied to another record, another
 * revision or another store — or with its version byte or key id edited — fails to open.
 *
 * Random 96-bit nonces are safe for up to 2^32 seals per key (NIST SP 800-38D §8.3); one tablet's
 * autosaves stay orders of magnitude below that.
 */
import { concatBytes, fromUtf8, randomBytes, utf8 } from './bytes';
import { KEY_ID_BYTES, type DataKey } from './data-key';
import { CryptoError } from './errors';

export const ENVELOPE_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES;
/** The smallest possible envelope: header, nonce, tag (an empty plaintext cannot occur: JSON is never empty). */
export const MIN_ENVELOPE_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

/** Where a blob belongs. Everything here is bound to the blob; none of it is stored in it. */
export interface EnvelopeContext {
  /** The object store (e.g. "records", "outbox"). */
  store: string;
  recordId: string;
  /** The record's revision (0 for a draft that never completed). */
  revision: number;
}

function associatedData(header: Uint8Array, context: EnvelopeContext): Uint8Array<ArrayBuffer> {
  if (typeof context.store !== 'string' || typeof context.recordId !== 'string' || !Number.isSafeInteger(context.revision) || context.revision < 0) {
    throw new CryptoError('malformed', 'an envelope context is a store, a record id and a revision ≥ 0');
  }
  return concatBytes(header, utf8(JSON.stringify(['lotse-record', context.store, context.recordId, context.revision])));
}

/** Seals a JSON value for one record revision. */
export async function seal(key: DataKey, context: EnvelopeContext, value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  const json = JSON.stringify(value);
  if (json === undefined) throw new CryptoError('malformed', 'only JSON values can be sealed');
  const header = concatBytes(Uint8Array.of(ENVELOPE_VERSION), key.id);
  const iv = randomBytes(IV_BYTES);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData(header, context), tagLength: 128 }, key.key, utf8(json)));
  return concatBytes(header, iv, ciphertext);
}

/** Reads an envelope's header without opening it: its version and the id of the key it needs. */
export function envelopeKeyId(blob: unknown): Uint8Array<ArrayBuffer> {
  const bytes = asBytes(blob);
  return bytes.slice(1, HEADER_BYTES);
}

function asBytes(blob: unknown): Uint8Array<ArrayBuffer> {
  if (!(blob instanceof Uint8Array)) {
    if (blob instanceof ArrayBuffer) return asBytes(new Uint8Array(blob));
    throw new CryptoError('malformed', 'an envelope is bytes');
  }
  if (blob.length < 1) throw new CryptoError('malformed', 'the envelope is empty');
  if (blob[0] !== ENVELOPE_VERSION) throw new CryptoError('unsupported_version', `envelope format ${blob[0]} is not known (this app reads ${ENVELOPE_VERSION})`);
  if (blob.length < MIN_ENVELOPE_BYTES) throw new CryptoError('malformed', `the envelope is ${blob.length} bytes, shorter than any envelope (${MIN_ENVELOPE_BYTES})`);
  return new Uint8Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength) as ArrayBuffer);
}

/** Opens an envelope sealed by `seal` for the same context; throws a `CryptoError` otherwise. */
export async function open(key: DataKey, context: EnvelopeContext, blob: unknown): Promise<unknown> {
  const bytes = asBytes(blob);
  const header = bytes.subarray(0, HEADER_BYTES);
  const keyId = bytes.subarray(1, HEADER_BYTES);
  if (!equalIds(keyId, key.id)) throw new CryptoError('wrong_key', 'the envelope was sealed under another data key');
  const iv = bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: associatedData(header, context), tagLength: 128 }, key.key, bytes.subarray(HEADER_BYTES + IV_BYTES));
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError('not_authentic', `the envelope does not open for ${context.store} ${context.recordId} revision ${context.revision}: altered, or it belongs elsewhere`);
  }
  try {
    return JSON.parse(fromUtf8(new Uint8Array(plaintext)));
  } catch {
    // Authentic bytes that are not JSON: only a sealer other than `seal` could have made them.
    throw new CryptoError('malformed', 'the envelope holds no JSON value');
  }
}

function equalIds(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
