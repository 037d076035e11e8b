/**
 * Nothing of the tablet's interviews is shown or written while its keyring is not unlocked
 * (issue #12): the gate shows the unlock screen instead (or, on a tablet without a secret yet,
 * asks for one). The coordinator's pages (server data, own sign-in) and the enrolment screen
 * (which asks for the secret itself) are not behind it.
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { needsNewSecret } from '../../data';
import { useTranslation } from 'react-i18next';
import { RecoveryNeededScreen, UnlockScreen } from './UnlockScreen';
import { useKeyringState } from './keyring-state';

// Asked once per tablet (or after a recovery): its own chunk, not the app's start.
const SetSecretForm = lazy(() => import('./SetSecretForm').then((m) => ({ default: m.SetSecretForm })));

export function LockGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const state = useKeyringState();
  // The keyring stays 'unlocked' when the new secret after a recovery is set: re-render on our own.
  const [, setSecretsSet] = useState(0);
  if (state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (state === 'unlocked' && needsNewSecret()) return <NewSecretAfterRecovery onDone={() => setSecretsSet((n) => n + 1)} />;
  if (state === 'unlocked') return <>{children}</>;
  if (state === 'locked') return <UnlockScreen />;
  if (state === 'recovery-needed') return <RecoveryNeededScreen />;
  return (
    <section className="screen" aria-labelledby="secret-screen-title">
      <h1 id="secret-screen-title">{t('lock.set.screenTitle')}</h1>
      <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
        <SetSecretForm reason="existing" />
      </Suspense>
    </section>
  );
}

/** After the recovery procedure (issue #12 item 4): the tablet is unlocked with the recovered key and asks for a new secret first. */
function NewSecretAfterRecovery({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="screen" aria-labelledby="secret-screen-title">
      <h1 id="secret-screen-title">{t('lock.set.screenTitle')}</h1>
      <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
        <SetSecretForm reason="recovery" onDone={onDone} />
      </Suspense>
    </section>
  );
}
