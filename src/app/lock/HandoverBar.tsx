/**
 * The hand-over bar (issue #12 item 5): shown only in hand-over mode, so a chunk of its own that
 * the app loads when the mode is on (issue #15: not on every start's way to a screen).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { database, endHandover, MAX_UNLOCK_ATTEMPTS, unlock } from '../../data';
import { handoverEnded } from './HandoverGuard';

/** The bar the applicant sees: the tablet goes back to the interviewer with their secret. */
export default function HandoverBar() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!secret) return setMessage(t('handoverMode.required'));
    setBusy(true);
    setMessage(null);
    try {
      const result = await unlock(database(), secret);
      setSecret('');
      if (result.ok) {
        await endHandover(database());
        handoverEnded();
        return;
      }
      if (result.reason === 'wrong_secret') setMessage(t('handoverMode.wrong', { count: MAX_UNLOCK_ATTEMPTS - result.attempts }));
      else if (result.reason === 'wait') setMessage(t('handoverMode.wait', { count: Math.ceil((result.retryAfterMs ?? 0) / 1000) }));
      else setMessage(t('handoverMode.recovery'));
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="banner handover-bar" role="region" aria-label={t('handoverMode.label')} data-testid="handover-bar">
      <p>{t('handoverMode.active')}</p>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('handoverMode.giveBack')}
        </button>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="handover-bar__form">
          <label className="field">
            <span className="field__label">{t('handoverMode.secret')}</span>
            <input className="input" type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="current-password" autoFocus />
          </label>
          {message && (
            <p className="error" role="alert" data-testid="handover-error">
              {message}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('handoverMode.end')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('handoverMode.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

