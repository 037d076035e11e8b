/**
 * The unlock benchmark's page: src/core/encryption in a real Chromium. An unlock is what the app will
 * do when the interviewer types the PIN: read the wrapped data key from IndexedDB, derive the
 * key-encryption key (Argon2id), unwrap the data key, import it, and open one sealed record.
 * The raw baseline does the same work without the KDF: the same IndexedDB read, a bare WebCrypto
 * AES-GCM unwrap with the key-encryption key already at hand, the same import and open.
 */
import { createDataKeyMaterial, deriveSecretKey, fromBase64Url, importDataKey, open, seal, unwrapWithSecret, wrapWithSecret, type Argon2idParameters, type SecretDerivation, type SecretWrappedKey } from '../../../src/core/encryption';

export interface UnlockSample {
  ms: number;
}

const DB = 'bench-unlock';
const context = { store: 'records', recordId: 'bench-record', revision: 1 };
let kekBytes: Uint8Array<ArrayBuffer> | undefined;

function idb<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  const request = indexedDB.open(DB, 1);
  request.onupgradeneeded = () => request.result.createObjectStore('meta');
  return idb(request);
}

async function readStored(): Promise<{ wrap: SecretWrappedKey; blob: Uint8Array }> {
  const db = await openDb();
  const store = db.transaction('meta', 'readonly').objectStore('meta');
  const [wrap, blob] = await Promise.all([idb(store.get('secretWrap')), idb(store.get('record'))]);
  db.close();
  return { wrap: wrap as SecretWrappedKey, blob: blob as Uint8Array };
}

/**
 * Argon2id as the app runs it since issue #12: in its module worker (src/data/argon2-worker.ts,
 * the same message protocol as keyring.ts), started for this one unlock — after a reload the app's
 * first unlock also pays the worker's start, the module's load and the WebAssembly compile.
 */
function coldWorker(): { derive: SecretDerivation; stop(): void } {
  const worker = new Worker(new URL('../../../src/data/argon2-worker.ts', import.meta.url), { type: 'module' });
  return {
    derive: (secret, salt, parameters) =>
      new Promise((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<{ bytes?: Uint8Array<ArrayBuffer>; error?: { message: string } }>) =>
          event.data.bytes ? resolve(event.data.bytes) : reject(new Error(event.data.error?.message ?? 'Argon2id failed in the worker'));
        worker.onerror = (event) => reject(new Error(`the worker did not start: ${event.message}`));
        worker.postMessage({ id: 1, secret, salt, parameters });
      }),
    stop: () => worker.terminate(),
  };
}

const harness = {
  /** A data key wrapped for `secret` with `parameters`, and one sealed record (~20 KB), stored in IndexedDB. */
  async prepare(secret: string, parameters: Argon2idParameters): Promise<void> {
    const material = createDataKeyMaterial();
    const wrap = await wrapWithSecret(material, secret, parameters);
    const key = await importDataKey(material);
    const record = { displayName: 'Abebe Ghebremariam', answers: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`q${i}`, `Antwort ${i} `.repeat(4)])) };
    const blob = await seal(key, context, record);
    kekBytes = await deriveSecretKey(secret, fromBase64Url(wrap.kdf.salt, 'salt'), wrap.kdf);
    const db = await openDb();
    const transaction = db.transaction('meta', 'readwrite');
    transaction.objectStore('meta').put(wrap, 'secretWrap');
    transaction.objectStore('meta').put(blob, 'record');
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    db.close();
  },

  async unlock(secret: string): Promise<UnlockSample> {
    const start = performance.now();
    const { wrap, blob } = await readStored();
    const key = await importDataKey(await unwrapWithSecret(wrap, secret));
    const record = (await open(key, context, blob)) as { displayName: string };
    if (record.displayName !== 'Abebe Ghebremariam') throw new Error('unlock opened the wrong record');
    return { ms: performance.now() - start };
  },

  /** The same unlock with Argon2id in the app's worker, started cold for it. */
  async unlockInWorker(secret: string): Promise<UnlockSample> {
    const start = performance.now();
    const worker = coldWorker();
    try {
      const { wrap, blob } = await readStored();
      const key = await importDataKey(await unwrapWithSecret(wrap, secret, worker.derive));
      const record = (await open(key, context, blob)) as { displayName: string };
      if (record.displayName !== 'Abebe Ghebremariam') throw new Error('unlock opened the wrong record');
      return { ms: performance.now() - start };
    } finally {
      worker.stop();
    }
  },

  async rawUnlock(): Promise<UnlockSample> {
    const start = performance.now();
    const { wrap, blob } = await readStored();
    const kek = await crypto.subtle.importKey('raw', kekBytes!, 'AES-GCM', false, ['decrypt']);
    const additionalData = new TextEncoder().encode(JSON.stringify(['lotse-secret-wrap', 1, wrap.keyId, wrap.kdf.alg, wrap.kdf.memoryKiB, wrap.kdf.iterations, wrap.kdf.parallelism, wrap.kdf.salt]));
    const raw = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(wrap.iv, 'iv'), additionalData }, kek, fromBase64Url(wrap.wrapped, 'wrapped')));
    const key = await importDataKey({ id: fromBase64Url(wrap.keyId, 'id'), raw });
    const record = (await open(key, context, blob)) as { displayName: string };
    if (record.displayName !== 'Abebe Ghebremariam') throw new Error('raw unlock opened the wrong record');
    return { ms: performance.now() - start };
  },

  async cleanUp(): Promise<void> {
    await idb(indexedDB.deleteDatabase(DB));
  },
};

declare global {
  interface Window {
    unlockHarness: typeof harness;
  }
}

window.unlockHarness = harness;
document.getElementById('state')!.textContent = 'ready';
