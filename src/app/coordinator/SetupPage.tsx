import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi, isCoordinatorApiError } from './api';
import { coordinatorPaths } from './location';
import { Link, navigate } from '../router';
import { ApiErrorMessage, Loading, useApiErrorText } from './parts';
import { TextField } from './TextField';
import { MIN_PASSWORD_LENGTH, NewPasswordFields, newPasswordErrors, tokenFromFragment, type NewPasswordErrors } from './NewPassword';

/** The server's rule for an account's name (src/server/accounts). */
const MAX_NAME_LENGTH = 100;

type SetupCheck = { kind: 'checking' } | { kind: 'required' } | { kind: 'done' } | { kind: 'failed'; error: unknown };

interface FieldErrors extends NewPasswordErrors {
  name?: string;
}

function SetupDone() {
  const { t } = useTranslation('coordinator');
  return (
    <div className="banner banner--info" data-testid="setup-done">
      <span>{t('setup.done')}</span>
      <Link href={coordinatorPaths.login} className="button button--primary">
        {t('setup.toLogin')}
      </Link>
    </div>
  );
}

export function SetupPage() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const [token] = useState(tokenFromFragment);
  const [check, setCheck] = useState<SetupCheck>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    coordinatorApi.setupState().then(
      (state) => {
        if (!cancelled) setCheck(state.setupRequired ? { kind: 'required' } : { kind: 'done' });
      },
      (error: unknown) => {
        if (!cancelled) setCheck({ kind: 'failed', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    const trimmedName = name.trim();
    if (trimmedName.length === 0) errors.name = t('setup.nameRequired');
    else if (trimmedName.length > MAX_NAME_LENGTH) errors.name = t('setup.nameTooLong', { max: MAX_NAME_LENGTH });
    return { ...errors, ...newPasswordErrors(t, password, repeat) };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validate();
    setFieldErrors(errors);
    setFormError(null);
    if (errors.name) return nameRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();
    if (errors.repeat) return repeatRef.current?.focus();
    setIsBusy(true);
    try {
      await coordinatorApi.setup({ token, name: name.trim(), password });
      // Replacing the entry keeps the one-time link out of the browser's history.
      navigate(coordinatorPaths.devices, { replace: true });
    } catch (error) {
      setIsBusy(false);
      if (isCoordinatorApiError(error) && error.code === 'setup_done') return setCheck({ kind: 'done' });
      if (isCoordinatorApiError(error) && error.code === 'weak_password') {
        setFieldErrors({ password: t('setup.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) });
        return passwordRef.current?.focus();
      }
      if (isCoordinatorApiError(error) && error.code === 'invalid_setup_token') return setFormError(t('setup.invalidToken'));
      setFormError(apiErrorText(error));
    }
  };

  return (
    <section className="screen coord-page coord-narrow" aria-labelledby="coord-setup-title">
      <h1 id="coord-setup-title">{t('setup.title')}</h1>
      {check.kind === 'checking' && <Loading />}
      {check.kind === 'failed' && <ApiErrorMessage error={check.error} onRetry={() => setAttempt((value) => value + 1)} />}
      {check.kind === 'done' && <SetupDone />}
      {check.kind === 'required' && token === '' && (
        <div className="banner banner--danger" role="alert" data-testid="setup-no-token">
          <span>{t('setup.noToken', { command: 'npm run lotse -- create-coordinator <Name>' })}</span>
        </div>
      )}
      {check.kind === 'required' && token !== '' && (
        <>
          <p>{t('setup.intro')}</p>
          <form className="form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="coord-setup-title">
            <TextField
              label={t('setup.name')}
              hint={t('setup.nameHint')}
              error={fieldErrors.name}
              value={name}
              onChange={(event) => setName(event.target.value)}
              autoComplete="username"
              maxLength={MAX_NAME_LENGTH}
              required
              inputRef={nameRef}
            />
            <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} errors={fieldErrors} passwordRef={passwordRef} repeatRef={repeatRef} />
            {formError && (
              <p className="error" role="alert">
                {formError}
              </p>
            )}
            <div className="actions">
              <button type="submit" className="button button--primary" disabled={isBusy}>
                {t('setup.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
