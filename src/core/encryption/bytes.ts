/** Byte helpers without Node's Buffer (src/core runs in the browser too). */
import { CryptoError } from './errors';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text) as Uint8Array<ArrayBuffer>;
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Node's Buffer when this runs on the server (core is shared with the browser, so it is looked up,
 * not imported): its native base64url is ~50× faster than the loop below, which matters for the
 * server opening every sealed push entry (issue #12 item 3: a 20 KB entry took 2.5 ms to decode).
 */
interface NativeBuffer {
  from(value: Uint8Array | string, encoding?: 'base64url'): Uint8Array & { toString(encoding: 'base64url'): string };
}
const nativeBuffer = (globalThis as { Buffer?: NativeBuffer }).Buffer;

/** base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  if (nativeBuffer) return nativeBuffer.from(bytes).toString('base64url');
  return toBase64UrlPortable(bytes);
}

function toBase64UrlPortable(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += alphabet[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += alphabet[n & 63]!;
  }
  return out;
}

/** Strict base64url decoding: any other character, or a length no encoding produces, is `malformed`. */
export function fromBase64Url(text: string, what: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new CryptoError('malformed', `${what} is not base64url`);
  if (nativeBuffer) {
    const decoded = nativeBuffer.from(text, 'base64url');
    // Only the canonical text of these bytes is accepted, as below: that also refuses every
    // character outside the alphabet (which Buffer would skip), padding, and a length no encoding
    // has, so the pattern below needs no second pass over a large text here.
    if (decoded.toString('base64url') !== text) throw new CryptoError('malformed', `${what} is not canonical base64url`);
    return Uint8Array.from(decoded);
  }
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new CryptoError('malformed', `${what} is not base64url`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    value = (value << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two texts would decode to the same bytes.
  if ((value & ((1 << bits) - 1)) !== 0) throw new CryptoError('malformed', `${what} is not canonical base64url`);
  return out;
}
