/**
 * What the sync screen shows about this device: enrolment, pending entries, the age of
 * the oldest unsynced interview, last sync, storage used and whether it is persistent.
 */
import type { LotseDatabase, SyncIssue } from './db';
import { openSyncIssue } from './sealed-rows';
import { getMeta } from './meta';
import { isSyncFailure, type SyncFailure } from './sync-types';

export const OLDEST_UNSYNCED_WARNING_MS = 3 * 24 * 60 * 60 * 1000;

export interface SyncStatus {
  enrolled: boolean;
  deviceName: string | null;
  authRefused: boolean;
  pendingEntries: number;
  /** createdAt of the oldest outbox entry, or null when nothing waits. */
  oldestUnsyncedAt: string | null;
  lastSyncSuccessAt: string | null;
  lastSyncError: SyncFailure | null;
  openIssues: number;
}

export async function readSyncStatus(db: LotseDatabase): Promise<SyncStatus> {
  const [deviceId, deviceName, authRefusedAt, pendingEntries, oldest, lastSyncSuccessAt, lastSyncError, openIssues] = await Promise.all([
    getMeta(db, 'deviceId'),
    getMeta(db, 'deviceName'),
    getMeta(db, 'authRefusedAt'),
    db.outbox.count(),
    db.outbox.orderBy('seq').first(),
    getMeta(db, 'lastSyncSuccessAt'),
    getMeta(db, 'lastSyncError'),
    db.syncIssues.filter((issue) => issue.resolvedAt === null).count(),
  ]);
  return {
    enrolled: Boolean(deviceId),
    deviceName: deviceName ?? null,
    authRefused: Boolean(authRefusedAt),
    pendingEntries,
    oldestUnsyncedAt: oldest?.createdAt ?? null,
    lastSyncSuccessAt: lastSyncSuccessAt ?? null,
    lastSyncError: lastSyncError === undefined ? null : isSyncFailure(lastSyncError) ? lastSyncError : { problem: { code: 'unexpected' }, message: String(lastSyncError) },
    openIssues,
  };
}

/** Conflicts and rejections nobody has resolved yet, newest first. */
export async function listOpenSyncIssues(db: LotseDatabase): Promise<SyncIssue[]> {
  const rows = await db.syncIssues.orderBy('id').reverse().filter((issue) => issue.resolvedAt === null).toArray();
  return Promise.all(rows.map((row) => openSyncIssue(db, row)));
}

export function isOldestUnsyncedTooOld(oldestUnsyncedAt: string | null, now: number): boolean {
  return oldestUnsyncedAt !== null && now - Date.parse(oldestUnsyncedAt) > OLDEST_UNSYNCED_WARNING_MS;
}

export interface StorageState {
  usage: number | null;
  quota: number | null;
  persistence: 'granted' | 'denied' | 'unsupported';
}

/** Storage used and quota, and whether the browser promised not to evict our data. */
export async function readStorageState(): Promise<StorageState> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage) return { usage: null, quota: null, persistence: 'unsupported' };
  const [estimate, persisted] = await Promise.all([
    storage.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
    storage.persisted ? storage.persisted().catch(() => false) : Promise.resolve(null),
  ]);
  return {
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    persistence: persisted === null ? 'unsupported' : persisted ? 'granted' : 'denied',
  };
}

/** Asks the browser for persistent storage (done at enrolment); returns the outcome. */
export async function requestPersistentStorage(): Promise<StorageState['persistence']> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.persist) return 'unsupported';
  try {
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
