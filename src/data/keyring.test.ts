import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecoveryKeyPair, isCryptoError, open, seal, unwrapWithRecovery, type RecoveryPublicKey } from '../core/encryption';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { StorageError } from './errors';
import { getMeta } from './meta';
import {
  changeSecret,
  configureKeyring,
  currentDataKey,
  ensureRecoveryWrap,
  keyringState,
  loadKeyring,
  lock,
  MAX_UNLOCK_ATTEMPTS,
  needsNewSecret,
  onKeyringChange,
  recoveryWrapForDisplay,
  setUpSecret,
  unlock,
  unlockDelayMs,
  unlockWithRawDataKey,
} from './keyring';

const SECRET = 'Laterne am Kanal 7';
const WRONG = 'Laterne am Kanal 8';
// The lightest parameters the bounds allow: the same code path as the app's, in a fraction of the time.
const LIGHT = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

let db: LotseDatabase;
let clock = Date.parse('2026-12-05T10:00:00Z');

beforeEach(async () => {
  clock = Date.parse('2026-12-05T10:00:00Z');
  configureKeyring({ now: () => clock, parameters: LIGHT });
  db = openDatabaseNamed(`keyring-${crypto.randomUUID()}`);
  await loadKeyring(db);
});
afterEach(async () => {
  lock();
  await db.delete();
});

async function storeRecoveryKey(publicKey: RecoveryPublicKey, version = 1): Promise<void> {
  await db.artifacts.put({
    key: `recovery-key:organisation@${version}:*`,
    kind: 'recovery-key',
    id: 'organisation',
    version,
    lang: '*',
    sha256: 'x',
    reviewState: 'reviewed',
    retired: 0,
    changeNo: version,
    source: 'server',
    check: 'valid',
    body: { id: 'organisation', version, ...publicKey } as unknown as Record<string, unknown>,
  });
}

async function sealSomething(): Promise<Uint8Array> {
  return seal(currentDataKey(), { store: 'records', recordId: 'r-1', revision: 0 }, { name: 'Amira' });
}

describe('the keyring', () => {
  it('has no secret on a fresh tablet, and no key to use', async () => {
    expect(keyringState()).toBe('no-secret');
    expect(() => currentDataKey()).toThrow(StorageError);
    await expect(unlock(db, SECRET)).rejects.toMatchObject({ code: 'no_secret' });
  });

  it('refuses a secret the policy refuses, and stores nothing', async () => {
    await expect(setUpSecret(db, '123456')).rejects.toMatchObject({ code: 'weak_secret', message: 'pin_not_allowed' });
    await expect(setUpSecret(db, 'kurz')).rejects.toMatchObject({ code: 'weak_secret', message: 'passphrase_too_short' });
    expect(await getMeta(db, 'secretWrap')).toBeUndefined();
    expect(keyringState()).toBe('no-secret');
  });

  it('sets a secret and is unlocked; after a reload it is locked and opens with the same secret and key', async () => {
    const states: string[] = [];
    const stop = onKeyringChange((s) => states.push(s));
    await setUpSecret(db, SECRET);
    expect(keyringState()).toBe('unlocked');
    const blob = await sealSomething();
    const wrap = await getMeta(db, 'secretWrap');
    expect(JSON.stringify(wrap)).not.toContain(SECRET);

    expect(await loadKeyring(db)).toBe('locked');
    expect(() => currentDataKey()).toThrow(expect.objectContaining({ code: 'locked' }) as Error);
    expect(await unlock(db, SECRET)).toEqual({ ok: true });
    expect(await open(currentDataKey(), { store: 'records', recordId: 'r-1', revision: 0 }, blob)).toEqual({ name: 'Amira' });
    stop();
    expect(states).toEqual(['unlocked', 'locked', 'unlocked']);
  });

  it('a wrong secret does not unlock and is counted; the right one resets the count', async () => {
    await setUpSecret(db, SECRET);
    lock();
    expect(await unlock(db, WRONG)).toEqual({ ok: false, reason: 'wrong_secret', attempts: 1 });
    expect(await unlock(db, 'laterne am kanal 7')).toEqual({ ok: false, reason: 'wrong_secret', attempts: 2 });
    expect(keyringState()).toBe('locked');
    expect(() => currentDataKey()).toThrow(StorageError);
    expect((await getMeta(db, 'unlockFailures'))?.count).toBe(2);
    expect(await unlock(db, SECRET)).toEqual({ ok: true });
    expect(await getMeta(db, 'unlockFailures')).toBeUndefined();
  });

  it('makes the next attempt wait from the 4th wrong secret, growing, even after a reload', async () => {
    await setUpSecret(db, SECRET);
    lock();
    for (let i = 1; i <= 3; i++) expect(await unlock(db, WRONG)).toEqual({ ok: false, reason: 'wrong_secret', attempts: i });
    expect(await unlock(db, WRONG)).toEqual({ ok: false, reason: 'wrong_secret', attempts: 4, retryAfterMs: 2000 });
    // Even the right secret waits; the attempt is not counted.
    expect(await unlock(db, SECRET)).toEqual({ ok: false, reason: 'wait', attempts: 4, retryAfterMs: 2000 });
    clock += 1500;
    expect(await loadKeyring(db)).toBe('locked');
    expect(await unlock(db, SECRET)).toEqual({ ok: false, reason: 'wait', attempts: 4, retryAfterMs: 500 });
    clock += 500;
    expect(await unlock(db, WRONG)).toEqual({ ok: false, reason: 'wrong_secret', attempts: 5, retryAfterMs: 4000 });
    clock += 4000;
    expect(await unlock(db, SECRET)).toEqual({ ok: true });
    expect(unlockDelayMs(9)).toBe(64_000);
  });

  it('needs recovery after 10 wrong secrets: then even the right secret is refused, across reloads', async () => {
    await setUpSecret(db, SECRET);
    lock();
    let last;
    for (let i = 1; i <= MAX_UNLOCK_ATTEMPTS; i++) {
      clock += unlockDelayMs(i - 1);
      last = await unlock(db, WRONG);
    }
    expect(last).toEqual({ ok: false, reason: 'recovery-needed', attempts: 10 });
    expect(keyringState()).toBe('recovery-needed');
    clock += 3_600_000;
    expect(await unlock(db, SECRET)).toEqual({ ok: false, reason: 'recovery-needed', attempts: 10 });
    expect(await loadKeyring(db)).toBe('recovery-needed');
    expect(() => currentDataKey()).toThrow(StorageError);
  });

  it('lock() forgets the key: sealing and opening fail until the next unlock', async () => {
    await setUpSecret(db, SECRET);
    const blob = await sealSomething();
    lock();
    expect(keyringState()).toBe('locked');
    expect(() => currentDataKey()).toThrow(expect.objectContaining({ code: 'locked' }) as Error);
    await expect(sealSomething()).rejects.toBeInstanceOf(StorageError);
    await unlock(db, SECRET);
    expect(await open(currentDataKey(), { store: 'records', recordId: 'r-1', revision: 0 }, blob)).toEqual({ name: 'Amira' });
  });

  it('setUpSecret wraps the key for the pulled recovery key; the admin unwraps it and the tablet recovers with the same key', async () => {
    const pair = await createRecoveryKeyPair();
    await storeRecoveryKey(pair.publicKey);
    await setUpSecret(db, SECRET);
    const blob = await sealSomething();
    const text = await recoveryWrapForDisplay(db);
    expect(text).toBeDefined();
    expect(JSON.parse(text!)).toMatchObject({ format: 'lotse-recovery-wrap', recoveryKeyId: pair.publicKey.keyId, keyId: await getMeta(db, 'dataKeyId') });

    // Forgotten: 10 wrong secrets, then the admin's offline private key gives the raw key.
    lock();
    for (let i = 1; i <= MAX_UNLOCK_ATTEMPTS; i++) {
      clock += unlockDelayMs(i - 1);
      await unlock(db, WRONG);
    }
    expect(keyringState()).toBe('recovery-needed');
    const material = await unwrapWithRecovery(JSON.parse(text!), pair.privateKeyText, pair.publicKey);
    await unlockWithRawDataKey(db, material.raw);
    expect(keyringState()).toBe('unlocked');
    expect(needsNewSecret()).toBe(true);
    expect(await open(currentDataKey(), { store: 'records', recordId: 'r-1', revision: 0 }, blob)).toEqual({ name: 'Amira' });

    await setUpSecret(db, 'Neue Brücke über den Fluss');
    expect(needsNewSecret()).toBe(false);
    expect(await loadKeyring(db)).toBe('locked');
    expect(await unlock(db, SECRET)).toMatchObject({ ok: false, reason: 'wrong_secret', attempts: 1 });
    expect(await unlock(db, 'Neue Brücke über den Fluss')).toEqual({ ok: true });
    expect(await open(currentDataKey(), { store: 'records', recordId: 'r-1', revision: 0 }, blob)).toEqual({ name: 'Amira' });
  });

  it('a wrong raw key from the recovery procedure changes nothing', async () => {
    await setUpSecret(db, SECRET);
    lock();
    const wrong = crypto.getRandomValues(new Uint8Array(32));
    const error = await unlockWithRawDataKey(db, wrong).catch((e: unknown) => e);
    expect(isCryptoError(error)).toBe(true);
    expect(keyringState()).toBe('locked');
    expect(() => currentDataKey()).toThrow(StorageError);
  });

  it('a tablet that enrolled before the recovery key was pulled wraps for it after the pull', async () => {
    await setUpSecret(db, SECRET);
    expect(await recoveryWrapForDisplay(db)).toBeUndefined();
    const pair = await createRecoveryKeyPair();
    await storeRecoveryKey(pair.publicKey);
    expect(await ensureRecoveryWrap(db)).toBe(true);
    const wrap = JSON.parse((await recoveryWrapForDisplay(db))!) as unknown;
    const material = await unwrapWithRecovery(wrap, pair.privateKeyText, pair.publicKey);
    expect(material.raw).toHaveLength(32);
    // Wrapped once: the raw bytes are gone, nothing more to do.
    expect(await ensureRecoveryWrap(db)).toBe(false);
  });

  it('re-wraps at unlock when a newer recovery key replaced the old one', async () => {
    const first = await createRecoveryKeyPair();
    await storeRecoveryKey(first.publicKey, 1);
    await setUpSecret(db, SECRET);
    const second = await createRecoveryKeyPair();
    await storeRecoveryKey(second.publicKey, 2);
    lock();
    await unlock(db, SECRET);
    expect((await getMeta(db, 'recoveryWrap'))?.recoveryKeyId).toBe(second.publicKey.keyId);
  });

  it('changes the secret with the current one; a second set-up without it is refused', async () => {
    await setUpSecret(db, SECRET);
    await expect(setUpSecret(db, 'Ganz andere Phrase 42')).rejects.toMatchObject({ code: 'locked' });
    expect(await changeSecret(db, WRONG, 'Ganz andere Phrase 42')).toMatchObject({ ok: false, reason: 'wrong_secret' });
    expect(await changeSecret(db, SECRET, 'Ganz andere Phrase 42')).toEqual({ ok: true });
    await loadKeyring(db);
    expect(await unlock(db, SECRET)).toMatchObject({ ok: false });
    expect(await unlock(db, 'Ganz andere Phrase 42')).toEqual({ ok: true });
  });
});
