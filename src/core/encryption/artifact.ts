/**
 * The recovery public key as a published artifact: kind "recovery-key", id "organisation", one
 * version per key made with `npm run lotse -- recovery-key create`; a replaced key is retired.
 * Tablets wrap their data key for the newest key that is not retired.
 */
import { z } from 'zod';
import { DEVICE_POLICY_ARTIFACT_ID, RECOVERY_KEY_ARTIFACT_ID } from './artifact-ids';

export { RECOVERY_KEY_ARTIFACT_ID, DEVICE_POLICY_ARTIFACT_ID, DEFAULT_INACTIVITY_MINUTES, DEFAULT_HIDDEN_MINUTES, DEFAULT_DEVICE_POLICY } from './artifact-ids';

export const recoveryKeyArtifactSchema = z.strictObject({
  id: z.literal(RECOVERY_KEY_ARTIFACT_ID),
  version: z.number().int().positive(),
  format: z.literal('lotse-recovery-public-key'),
  v: z.literal(1),
  alg: z.literal('ECDH-P256'),
  /** base64url of 8 bytes. */
  keyId: z.string().regex(/^[A-Za-z0-9_-]{11}$/),
  /** base64url of the 65-byte uncompressed point. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/),
  createdAt: z.iso.datetime(),
});

export type RecoveryKeyArtifact = z.infer<typeof recoveryKeyArtifactSchema>;

/**
 * The server's public sealing key as a published artifact: kind "server-key", id "server". Made
 * at the server's first start (src/server/artifacts/server-key.ts); tablets seal each completed
 * interview's outbox entry for it, so the entry syncs while the app is locked (issue #12 item 3).
 */
export const serverKeyArtifactSchema = z.strictObject({
  id: z.literal('server'),
  version: z.number().int().positive(),
  format: z.literal('lotse-server-public-key'),
  v: z.literal(1),
  alg: z.literal('ECDH-P256'),
  keyId: z.string().regex(/^[A-Za-z0-9_-]{11}$/),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/),
  createdAt: z.iso.datetime(),
});

export type ServerKeyArtifact = z.infer<typeof serverKeyArtifactSchema>;

/**
 * When a tablet locks (issue #12 item 4), set by an admin on the server: after
 * `inactivityMinutes` without a touch or key, and when the app was hidden (another app, screen
 * off) for longer than `hiddenMinutes` (0: at once). Artifact kind "device-policy", id "tablets".
 */
export const devicePolicyValuesSchema = z.strictObject({
  inactivityMinutes: z.number().int().min(1).max(60),
  hiddenMinutes: z.number().int().min(0).max(60),
});

export const devicePolicyArtifactSchema = devicePolicyValuesSchema.extend({
  id: z.literal(DEVICE_POLICY_ARTIFACT_ID),
  version: z.number().int().positive(),
});

export type DevicePolicyValues = z.infer<typeof devicePolicyValuesSchema>;
export type DevicePolicyArtifact = z.infer<typeof devicePolicyArtifactSchema>;
