/**
 * Secrets handed out by the server (session ids, device tokens, set-up tokens,
 * enrolment codes) are random and stored only as a SHA-256, so a copy of the
 * database lets nobody sign in or push as a device.
 */
import crypto from 'node:crypto';

/** `bytes` random bytes as base64url (32 bytes: 256 bits, 43 characters). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** The stored form of a secret. Tokens carry 256 bits, so a plain hash is enough (no salt, no stretching). */
export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}
