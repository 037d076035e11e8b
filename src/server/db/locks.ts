import type { Transaction } from 'kysely';
import type { Database } from './schema';

export type LockName = 'artifacts' | 'audit_log' | 'coordinators' | 'evaluation' | 'login_attempts' | 'record_search' | 'retention';

/**
 * Serialises a critical section across transactions, connections and server
 * processes: updating the named row holds a row lock on PostgreSQL until the
 * transaction ends, and on SQLite makes the transaction the single writer at
 * once (instead of upgrading from a reader later, which could fail).
 * Call it first in the transaction.
 */
export async function takeLock(trx: Transaction<Database>, name: LockName, nowIso: string): Promise<void> {
  // Lock rows added after the first migrations are made on first use (both engines know ON CONFLICT).
  if (name === 'login_attempts') {
    await trx.insertInto('server_locks').values({ name, locked_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  }
  await trx.updateTable('server_locks').set({ locked_at: nowIso }).where('name', '=', name).execute();
}
