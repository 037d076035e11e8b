/**
 * Which secrets may wrap the data key. The threat model in the README explains the choice: with
 * the measured Argon2id parameters a copied database and a 6-digit PIN fall to one GPU in
 * minutes, a 12-character passphrase does not. So the default policy asks for a passphrase; a
 * deployment whose tablets keep the browser profile under the platform's hardware-bound
 * encryption (a managed device with a screen lock) may allow PINs (`pin-or-passphrase`).
 */
import { CryptoError } from './errors';
import { normaliseSecret } from './secret-wrap';

export type SecretPolicy = 'passphrase' | 'pin-or-passphrase';
export const DEFAULT_SECRET_POLICY: SecretPolicy = 'passphrase';

export const MIN_PIN_DIGITS = 6;
export const MIN_PASSPHRASE_CHARACTERS = 12;
export const MIN_DISTINCT_CHARACTERS = 6;

export type SecretProblem = 'pin_not_allowed' | 'pin_too_short' | 'pin_trivial' | 'passphrase_too_short' | 'passphrase_too_uniform';

/** What is wrong with a secret under a policy (a key for the UI's message), or null when it is accepted. */
export function secretProblem(secret: string, policy: SecretPolicy = DEFAULT_SECRET_POLICY): SecretProblem | null {
  const text = normaliseSecret(secret);
  const characters = [...text];
  if (/^[0-9]+$/.test(text)) {
    if (policy !== 'pin-or-passphrase') return 'pin_not_allowed';
    if (characters.length < MIN_PIN_DIGITS) return 'pin_too_short';
    // The first guesses of anyone holding the tablet (the app allows 10 attempts).
    const digits = characters.map(Number);
    const steps = new Set(digits.slice(1).map((digit, i) => (digit - digits[i]! + 10) % 10));
    if (steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9))) return 'pin_trivial';
    return null;
  }
  if (characters.length < MIN_PASSPHRASE_CHARACTERS) return 'passphrase_too_short';
  if (new Set(characters).size < MIN_DISTINCT_CHARACTERS) return 'passphrase_too_uniform';
  return null;
}

/** Throws `weak_secret` (with the problem as message) when the policy refuses the secret. */
export function checkSecretPolicy(secret: string, policy: SecretPolicy = DEFAULT_SECRET_POLICY): void {
  const problem = secretProblem(secret, policy);
  if (problem) throw new CryptoError('weak_secret', problem);
}
