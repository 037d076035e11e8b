/**
 * `/coordinator/accounts` (admins): every account with its role and state; create one (its owner
 * sets the password with a one-time link shown here once), change a role, disable or enable,
 * reset a password (a new link; the old password stops working at once).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { coordinatorApi, roles, type Account, type PasswordLink, type Role } from './api';
import { ApiErrorMessage, ApiErrorText, DateTime, Loading, TableRegion } from './parts';
import { isSessionLost, useCoordinatorSession } from './session';
import { TextField } from './TextField';
import { useApiResource } from './use-api-resource';

const MAX_NAME_LENGTH = 100;

interface ShownLink extends PasswordLink {
  name: string;
  kind: 'created' | 'reset';
}

function RoleSelect({ value, onChange, label, id }: { value: Role; onChange: (role: Role) => void; label: string; id?: string }) {
  const { t } = useTranslation('coordinator');
  return (
    <select id={id} className="input" aria-label={id ? undefined : label} value={value} onChange={(event) => onChange(event.target.value as Role)}>
      {roles.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </select>
  );
}

/** The one-time link, shown once: the server keeps only its hash. */
function LinkPanel({ link, onDone }: { link: ShownLink; onDone: () => void }) {
  const { t } = useTranslation('coordinator');
  const inputId = useId();
  return (
    <div className="banner banner--info" role="status" data-testid="password-link-panel">
      <div>
        <p>
          <Trans
            t={t}
            i18nKey={link.kind === 'created' ? 'accounts.link.created' : 'accounts.link.reset'}
            values={{ name: link.name }}
            components={{ name: <bdi /> }}
          />{' '}
          {t('accounts.link.once')} <DateTime iso={link.expiresAt} />
        </p>
        <label className="field__label" htmlFor={inputId}>
          {t('accounts.link.label')}
        </label>
        <input id={inputId} className="input" readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} data-testid="password-link" />
      </div>
      <button type="button" className="button" onClick={onDone}>
        {t('accounts.link.done')}
      </button>
    </div>
  );
}

function AccountRow({ account, isSelf, onChanged, onLink }: { account: Account; isSelf: boolean; onChanged: () => void; onLink: (link: ShownLink) => void }) {
  const { t } = useTranslation('coordinator');
  const { onSessionLost } = useCoordinatorSession();
  const [role, setRole] = useState<Role>(account.role);
  const [confirmReset, setConfirmReset] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setIsBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught) {
      if (isSessionLost(caught)) return onSessionLost();
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  const state = account.disabledAt !== null
    ? t('accounts.state.disabled')
    : !account.passwordSet
      ? (account.linkExpiresAt ? t('accounts.state.linkOpen') : t('accounts.state.linkExpired'))
      : t('accounts.state.active');

  return (
    <tr data-testid="account-row" data-account={account.name}>
      <th scope="row" data-label={t('accounts.column.name')}>
        <bdi>{account.name}</bdi>
        {isSelf && <span className="muted"> {t('accounts.you')}</span>}
      </th>
      <td data-label={t('accounts.column.role')}>
        <div className="coord-inline-form">
          <RoleSelect value={role} onChange={setRole} label={t('accounts.roleOf', { name: account.name })} />
          <button
            type="button"
            className="button button--compact"
            disabled={isBusy || role === account.role}
            onClick={() => void run(() => coordinatorApi.changeRole(account.id, role))}
          >
            {t('accounts.changeRole')}
          </button>
        </div>
      </td>
      <td data-label={t('accounts.column.state')}>
        <span data-testid="account-state">{state}</span>
        {!account.passwordSet && account.disabledAt === null && account.linkExpiresAt && (
          <span className="muted">
            {' '}
            {t('accounts.linkUntil')} <DateTime iso={account.linkExpiresAt} />
          </span>
        )}
      </td>
      <td data-label={t('accounts.column.actions')}>
        <div className="coord-inline-form">
          {account.disabledAt === null ? (
            <button type="button" className="button button--compact" disabled={isBusy} onClick={() => void run(() => coordinatorApi.disableAccount(account.id))}>
              {t('accounts.disable')}
            </button>
          ) : (
            <button type="button" className="button button--compact" disabled={isBusy} onClick={() => void run(() => coordinatorApi.enableAccount(account.id))}>
              {t('accounts.enable')}
            </button>
          )}
          {account.disabledAt === null && !confirmReset && (
            <button type="button" className="button button--compact" disabled={isBusy} onClick={() => setConfirmReset(true)}>
              {t('accounts.reset')}
            </button>
          )}
          {confirmReset && (
            <span role="group" aria-label={t('accounts.resetConfirm', { name: account.name })}>
              <span>{t('accounts.resetConfirm', { name: account.name })} </span>
              <button
                type="button"
                className="button button--compact button--danger"
                disabled={isBusy}
                onClick={() =>
                  void run(async () => {
                    const answer = await coordinatorApi.resetPassword(account.id);
                    setConfirmReset(false);
                    onLink({ ...answer.link, name: account.name, kind: 'reset' });
                  })
                }
              >
                {t('accounts.resetYes')}
              </button>{' '}
              <button type="button" className="button button--compact" onClick={() => setConfirmReset(false)}>
                {t('common.cancel')}
              </button>
            </span>
          )}
        </div>
        {error !== null && (
          <p className="error" role="alert">
            <ApiErrorText error={error} />
          </p>
        )}
      </td>
    </tr>
  );
}

function CreateAccountForm({ onCreated }: { onCreated: (link: ShownLink) => void }) {
  const { t } = useTranslation('coordinator');
  const { onSessionLost } = useCoordinatorSession();
  const roleId = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('coordinator');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
      setNameError(trimmed.length === 0 ? t('setup.nameRequired') : t('setup.nameTooLong', { max: MAX_NAME_LENGTH }));
      return nameRef.current?.focus();
    }
    setNameError(null);
    setIsBusy(true);
    try {
      const created = await coordinatorApi.createAccount({ name: trimmed, role });
      setName('');
      onCreated({ ...created.link, name: created.account.name, kind: 'created' });
    } catch (caught) {
      if (isSessionLost(caught)) return onSessionLost();
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <form className="form-card" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="coord-accounts-create-title">
      <h2 id="coord-accounts-create-title">{t('accounts.createTitle')}</h2>
      <TextField
        label={t('accounts.name')}
        error={nameError}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={MAX_NAME_LENGTH}
        autoComplete="off"
        required
        inputRef={nameRef}
      />
      <div className="field">
        <label className="field__label" htmlFor={roleId}>
          {t('accounts.role')}
        </label>
        <RoleSelect id={roleId} value={role} onChange={setRole} label={t('accounts.role')} />
        <span className="field__hint">{t(`roles.about.${role}`)}</span>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          <ApiErrorText error={error} />
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={isBusy}>
          {t('accounts.create')}
        </button>
      </div>
    </form>
  );
}

export function AccountsPage() {
  const { t } = useTranslation('coordinator');
  const { session } = useCoordinatorSession();
  const accounts = useApiResource('accounts', coordinatorApi.accounts);
  const [link, setLink] = useState<ShownLink | null>(null);

  const showLink = (shown: ShownLink) => {
    setLink(shown);
    accounts.reload();
  };

  return (
    <section className="screen coord-page" aria-labelledby="coord-accounts-title">
      <div className="screen__header">
        <h1 id="coord-accounts-title" tabIndex={-1}>
          {t('accounts.title')}
        </h1>
      </div>
      <p className="muted">{t('accounts.intro')}</p>
      {link && <LinkPanel link={link} onDone={() => setLink(null)} />}
      <CreateAccountForm onCreated={showLink} />
      <h2 id="coord-accounts-list-title">{t('accounts.listTitle')}</h2>
      {accounts.error ? (
        <ApiErrorMessage error={accounts.error} onRetry={accounts.reload} />
      ) : accounts.data === undefined ? (
        <Loading />
      ) : (
        <TableRegion labelledBy="coord-accounts-list-title">
          <table className="coord-table" data-testid="accounts-table">
            <thead>
              <tr>
                <th scope="col">{t('accounts.column.name')}</th>
                <th scope="col">{t('accounts.column.role')}</th>
                <th scope="col">{t('accounts.column.state')}</th>
                <th scope="col">{t('accounts.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                // Keyed by role and state too, so a row's pending choices reset after a change.
                <AccountRow
                  key={`${account.id}:${account.role}:${account.disabledAt ?? ''}`}
                  account={account}
                  isSelf={account.id === session.coordinator.id}
                  onChanged={accounts.reload}
                  onLink={showLink}
                />
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
