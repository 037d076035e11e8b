import type { Page } from '@playwright/test';

/** The object stores of the app's IndexedDB database ('lotse') a test may read. */
export type DeviceStore = 'records' | 'recordIndex' | 'outbox' | 'syncIssues' | 'meta' | 'artifacts';

/**
 * Every row of the named stores, read straight from IndexedDB in the page as another program
 * would (not through the app's code), in one read-only transaction.
 */
export async function readDeviceStores<S extends DeviceStore>(page: Page, stores: readonly S[]): Promise<Record<S, unknown[]>> {
  return page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lotse');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const transaction = db.transaction(names, 'readonly');
      const rows = await Promise.all(
        names.map(
          (name) =>
            new Promise<unknown[]>((resolve, reject) => {
              const request = transaction.objectStore(name).getAll();
              request.onsuccess = () => resolve(request.result as unknown[]);
              request.onerror = () => reject(request.error);
            }),
        ),
      );
      return Object.fromEntries(names.map((name, index) => [name, rows[index]!]));
    } finally {
      db.close();
    }
  }, [...stores]) as Promise<Record<S, unknown[]>>;
}
