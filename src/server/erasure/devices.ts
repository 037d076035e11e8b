/**
 * Erasure reaching the tablets. A device is told, on every pull, of the erased records that it
 * or a device it continues (re-enrolment) created — the only tablets that can hold them — until
 * it confirms that it deleted its copy (`POST /api/v1/sync/erasures`). A confirmation counts for
 * the confirming device and every device it continues: it is the same tablet. The coordinator's
 * device list shows, per device, the erasures it has not confirmed; a revoked or lost tablet
 * cannot pull, so its list stays until it is found and re-enrolled.
 *
 * Partial erasures (issue #14) take the same way: an explicit consent item withdrawn on its own
 * (`explicit.ts`) is listed, with the answers it covered as `fields` and the withdrawal's id, to the
 * devices that can hold the record and that say they apply them (`accept` names
 * `PARTIAL_ERASURES`), until each confirms the id (`partialIds`). Not once the record is erased.
 */
import type { Kysely } from 'kysely';
import type { ErasureChange } from '../../core/sync/index';
import { answerKeysOf } from './explicit';
import type { UnconfirmedErasures } from '../../core/api/index';
import type { Database } from '../db/schema';

/** The device and the devices it continues, back to the tablet's first enrolment. */
export async function deviceLineage(db: Kysely<Database>, deviceId: string): Promise<string[]> {
  const lineage = [deviceId];
  let row = await db.selectFrom('devices').select('succeeds').where('id', '=', deviceId).executeTakeFirst();
  while (row?.succeeds && !lineage.includes(row.succeeds)) {
    lineage.push(row.succeeds);
    row = await db.selectFrom('devices').select('succeeds').where('id', '=', row.succeeds).executeTakeFirst();
  }
  return lineage;
}

function unconfirmedQuery(db: Kysely<Database>, deviceId: string, lineage: readonly string[]) {
  return db
    .selectFrom('erasures as e')
    .innerJoin('records as r', 'r.record_id', 'e.record_id')
    .where('r.device_id', 'in', [...lineage])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('erasure_confirmations as c').select('c.record_id').whereRef('c.record_id', '=', 'e.record_id').where('c.device_id', '=', deviceId),
        ),
      ),
    );
}

/** The erasures `deviceId` has not confirmed, oldest first. */
export async function pendingErasures(db: Kysely<Database>, deviceId: string, limit: number): Promise<ErasureChange[]> {
  const lineage = await deviceLineage(db, deviceId);
  const rows = await unconfirmedQuery(db, deviceId, lineage).select(['e.record_id', 'e.erased_at']).orderBy('e.erased_at').orderBy('e.record_id').limit(limit).execute();
  return rows.map((row) => ({ op: 'erase', recordId: row.record_id, erasedAt: row.erased_at }));
}

/**
 * The partial erasures `deviceId` has not confirmed, oldest first: entered withdrawals of explicit
 * consent items of records its lineage created and the server still holds.
 */
export async function pendingPartialErasures(db: Kysely<Database>, deviceId: string, limit: number): Promise<ErasureChange[]> {
  if (limit <= 0) return [];
  const lineage = await deviceLineage(db, deviceId);
  const rows = await db
    .selectFrom('consent_withdrawals as w')
    .innerJoin('records as r', 'r.record_id', 'w.record_id')
    .select(['w.id', 'w.record_id', 'w.entered_at', 'w.scope', 'r.notice'])
    .where('r.device_id', 'in', lineage)
    .where('r.erased_at', 'is', null)
    .where('w.scope', 'like', '%explicitConsents%')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('partial_erasure_confirmations as c').select('c.withdrawal_id').whereRef('c.withdrawal_id', '=', 'w.id').where('c.device_id', '=', deviceId),
        ),
      ),
    )
    .orderBy('w.entered_at')
    .orderBy('w.id')
    .limit(limit)
    .execute();
  return rows.map((row) => {
    const scope = JSON.parse(row.scope ?? '{}') as { explicitConsents?: string[] };
    const notice = JSON.parse(row.notice) as { id: string; version: number };
    const fields = answerKeysOf({ privacy_notice: notice } as never, scope.explicitConsents ?? []);
    return { op: 'erase', recordId: row.record_id, erasedAt: row.entered_at, fields, id: row.id };
  });
}

/** For the device list. */
export async function unconfirmedErasures(db: Kysely<Database>, deviceId: string): Promise<UnconfirmedErasures> {
  const lineage = await deviceLineage(db, deviceId);
  const [counted, first] = await Promise.all([
    unconfirmedQuery(db, deviceId, lineage).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    unconfirmedQuery(db, deviceId, lineage).select(['e.record_id', 'e.erased_at']).orderBy('e.erased_at').orderBy('e.record_id').limit(20).execute(),
  ]);
  return { count: Number(counted.n), first: first.map((row) => ({ recordId: row.record_id, erasedAt: row.erased_at })) };
}

/**
 * Stores that `deviceId` deleted its copies of `recordIds`; ids that are no erasure waiting for
 * this device are left out (a repeated confirmation changes nothing). Returns how many counted.
 */
export async function confirmErasures(db: Kysely<Database>, deviceId: string, recordIds: readonly string[], nowIso: string, partialIds: readonly string[] = []): Promise<number> {
  const lineage = await deviceLineage(db, deviceId);
  const partial = partialIds.length === 0 ? 0 : await confirmPartialErasures(db, deviceId, lineage, partialIds, nowIso);
  if (recordIds.length === 0) return partial;
  return partial + await db.transaction().execute(async (trx) => {
    const waiting = await trx
      .selectFrom('erasures as e')
      .innerJoin('records as r', 'r.record_id', 'e.record_id')
      .select('e.record_id')
      .where('r.device_id', 'in', lineage)
      .where('e.record_id', 'in', [...new Set(recordIds)])
      .execute();
    if (waiting.length === 0) return 0;
    const values = lineage.flatMap((device) => waiting.map((row) => ({ device_id: device, record_id: row.record_id, confirmed_at: nowIso })));
    const inserted = await trx
      .insertInto('erasure_confirmations')
      .values(values)
      .onConflict((oc) => oc.columns(['device_id', 'record_id']).doNothing())
      .returning(['device_id', 'record_id'])
      .execute();
    return inserted.filter((row) => row.device_id === deviceId).length;
  });
}

/** As `confirmErasures`, for partial erasures (withdrawal ids) of records the lineage created. */
async function confirmPartialErasures(db: Kysely<Database>, deviceId: string, lineage: readonly string[], partialIds: readonly string[], nowIso: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const waiting = await trx
      .selectFrom('consent_withdrawals as w')
      .innerJoin('records as r', 'r.record_id', 'w.record_id')
      .select(['w.id', 'w.record_id'])
      .where('r.device_id', 'in', [...lineage])
      .where('w.id', 'in', [...new Set(partialIds)])
      .where('w.scope', 'like', '%explicitConsents%')
      .execute();
    if (waiting.length === 0) return 0;
    const values = lineage.flatMap((device) => waiting.map((row) => ({ device_id: device, withdrawal_id: row.id, record_id: row.record_id, confirmed_at: nowIso })));
    const inserted = await trx
      .insertInto('partial_erasure_confirmations')
      .values(values)
      .onConflict((oc) => oc.columns(['device_id', 'withdrawal_id']).doNothing())
      .returning(['device_id', 'withdrawal_id'])
      .execute();
    return inserted.filter((row) => row.device_id === deviceId).length;
  });
}
