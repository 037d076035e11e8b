/**
 * The unlock screen (issue #12): shown whenever the keyring is locked — at every start of a
 * tablet with a secret. Argon2id runs in a worker, so the screen stays responsive meanwhile. Wrong
 * secrets are counted on the tablet: from the 4th the next attempt waits (the screen counts down),
 * after 10 only the recovery procedure unlocks.
 */
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { database, MAX_UNLOCK_ATTEMPTS, unlock } from '../../data';
import { markOnce } from '../perf-marks';
import { takeBootUnlock } from './boot-unlock';

// The recovery procedure (its key exchange, its QR code) loads when the unlock screen shows, not with the app.
const RecoveryProcedure = lazy(() => import('./RecoveryProcedure').then((m) => ({ default: m.RecoveryProcedure })));

export function UnlockScreen() {
  const { t } = useTranslation();
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [recoveryOpen, setRecoveryOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = window.setTimeout(() => setNow(Date.now()), 250);
    return () => window.clearTimeout(timer);
  }, [waitUntil, now]);
  const waitSeconds = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  // At a start, the same screen was drawn before React (boot-unlock.ts): take over what was typed
  // there — before the browser paints or handles another keystroke — and a submit it was waiting
  // to hand on. Otherwise (a lock during work) the input gets the focus as with autoFocus.
  const recovery = useRef<HTMLDetailsElement>(null);
  useLayoutEffect(() => {
    const early = takeBootUnlock();
    const field = input.current;
    if (!field) return;
    if (!early) {
      field.focus();
      return;
    }
    field.value = early.secret;
    setSecret(early.secret);
    if (early.focused) {
      field.focus({ preventScroll: true });
      field.setSelectionRange(early.selectionStart, early.selectionEnd);
    }
    if (early.recoveryOpen && recovery.current) recovery.current.open = true;
    if (early.submitted) void submit(undefined, early.secret);
    // Once, at mount: later renders have nothing to take over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (event?: FormEvent, typed = secret) => {
    event?.preventDefault();
    if (!typed) return setMessage(t('lock.unlock.required'));
    setBusy(true);
    setMessage(null);
    try {
      markOnce('unlock');
      const result = await unlock(database(), typed);
      if (result.ok) return markOnce('unlocked');
      setSecret('');
      const left = MAX_UNLOCK_ATTEMPTS - result.attempts;
      if (result.reason === 'wrong_secret') setMessage(t('lock.unlock.wrong', { count: left }));
      else if (result.reason === 'wait') setMessage(t('lock.unlock.wait'));
      if (result.retryAfterMs) {
        setWaitUntil(Date.now() + result.retryAfterMs);
        setNow(Date.now());
      }
      input.current?.focus();
    } catch (caught) {
      setMessage(t('lock.unlock.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="unlock-title" data-testid="unlock-screen">
      <h1 id="unlock-title">{t('lock.unlock.title')}</h1>
      <p>{t('lock.unlock.intro')}</p>
      <form className="form-card" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span className="field__label">{t('lock.unlock.secret')}</span>
          <input ref={input} className="input" type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="current-password" />
        </label>
        {message && (
          <p className="error" role="alert" data-testid="unlock-error">
            {message}
          </p>
        )}
        {waitSeconds > 0 && (
          <p role="status" data-testid="unlock-wait">
            {t('lock.unlock.waitSeconds', { count: waitSeconds })}
          </p>
        )}
        {busy && <p role="status">{t('lock.unlock.busy')}</p>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || waitSeconds > 0}>
            {t('lock.unlock.submit')}
          </button>
        </div>
      </form>
      {/* The procedure's chunk loads when the interviewer opens it, not with every unlock. */}
      <details ref={recovery} className="recovery-details" onToggle={(event) => setRecoveryOpen(event.currentTarget.open)}>
        <summary className="button">{t('lock.unlock.forgot')}</summary>
        {recoveryOpen && (
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <RecoveryProcedure />
          </Suspense>
        )}
      </details>
    </section>
  );
}
