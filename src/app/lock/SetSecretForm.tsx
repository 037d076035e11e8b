/**
 * Setting the interviewer's secret (issue #12): at enrolment, and on a tablet that was in use
 * before the data was encrypted. The policy (core/encryption/policy.ts) decides what is accepted;
 * each refusal is said in plain words, and nothing typed is lost by one.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SECRET_POLICY, MIN_PASSPHRASE_CHARACTERS, MIN_PIN_DIGITS, secretProblem } from '../../core/encryption';
import { database, setUpSecret } from '../../data';

export function SetSecretForm({ onDone, reason }: { onDone?: () => void; reason: 'enrolment' | 'existing' | 'new' | 'recovery' }) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = secretProblem(secret, DEFAULT_SECRET_POLICY);
    if (problem) return setError(t(`lock.problem.${problem}`, { min: MIN_PASSPHRASE_CHARACTERS, digits: MIN_PIN_DIGITS }));
    if (secret !== repeat) return setError(t('lock.problem.mismatch'));
    setError(null);
    setBusy(true);
    try {
      await setUpSecret(database(), secret, DEFAULT_SECRET_POLICY);
      onDone?.();
    } catch (caught) {
      setError(t('lock.problem.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="set-secret-title" data-testid="set-secret">
      <h2 id="set-secret-title">{t('lock.set.title')}</h2>
      <p>{t(`lock.set.intro_${reason}`)}</p>
      <p className="muted">{t('lock.set.rules', { min: MIN_PASSPHRASE_CHARACTERS })}</p>
      <div className="field">
        <label className="field__label" htmlFor="set-secret-input">{t('lock.set.secret')}</label>
        <input id="set-secret-input" className="input" type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="new-password" aria-describedby="set-secret-hint" />
        <span className="field__hint" id="set-secret-hint">{t('lock.set.hint')}</span>
      </div>
      <label className="field">
        <span className="field__label">{t('lock.set.repeat')}</span>
        <input className="input" type="password" value={repeat} onChange={(event) => setRepeat(event.target.value)} autoComplete="new-password" />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="set-secret-error">
          {error}
        </p>
      )}
      {busy && <p role="status">{t('lock.set.busy')}</p>}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('lock.set.submit')}
        </button>
      </div>
    </form>
  );
}
