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

/**
 * Whether the tablet is plainly locked: it holds a secret, no wrong attempt is counted, it is not
 * in hand-over mode and was not wiped. Reads `meta` of the database as it is: no version is asked,
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
          resolve(wrap.result !== undefined && failureCount === 0 && handover.result === undefined);
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
