/**
 * src/data's second entry point, for the app's start before Dexie is loaded (issue #15): one raw
 * read of the keyring's clear facts in `meta`, and the wipe notice (localStorage). The app's entry
 * chunk imports this module instead of src/data/index.ts, which would bring Dexie (100 KB of
 * script to evaluate) into it. Everything else goes through index.ts as before.
 */
import { wipedNotice } from './wiped-notice';

export { wipedNotice };

/** The database's name (db.ts `LotseDatabase`'s default). */
const DATABASE = 'lotse';

const SECRET_HINT = 'lotse.hasSecret';

/** Wrong secrets after which only the recovery procedure unlocks (keyring.ts). */
export const MAX_UNLOCK_ATTEMPTS = 10;

/**
 * A hint, kept in `localStorage` beside the database (no personal data: one flag), that this
 * tablet holds a secret: the start can then draw the unlock screen at once, without waiting for
 * IndexedDB (100-300 ms on a slow tablet's cold start), and `plainlyLockedAtStart` confirms it.
 * keyring.ts keeps it in step: every load of the keyring writes what the database says.
 */
export function secretHint(): boolean {
  try {
    return localStorage.getItem(SECRET_HINT) === '1';
  } catch {
    return false;
  }
}

/** Notes whether the app's database holds a secret (other databases — tests, benchmarks — are not the app's). */
export function noteSecretHint(name: string, hasSecret: boolean): void {
  if (name !== DATABASE) return;
  try {
    if (hasSecret) localStorage.setItem(SECRET_HINT, '1');
    else localStorage.removeItem(SECRET_HINT);
  } catch {
    // No storage: the start waits for IndexedDB instead.
  }
}

/**
 * Whether the tablet is plainly locked: it holds a secret, it does not need the recovery procedure
 * (fewer than MAX_UNLOCK_ATTEMPTS wrong secrets: the unlock screen looks the same with some
 * counted; a delay shows once a secret is tried), it is not in hand-over mode and was not wiped. Reads `meta` of the database as it is: no version is asked,
 * so no upgrade runs here, and a database that does not exist yet (a first start) is not created
 * (the creation is aborted); the connection is closed at once, and on a version change, so the
 * app's own open (which may upgrade the schema) is never blocked. Any doubt — an error, a missing
 * store — answers false; the keyring (keyring.ts) then decides as it always did.
 */
export function plainlyLockedAtStart(name = DATABASE): Promise<boolean> {
  if (wipedNotice()) return Promise.resolve(false);
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name);
    } catch {
      resolve(false);
      return;
    }
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(false);
    request.onblocked = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close();
      try {
        const transaction = db.transaction('meta', 'readonly');
        const meta = transaction.objectStore('meta');
        const wrap = meta.getKey('secretWrap');
        const failures = meta.get('unlockFailures');
        const handover = meta.getKey('handover');
        transaction.oncomplete = () => {
          db.close();
          const failureCount = (failures.result as { value?: { count?: number } } | undefined)?.value?.count ?? 0;
          resolve(wrap.result !== undefined && failureCount < MAX_UNLOCK_ATTEMPTS && handover.result === undefined);
        };
        transaction.onerror = transaction.onabort = () => {
          db.close();
          resolve(false);
        };
      } catch {
        db.close();
        resolve(false);
      }
    };
  });
}
