import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { writeChecked } from './checked-write';
import { collect } from './test-watch';

let db: LotseDatabase;

beforeEach(async () => {
  db = openDatabaseNamed(`checked-write-${crypto.randomUUID()}`);
  await db.meta.put({ key: 'a', value: 1 });
});
afterEach(async () => {
  await db.delete();
});

describe('writeChecked (a record\'s write, beside Dexie)', () => {
  it('a refused check writes nothing, though the writes went out before its answer', async () => {
    const refused = writeChecked(
      db,
      ['meta'],
      [{ store: 'meta', key: 'a', then: () => { throw new Error('changed meanwhile'); } }],
      [{ store: 'meta', value: { key: 'a', value: 2 } }, { store: 'meta', value: { key: 'b', value: 2 } }],
    );
    await expect(refused).rejects.toThrow('changed meanwhile');
    expect(await db.meta.toArray()).toEqual([{ key: 'a', value: 1 }]);
  });

  it('writes what a check adds in the same transaction, with what it read', async () => {
    await writeChecked(
      db,
      ['meta', 'outbox'],
      [{ store: 'meta', key: 'a', then: (row) => [{ store: 'meta', value: { key: 'a', value: (row as { value: number }).value + 1 } }] }],
      [{ store: 'meta', value: { key: 'b', value: 'x' } }],
    );
    expect(await db.meta.toArray()).toEqual([{ key: 'a', value: 2 }, { key: 'b', value: 'x' }]);
  });

  it('a write that fails (an entry under a sequence number already taken) fails the whole transaction', async () => {
    const entry = { seq: 7, recordId: 'r-1' } as never;
    await db.outbox.add(entry);
    const failed = writeChecked(db, ['meta', 'outbox'], [], [{ store: 'meta', value: { key: 'b', value: 2 } }, { store: 'outbox', value: { seq: 7, recordId: 'r-2' }, add: true }]);
    await expect(failed).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await db.meta.get('b')).toBeUndefined();
    expect(await db.outbox.toArray()).toEqual([entry]);
  });

  it('a write refused as it is made (a value that cannot be stored) leaves the writes made before it unwritten', async () => {
    const refused = writeChecked(db, ['meta'], [], [{ store: 'meta', value: { key: 'b', value: 2 } }, { store: 'meta', value: { key: 'c', value: () => 3 } }]);
    await expect(refused).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(await db.meta.toArray()).toEqual([{ key: 'a', value: 1 }]);
  });

  it('live reads see the write: a key read and a query whose result Dexie had cached', async () => {
    const one = collect(() => db.meta.get('a'));
    const all = collect(() => db.meta.toArray());
    expect(await one.next()).toEqual({ key: 'a', value: 1 });
    expect(await all.next()).toEqual([{ key: 'a', value: 1 }]);
    const [nextOne, nextAll] = [one.next(), all.next()];
    await writeChecked(db, ['meta'], [], [{ store: 'meta', value: { key: 'a', value: 5 } }]);
    expect(await nextOne).toEqual({ key: 'a', value: 5 });
    expect(await nextAll).toEqual([{ key: 'a', value: 5 }]);
    one.stop();
    all.stop();
  });
});
