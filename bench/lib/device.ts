/**
 * A tablet's data layer in Node: src/data on fake-indexeddb (as the integration tests run it).
 * Interviews are captured once per run through the real data layer, then the resulting rows
 * are copied into a fresh device database for every repetition, so each sync starts from the
 * same outbox without paying the capture again.
 */
import './fake-indexeddb';
import { allRecords, openDatabaseNamed, type LocalRecord, type LotseDatabase, type OutboxEntry } from '../../src/data';
import type { IndexRow, IndexShardRow, OutboxRow, RecordRow } from '../../src/data/db';
import { shareUnlockedKey } from '../../src/data/keyring';
import { openedOutbox, unlockForTest } from '../../src/data/test-keyring';
import { captureInterview, type PublishedContent } from './interviews';

export interface CapturedDevice {
  /** The rows as stored (sealed, issue #12), copied into each fresh device database. */
  rows: { records: RecordRow[]; recordIndex: IndexRow[]; indexShards: IndexShardRow[]; outbox: OutboxRow[] };
  /** The same, opened (for the notes). */
  records: LocalRecord[];
  outbox: OutboxEntry[];
  /** Milliseconds per interview for create → consent → autosave → complete on fake-indexeddb. */
  captureMsPerInterview: number;
}

let captureDb: LotseDatabase | null = null;

export async function captureOnDevice(content: PublishedContent, count: number, log: (message: string) => void): Promise<CapturedDevice> {
  const db = await unlockForTest(openDatabaseNamed(`bench-capture-${crypto.randomUUID()}`));
  captureDb = db;
  const start = performance.now();
  try {
    for (let index = 0; index < count; index++) {
      await captureInterview(db, content, index, { refusalEvery: 25 });
      if ((index + 1) % 1000 === 0) log(`  captured ${index + 1}/${count} interviews`);
    }
    const captureMsPerInterview = (performance.now() - start) / count;
    const [records, recordIndex, indexShards, outbox] = await Promise.all([db.records.toArray(), db.recordIndex.toArray(), db.indexShards.toArray(), db.outbox.orderBy('seq').toArray()]);
    return { rows: { records, recordIndex, indexShards, outbox }, records: await allRecords(db), outbox: await openedOutbox(db), captureMsPerInterview };
  } finally {
    await db.delete();
  }
}

/** A fresh device database holding the first `count` captured interviews and their outbox entries. */
export async function deviceWith(captured: CapturedDevice, count: number): Promise<LotseDatabase> {
  const outbox = captured.rows.outbox.slice(0, count);
  const ids = new Set(outbox.map((entry) => entry.recordId));
  const db = openDatabaseNamed(`bench-device-${crypto.randomUUID()}`);
  // The copy opens with the capturing device's key (the rows are sealed with it).
  if (captureDb) shareUnlockedKey(captureDb, db);
  await db.transaction('rw', [db.records, db.recordIndex, db.indexShards, db.outbox, db.meta], async () => {
    await db.records.bulkAdd(captured.rows.records.filter((record) => ids.has(record.recordId)));
    await db.recordIndex.bulkAdd(captured.rows.recordIndex.filter((row) => ids.has(row.recordId)));
    await db.indexShards.bulkAdd(captured.rows.indexShards);
    await db.outbox.bulkAdd(outbox);
    await db.meta.put({ key: 'nextSeq', value: outbox.length + 1 });
  });
  return db;
}

/** The outbox rows as a raw IndexedDB `getAll` returns them (no Dexie), for the raw pipeline. */
export function rawOutboxRows(db: LotseDatabase): Promise<OutboxEntry[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(db.name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const connection = request.result;
      const read = connection.transaction('outbox', 'readonly').objectStore('outbox').getAll();
      read.onsuccess = () => {
        connection.close();
        resolve(read.result as OutboxEntry[]);
      };
      read.onerror = () => reject(read.error);
    };
  });
}
