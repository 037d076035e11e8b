/**
 * For the tests of src/data (and the integration suites): a database whose keyring is set up and
 * unlocked, with the lightest Argon2id parameters the bounds allow (the same code path as the
 * app's, in a fraction of the time), and readers of what the tables hold, opened.
 */
import type { LotseDatabase, OutboxEntry, RecordIndexRow } from './db';
import { openDatabaseNamed } from './db';
import { configureKeyring, setUpSecret } from './keyring';
import { listRowOf, openedIndex } from './record-index';
import { openOutboxRow } from './sealed-rows';

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
