/**
 * A record's write (`records.ts` `store`): one IndexedDB transaction made the plain way, beside
 * Dexie, which owns the database (`db.ts`) and every other read and write.
 *
 * Why not a Dexie transaction (bench/README.md, autosave, 2026-12-06): a trace of the form's
 * autosave showed the Dexie transaction of the same requests taking about twice as long as the
 * raw one — its scope issues each request a few tenths of a millisecond after the last and
 * answers them through promise chains — and Dexie's own `complete` handler runs the live reads
 * that watch the record (the interview screen's) synchronously inside the event, before the
 * transaction's other listeners. Here the requests go out at once, in order: first the reads that
 * decide whether the write may happen (`CheckedRead`), then the writes; a read whose `then` throws
 * aborts the transaction before it can commit, and nothing is written. Once every read has been
 * answered the transaction is committed without waiting for the writes' answers.
 *
 * Dexie's live reads (`watch.ts`) still learn of the write: after the commit, the rows written are
 * announced as Dexie announces its own writes (`storagemutated`, the documented observability set
 * of primary keys and index keys), on the channel Dexie's live queries listen on in this tab and
 * in every other tab — which also drops the results Dexie cached for them (watch.test.ts,
 * records.test.ts check that a live list and a live record see such a write).
 */
import { RangeSet, type IndexableType, type ObservabilitySet } from 'dexie';
import { TRANSACTION_DURABILITY, type LotseDatabase } from './db';

/** A row to write: `put`, or `add` where the key must not exist yet (an outbox entry). */
export interface RowWrite {
  store: string;
  value: object;
  add?: boolean;
}

/** A read inside the transaction, made before its writes. `then` throws to give the write up, or returns more rows to write (e.g. under a sequence number it read). */
export interface CheckedRead {
  store: string;
  key: IDBValidKey;
  then(value: unknown): readonly RowWrite[] | void;
}

/**
 * Writes `writes` (and what the reads add) in one read-write transaction over `stores`, if every
 * read's `then` accepts what it found. Rejects with the error a `then` threw, or the
 * transaction's own (a full disk: `QuotaExceededError`); nothing is written then.
 */
export async function writeChecked(db: LotseDatabase, stores: readonly string[], reads: readonly CheckedRead[], writes: readonly RowWrite[]): Promise<void> {
  if (!db.isOpen()) await db.open();
  const transaction = db.backendDB().transaction(stores, 'readwrite', { durability: TRANSACTION_DURABILITY });
  const written: RowWrite[] = [...writes];
  let refused: { error: unknown } | null = null;
  let unanswered = reads.length;
  const write = (row: RowWrite) => {
    const store = transaction.objectStore(row.store);
    if (row.add) store.add(row.value);
    else store.put(row.value);
  };
  const commit = () => {
    // Nothing more will be asked: the backend commits as soon as the writes are done.
    if (typeof transaction.commit === 'function') transaction.commit();
  };
  const refuse = (error: unknown) => {
    refused = { error };
    transaction.abort();
  };
  try {
    for (const read of reads) {
      const request = transaction.objectStore(read.store).get(read.key);
      request.onsuccess = () => {
        if (refused) return;
        try {
          const more = read.then(request.result) ?? [];
          more.forEach(write);
          written.push(...more);
        } catch (error) {
          refuse(error);
          return;
        }
        if (--unanswered === 0) commit();
      };
    }
    writes.forEach(write);
  } catch (error) {
    // A request refused as it is made (a full disk, a value that cannot be stored): the requests
    // made before it must not commit on their own.
    refuse(error);
  }
  if (!refused && reads.length === 0) commit();
  // Listened to after the requests were made, as any plain IndexedDB write does.
  await new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(refused ? refused.error : (transaction.error ?? new DOMException('The write was aborted.', 'AbortError')));
  });
  announce(db, written);
}

let channel: BroadcastChannel | null | undefined;

/**
 * Tells Dexie's live queries, in this tab and the others, which rows changed: the same message
 * Dexie's own commits send (`Dexie.on('storagemutated')`), on the channel its live queries read
 * (`x-storagemutated-1`, Dexie 3.2+). A tab's Dexie answers it by dropping its cached results that
 * overlap and running the live queries that read them again — after this write's `complete` event.
 */
function announce(db: LotseDatabase, rows: readonly RowWrite[]): void {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('x-storagemutated-1') : null;
    (channel as { unref?: () => void } | null)?.unref?.();
  }
  channel?.postMessage(mutatedParts(db, rows));
}

/** The observability set of a write (Dexie's observability middleware makes the same for a put whose previous value it did not read). */
export function mutatedParts(db: LotseDatabase, rows: readonly RowWrite[]): ObservabilitySet {
  const parts: Record<string, RangeSet> = {};
  const rangeSet = (store: string, index: string) => (parts[`idb://${db.name}/${store}/${index}`] ??= new RangeSet());
  for (const row of rows) {
    const schema = db.core.table(row.store).schema;
    const key = schema.primaryKey.extractKey!(row.value) as IndexableType;
    rangeSet(row.store, '').addKey(key);
    rangeSet(row.store, ':dels').addKey(key);
    for (const index of schema.indexes) {
      const indexKey = index.extractKey?.(row.value) as IndexableType | undefined;
      if (indexKey == null) continue;
      if (index.multiEntry && Array.isArray(indexKey)) rangeSet(row.store, index.name ?? '').addKeys(indexKey as unknown as IndexableType[]);
      else rangeSet(row.store, index.name ?? '').addKey(indexKey);
    }
  }
  return parts;
}
