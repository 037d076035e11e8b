/**
 * The recovery public key as a published artifact: kind "recovery-key", id "organisation", one
 * version per key made with `npm run lotse -- recovery-key create`; a replaced key is retired.
 * Tablets wrap their data key for the newest key that is not retired.
 */
import { z } from 'zod';

export const RECOVERY_KEY_ARTIFACT_ID = 'organisation';

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
