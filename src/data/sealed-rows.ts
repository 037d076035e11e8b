/**
 * Rows as stored (version 3: clear index fields + one envelope) ⇄ the shapes the rest of src/data
 * and the app use (`OutboxEntry`, `SyncIssue`; records: sealed-records.ts). Rows written before version 3 are
 * still in clear until `encryptClearRows` reached them: opening one returns it as it is.
 *
 * Two rules (core/encryption/README.md):
 * - seal and open OUTSIDE Dexie transactions: awaiting `crypto.subtle` inside one lets IndexedDB
 *   commit it; callers read, open, seal, then write in a short transaction that checks nothing
 *   changed in between;
 * - a function `watch` may run (a live query) makes its Dexie reads BEFORE its first await of
 *   WebCrypto: the live query tracks only what it read until then (watch.test.ts proves it).
 */
import { open, seal, type EnvelopeContext } from '../core/encryption';
import type {
  LotseDatabase,
  OutboxEntry,
  OutboxRow,
  SealedOutboxRow,
  SealedSyncIssueRow,
  SyncIssue,
  SyncIssueRow,
} from './db';
import { dataKeyFor } from './keyring';
import type { MetaValues } from './meta';

export function isSealed<T extends object>(row: T): row is T & { sealed: Uint8Array } {
  return 'sealed' in row && row.sealed instanceof Uint8Array;
}

export function sealFor(db: LotseDatabase, context: EnvelopeContext, value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  return seal(dataKeyFor(db), context, value);
}

export async function openFor<T>(db: LotseDatabase, context: EnvelopeContext, blob: Uint8Array): Promise<T> {
  return (await open(dataKeyFor(db), context, blob)) as T;
}

const outboxContext = (recordId: string, rev: number): EnvelopeContext => ({ store: 'outbox', recordId, revision: rev });

export async function sealOutboxEntry(db: LotseDatabase, entry: OutboxEntry): Promise<SealedOutboxRow> {
  const { payload, noticeRef, ...clear } = entry;
  return { ...clear, sealed: await sealFor(db, outboxContext(entry.recordId, entry.rev), { payload, noticeRef }) };
}

export async function openOutboxRow(db: LotseDatabase, row: OutboxRow): Promise<OutboxEntry> {
  if (!isSealed(row)) return row as OutboxEntry;
  const { sealed, ...clear } = row as SealedOutboxRow;
  const secrets = await openFor<Pick<OutboxEntry, 'payload' | 'noticeRef'>>(db, outboxContext(row.recordId, row.rev), sealed);
  return { ...clear, ...secrets };
}

const issueContext = (recordId: string, rev: number): EnvelopeContext => ({ store: 'syncIssues', recordId, revision: rev });

export async function sealSyncIssue(db: LotseDatabase, issue: SyncIssue): Promise<SealedSyncIssueRow> {
  const { message, serverRecord, ...clear } = issue;
  return { ...clear, sealed: await sealFor(db, issueContext(issue.recordId, issue.rev), { message, serverRecord }) };
}

export async function openSyncIssue(db: LotseDatabase, row: SyncIssueRow): Promise<SyncIssue> {
  if (!isSealed(row)) return row as SyncIssue;
  const { sealed, ...clear } = row as SealedSyncIssueRow;
  const secrets = await openFor<Pick<SyncIssue, 'message' | 'serverRecord'>>(db, issueContext(row.recordId, row.rev), sealed);
  return { ...clear, ...secrets };
}

/** The `meta` values that say something about a person (the interviewer's name, where they work): sealed. */
export type PrivateMetaKey = 'interviewer' | 'lastSite';
export const PRIVATE_META_KEYS: readonly PrivateMetaKey[] = ['interviewer', 'lastSite'];

const metaContext = (key: PrivateMetaKey): EnvelopeContext => ({ store: 'meta', recordId: key, revision: 0 });

export async function getPrivateMeta<K extends PrivateMetaKey>(db: LotseDatabase, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  if (row === undefined) return undefined;
  if (row.value instanceof Uint8Array) return openFor<MetaValues[K]>(db, metaContext(key), row.value);
  return row.value as MetaValues[K];
}

export async function sealPrivateMeta<K extends PrivateMetaKey>(db: LotseDatabase, key: K, value: MetaValues[K]): Promise<Uint8Array> {
  return sealFor(db, metaContext(key), value);
}

export async function setPrivateMeta<K extends PrivateMetaKey>(db: LotseDatabase, key: K, value: MetaValues[K]): Promise<void> {
  const sealed = await sealPrivateMeta(db, key, value);
  await db.meta.put({ key, value: sealed });
}
