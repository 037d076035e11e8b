/**
 * The keyring's state for React (issue #12): loaded once at start, then followed as it changes
 * (set up, unlocked, locked). After an unlock, a tablet updated from a version that stored in
 * clear encrypts its rows in the background (`encryptClearRows`, resumable).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { database, encryptClearRows, keyringState, loadKeyring, needsEncryption, onKeyringChange, type KeyringState } from '../../data';
import { whenSettled } from '../first-screen';

let loading: Promise<KeyringState> | null = null;
let loaded = false;

/** Loads the keyring's state from storage once per page. */
export function loadKeyringOnce(): Promise<KeyringState> {
  loading ??= loadKeyring(database()).finally(() => {
    loaded = true;
  });
  return loading;
}

let encrypting: Promise<unknown> | null = null;

/** Seals what an earlier version stored in clear; runs once per unlock, continues an interrupted run. */
export function encryptInBackground(): void {
  if (encrypting) return;
  const db = database();
  encrypting = needsEncryption(db)
    .then((needed) => (needed ? encryptClearRows(db) : undefined))
    .catch(() => undefined)
    .finally(() => {
      encrypting = null;
    });
}

const LOADED_EVENT = 'lotse-keyring-loaded';

function subscribe(onChange: () => void): () => void {
  const stop = onKeyringChange(onChange);
  window.addEventListener(LOADED_EVENT, onChange);
  return () => {
    stop();
    window.removeEventListener(LOADED_EVENT, onChange);
  };
}

/** The keyring's state, or 'loading' before it was read. */
export function useKeyringState(): KeyringState | 'loading' {
  const state = useSyncExternalStore(subscribe, () => (loaded ? keyringState() : 'loading'));
  useEffect(() => {
    void loadKeyringOnce().then(() => {
      // The store's snapshot changed from 'loading' without a keyring event.
      window.dispatchEvent(new Event(LOADED_EVENT));
    });
  }, []);
  useEffect(() => {
    // Once the screen the unlock opened on is shown: its reads go first (issue #15).
    if (state === 'unlocked') whenSettled(() => keyringState() === 'unlocked' && encryptInBackground());
  }, [state]);
  return state;
}
