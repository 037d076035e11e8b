/**
 * The interview list's index (see db.ts).
 *
 * Version 3 (issue #12): the `recordIndex` row keeps only what its IndexedDB indexes need (id,
 * state, dates); the name, its search text, the short reference, the refusal mark and the
 * applicant's language live in 64 sealed shards (`indexShards`, a record's shard from its id). After
 * unlock the shards are opened once into memory — 64 small decrypts for 20,000 interviews, not
 * 20,000 — and the list joins them to the clear rows. A write re-seals the record's shard only when
 * what the list shows of it changed (an autosave of another answer does not), from memory, and
 * checks the shard's version in its transaction so two writers never lose each other's change.
 * Locking forgets the opened shards.
 */
import { shortReference } from '../core/record';
import { nameMatcher, nameSearchText, prepareSearchText, type NameQuery, type PreparedName } from '../core/text';
import type { CheckedRead, RowWrite } from './checked-write';
import type { ClearIndexRow, IndexRow, IndexSecrets, LocalRecord, LotseDatabase, RecordIndexRow } from './db';
import { onKeyringChange } from './keyring';
import { isSealed, openFor, sealFor } from './sealed-rows';

export function indexRowOf(record: LocalRecord): RecordIndexRow {
  return { ...clearIndexRowOf(record), ...indexSecretsOf(record) };
}

export function clearIndexRowOf(record: Pick<LocalRecord, 'recordId' | 'status' | 'createdAt' | 'updatedAt'> & Partial<Pick<LocalRecord, 'rev' | 'serverRev' | 'editing'>>): ClearIndexRow {
  const clear: ClearIndexRow = { recordId: record.recordId, status: record.status, createdAt: record.createdAt, updatedAt: record.updatedAt };
  if (record.rev !== undefined && record.serverRev !== undefined && record.editing !== undefined) {
    Object.assign(clear, { rev: record.rev, serverRev: record.serverRev, editing: record.editing });
  }
  return clear;
}

export function indexSecretsOf(record: LocalRecord): IndexSecrets {
  const reference = shortReference(record.recordId);
  return {
    displayName: record.displayName,
    // The name as written and in other scripts' spellings (core/text/transliterate.ts). The
    // reference is searchable too: it is what a person quotes on the phone, and all that
    // identifies a refusal.
    searchText: nameSearchText(record.displayName, reference),
    shortReference: reference,
    refused: record.consent?.events[0]?.event_type === 'refused',
    applicantLang: record.interview.applicantLang,
  };
}

export const INDEX_SHARDS = 64;

/** The shard of a record: from its id (a UUID's first byte, or a hash of any other id). */
export function shardOf(recordId: string): number {
  const byte = Number.parseInt(recordId.slice(0, 2), 16);
  if (Number.isInteger(byte)) return byte % INDEX_SHARDS;
  let hash = 0;
  for (let i = 0; i < recordId.length; i++) hash = (hash * 31 + recordId.charCodeAt(i)) >>> 0;
  return hash % INDEX_SHARDS;
}

const shardContext = (shard: number, version: number) => ({ store: 'recordIndex', recordId: `shard-${String(shard).padStart(2, '0')}`, revision: version });

interface IndexCache {
  shards: Map<number, Map<string, IndexSecrets>>;
  versions: Map<number, number>;
  byId: Map<string, IndexSecrets>;
  /** The names split for searching, built at the first search after unlock or a change of the index. */
  searchable: { ids: string[]; names: PreparedName[] } | null;
}

const caches = new Map<string, Promise<IndexCache>>();
onKeyringChange((state) => {
  if (state !== 'unlocked') caches.clear();
});

/** Forgets the opened shards of a database (another writer moved a shard on; read them again). */
export function forgetIndex(db: LotseDatabase): void {
  caches.delete(db.name);
}

async function loadIndex(db: LotseDatabase): Promise<IndexCache> {
  const rows = await db.indexShards.toArray();
  const cache: IndexCache = { shards: new Map(), versions: new Map(), byId: new Map(), searchable: null };
  const opened = await Promise.all(rows.map((row) => openFor<Record<string, IndexSecrets>>(db, shardContext(row.shard, row.version), row.sealed)));
  rows.forEach((row, i) => {
    const entries = new Map(Object.entries(opened[i]!));
    cache.shards.set(row.shard, entries);
    cache.versions.set(row.shard, row.version);
    for (const [recordId, secrets] of entries) cache.byId.set(recordId, secrets);
  });
  return cache;
}

/** The opened shards (after unlock; `StorageError('locked')` before). */
export async function openedIndex(db: LotseDatabase): Promise<IndexCache> {
  let loading = caches.get(db.name);
  if (!loading) {
    loading = loadIndex(db);
    caches.set(db.name, loading);
    loading.catch(() => caches.delete(db.name));
  }
  return loading;
}

/**
 * The ids whose name (or reference) matches a search, from memory: the search texts are split
 * once per unlock (and again after a change of the index), not per search and row.
 */
export function searchIndex(cache: IndexCache, query: NameQuery): Set<string> {
  if (!cache.searchable) {
    const ids: string[] = [];
    const names: PreparedName[] = [];
    for (const [recordId, secrets] of cache.byId) {
      ids.push(recordId);
      names.push(prepareSearchText(secrets.searchText));
    }
    cache.searchable = { ids, names };
  }
  const { ids, names } = cache.searchable;
  const matches = nameMatcher(query);
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i++) if (matches(names[i]!)) found.add(ids[i]!);
  return found;
}

/** What the list shows for a stored row: the clear row joined with its sealed entry (rows before version 3 carry it in clear). */
export function listRowOf(row: IndexRow, cache: IndexCache): RecordIndexRow {
  const secrets = cache.byId.get(row.recordId);
  if (secrets) return { recordId: row.recordId, status: row.status, createdAt: row.createdAt, updatedAt: row.updatedAt, ...secrets };
  if ('displayName' in row) return row;
  const reference = shortReference(row.recordId);
  return { ...row, displayName: '', searchText: nameSearchText('', reference), shortReference: reference, refused: false, applicantLang: null };
}

/** A shard write prepared outside the transaction: checked and put inside it, then `commit` updates memory. */
export interface PreparedIndexWrite {
  clear: ClearIndexRow;
  shard: { shard: number; version: number; sealed: Uint8Array } | null;
  commit(): void;
}

export class IndexConflict extends Error {
  constructor() {
    super('an index shard was changed by another writer');
    this.name = 'IndexConflict';
  }
}

function sameSecrets(a: IndexSecrets | undefined, b: IndexSecrets): boolean {
  return a !== undefined && a.displayName === b.displayName && a.searchText === b.searchText && a.shortReference === b.shortReference && a.refused === b.refused && a.applicantLang === b.applicantLang;
}

async function sealShard(db: LotseDatabase, cache: IndexCache, shard: number, change: (entries: Map<string, IndexSecrets>) => void) {
  const entries = new Map(cache.shards.get(shard));
  change(entries);
  const version = (cache.versions.get(shard) ?? 0) + 1;
  const sealed = await sealFor(db, shardContext(shard, version), Object.fromEntries(entries));
  return { row: { shard, version, sealed }, entries };
}

function commitShard(cache: IndexCache, shard: number, version: number, entries: Map<string, IndexSecrets>): void {
  cache.searchable = null;
  for (const id of cache.shards.get(shard)?.keys() ?? []) if (!entries.has(id)) cache.byId.delete(id);
  cache.shards.set(shard, entries);
  cache.versions.set(shard, version);
  for (const [id, secrets] of entries) cache.byId.set(id, secrets);
}

/** The index write for a record's new state: the clear row always, its shard only when the list's view of it changed. */
export async function prepareIndexWrite(db: LotseDatabase, record: LocalRecord): Promise<PreparedIndexWrite> {
  const cache = await openedIndex(db);
  const clear = clearIndexRowOf(record);
  const secrets = indexSecretsOf(record);
  if (sameSecrets(cache.byId.get(record.recordId), secrets)) return { clear, shard: null, commit() {} };
  const shard = shardOf(record.recordId);
  const { row, entries } = await sealShard(db, cache, shard, (map) => map.set(record.recordId, secrets));
  return { clear, shard: row, commit: () => commitShard(cache, shard, row.version, entries) };
}

/**
 * The prepared write as the caller's transaction makes it (`checked-write.ts`; its stores include
 * `recordIndex`, and `indexShards` when a shard is written): the clear row, and the shard if its
 * stored version is still the one it was sealed after (`IndexConflict` otherwise).
 */
export function indexWriteOf(prepared: PreparedIndexWrite): { reads: CheckedRead[]; writes: RowWrite[] } {
  const writes: RowWrite[] = [{ store: 'recordIndex', value: prepared.clear }];
  if (!prepared.shard) return { reads: [], writes };
  const row = prepared.shard;
  const reads: CheckedRead[] = [
    {
      store: 'indexShards',
      key: row.shard,
      then(stored) {
        if (((stored as { version?: number } | undefined)?.version ?? 0) !== row.version - 1) throw new IndexConflict();
      },
    },
  ];
  return { reads, writes: [...writes, { store: 'indexShards', value: row }] };
}

async function putShardChecked(db: LotseDatabase, row: { shard: number; version: number; sealed: Uint8Array }): Promise<void> {
  const stored = await db.indexShards.get(row.shard);
  if ((stored?.version ?? 0) !== row.version - 1) throw new IndexConflict();
  await db.indexShards.put(row);
}

/**
 * Removes entries whose record is gone (erased after a pull, or a record deleted while locked) from
 * the sealed shards. Outside transactions; a conflicting writer makes it read the shards again and retry.
 */
export async function pruneIndex(db: LotseDatabase): Promise<number> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const cache = await openedIndex(db);
    const present = new Set((await db.recordIndex.toCollection().primaryKeys()) as string[]);
    const stale = [...cache.byId.keys()].filter((id) => !present.has(id));
    if (stale.length === 0) return 0;
    const byShard = new Map<number, string[]>();
    for (const id of stale) byShard.set(shardOf(id), [...(byShard.get(shardOf(id)) ?? []), id]);
    const writes = await Promise.all([...byShard].map(async ([shard, ids]) => ({ shard, ...(await sealShard(db, cache, shard, (map) => ids.forEach((id) => map.delete(id)))) })));
    try {
      await db.transaction('rw', [db.indexShards], async () => {
        for (const write of writes) await putShardChecked(db, write.row);
      });
    } catch (error) {
      if (!(error instanceof IndexConflict)) throw error;
      forgetIndex(db);
      continue;
    }
    for (const write of writes) commitShard(cache, write.shard, write.row.version, write.entries);
    return stale.length;
  }
  return 0;
}

/** For the upgrade: seals the entries of clear (pre-version-3) index rows into their shards, one transaction that also strips the rows. */
export async function sealLegacyIndexRows(db: LotseDatabase, rows: readonly RecordIndexRow[]): Promise<void> {
  const cache = await openedIndex(db);
  const byShard = new Map<number, RecordIndexRow[]>();
  for (const row of rows) byShard.set(shardOf(row.recordId), [...(byShard.get(shardOf(row.recordId)) ?? []), row]);
  const writes = await Promise.all(
    [...byShard].map(async ([shard, list]) => ({
      shard,
      ...(await sealShard(db, cache, shard, (map) => {
        for (const row of list) {
          const reference = shortReference(row.recordId);
          map.set(row.recordId, { displayName: row.displayName, searchText: nameSearchText(row.displayName, reference), shortReference: reference, refused: row.refused ?? false, applicantLang: row.applicantLang ?? null });
        }
      })),
    })),
  );
  await db.transaction('rw', [db.indexShards, db.recordIndex], async () => {
    for (const write of writes) await putShardChecked(db, write.row);
    const current = await db.recordIndex.bulkGet(rows.map((row) => row.recordId));
    // Only rows still as they were read: a row written meanwhile is already clear.
    await db.recordIndex.bulkPut(current.flatMap((row) => (row && !isSealed(row) && 'displayName' in row ? [clearIndexRowOf(row)] : [])));
  });
  for (const write of writes) commitShard(cache, write.shard, write.row.version, write.entries);
}
