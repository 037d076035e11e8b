/**
 * Argon2id off the main thread (issue #12): the ~300 ms (1.2 s on a slow tablet) of the key
 * derivation would otherwise freeze the unlock screen — no spinner, no "wrong passphrase" focus.
 * Started by `keyring.ts` (`workerDerivation`); the CSP allows it (`worker-src 'self'`, and
 * `'wasm-unsafe-eval'` for hash-wasm).
 */
import { deriveSecretKey, type Argon2idParameters } from '../core/encryption';

interface DeriveRequest {
  id: number;
  secret: string;
  salt: Uint8Array<ArrayBuffer>;
  parameters: Argon2idParameters;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<DeriveRequest>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, secret, salt, parameters } = event.data;
  deriveSecretKey(secret, salt, parameters).then(
    (bytes) => scope.postMessage({ id, bytes }, [bytes.buffer]),
    (error: unknown) => scope.postMessage({ id, error: { name: error instanceof Error ? error.name : 'Error', code: (error as { code?: string }).code ?? null, message: error instanceof Error ? error.message : String(error) } }),
  );
};
