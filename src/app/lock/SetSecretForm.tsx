/**
 * Setting the interviewer's secret (issue #12): at enrolment, and on a tablet that was in use
 * before the data was encrypted. The policy (core/encryption/policy.ts) decides what is accepted;
 * each refusal is said in plain words, and nothing typed is lost by one.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SECRET_POLICY, MIN_PASSPHRASE_CHARACTERS, MIN_PIN_DIGITS, secretProblem } from '../../core/encryption';
import { database, setUpSecret } from '../../data';

type Reason = 'enrolment' | 'existing' | 'new' | 'recovery';

/**
 * The screen that asks for the secret where the lock gate needs one (a tablet in use before the
 * data was encrypted, or after the recovery procedure). Its strings are in the `lock` namespace,
 * which loads with this chunk (the component waits for it), not with the app's start.
 */
export function SetSecretScreen({ onDone, reason }: { onDone?: () => void; reason: Reason }) {
  const { t } = useTranslation('lock');
  return (
    <section className="screen" aria-labelledby="secret-screen-title">
      <h1 id="secret-screen-title">{t('set.screenTitle')}</h1>
      <SetSecretForm reason={reason} onDone={onDone} />
    </section>
  );
}

export function SetSecretForm({ onDone, reason }: { onDone?: () => void; reason: Reason }) {
  const { t } = useTranslation('lock');
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = secretProblem(secret, DEFAULT_SECRET_POLICY);
    if (problem) return setError(t(`problem.${problem}`, { min: MIN_PASSPHRASE_CHARACTERS, digits: MIN_PIN_DIGITS }));
    if (secret !== repeat) return setError(t('problem.mismatch'));
    setError(null);
    setBusy(true);
    try {
      await setUpSecret(database(), secret, DEFAULT_SECRET_POLICY);
      onDone?.();
    } catch (caught) {
      setError(t('problem.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="set-secret-title" data-testid="set-secret">
      <h2 id="set-secret-title">{t('set.title')}</h2>
      <p>{t(`set.intro_${reason}`)}</p>
      <p className="muted">{t('set.rules', { min: MIN_PASSPHRASE_CHARACTERS })}</p>
      <div className="field">
        <label className="field__label" htmlFor="set-secret-input">{t('set.secret')}</label>
        <input id="set-secret-input" className="input" type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="new-password" aria-describedby="set-secret-hint" />
        <span className="field__hint" id="set-secret-hint">{t('set.hint')}</span>
      </div>
      <label className="field">
        <span className="field__label">{t('set.repeat')}</span>
        <input className="input" type="password" value={repeat} onChange={(event) => setRepeat(event.target.value)} autoComplete="new-password" />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="set-secret-error">
          {error}
        </p>
      )}
      {busy && <p role="status">{t('set.busy')}</p>}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('set.submit')}
        </button>
      </div>
    </form>
  );
}
