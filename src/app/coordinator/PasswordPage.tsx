/**
 * `/coordinator/password#<token>`: the owner of a new account (or of one whose password an admin
 * reset) sets the password with the one-time link, and is signed in.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi, isCoordinatorApiError } from './api';
import { coordinatorPaths } from './location';
import { Link, navigate } from '../router';
import { useApiErrorText } from './parts';
import { MIN_PASSWORD_LENGTH } from './SetupPage';
import { TextField } from './TextField';

const MAX_PASSWORD_LENGTH = 1024;

/** The link's token: the fragment never reaches a server log. */
function tokenFromFragment(): string {
  try {
    return decodeURIComponent(window.location.hash.slice(1)).trim();
  } catch {
    return '';
  }
}

export function PasswordPage() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: { password?: string; repeat?: string } = {};
    if (password.length < MIN_PASSWORD_LENGTH) found.password = t('setup.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
    else if (password.length > MAX_PASSWORD_LENGTH) found.password = t('setup.passwordTooLong', { max: MAX_PASSWORD_LENGTH });
    if (repeat !== password) found.repeat = t('setup.passwordsDiffer');
    setErrors(found);
    setFormError(null);
    if (found.password) return passwordRef.current?.focus();
    if (found.repeat) return repeatRef.current?.focus();
    setIsBusy(true);
    try {
      await coordinatorApi.setPassword({ token, password });
      // Replacing the entry keeps the one-time link out of the browser's history; the frame
      // sends each role on to the first page it may use.
      navigate(coordinatorPaths.devices, { replace: true });
    } catch (error) {
      setIsBusy(false);
      if (isCoordinatorApiError(error) && error.code === 'invalid_password_link') return setLinkInvalid(true);
      if (isCoordinatorApiError(error) && error.code === 'weak_password') {
        setErrors({ password: t('setup.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) });
        return passwordRef.current?.focus();
      }
      setFormError(apiErrorText(error));
    }
  };

  return (
    <section className="screen coord-page coord-narrow" aria-labelledby="coord-password-title">
      <h1 id="coord-password-title">{t('password.title')}</h1>
      {token === '' || linkInvalid ? (
        <div className="banner banner--danger" role="alert" data-testid="password-link-invalid">
          <span>{t('password.invalidLink')}</span>
          <Link href={coordinatorPaths.login} className="button">
            {t('setup.toLogin')}
          </Link>
        </div>
      ) : (
        <>
          <p>{t('password.intro')}</p>
          <form className="form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="coord-password-title">
            <TextField
              label={t('setup.password')}
              hint={t('setup.passwordRules', { min: MIN_PASSWORD_LENGTH })}
              error={errors.password}
              type="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="new-password"
              minLength={MIN_PASSWORD_LENGTH}
              required
              inputRef={passwordRef}
            />
            <TextField
              label={t('setup.repeat')}
              error={errors.repeat}
              type="password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              autoComplete="new-password"
              required
              inputRef={repeatRef}
            />
            {formError && (
              <p className="error" role="alert">
                {formError}
              </p>
            )}
            <div className="actions">
              <button type="submit" className="button button--primary" disabled={isBusy}>
                {t('password.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
