/**
 * The stored artifacts of one kind and id, kept in memory once read (issue #15). Opening an
 * interview read its form version (≈ 430 KB) and every notice text of every language and version
 * (≈ 750 KB) from IndexedDB each time: structured-clone work on the main thread that a slow
 * tablet pays after the unlock, and again for every interview opened. An artifact's key is written
 * once, but its flags (`retired`, `check`) can change, so the kept rows are dropped whenever the
 * artifacts store of that database changes — in this tab or another (Dexie's `storagemutated`,
 * the same event that makes live reads read again). Each read still asks IndexedDB for the keys
 * of the range (cheap: no bodies), so a live read (`watch`) follows the store as before, and a
 * different set of keys reads the rows again.
 */
import Dexie from 'dexie';
import type { LotseDatabase, StoredArtifact } from './db';

interface Kept {
  keys: string[];
  rows: StoredArtifact[];
}

/** Per database name: a generation (moved on by every change of its artifacts) and the rows kept in it. */
const kept = new Map<string, { generation: number; ranges: Map<string, Kept> }>();

function keptFor(name: string) {
  let entry = kept.get(name);
  if (!entry) {
    entry = { generation: 0, ranges: new Map() };
    kept.set(name, entry);
  }
  return entry;
}

/** Where the rows of one kind and id are kept, and (apart from them) one row by its key. */
const rangeKeyOf = (kind: string, id: string) => `${kind}\u0000${id}`;
const rowKeyOf = (key: string) => `\u0001${key}`;

// The parts are named `idb://<database>/<table>/<index>`.
Dexie.on('storagemutated', (parts) => {
  for (const part of Object.keys(parts)) {
    const match = /^idb:\/\/(.+)\/artifacts\//.exec(part);
    if (!match) continue;
    const entry = keptFor(match[1]!);
    entry.generation += 1;
    entry.ranges.clear();
  }
});

/**
 * Every stored artifact of `kind` and `id` (in key order). The rows are shared with other readers
 * of the same range: never change them.
 */
export async function artifactRows(db: LotseDatabase, kind: string, id: string): Promise<StoredArtifact[]> {
  const entry = keptFor(db.name);
  const generation = entry.generation;
  const range = db.artifacts.where('[kind+id]').equals([kind, id]);
  const keys = (await range.primaryKeys()) as string[];
  // Keys only again, by primary key: a live read then follows a change of these rows' flags too
  // (the index range above changes only when a row is added or removed).
  await db.artifacts.where(':id').anyOf(keys).primaryKeys();
  const rangeKey = rangeKeyOf(kind, id);
  const known = entry.ranges.get(rangeKey);
  if (known && generation === entry.generation && known.keys.length === keys.length && known.keys.every((key, index) => key === keys[index])) return known.rows;
  const rows = (await db.artifacts.bulkGet(keys)).filter((row): row is StoredArtifact => row !== undefined);
  // A change while reading may have been read in part: kept only when nothing changed meanwhile.
  if (generation === entry.generation && rows.length === keys.length) entry.ranges.set(rangeKey, { keys, rows });
  return rows;
}

/** One stored artifact by its key (a form version a record was captured with), kept the same way. */
export async function artifactRow(db: LotseDatabase, key: string): Promise<StoredArtifact | undefined> {
  const entry = keptFor(db.name);
  const generation = entry.generation;
  const present = (await db.artifacts.where(':id').equals(key).primaryKeys()).length > 0;
  if (!present) return undefined;
  const rangeKey = rowKeyOf(key);
  const known = entry.ranges.get(rangeKey);
  if (known && generation === entry.generation) return known.rows[0];
  const row = await db.artifacts.get(key);
  if (row && generation === entry.generation) entry.ranges.set(rangeKey, { keys: [key], rows: [row] });
  return row;
}

/**
 * The rows `artifactRows` keeps for `kind` and `id`, without asking IndexedDB (undefined: not
 * kept, or dropped by a change since). For a screen's first render (issue #15): what was read
 * while the tablet was locked is shown at once; its live read follows as before.
 */
export function keptArtifactRows(db: LotseDatabase, kind: string, id: string): StoredArtifact[] | undefined {
  return kept.get(db.name)?.ranges.get(rangeKeyOf(kind, id))?.rows;
}

/** The row `artifactRow` keeps for `key`, the same way. */
export function keptArtifactRow(db: LotseDatabase, key: string): StoredArtifact | undefined {
  return kept.get(db.name)?.ranges.get(rowKeyOf(key))?.rows[0];
}
