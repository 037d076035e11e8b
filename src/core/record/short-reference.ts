/**
 * A record's short reference: 8 characters in two groups (`K7QM-3XPA`) that an applicant can quote
 * on the phone and a coordinator can search for. It names a record without personal data, so it
 * also identifies a refusal ("so that we do not ask again").
 *
 * Derived from the record id alone (no counter to keep in step between offline tablets): the first
 * 40 bits of the SHA-256 of the id, in Crockford's base32, whose alphabet has no I, L, O or U, so
 * nothing read aloud is mistaken for 1 or 0. Hashing spreads ids that are not random in their first
 * bits (time-ordered UUIDs). 40 bits make two records of 100,000 share a reference with a chance
 * of about 0.5 %: a search shows every match, so a shared reference is told apart by the name.
 */
import { sha256Hex } from '../consent/index';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8;

/** `K7QM-3XPA` for a record id (any string; our ids are UUIDs). */
export function shortReference(recordId: string): string {
  const hex = sha256Hex(recordId.toLowerCase()).slice(0, (LENGTH * 5) / 4);
  let bits = BigInt(`0x${hex}`);
  let code = '';
  for (let index = 0; index < LENGTH; index += 1) {
    code = CROCKFORD[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed or said, as the reference it means, or null when it cannot be one: case and
 * separators do not matter, and O, I and L are read as 0, 1 and 1, as Crockford's base32 defines.
 */
export function normalizeShortReference(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s\-–_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== LENGTH || [...code].some((char) => !CROCKFORD.includes(char))) return null;
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
