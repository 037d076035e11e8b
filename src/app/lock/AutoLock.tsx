/**
 * When the app locks (issue #12 item 4): after the policy's minutes without a touch or key, when
 * it was hidden (another app, screen off) for longer than the policy's time, and by the button.
 * Locking forgets the data key (`lock()`); the tablet's screens then show the unlock screen.
 * The policy is the newest `device-policy` pulled from the server (defaults: 5 and 1 minutes).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_DEVICE_POLICY, type DevicePolicyValues } from '../../core/encryption';
import { database, devicePolicy, lock } from '../../data';
import { useKeyringState } from './keyring-state';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/** Runs the inactivity and background timers while the keyring is unlocked. */
export function useAutoLock(): void {
  const state = useKeyringState();
  const [policy, setPolicy] = useState<DevicePolicyValues>(DEFAULT_DEVICE_POLICY);

  useEffect(() => {
    if (state !== 'unlocked') return;
    // Read at each unlock: a sync since the last one may have brought a new policy.
    void devicePolicy(database()).then(setPolicy, () => undefined);
  }, [state]);

  useEffect(() => {
    if (state !== 'unlocked') return;
    const inactivityMs = policy.inactivityMinutes * 60_000;
    const hiddenMs = policy.hiddenMinutes * 60_000;
    let timer = window.setTimeout(lock, inactivityMs);
    let hiddenAt: number | null = null;
    const active = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, inactivityMs);
    };
    const visibility = () => {
      if (document.visibilityState === 'hidden') {
        hiddenAt = Date.now();
        if (hiddenMs === 0) lock();
        return;
      }
      if (hiddenAt !== null && Date.now() - hiddenAt > hiddenMs) lock();
      else active();
      hiddenAt = null;
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, active, { passive: true, capture: true });
    document.addEventListener('visibilitychange', visibility);
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, active, { capture: true });
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [state, policy]);
}

/** The button in the header: locks at once (the key is forgotten). Shown only while unlocked. */
export function LockButton() {
  const { t } = useTranslation();
  const state = useKeyringState();
  if (state !== 'unlocked') return null;
  return (
    <button type="button" className="button lock-button" onClick={() => lock()} data-testid="lock-button">
      {t('autoLock.button')}
    </button>
  );
}
