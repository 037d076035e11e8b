/**
 * Sync while locked (issue #12 item 3): each outbox entry also gets a copy of its payload sealed
 * for the server's public key (`server-key`, pulled like every artifact). The push sends that copy
 * when it exists, and sealing needs only the server's public key, never the data key — so an entry
 * sealed while the app was unlocked (right after completion) leaves the tablet later with the app
 * locked. The server opens it and treats it as the clear payload (src/server/README.md).
 *
 * Sealing runs outside any Dexie transaction (awaiting WebCrypto inside one lets IndexedDB commit
 * it): read, seal, then write the sealed copy onto the entry if it is still there.
 */
import { SERVER_KEY_ARTIFACT_ID, sealForServer, type ServerKeyArtifact, type ServerSealed } from '../core/encryption';
import { canonicalJson, type SealedPushEntry, type WirePushEntry } from '../core/sync';
import type { LotseDatabase, OutboxEntry } from './db';

/** The server's sealing key as pulled (checked shape); null before the first pull from a server that has one. */
export async function latestServerKey(db: LotseDatabase): Promise<ServerKeyArtifact | null> {
  const rows = await db.artifacts.where('[kind+id]').equals(['server-key', SERVER_KEY_ARTIFACT_ID]).toArray();
  const newest = rows.filter((row) => !row.retired && row.check === 'valid').sort((a, b) => b.version - a.version)[0];
  return newest ? (newest.body as unknown as ServerKeyArtifact) : null;
}

/** The entry as the push sends it: sealed when a sealed copy exists, else with the clear payload (as before issue #12). */
export function wireEntryOf(entry: OutboxEntry): WirePushEntry {
  const { seq, recordId, rev, baseRev, formRef, noticeRef, payloadSha256 } = entry;
  if (entry.serverSealed) return { seq, recordId, rev, baseRev, formRef, noticeRef, sealed: entry.serverSealed as unknown as SealedPushEntry['sealed'], payloadSha256 };
  return { seq, recordId, rev, baseRev, formRef, noticeRef, payload: entry.payload, payloadSha256 };
}

/**
 * Seals every outbox entry that has no sealed copy yet for the newest pulled server key; returns
 * how many it sealed. Nothing to do without a server key (the push then sends the clear payload).
 */
export async function sealOutboxForServer(db: LotseDatabase): Promise<number> {
  const key = await latestServerKey(db);
  if (!key) return 0;
  const pending = await db.outbox.filter((entry) => entry.serverSealed === undefined || entry.serverSealed.keyId !== key.keyId).toArray();
  let sealed = 0;
  for (const entry of pending) {
    const copy: ServerSealed = await sealForServer(canonicalJson(entry.payload), { recordId: entry.recordId, rev: entry.rev }, key);
    const bytes = JSON.stringify(wireEntryOf({ ...entry, serverSealed: copy })).length;
    // Only onto the same entry (a push may have cleared it meanwhile).
    sealed += await db.outbox.where('seq').equals(entry.seq).modify((row) => {
      if (row.payloadSha256 !== entry.payloadSha256) return;
      row.serverSealed = copy;
      row.bytes = bytes;
    });
  }
  return sealed;
}
