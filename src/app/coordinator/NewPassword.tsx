/**
 * Choosing a password with a one-time link: the set-up page (first account) and the password page
 * (a new or reset account) read the link's token the same way and ask for the password the same way.
 */
import type { Ref } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TextField } from './TextField';

/** The server's rules for an account's password (src/server/accounts). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** A one-time link's token: the fragment never reaches a server log. */
export function tokenFromFragment(): string {
  try {
    return decodeURIComponent(window.location.hash.slice(1)).trim();
  } catch {
    return '';
  }
}

export interface NewPasswordErrors {
  password?: string;
  repeat?: string;
}

/** What is wrong with the password and its repetition, in the coordinator's language. */
export function newPasswordErrors(t: TFunction<'coordinator'>, password: string, repeat: string): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  if (password.length < MIN_PASSWORD_LENGTH) errors.password = t('setup.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  else if (password.length > MAX_PASSWORD_LENGTH) errors.password = t('setup.passwordTooLong', { max: MAX_PASSWORD_LENGTH });
  if (repeat !== password) errors.repeat = t('setup.passwordsDiffer');
  return errors;
}

interface NewPasswordFieldsProps {
  password: string;
  repeat: string;
  onPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  errors: NewPasswordErrors;
  passwordRef: Ref<HTMLInputElement>;
  repeatRef: Ref<HTMLInputElement>;
}

/** The new password and its repetition. */
export function NewPasswordFields({ password, repeat, onPassword, onRepeat, errors, passwordRef, repeatRef }: NewPasswordFieldsProps) {
  const { t } = useTranslation('coordinator');
  return (
    <>
      <TextField
        label={t('setup.password')}
        hint={t('setup.passwordRules', { min: MIN_PASSWORD_LENGTH })}
        error={errors.password}
        type="password"
        value={password}
        onChange={(event) => onPassword(event.target.value)}
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
        onChange={(event) => onRepeat(event.target.value)}
        autoComplete="new-password"
        required
        inputRef={repeatRef}
      />
    </>
  );
}
