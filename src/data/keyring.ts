/**
 * The keyring (issue #12): the only place the tablet's data key lives while the app is unlocked.
 *
 * Stored (in `meta`, never the key itself):
 * - `secretWrap`   the data key wrapped by the interviewer's PIN/passphrase (Argon2id, core/encryption);
 * - `recoveryWrap` the data key wrapped for the organisation's recovery public key (when one was pulled);
 * - `dataKeyId`    the key's random id; `keyCheck` a small envelope sealed with it, so a raw key given
 *                  by the recovery procedure is checked before it is trusted;
 * - `unlockFailures` wrong secrets since the last unlock: from the 4th a growing delay
 *                  (2^(n−3) s), after `MAX_UNLOCK_ATTEMPTS` only recovery unlocks.
 *
 * In memory: the data key as a non-extractable `CryptoKey`. The raw key bytes are held only while a
 * recovery wrap is still missing (a tablet enrols before its first pull brings the recovery key, and
 * a forgotten secret must not lose its data then) or between a recovery unlock and the new secret;
 * `lock()` overwrites them. Argon2id runs in a Web Worker in the browser (`argon2-worker.ts`), so
 * the unlock screen stays live; where there is no Worker (Node tests) it runs directly.
 */
import {
  checkSecretPolicy,
  createDataKeyMaterial,
  DEFAULT_ARGON2ID,
  deriveSecretKey,
  forget,
  fromBase64Url,
  importDataKey,
  isCryptoError,
  keyIdText,
  open,
  seal,
  unwrapWithSecret,
  wrapWithSecret,
  CryptoError,
  type Argon2idParameters,
  type DataKey,
  type DataKeyMaterial,
  type SecretDerivation,
  type SecretPolicy,
} from '../core/encryption';
import type { LotseDatabase } from './db';
import { StorageError } from './errors';
import { deleteMeta, getMeta } from './meta';
import { MAX_UNLOCK_ATTEMPTS, noteSecretHint } from './boot';
import { latestRecoveryKey } from './recovery-key';

export type KeyringState = 'no-secret' | 'locked' | 'unlocked' | 'recovery-needed';

export type UnlockResult =
  | { ok: true }
  | { ok: false; reason: 'wrong_secret' | 'wait' | 'recovery-needed'; attempts: number; retryAfterMs?: number };

/** After this many wrong secrets in a row only the recovery procedure unlocks the tablet. */
export { MAX_UNLOCK_ATTEMPTS };
/** Wrong secrets that cost nothing but the attempt; from the next one a delay grows. */
export const FREE_UNLOCK_ATTEMPTS = 3;

/** How long the next attempt must wait after `failures` wrong secrets: 0 for the first three, then 2 s, 4 s, 8 s, … */
export function unlockDelayMs(failures: number): number {
  return failures > FREE_UNLOCK_ATTEMPTS ? 2 ** (failures - FREE_UNLOCK_ATTEMPTS) * 1000 : 0;
}

export interface UnlockFailures {
  count: number;
  /** Epoch milliseconds of the last wrong secret. */
  lastAt: number;
}

const KEY_CHECK_CONTEXT = { store: 'meta', recordId: 'keyCheck', revision: 0 } as const;

interface KeyringOptions {
  /** The clock for the attempt delays (tests move it). */
  now: () => number;
  /** Argon2id parameters for new wraps (tests use the lightest allowed; the app the measured default). */
  parameters: Argon2idParameters;
  /** How Argon2id runs: in a worker when the platform has one, else here. */
  derive: SecretDerivation;
}

let state: KeyringState = 'no-secret';
let dataKey: DataKey | null = null;
/**
 * The key per database (by name): the app has one, but tests and the reliability suite run several
 * tablets in one process. `currentDataKey()` is the last one unlocked.
 */
const keys = new Map<string, DataKey>();
/** Raw bytes, only while no recovery wrap exists yet or a recovery unlock awaits its new secret. */
let heldMaterial: DataKeyMaterial | null = null;
let awaitingNewSecret = false;
let hasSecret = false;
let failureCount = 0;
const listeners = new Set<(s: KeyringState) => void>();
const options: KeyringOptions = { now: () => Date.now(), parameters: DEFAULT_ARGON2ID, derive: defaultDerivation() };

/** Test and benchmark hooks: the clock, lighter Argon2id parameters, the derivation. */
export function configureKeyring(change: Partial<KeyringOptions>): void {
  Object.assign(options, change);
}

function setState(next: KeyringState): void {
  if (next === state) return;
  state = next;
  for (const listener of [...listeners]) listener(next);
}

function lockedState(): KeyringState {
  if (!hasSecret) return 'no-secret';
  return failureCount >= MAX_UNLOCK_ATTEMPTS ? 'recovery-needed' : 'locked';
}

export function keyringState(): KeyringState {
  return state;
}

export function onKeyringChange(listener: (s: KeyringState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** At app start (and in tests for another database): what the stored wraps and failures say; the key is not in memory. */
export async function loadKeyring(db: LotseDatabase): Promise<KeyringState> {
  const [wrap, failures] = await Promise.all([getMeta(db, 'secretWrap'), getMeta(db, 'unlockFailures')]);
  dropKey();
  hasSecret = wrap !== undefined;
  noteSecretHint(db.name, hasSecret);
  failureCount = failures?.count ?? 0;
  setState(lockedState());
  return state;
}

function dropKey(): void {
  dataKey = null;
  keys.clear();
  if (heldMaterial) forget(heldMaterial);
  heldMaterial = null;
  awaitingNewSecret = false;
}

/** Forgets the key (and any raw bytes) from memory. */
export function lock(): void {
  dropKey();
  setState(lockedState());
}

/** The key for sealing and opening; `StorageError('locked')` while the keyring is locked. */
export function currentDataKey(): DataKey {
  if (!dataKey) throw new StorageError('locked', 'The tablet is locked: unlock it with the PIN or passphrase.');
  return dataKey;
}

/** The key of this database; `StorageError('locked')` while it is locked. */
export function dataKeyFor(db: LotseDatabase): DataKey {
  const key = keys.get(db.name);
  if (!key) throw new StorageError('locked', 'The tablet is locked: unlock it with the PIN or passphrase.');
  return key;
}

/** Whether this database's key is in memory. */
export function isUnlocked(db: LotseDatabase): boolean {
  return keys.has(db.name);
}

function remember(db: LotseDatabase, key: DataKey): void {
  dataKey = key;
  keys.set(db.name, key);
}

/** The benchmarks copy a device's rows into fresh databases: the copy opens with the same key. */
export function shareUnlockedKey(from: LotseDatabase, to: LotseDatabase): void {
  remember(to, dataKeyFor(from));
}

/** True after a recovery unlock until `setUpSecret` has set the new secret. */
export function needsNewSecret(): boolean {
  return awaitingNewSecret;
}

/**
 * Sets the secret: at enrolment (or on a tablet enrolled before issue #12) a new data key; after a
 * recovery unlock (`unlockWithRawDataKey`) the same key under the new secret. Refuses a secret the
 * policy refuses (`CryptoError('weak_secret')`, its message the `SecretProblem`).
 */
export async function setUpSecret(db: LotseDatabase, secret: string, policy?: SecretPolicy): Promise<void> {
  checkSecretPolicy(secret, policy);
  const existing = await getMeta(db, 'secretWrap');
  let material: DataKeyMaterial;
  if (awaitingNewSecret && heldMaterial && keys.has(db.name)) material = heldMaterial;
  else if (existing === undefined) material = createDataKeyMaterial();
  else throw new StorageError('locked', 'This tablet has a secret already: change it with the current one (changeSecret) or after recovery.');
  const secretWrap = await wrapWithSecret(material, secret, options.parameters, options.derive);
  const key = material === heldMaterial && keys.has(db.name) ? keys.get(db.name)! : await importDataKey(material);
  const keyCheck = await seal(key, KEY_CHECK_CONTEXT, 'lotse-key-check');
  const recoveryWrap = await recoveryWrapFor(db, material);
  await db.transaction('rw', [db.meta], async () => {
    await db.meta.put({ key: 'secretWrap', value: secretWrap });
    await db.meta.put({ key: 'dataKeyId', value: keyIdText(material.id) });
    await db.meta.put({ key: 'keyCheck', value: keyCheck });
    if (recoveryWrap) await db.meta.put({ key: 'recoveryWrap', value: recoveryWrap });
    await db.meta.delete('unlockFailures');
  });
  hasSecret = true;
  noteSecretHint(db.name, true);
  failureCount = 0;
  awaitingNewSecret = false;
  remember(db, key);
  keepOrForget(material, recoveryWrap !== null || (await getMeta(db, 'recoveryWrap')) !== undefined);
  setState('unlocked');
}

/** A new secret in place of the current one (same data key). */
export async function changeSecret(db: LotseDatabase, current: string, next: string, policy?: SecretPolicy): Promise<UnlockResult> {
  checkSecretPolicy(next, policy);
  const result = await unlockAndKeep(db, current, true);
  if (!result.ok) return result;
  await setUpSecret(db, next, policy);
  return result;
}

function keepOrForget(material: DataKeyMaterial, wrappedForRecovery: boolean): void {
  if (wrappedForRecovery) {
    if (heldMaterial === material) heldMaterial = null;
    forget(material);
  } else {
    heldMaterial = material;
  }
}

/**
 * The recovery key's ECDH wrap is needed only when a recovery key is new to this tablet's key (at
 * setting the secret, after a pull, rarely at an unlock) and for the recovery procedure: its own
 * chunk, not the app's start (issue #15).
 */
const recoveryCrypto = () => import('../core/encryption/recovery');

/** The recovery wrap for the newest pulled recovery key, when it is not the stored one already; null otherwise. */
async function recoveryWrapFor(db: LotseDatabase, material: DataKeyMaterial) {
  const recoveryKey = await latestRecoveryKey(db);
  if (!recoveryKey) return null;
  const stored = await getMeta(db, 'recoveryWrap');
  if (stored && stored.recoveryKeyId === recoveryKey.keyId && stored.keyId === keyIdText(material.id)) return null;
  return (await recoveryCrypto()).wrapForRecovery(material, recoveryKey);
}

/**
 * After a pull: wraps the key for a recovery key that arrived while the raw bytes are still held
 * (a tablet without a recovery wrap yet), then forgets them. Does nothing otherwise; a later
 * replaced recovery key is wrapped for at the next unlock.
 */
export async function ensureRecoveryWrap(db: LotseDatabase): Promise<boolean> {
  const material = heldMaterial;
  if (!material || !keys.has(db.name)) return false;
  const wrap = await recoveryWrapFor(db, material);
  if (!wrap) return false;
  await db.meta.put({ key: 'recoveryWrap', value: wrap });
  if (!awaitingNewSecret) keepOrForget(material, true);
  return true;
}

let unlocking: Promise<unknown> = Promise.resolve();

/** Unlocks with the PIN or passphrase. Wrong secrets are counted in `meta` (a reload does not reset them). */
export async function unlock(db: LotseDatabase, secret: string): Promise<UnlockResult> {
  return unlockAndKeep(db, secret, false);
}

async function unlockAndKeep(db: LotseDatabase, secret: string, keepForNewSecret: boolean): Promise<UnlockResult> {
  // One attempt at a time: two taps must not derive twice nor count one failure as two.
  const run = unlocking.then(() => attempt(db, secret, keepForNewSecret));
  unlocking = run.catch(() => undefined);
  return run;
}

async function attempt(db: LotseDatabase, secret: string, keepForNewSecret: boolean): Promise<UnlockResult> {
  const [wrap, failures] = await Promise.all([getMeta(db, 'secretWrap'), getMeta(db, 'unlockFailures')]);
  if (wrap === undefined) throw new StorageError('no_secret', 'This tablet has no PIN or passphrase yet.');
  hasSecret = true;
  const count = failures?.count ?? 0;
  failureCount = count;
  if (count >= MAX_UNLOCK_ATTEMPTS) {
    setState('recovery-needed');
    return { ok: false, reason: 'recovery-needed', attempts: count };
  }
  const wait = unlockDelayMs(count) - (options.now() - (failures?.lastAt ?? 0));
  if (wait > 0) return { ok: false, reason: 'wait', attempts: count, retryAfterMs: wait };
  let material: DataKeyMaterial;
  try {
    material = await unwrapWithSecret(wrap, secret, options.derive);
  } catch (error) {
    if (!isCryptoError(error) || error.code !== 'wrong_secret') throw error;
    const counted = await db.transaction('rw', [db.meta], async () => {
      const latest = await getMeta(db, 'unlockFailures');
      const next: UnlockFailures = { count: (latest?.count ?? 0) + 1, lastAt: options.now() };
      await db.meta.put({ key: 'unlockFailures', value: next });
      return next.count;
    });
    failureCount = counted;
    if (counted >= MAX_UNLOCK_ATTEMPTS) {
      setState('recovery-needed');
      return { ok: false, reason: 'recovery-needed', attempts: counted };
    }
    const delay = unlockDelayMs(counted);
    return { ok: false, reason: 'wrong_secret', attempts: counted, ...(delay > 0 && { retryAfterMs: delay }) };
  }
  remember(db, await importDataKey(material));
  // A write only when there were failures to forget: most unlocks have none (issue #15).
  if (failures !== undefined) await deleteMeta(db, 'unlockFailures');
  failureCount = 0;
  const recoveryWrap = await recoveryWrapFor(db, material);
  if (recoveryWrap) await db.meta.put({ key: 'recoveryWrap', value: recoveryWrap });
  const wrapped = recoveryWrap !== null || (await getMeta(db, 'recoveryWrap')) !== undefined;
  if (heldMaterial && heldMaterial !== material) forget(heldMaterial);
  heldMaterial = null;
  keepOrForget(material, wrapped && !keepForNewSecret);
  awaitingNewSecret = keepForNewSecret;
  setState('unlocked');
  return { ok: true };
}

/**
 * Recovery: the admin's one-time code gave the raw data key. Checked against `keyCheck` (a wrong or
 * mistyped key is `CryptoError('wrong_key' | 'not_authentic')`, nothing changes); then the keyring is
 * unlocked and `needsNewSecret()` is true until `setUpSecret` has set the interviewer's new secret.
 */
export async function unlockWithRawDataKey(db: LotseDatabase, raw: Uint8Array): Promise<void> {
  const [idText, keyCheck] = await Promise.all([getMeta(db, 'dataKeyId'), getMeta(db, 'keyCheck')]);
  if (idText === undefined || keyCheck === undefined) throw new StorageError('no_secret', 'This tablet has no data key to recover.');
  const material: DataKeyMaterial = { id: fromBase64Url(idText, 'the key id'), raw: new Uint8Array(raw) };
  const key = await importDataKey(material);
  if ((await open(key, KEY_CHECK_CONTEXT, keyCheck)) !== 'lotse-key-check') throw new CryptoError('not_authentic', 'the key check does not match');
  dropKey();
  remember(db, key);
  heldMaterial = material;
  awaitingNewSecret = true;
  setState('unlocked');
}

/** The recovery-wrapped data key as text (compact JSON) for the recovery procedure; undefined before one exists. */
export async function recoveryWrapForDisplay(db: LotseDatabase): Promise<string | undefined> {
  const wrap = await getMeta(db, 'recoveryWrap');
  return wrap === undefined ? undefined : JSON.stringify((await recoveryCrypto()).parseRecoveryWrappedKey(wrap));
}

/** Argon2id in a Web Worker where there is one (the browser), otherwise on this thread. */
function defaultDerivation(): SecretDerivation {
  if (typeof Worker === 'undefined' || typeof window === 'undefined') return deriveSecretKey;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (bytes: Uint8Array<ArrayBuffer>) => void; reject: (error: unknown) => void }>();
  const start = (): Worker => {
    const started = new Worker(new URL('./argon2-worker.ts', import.meta.url), { type: 'module' });
    started.onmessage = (event: MessageEvent<{ id: number; bytes?: Uint8Array<ArrayBuffer>; error?: { code: string | null; message: string } }>) => {
      const waiting = pending.get(event.data.id);
      if (!waiting) return;
      pending.delete(event.data.id);
      const { bytes, error } = event.data;
      if (bytes) waiting.resolve(bytes);
      else waiting.reject(error?.code ? new CryptoError(error.code as never, error.message) : new Error(error?.message ?? 'Argon2id failed in the worker'));
    };
    started.onerror = (event) => {
      // The worker could not start (an old WebView, a blocked script): derive here from now on.
      event.preventDefault();
      worker = null;
      broken = true;
      for (const waiting of pending.values()) waiting.reject(new Error('worker_failed'));
      pending.clear();
    };
    return started;
  };
  let broken = false;
  return async (secret, salt, parameters) => {
    if (broken) return deriveSecretKey(secret, salt, parameters);
    try {
      worker ??= start();
      const id = nextId++;
      const running = worker;
      return await new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.postMessage({ id, secret, salt, parameters });
      });
    } catch (error) {
      if (error instanceof Error && error.message === 'worker_failed') return deriveSecretKey(secret, salt, parameters);
      throw error;
    }
  };
}
