/**
 * Encrypting what a tablet stored before version 3 (issue #12 item 7). Dexie's upgrade cannot do
 * it (no key then, and no `crypto.subtle` inside a transaction), so the first unlock after the
 * update runs `encryptClearRows`: store by store, in batches in primary-key order; each batch is
 * sealed outside a transaction and written in one that takes only rows still in clear and
 * unchanged (a row saved meanwhile is sealed already). The position is kept in `meta`
 * (`encryptionProgress`), so an interrupted run — a closed tab, a lock, a dead battery —
 * continues where it stopped; a batch done twice changes nothing. Readers accept both shapes
 * until `encryptedAt` is set.
 */
import type { LotseDatabase, OutboxEntry, RecordIndexRow, SyncIssue } from './db';
import { getMeta, setMeta } from './meta';
import { sealLegacyIndexRows } from './record-index';
import { getPrivateMeta, isSealed, PRIVATE_META_KEYS, sealOutboxEntry, sealPrivateMeta, sealSyncIssue } from './sealed-rows';
import { sealRecord } from './sealed-records';
import type { LocalRecord } from './db';
import { dataKeyFor } from './keyring';

export const ENCRYPTION_BATCH = 200;

const STEPS = ['records', 'outbox', 'syncIssues', 'recordIndex', 'meta'] as const;
export type EncryptionStep = (typeof STEPS)[number];

export interface EncryptionProgress {
  step: EncryptionStep;
  /** The last primary key done in this step (null: from the start). */
  after: string | number | null;
}

export interface EncryptionRun {
  done: boolean;
  /** Rows sealed by this run. */
  sealed: number;
}

export { needsEncryption } from './meta';

/**
 * Seals the clear rows (needs the keyring unlocked). `maxBatches` stops early (the upgrade test
 * interrupts it so); call again to continue.
 */
export async function encryptClearRows(db: LotseDatabase, options: { batchSize?: number; maxBatches?: number; now?: () => Date } = {}): Promise<EncryptionRun> {
  dataKeyFor(db);
  const batchSize = options.batchSize ?? ENCRYPTION_BATCH;
  let batches = 0;
  let sealed = 0;
  if ((await getMeta(db, 'encryptedAt')) !== undefined) return { done: true, sealed };
  let progress: EncryptionProgress = (await getMeta(db, 'encryptionProgress')) ?? { step: 'records', after: null };
  for (;;) {
    if (options.maxBatches !== undefined && batches >= options.maxBatches) return { done: false, sealed };
    const result = await runBatch(db, progress, batchSize);
    batches += 1;
    sealed += result.sealed;
    if (result.after === null) {
      const next = STEPS[STEPS.indexOf(progress.step) + 1];
      if (!next) {
        await db.transaction('rw', [db.meta], async () => {
          await setMeta(db, 'encryptedAt', (options.now?.() ?? new Date()).toISOString());
          await db.meta.delete('encryptionProgress');
        });
        return { done: true, sealed };
      }
      progress = { step: next, after: null };
    } else {
      progress = { step: progress.step, after: result.after };
    }
    await setMeta(db, 'encryptionProgress', progress);
  }
}

/** One batch of a step: returns the last key done, or null when the step is finished. */
async function runBatch(db: LotseDatabase, { step, after }: EncryptionProgress, size: number): Promise<{ after: string | number | null; sealed: number }> {
  switch (step) {
    case 'records': {
      const rows = await (after === null ? db.records.orderBy('recordId') : db.records.where('recordId').above(after)).limit(size).toArray();
      const clear = rows.filter((row) => !isSealed(row)) as LocalRecord[];
      const sealedRows = await Promise.all(clear.map((row) => sealRecord(db, row)));
      await db.transaction('rw', [db.records], async () => {
        const current = await db.records.bulkGet(clear.map((row) => row.recordId));
        await db.records.bulkPut(sealedRows.filter((_, i) => current[i] && !isSealed(current[i]) && current[i].updatedAt === clear[i]!.updatedAt && current[i].status === clear[i]!.status));
      });
      return { after: rows.length < size ? null : rows.at(-1)!.recordId, sealed: sealedRows.length };
    }
    case 'outbox': {
      const rows = await (after === null ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(after)).limit(size).toArray();
      const clear = rows.filter((row) => !isSealed(row)) as OutboxEntry[];
      const sealedRows = await Promise.all(clear.map((row) => sealOutboxEntry(db, row)));
      await db.transaction('rw', [db.outbox], async () => {
        const current = await db.outbox.bulkGet(clear.map((row) => row.seq));
        await db.outbox.bulkPut(sealedRows.filter((_, i) => current[i] && !isSealed(current[i]) && current[i].recordId === clear[i]!.recordId));
      });
      return { after: rows.length < size ? null : rows.at(-1)!.seq, sealed: sealedRows.length };
    }
    case 'syncIssues': {
      const rows = await (after === null ? db.syncIssues.orderBy('id') : db.syncIssues.where('id').above(after)).limit(size).toArray();
      const clear = rows.filter((row) => !isSealed(row)) as SyncIssue[];
      const sealedRows = await Promise.all(clear.map((row) => sealSyncIssue(db, row)));
      await db.transaction('rw', [db.syncIssues], async () => {
        const current = await db.syncIssues.bulkGet(clear.map((row) => row.id!));
        await db.syncIssues.bulkPut(sealedRows.filter((_, i) => current[i] && !isSealed(current[i])));
      });
      return { after: rows.length < size ? null : rows.at(-1)!.id!, sealed: sealedRows.length };
    }
    case 'recordIndex': {
      const rows = await (after === null ? db.recordIndex.orderBy('recordId') : db.recordIndex.where('recordId').above(after)).limit(size).toArray();
      const clear = rows.filter((row): row is RecordIndexRow => 'displayName' in row);
      if (clear.length > 0) await sealLegacyIndexRows(db, clear);
      return { after: rows.length < size ? null : rows.at(-1)!.recordId, sealed: clear.length };
    }
    case 'meta': {
      let count = 0;
      for (const key of PRIVATE_META_KEYS) {
        const row = await db.meta.get(key);
        if (row === undefined || row.value instanceof Uint8Array) continue;
        const value = await getPrivateMeta(db, key);
        const sealedValue = await sealPrivateMeta(db, key, value as never);
        await db.transaction('rw', [db.meta], async () => {
          const current = await db.meta.get(key);
          if (current && !(current.value instanceof Uint8Array)) await db.meta.put({ key, value: sealedValue });
        });
        count += 1;
      }
      return { after: null, sealed: count };
    }
  }
}
