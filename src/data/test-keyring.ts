/**
 * For the tests of src/data (and the integration suites): a database whose keyring is set up and
 * unlocked, with the lightest Argon2id parameters the bounds allow (the same code path as the
 * app's, in a fraction of the time), and readers of what the tables hold, opened.
 */
import type { LotseDatabase, OutboxEntry, RecordIndexRow } from './db';
import { openDatabaseNamed } from './db';
import { configureKeyring, setUpSecret } from './keyring';
import { listRowOf, openedIndex } from './record-index';
import { openFor, openOutboxRow, openSyncIssue, sealOutboxEntry } from './sealed-rows';
import { openRecord } from './sealed-records';

export const TEST_SECRET = 'Testphrase für das Tablet';
export const LIGHT_ARGON2ID = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

/** Sets the secret on a database opened elsewhere (light parameters). */
export async function unlockForTest(db: LotseDatabase): Promise<LotseDatabase> {
  configureKeyring({ parameters: LIGHT_ARGON2ID });
  await setUpSecret(db, TEST_SECRET);
  return db;
}

export async function unlockedDatabase(name: string): Promise<LotseDatabase> {
  return unlockForTest(openDatabaseNamed(name));
}

export async function openedOutbox(db: LotseDatabase): Promise<OutboxEntry[]> {
  return Promise.all((await db.outbox.orderBy('seq').toArray()).map((row) => openOutboxRow(db, row)));
}

export async function openedIndexRow(db: LotseDatabase, recordId: string): Promise<RecordIndexRow | undefined> {
  const row = await db.recordIndex.get(recordId);
  return row && listRowOf(row, await openedIndex(db));
}

/** Every row of every table as text, bytes as Latin-1 (so a clear UTF-8 string inside a blob would show). */
export async function rawText(db: LotseDatabase): Promise<string> {
  const tables = await Promise.all(db.tables.map((table) => table.toArray()));
  return JSON.stringify(tables, (_key, value: unknown) => (value instanceof Uint8Array ? String.fromCharCode(...value) : value));
}

/**
 * Everything the tablet holds, opened with its key, as text: what someone with the secret could
 * read. The stored shards are opened from storage (not from memory), so a stale entry shows.
 */
export async function openedText(db: LotseDatabase): Promise<string> {
  const [records, evidence, index, shards, outbox, issues] = await Promise.all([
    db.records.toArray().then((rows) => Promise.all(rows.map((row) => openRecord(db, row)))),
    // Each evidence row on its own, so one its record no longer names (left behind) shows too.
    db.evidence.toArray().then((rows) => Promise.all(rows.map((row) => openFor(db, { store: 'evidence', recordId: row.recordId, revision: row.version }, row.sealed)))),
    db.recordIndex.toArray(),
    db.indexShards.toArray().then((rows) => Promise.all(rows.map((row) => openFor(db, { store: 'recordIndex', recordId: `shard-${String(row.shard).padStart(2, '0')}`, revision: row.version }, row.sealed)))),
    openedOutbox(db),
    db.syncIssues.toArray().then((rows) => Promise.all(rows.map((row) => openSyncIssue(db, row)))),
  ]);
  return JSON.stringify([records, evidence, index, shards, outbox, issues]);
}

/** A corrupted local row, for the sync tests: the first outbox entry of a record with its payload changed (sealed again). */
export async function changeOutboxPayload(db: LotseDatabase, recordId: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): Promise<number> {
  const row = await db.outbox.where('recordId').equals(recordId).first();
  if (!row) throw new Error(`no outbox entry for ${recordId}`);
  const entry = await openOutboxRow(db, row);
  await db.outbox.put(await sealOutboxEntry(db, { ...entry, payload: change(entry.payload) }));
  return row.seq;
}
