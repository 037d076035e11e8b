/**
 * SHA-256 over the UTF-8 bytes of a string, from @noble/hashes (audited, no dependencies).
 *
 * Why not WebCrypto or Node's `crypto`: core runs unchanged in the browser and on the server, and
 * a notice's hash has to be checked synchronously inside a zod refinement, where the async
 * `crypto.subtle.digest` cannot be awaited. The UTF-8 encoding is the platform's `TextEncoder`,
 * which turns a lone surrogate into U+FFFD as Node's `Buffer.from(text, 'utf8')` does, so a hash
 * made here agrees with one an auditor makes with any other tool.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Lower-case hex SHA-256 of the UTF-8 encoding of `text`. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
