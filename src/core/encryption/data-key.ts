/**
 * The tablet's data key: 256 random bits that encrypt every record blob (AES-256-GCM). It never
 * exists in storage in clear — only wrapped (by the PIN, for the recovery key) — and in memory
 * only as a non-extractable `CryptoKey` while the app is unlocked.
 *
 * Each data key has a random 8-byte id. It is written into every envelope and every wrapped copy,
 * so "sealed under another key" is told apart from "altered" — and, being random rather than
 * derived from the key, it says nothing about the key.
 */
import { randomBytes, toBase64Url } from './bytes';
import { CryptoError } from './errors';

export const DATA_KEY_BYTES = 32;
export const KEY_ID_BYTES = 8;

/** The key as the app holds it while unlocked. */
export interface DataKey {
  /** Random, non-secret, 8 bytes. */
  readonly id: Uint8Array<ArrayBuffer>;
  /** AES-GCM, encrypt/decrypt, not extractable. */
  readonly key: CryptoKey;
}

/** The key's raw bytes: exist only while a key is made or wrapped anew (enrolment, new PIN, recovery). */
export interface DataKeyMaterial {
  readonly id: Uint8Array<ArrayBuffer>;
  readonly raw: Uint8Array<ArrayBuffer>;
}

export function createDataKeyMaterial(): DataKeyMaterial {
  return { id: randomBytes(KEY_ID_BYTES), raw: randomBytes(DATA_KEY_BYTES) };
}

/** The usable key from its raw bytes; the raw bytes can be overwritten afterwards (`forget`). */
export async function importDataKey(material: DataKeyMaterial): Promise<DataKey> {
  if (material.raw.length !== DATA_KEY_BYTES || material.id.length !== KEY_ID_BYTES) throw new CryptoError('malformed', 'a data key is 32 bytes with an 8-byte id');
  const key = await crypto.subtle.importKey('raw', material.raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  return { id: material.id.slice(), key };
}

/** Overwrites the raw bytes (as far as JavaScript lets one: copies the engine made are out of reach). */
export function forget(material: DataKeyMaterial): void {
  material.raw.fill(0);
}

export const keyIdText = (id: Uint8Array): string => toBase64Url(id);
