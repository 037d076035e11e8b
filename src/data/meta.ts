import type { LotseDatabase } from './db';
import type { RecoveryWrappedKey, SecretWrappedKey } from '../core/encryption';
import type { SyncFailure } from './sync-types';
import type { UnlockFailures } from './keyring';
import type { EncryptionProgress } from './upgrade';

/** Keys of the `meta` table and what they hold. */
export interface MetaValues {
  deviceId: string;
  deviceName: string;
  deviceToken: string;
  serverUrl: string;
  enrolledAt: string;
  /** The next outbox sequence number (starts at 1, only grows). */
  nextSeq: number;
  lastAckSeq: number;
  pullCursor: string;
  /**
   * The optional artifact kinds (`optionalArtifactKinds`) the stored `pullCursor` was pulled with.
   * When this version asks for more, the pull starts over once: a cursor moved on by an earlier
   * version has passed changes of the new kind without receiving them.
   */
  pullAccepts: string;
  /** Erased records whose local copy was deleted, to confirm to the server (sync-pull.ts). */
  erasuresToConfirm: string[];
  /** Partial erasures (issue #14, their ids) applied to the local copy, to confirm to the server. */
  partialErasuresToConfirm: string[];
  lastSyncAttemptAt: string;
  lastSyncSuccessAt: string;
  /** Why the last run failed (a plain string on devices that synced with an earlier version). */
  lastSyncError: SyncFailure | string;
  /** Set when the server refused the token (401/403): syncing stops until re-enrolment. */
  authRefusedAt: string;
  persistence: 'granted' | 'denied' | 'unsupported';
  /** Sealed (read and write with `getPrivateMeta`/`setPrivateMeta`, sealed-rows.ts). */
  interviewer: { id: string; name: string };
  /** The accommodation site of the last interview started here: the next one is usually there too. Sealed like `interviewer`. */
  lastSite: string;
  /** Every stored artifact has its verdict (`check`); rows stored before verdicts were kept got theirs once. */
  artifactsChecked: boolean;
  /** The data key wrapped by the PIN/passphrase (keyring.ts, issue #12). */
  secretWrap: SecretWrappedKey;
  /** The data key wrapped for the organisation's recovery key. */
  recoveryWrap: RecoveryWrappedKey;
  /** The data key's random id (base64url). */
  dataKeyId: string;
  /** A small envelope sealed with the data key: checks a key given by the recovery procedure. */
  keyCheck: Uint8Array;
  /** When a pull said this device was marked lost (issue #12 item 6): the run pushes, then wipes. */
  wipeRequested: string;
  /** Hand-over mode (issue #12 item 5): only this record's applicant view is reachable until the interviewer unlocks. */
  handover: { recordId: string; since: string };
  /** Wrong secrets since the last unlock. */
  unlockFailures: UnlockFailures;
  /** Where `encryptClearRows` stopped (upgrade.ts); absent before it started and after it finished. */
  encryptionProgress: EncryptionProgress;
  /** When the last clear row of an earlier version was sealed: from then on every row is sealed. */
  encryptedAt: string;
}

export async function getMeta<K extends keyof MetaValues>(db: LotseDatabase, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends keyof MetaValues>(db: LotseDatabase, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

export async function deleteMeta(db: LotseDatabase, key: keyof MetaValues): Promise<void> {
  await db.meta.delete(key);
}

/** Whether clear rows of a version before encryption may still be there (upgrade.ts seals them). */
export async function needsEncryption(db: LotseDatabase): Promise<boolean> {
  return (await getMeta(db, 'encryptedAt')) === undefined;
}
