import type { Page } from '@playwright/test';

/** The object stores of the app's IndexedDB database ('lotse') a test may read. */
export type DeviceStore = 'records' | 'recordIndex' | 'outbox' | 'syncIssues' | 'meta' | 'artifacts' | 'indexShards' | 'evidence';

/** How bytes (a sealed envelope, issue #12) cross from the page: base64 in a tagged object. */
export interface BytesFromPage {
  __bytes: string;
}

export function isBytesFromPage(value: unknown): value is BytesFromPage {
  return typeof value === 'object' && value !== null && typeof (value as BytesFromPage).__bytes === 'string';
}

/**
 * Every row of the named stores, read straight from IndexedDB in the page as another program
 * would (not through the app's code), in one read-only transaction. Bytes (`Uint8Array`) come as
 * `{ __bytes: base64 }`.
 */
export async function readDeviceStores<S extends DeviceStore>(page: Page, stores: readonly S[]): Promise<Record<S, unknown[]>> {
  return page.evaluate(async (names: string[]) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lotse');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const encode = (value: unknown): unknown => {
      if (value instanceof Uint8Array) {
        let binary = '';
        for (const byte of value) binary += String.fromCharCode(byte);
        return { __bytes: btoa(binary) };
      }
      if (Array.isArray(value)) return value.map(encode);
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encode(inner)]));
      return value;
    };
    try {
      const present = names.filter((name: string) => db.objectStoreNames.contains(name));
      const transaction = db.transaction(present, 'readonly');
      const rows = await Promise.all(
        present.map(
          (name) =>
            new Promise<unknown[]>((resolve, reject) => {
              const request = transaction.objectStore(name).getAll();
              request.onsuccess = () => resolve((request.result as unknown[]).map(encode));
              request.onerror = () => reject(request.error);
            }),
        ),
      );
      return Object.fromEntries(names.map((name) => [name, rows[present.indexOf(name)] ?? []]));
    } finally {
      db.close();
    }
  }, [...stores]) as Promise<Record<S, unknown[]>>;
}

/** Puts rows back into a store (bytes as `{ __bytes }`), in one transaction. */
export async function writeDeviceRows(page: Page, store: DeviceStore, rows: unknown[]): Promise<void> {
  await page.evaluate(
    async ({ name, values }) => {
      const decode = (value: unknown): unknown => {
        if (typeof value === 'object' && value !== null && typeof (value as { __bytes?: unknown }).__bytes === 'string') {
          return Uint8Array.from(atob((value as { __bytes: string }).__bytes), (char) => char.charCodeAt(0));
        }
        if (Array.isArray(value)) return value.map(decode);
        if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decode(inner)]));
        return value;
      };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('lotse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(name, 'readwrite');
        for (const value of values) transaction.objectStore(name).put(decode(value));
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    { name: store, values: rows },
  );
}
