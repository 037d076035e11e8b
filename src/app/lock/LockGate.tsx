/**
 * Nothing of the tablet's interviews is shown or written while its keyring is not unlocked
 * (issue #12): the gate shows the unlock screen instead (or, on a tablet without a secret yet,
 * asks for one). The coordinator's pages (server data, own sign-in) and the enrolment screen
 * (which asks for the secret itself) are not behind it.
 */
import { lazy, Suspense, useLayoutEffect, useState, type ReactNode } from 'react';
import { needsNewSecret } from '../../data';
import { useTranslation } from 'react-i18next';
import { UnlockScreen } from './UnlockScreen';
import { useKeyringState } from './keyring-state';
import { releaseBootUnlock } from './boot-unlock';

// Asked once per tablet (or after a recovery): its own chunk, not the app's start; so is the
// screen after 10 wrong secrets. Both use the `lock` namespace, which loads with them.
const SetSecretScreen = lazy(() => import('./SetSecretForm').then((m) => ({ default: m.SetSecretScreen })));
const RecoveryNeededScreen = lazy(() => import('./RecoveryProcedure').then((m) => ({ default: m.RecoveryNeededScreen })));

export function LockGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const state = useKeyringState();
  // The keyring stays 'unlocked' when the new secret after a recovery is set: re-render on our own.
  const [, setSecretsSet] = useState(0);
  // The early unlock screen (boot-unlock.ts) stays until React knows what to show: its own unlock
  // screen takes it over (UnlockScreen); anything else — the guess was wrong — replaces it.
  useLayoutEffect(() => {
    if (state !== 'loading') releaseBootUnlock();
  }, [state]);
  if (state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (state === 'unlocked' && needsNewSecret()) return <NewSecretAfterRecovery onDone={() => setSecretsSet((n) => n + 1)} />;
  if (state === 'unlocked') return <>{children}</>;
  if (state === 'locked') return <UnlockScreen />;
  const loading = <p role="status">{t('common.loading')}</p>;
  if (state === 'recovery-needed') {
    return (
      <Suspense fallback={loading}>
        <RecoveryNeededScreen />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={loading}>
      <SetSecretScreen reason="existing" />
    </Suspense>
  );
}

/** After the recovery procedure (issue #12 item 4): the tablet is unlocked with the recovered key and asks for a new secret first. */
function NewSecretAfterRecovery({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <SetSecretScreen reason="recovery" onDone={onDone} />
    </Suspense>
  );
}
