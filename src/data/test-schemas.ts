/**
 * For the upgrade tests only: the database schema exactly as each earlier version declared it,
 * frozen here (db.ts may only ever add versions). A test writes rows through one of these, then
 * opens the database with the current `LotseDatabase` and checks nothing was lost.
 */
import Dexie from 'dexie';

const VERSION_1 = {
  records: 'recordId, status, updatedAt',
  recordIndex: 'recordId, status, updatedAt, [status+updatedAt]',
  outbox: 'seq, recordId',
  syncIssues: '++id, recordId, kind, resolvedAt',
  artifacts: 'key, [kind+id], kind, changeNo',
  meta: 'key',
};

/** A Dexie of database `name` at schema version `version` (1: the first release, 2: index rows rebuilt, 3: encryption's index shards). */
export function databaseAtVersion(name: string, version: 1 | 2 | 3): Dexie {
  const before = new Dexie(name);
  before.version(1).stores(VERSION_1);
  if (version >= 2) before.version(2).stores({});
  if (version >= 3) before.version(3).stores({ indexShards: 'shard' });
  return before;
}
