/**
 * Sync while locked (issue #12 item 3): each outbox entry also gets a copy of its payload sealed
 * for the server's public key (`server-key`, pulled like every artifact). The push sends that copy
 * when it exists (`pushEntryOf` in sync-push.ts), and that needs only the row, never the data key —
 * so an entry sealed while the app was unlocked (right after completion) leaves the tablet later
 * with the app locked. The server opens it and treats it as the clear payload (src/server/README.md).
 *
 * Sealing runs outside any Dexie transaction (awaiting WebCrypto inside one lets IndexedDB commit
 * it): read and open the row, seal, then write the copy onto the row if it is still the same entry.
 */
import { SERVER_KEY_ARTIFACT_ID, sealForServer, type ServerKeyArtifact } from '../core/encryption';
import { canonicalJson, type SealedPushEntry } from '../core/sync';
import type { LotseDatabase, OutboxRow, ServerSealedCopy } from './db';
import { artifactRows } from './artifact-rows';
import { isUnlocked } from './keyring';
import { openOutboxRow } from './sealed-rows';

/** The server's sealing key as pulled (checked shape); null before the first pull from a server that has one. */
export async function latestServerKey(db: LotseDatabase): Promise<ServerKeyArtifact | null> {
  const rows = await artifactRows(db, 'server-key', SERVER_KEY_ARTIFACT_ID);
  const newest = rows.filter((row) => !row.retired && row.check === 'valid').sort((a, b) => b.version - a.version)[0];
  return newest ? (newest.body as unknown as ServerKeyArtifact) : null;
}

/** The entry as the push sends it from a row's server-sealed copy. */
export function serverSealedEntryOf(row: OutboxRow & { serverSealed: ServerSealedCopy }): SealedPushEntry {
  const { seq, recordId, rev, baseRev, formRef, payloadSha256 } = row;
  return { seq, recordId, rev, baseRev, formRef, noticeRef: row.serverSealed.noticeRef, sealed: row.serverSealed.sealed as unknown as SealedPushEntry['sealed'], payloadSha256 };
}

/**
 * Seals every outbox entry that has no copy for the newest pulled server key yet; returns how
 * many it sealed. Nothing to do without a server key (the push then opens the row with the data
 * key, as before) or while locked (the rows cannot be read).
 */
export async function sealOutboxForServer(db: LotseDatabase): Promise<number> {
  const key = await latestServerKey(db);
  if (!key || !isUnlocked(db)) return 0;
  const pending = await db.outbox.filter((row) => row.serverSealed?.sealed.keyId !== key.keyId).toArray();
  let sealed = 0;
  for (const row of pending) {
    const entry = await openOutboxRow(db, row);
    const copy: ServerSealedCopy = { sealed: await sealForServer(canonicalJson(entry.payload), { recordId: entry.recordId, rev: entry.rev }, key), noticeRef: entry.noticeRef };
    const bytes = JSON.stringify(serverSealedEntryOf({ ...row, serverSealed: copy })).length;
    // Only onto the same entry (a push may have cleared it meanwhile).
    sealed += await db.outbox.where('seq').equals(row.seq).modify((stored) => {
      if (stored.payloadSha256 !== row.payloadSha256) return;
      stored.serverSealed = copy;
      stored.bytes = bytes;
    });
  }
  return sealed;
}
