import { afterEach, describe, expect, it } from 'vitest';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { startSyncScheduler, type SyncScheduler } from './sync-scheduler';

let db: LotseDatabase | undefined;
let scheduler: SyncScheduler | undefined;

afterEach(async () => {
  scheduler?.stop();
  await db?.delete();
});

describe('startSyncScheduler', () => {
  it('a run that throws because storage fails under it is shown as failed, and the next attempt is still planned', async () => {
    db = openDatabaseNamed(`scheduler-${crypto.randomUUID()}`);
    await db.open();
    // Every read and write of the run now throws, as IndexedDB does when the device's storage fails.
    db.close();
    scheduler = startSyncScheduler(db);

    const outcome = await scheduler.syncNow();

    expect(outcome.kind).toBe('failed');
    expect(scheduler.getState()).toMatchObject({ running: false, lastOutcome: { kind: 'failed' } });
    expect(scheduler.getState().nextAttemptAt ?? 0).toBeGreaterThan(Date.now());
  });
});
