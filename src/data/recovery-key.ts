/**
 * The organisation's recovery public key as pulled (artifact kind "recovery-key", issue #12): the
 * tablet wraps its data key for the newest one that is not retired. Checked (shape) when it
 * arrived, like every artifact; the point itself is checked by `wrapForRecovery` before use.
 */
import { RECOVERY_KEY_ARTIFACT_ID, type RecoveryKeyArtifact } from '../core/encryption';
import type { LotseDatabase } from './db';
import { artifactRows } from './artifact-rows';

/** The newest recovery key pulled that is not retired and passed its check; null before an admin made one. */
export async function latestRecoveryKey(db: LotseDatabase): Promise<RecoveryKeyArtifact | null> {
  const rows = await artifactRows(db, 'recovery-key', RECOVERY_KEY_ARTIFACT_ID);
  const newest = rows.filter((row) => !row.retired && row.check === 'valid').sort((a, b) => b.version - a.version)[0];
  return newest ? (newest.body as unknown as RecoveryKeyArtifact) : null;
}
