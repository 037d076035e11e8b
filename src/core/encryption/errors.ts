/**
 * Every failure of this module is a `CryptoError` with a code the caller can act on. Nothing here
 * returns bytes it could not authenticate: a wrong key, a blob moved to another record, an edited
 * or truncated blob all end in an error, never in garbage.
 */
export type CryptoErrorCode =
  /** Not an envelope or wrapped key of this module at all, or cut short (truncated, garbage). */
  | 'malformed'
  /** A format version this code does not know (written by a newer app?). */
  | 'unsupported_version'
  /** Sealed under a different data key than the one given (the key id in the header differs). */
  | 'wrong_key'
  /** Right key id, but the authentication tag fails: altered bytes, or the blob belongs to another record, revision or store. */
  | 'not_authentic'
  /** The PIN or passphrase does not unwrap the data key. */
  | 'wrong_secret'
  /** The recovery private key given is not the one the data key was wrapped for, or the wrapped key was altered. */
  | 'wrong_recovery_key'
  /** A PIN or passphrase that the policy refuses (too short, too few digits). */
  | 'weak_secret'
  /** Key-derivation parameters outside the accepted range (refused before any work is done). */
  | 'bad_parameters';

export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
