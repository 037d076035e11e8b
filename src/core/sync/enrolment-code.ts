/**
 * Enrolment codes: 8 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L), shown grouped as `ABCD-EFGH`. The server makes them; the
 * tablet reads them from the QR code's URL fragment or from the keyboard, so
 * both sides normalise the same way.
 */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_CODE_LENGTH = 8;

/**
 * What a person typed or scanned, upper-case and without separators or spaces (`abcd-efgh` →
 * `ABCDEFGH`), whether or not it can be a code: what the tablet sends, so that the server's
 * answer (not the tablet) says whether the code is valid.
 */
export function bareEnrolmentCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The bare code (`ABCDEFGH`) from what a person typed or scanned, or undefined if it cannot be one. */
export function normaliseEnrolmentCode(input: string): string | undefined {
  const bare = bareEnrolmentCode(input);
  if (bare.length !== ENROLMENT_CODE_LENGTH) return undefined;
  for (const char of bare) if (!ENROLMENT_CODE_ALPHABET.includes(char)) return undefined;
  return bare;
}

/** `ABCDEFGH` → `ABCD-EFGH`, for reading aloud and typing. */
export function formatEnrolmentCode(code: string): string {
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)}-${code.slice(half)}`;
}
