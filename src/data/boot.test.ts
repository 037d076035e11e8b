import { afterEach, describe, expect, it } from 'vitest';
import { plainlyLockedAtStart } from './boot';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { configureKeyring, loadKeyring, lock, MAX_UNLOCK_ATTEMPTS, setUpSecret, unlock } from './keyring';
import { startHandover } from './handover';

const SECRET = 'Laterne am Kanal 7';
const LIGHT = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

let db: LotseDatabase | null = null;
afterEach(async () => {
  lock();
  await db?.delete();
  db = null;
});

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((info) => info.name ?? '');
}

/** A tablet as the app leaves it: the schema opened by Dexie, a secret set, then locked (closed). */
async function lockedTablet(name: string): Promise<LotseDatabase> {
  configureKeyring({ parameters: LIGHT });
  db = openDatabaseNamed(name);
  await loadKeyring(db);
  await setUpSecret(db, SECRET);
  lock();
  return db;
}

describe('the start\'s read before Dexie (issue #15)', () => {
  it('a first start: no database, so no early unlock screen, and none is created by asking', async () => {
    const name = `boot-${crypto.randomUUID()}`;
    expect(await plainlyLockedAtStart(name)).toBe(false);
    expect(await databaseNames()).not.toContain(name);
    // Dexie then creates it with its whole schema, as on any first start.
    db = openDatabaseNamed(name);
    await db.open();
    expect(db.tables.map((table) => table.name)).toContain('meta');
  });

  it('a tablet with a secret is plainly locked; without one (enrolled before the lock, or not yet set up) it is not', async () => {
    const name = `boot-${crypto.randomUUID()}`;
    db = openDatabaseNamed(name);
    await db.open();
    expect(await plainlyLockedAtStart(name)).toBe(false);
    db.close();
    await db.delete();
    await lockedTablet(name);
    expect(await plainlyLockedAtStart(name)).toBe(true);
  });

  it('wrong attempts leave it plainly locked until the recovery procedure is needed; the hand-over mode leaves the start to the app', async () => {
    const wrong = `boot-${crypto.randomUUID()}`;
    const tablet = await lockedTablet(wrong);
    let clock = Date.parse('2026-12-06T10:00:00Z');
    configureKeyring({ parameters: LIGHT, now: () => clock });
    for (let attempt = 1; attempt < MAX_UNLOCK_ATTEMPTS; attempt++) {
      expect((await unlock(tablet, 'not the secret at all')).ok).toBe(false);
      clock += 3_600_000;
    }
    expect(await plainlyLockedAtStart(wrong)).toBe(true);
    expect(await unlock(tablet, 'not the secret at all')).toMatchObject({ ok: false, reason: 'recovery-needed' });
    expect(await plainlyLockedAtStart(wrong)).toBe(false);
    await tablet.delete();

    const handover = `boot-${crypto.randomUUID()}`;
    const other = await lockedTablet(handover);
    await startHandover(other, crypto.randomUUID());
    expect(await plainlyLockedAtStart(handover)).toBe(false);
  });

  it('does not stand in the way of the app opening (and upgrading) the database', async () => {
    const name = `boot-${crypto.randomUUID()}`;
    const tablet = await lockedTablet(name);
    tablet.close();
    const asked = plainlyLockedAtStart(name);
    await tablet.open();
    expect(await asked).toBe(true);
    expect(tablet.isOpen()).toBe(true);
  });
});
