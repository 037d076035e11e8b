/**
 * When tablets lock (issue #12 item 4): minutes without a touch, and minutes in the background.
 * Saving publishes the next version of the `device-policy` artifact; tablets take it at their next sync.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi } from './api';
import { ApiErrorMessage, DateTime, Loading, useApiErrorText } from './parts';
import { TextField } from './TextField';
import { useApiResource } from './use-api-resource';

const wholeMinutes = (text: string, min: number): number | null => (/^\d{1,2}$/.test(text.trim()) && Number(text) >= min && Number(text) <= 60 ? Number(text) : null);

export function DevicePolicySection() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const state = useApiResource('device-policy', () => coordinatorApi.devicePolicy());
  const [inactivity, setInactivity] = useState('');
  const [hidden, setHidden] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const stored = state.data?.values;
  useEffect(() => {
    if (!stored) return;
    setInactivity(String(stored.inactivityMinutes));
    setHidden(String(stored.hiddenMinutes));
  }, [stored]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const inactivityMinutes = wholeMinutes(inactivity, 1);
    const hiddenMinutes = wholeMinutes(hidden, 0);
    if (inactivityMinutes === null || hiddenMinutes === null) return setMessage({ kind: 'error', text: t('devicePolicy.invalid') });
    setIsBusy(true);
    setMessage(null);
    try {
      const saved = await coordinatorApi.saveDevicePolicy({ inactivityMinutes, hiddenMinutes });
      setMessage({ kind: 'ok', text: t('devicePolicy.saved', { inactivity: saved.values.inactivityMinutes, hidden: saved.values.hiddenMinutes }) });
      state.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: apiErrorText(error) });
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <form className="form-card" onSubmit={(event) => void save(event)} aria-labelledby="coord-device-policy-title" noValidate data-testid="device-policy-form">
      <h2 id="coord-device-policy-title">{t('devicePolicy.title')}</h2>
      <p>{t('devicePolicy.intro')}</p>
      {state.isLoading && !state.data && <Loading />}
      {state.error && <ApiErrorMessage error={state.error} onRetry={state.reload} />}
      {state.data && (
        <p className="muted">
          {state.data.version === null ? t('devicePolicy.defaults') : (
            <>
              {t('devicePolicy.version', { version: state.data.version })} <DateTime iso={state.data.publishedAt} />
            </>
          )}
        </p>
      )}
      <TextField label={t('devicePolicy.inactivity')} value={inactivity} onChange={(event) => setInactivity(event.target.value)} inputMode="numeric" autoComplete="off" />
      <TextField label={t('devicePolicy.hidden')} value={hidden} onChange={(event) => setHidden(event.target.value)} inputMode="numeric" autoComplete="off" />
      {message && (
        <p className={message.kind === 'ok' ? 'coord-success' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="device-policy-message">
          {message.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={isBusy}>{t('devicePolicy.save')}</button>
      </div>
    </form>
  );
}
