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
import { MIN_PASSWORD_LENGTH, NewPasswordFields, newPasswordErrors, tokenFromFragment, type NewPasswordErrors } from './NewPassword';

export function PasswordPage() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const [token] = useState(tokenFromFragment);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = newPasswordErrors(t, password, repeat);
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
            <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} errors={errors} passwordRef={passwordRef} repeatRef={repeatRef} />
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
