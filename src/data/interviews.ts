/**
 * The interview list: reads only `recordIndex` (never payloads), newest first,
 * filtered by state and searched by name, as written or in another script's spelling
 * (see core/text/transliterate.ts). Names, references and languages come from the sealed index
 * shards opened in memory after unlock (record-index.ts): listing needs the keyring unlocked.
 */
import { matchesName, nameQuery } from '../core/text';
import type { LotseDatabase, RecordIndexRow, RecordStatus } from './db';
import { listRowOf, openedIndex, searchIndex } from './record-index';

/** What the interviewer sees: "needs attention" groups conflicts and rejections. */
export type InterviewFilter = 'all' | 'draft' | 'complete' | 'synced' | 'attention';

export const filterStatuses: Record<Exclude<InterviewFilter, 'all'>, RecordStatus[]> = {
  draft: ['draft'],
  complete: ['complete'],
  synced: ['synced'],
  attention: ['conflict', 'rejected'],
};

export interface InterviewListPage {
  rows: RecordIndexRow[];
  /** Number of rows matching the filter and search (for "n of m"). */
  total: number;
}

export interface InterviewListQuery {
  filter: InterviewFilter;
  search: string;
  offset: number;
  limit: number;
}

/** Newest first, as the `updatedAt` index walked backwards gives them (ties: higher id first). */
function newestFirst(a: RecordIndexRow, b: RecordIndexRow): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.recordId < b.recordId ? 1 : a.recordId > b.recordId ? -1 : 0;
}

/**
 * The primary keys of a `recordIndex` index in its order, read past Dexie: a live query notes
 * every key a Dexie key query returns (20,000 keys took seconds at 4× CPU, bench/), while the
 * caller's `count()` already makes it run again on any change of the table.
 */
function indexKeys(db: LotseDatabase, index: 'updatedAt' | 'status', range?: IDBKeyRange): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = db.backendDB().transaction('recordIndex', 'readonly').objectStore('recordIndex').index(index).getAllKeys(range);
    request.onsuccess = () => resolve(request.result as string[]);
    request.onerror = () => reject(request.error);
  });
}

export async function listInterviews(db: LotseDatabase, query: InterviewListQuery): Promise<InterviewListPage> {
  const needle = nameQuery(query.search);
  const statuses = query.filter === 'all' ? null : filterStatuses[query.filter];
  // Dexie's reads first, the shards (WebCrypto) after: a live query (`watch`) tracks only the
  // reads made before its first await of another API.
  if (!statuses && !needle) {
    // Everything: one page straight from the index, however many interviews there are.
    const [total, rows] = await Promise.all([
      db.recordIndex.count(),
      db.recordIndex.orderBy('updatedAt').reverse().offset(query.offset).limit(query.limit).toArray(),
    ]);
    const index = await openedIndex(db);
    return { rows: rows.map((row) => listRowOf(row, index)), total };
  }
  if (needle) {
    // A search: the names are in the opened shards (memory). The ids in list order come from the
    // `updatedAt` index's keys alone (one getAllKeys, no rows), the status filter's from the status
    // index; only the page's rows are read. Reading every matching row (bulkGet) cost more than
    // the whole search should (issue #12 goal: ≤ 100 ms at 20,000, bench/). The count first: it
    // is what a live query (`watch`) tracks (the whole table), before anything else is awaited.
    const count = await db.recordIndex.count();
    const [oldestFirst, allowed] = await Promise.all([
      indexKeys(db, 'updatedAt'),
      statuses ? Promise.all(statuses.map((status) => indexKeys(db, 'status', IDBKeyRange.only(status)))) : null,
    ]);
    const index = await openedIndex(db);
    if (index.byId.size >= count) {
      const found = searchIndex(index, needle);
      const inFilter = allowed ? new Set(allowed.flat()) : null;
      const pageIds: string[] = [];
      let total = 0;
      // Newest first: the index's keys are in (updatedAt, id) order; backwards is the list's order.
      for (let i = oldestFirst.length - 1; i >= 0; i--) {
        const recordId = oldestFirst[i] as string;
        if (!found.has(recordId) || (inFilter && !inFilter.has(recordId))) continue;
        if (total >= query.offset && pageIds.length < query.limit) pageIds.push(recordId);
        total += 1;
      }
      const rows = (await db.recordIndex.bulkGet(pageIds)).flatMap((row) => (row ? [listRowOf(row, index)] : []));
      return { rows, total };
    }
    // Rows of an earlier version not sealed yet (the upgrade is running): the whole walk below.
  }
  // A filter or a search: read the candidate rows in one go (the status index where it narrows them)
  // and filter them here. Walking a cursor with a filter, twice (page and count), took 2.5 s for
  // 20,000 interviews on a throttled tablet against 0.3 s for one read of them all (bench/).
  const rows = statuses ? (await Promise.all(statuses.map((status) => db.recordIndex.where('status').equals(status).toArray()))).flat() : await db.recordIndex.toArray();
  const index = await openedIndex(db);
  const candidates = rows.map((row) => listRowOf(row, index));
  const matching = needle ? candidates.filter((row) => matchesName(row.searchText, needle)) : candidates;
  matching.sort(newestFirst);
  return { rows: matching.slice(query.offset, query.offset + query.limit), total: matching.length };
}

export type StatusCounts = Record<InterviewFilter, number>;

export async function countInterviewsByFilter(db: LotseDatabase): Promise<StatusCounts> {
  // One equals() count per status uses the index directly; anyOf() walked every row
  // (about 1 s for 20,000 interviews on a throttled tablet, measured in bench/).
  const byStatus = async (statuses: RecordStatus[]) => {
    const counts = await Promise.all(statuses.map((status) => db.recordIndex.where('status').equals(status).count()));
    return counts.reduce((sum, count) => sum + count, 0);
  };
  const [all, draft, complete, synced, attention] = await Promise.all([
    db.recordIndex.count(),
    byStatus(filterStatuses.draft),
    byStatus(filterStatuses.complete),
    byStatus(filterStatuses.synced),
    byStatus(filterStatuses.attention),
  ]);
  return { all, draft, complete, synced, attention };
}
