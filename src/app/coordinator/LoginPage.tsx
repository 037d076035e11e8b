import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi, isCoordinatorApiError } from './api';
import { coordinatorPaths, safeReturnPath } from './location';
import { navigate, useSearchParam } from '../router';
import { useApiErrorText } from './parts';
import { TextField } from './TextField';

type LoginError = { kind: 'credentials' } | { kind: 'rateLimited'; minutes: number | null } | { kind: 'other'; text: string };

export function LoginPage() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const next = safeReturnPath(useSearchParam('next'));
  const signedOut = useSearchParam('signedOut') === '1';
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ name: boolean; password: boolean }>({ name: false, password: false });
  const [error, setError] = useState<LoginError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [setupRequired, setSetupRequired] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    // Someone still signed in does not need this form.
    coordinatorApi.me().then(
      () => {
        if (!cancelled) navigate(next ?? coordinatorPaths.devices, { replace: true });
      },
      () => undefined,
    );
    coordinatorApi.setupState().then(
      (state) => {
        if (!cancelled) setSetupRequired(state.setupRequired);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [next]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const nowMissing = { name: name.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.name) return nameRef.current?.focus();
    if (nowMissing.password) return passwordRef.current?.focus();
    setIsBusy(true);
    setError(null);
    try {
      await coordinatorApi.login({ name: name.trim(), password });
      navigate(next ?? coordinatorPaths.devices, { replace: true });
    } catch (caught) {
      setIsBusy(false);
      setPassword('');
      if (isCoordinatorApiError(caught) && caught.code === 'invalid_credentials') setError({ kind: 'credentials' });
      else if (isCoordinatorApiError(caught) && caught.status === 429) {
        const seconds = caught.retryAfterSeconds;
        setError({ kind: 'rateLimited', minutes: seconds === null ? null : Math.max(1, Math.ceil(seconds / 60)) });
      } else setError({ kind: 'other', text: apiErrorText(caught) });
      passwordRef.current?.focus();
    }
  };

  const errorText =
    error === null
      ? null
      : error.kind === 'credentials'
        ? t('login.wrongCredentials')
        : error.kind === 'rateLimited'
          ? error.minutes === null
            ? t('login.rateLimitedSoon')
            : t('login.rateLimited', { count: error.minutes })
          : error.text;

  return (
    <section className="screen coord-page coord-narrow" aria-labelledby="coord-login-title">
      <h1 id="coord-login-title">{t('login.title')}</h1>
      {signedOut && (
        <p role="status" className="banner banner--info" data-testid="signed-out">
          {t('login.signedOut')}
        </p>
      )}
      {setupRequired && (
        <p className="banner banner--info" data-testid="setup-required">
          {t('login.setupRequired', { command: 'npm run lotse -- create-coordinator <Name>' })}
        </p>
      )}
      <p>{t('login.intro')}</p>
      <form className="form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="coord-login-title">
        <TextField
          label={t('login.name')}
          error={missing.name ? t('login.nameRequired') : null}
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoComplete="username"
          required
          inputRef={nameRef}
        />
        <TextField
          label={t('login.password')}
          error={missing.password ? t('login.passwordRequired') : null}
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="current-password"
          required
          inputRef={passwordRef}
        />
        {errorText && (
          <p className="error" role="alert" data-testid="login-error">
            {errorText}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={isBusy}>
            {t('login.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
