/**
 * The deployment settings an admin (today: a coordinator) enters: the contacts that notices and
 * receipts name. Saving publishes them as the next version, which tablets pull; notices that
 * waited for them are published with them.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { settingKeys, settingProblem, type SettingKey, type SettingProblemCode } from '../../core/consent';
import { coordinatorApi, isCoordinatorApiError } from './api';
import { ApiErrorMessage, Loading, useApiErrorText } from './parts';
import { TextField } from './TextField';
import { useApiResource } from './use-api-resource';

type Values = Record<SettingKey, string>;
type FieldProblem = SettingProblemCode | 'required' | 'missing' | 'unknown';
type FieldProblems = Partial<Record<SettingKey, FieldProblem>>;

const isSettingKey = (key: string): key is SettingKey => (settingKeys as readonly string[]).includes(key);

const emptyValues = (): Values => Object.fromEntries(settingKeys.map((key) => [key, ''])) as Values;

/** The server's per-field problems of a refused save, where it sent them. */
function fieldProblemsOf(error: unknown): FieldProblems | null {
  if (!isCoordinatorApiError(error) || error.code !== 'invalid_settings') return null;
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  if (typeof fields !== 'object' || fields === null) return null;
  return Object.fromEntries(Object.entries(fields).filter(([key, code]) => isSettingKey(key) && typeof code === 'string')) as FieldProblems;
}

export function SettingsSection() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const state = useApiResource('settings', () => coordinatorApi.settings());
  const [values, setValues] = useState<Values>(emptyValues);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const stored = state.data?.settings?.values;
  useEffect(() => {
    if (stored) setValues({ ...emptyValues(), ...stored });
  }, [stored]);

  const required = new Set(state.data?.required ?? []);
  const fieldNames = (keys: readonly string[]) => keys.filter(isSettingKey).map((key) => t(`settings.field.${key}`)).join(', ');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    // The same checks the server makes, so the admin sees every problem at once before sending.
    const found: FieldProblems = {};
    for (const key of settingKeys) {
      const problem: FieldProblem | null = values[key] === '' && required.has(key) ? 'required' : settingProblem(key, values[key]);
      if (problem) found[key] = problem;
    }
    setProblems(found);
    if (Object.keys(found).length > 0) return setMessage({ kind: 'error', text: t('settings.fixFields') });
    setIsBusy(true);
    try {
      const outcome = await coordinatorApi.saveSettings(values);
      const text = outcome.status === 'unchanged'
        ? t('settings.unchanged', { version: outcome.settings.version })
        : t('settings.saved', { version: outcome.settings.version, count: outcome.published.length, notices: outcome.published.join(', ') });
      setMessage({ kind: 'ok', text });
      state.reload();
    } catch (error) {
      const fromServer = fieldProblemsOf(error);
      if (fromServer) {
        setProblems(fromServer);
        setMessage({ kind: 'error', text: t('settings.fixFields') });
      } else if (isCoordinatorApiError(error) && error.code === 'settings_in_use') {
        const missing = (error.details as { missing?: string[] } | undefined)?.missing ?? [];
        setProblems(Object.fromEntries(missing.filter(isSettingKey).map((key) => [key, 'required'])) as FieldProblems);
        setMessage({ kind: 'error', text: t('settings.inUse', { fields: fieldNames(missing) }) });
      } else {
        setMessage({ kind: 'error', text: apiErrorText(error) });
      }
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <form className="form-card" onSubmit={(event) => void save(event)} aria-labelledby="coord-settings-title" noValidate data-testid="settings-form">
      <h2 id="coord-settings-title">{t('settings.title')}</h2>
      <p>{t('settings.intro')}</p>
      {state.isLoading && !state.data && <Loading />}
      {state.error && <ApiErrorMessage error={state.error} onRetry={state.reload} />}
      {state.data && (
        <p className="muted" role="status">
          {state.data.settings ? t('settings.current', { version: state.data.settings.version }) : t('settings.none')}
        </p>
      )}
      {settingKeys.map((key) => (
        <TextField
          key={key}
          label={required.has(key) ? t('settings.requiredLabel', { label: t(`settings.field.${key}`) }) : t(`settings.field.${key}`)}
          hint={key === 'withdrawalPhone' || key === 'withdrawalAddress' ? t(`settings.hint.${key}`) : undefined}
          value={values[key]}
          onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
          error={problems[key] ? t(`settings.problem.${problems[key]}`) : null}
          type={key.endsWith('Email') ? 'email' : key.endsWith('Phone') ? 'tel' : 'text'}
          autoComplete="off"
        />
      ))}
      {message && (
        <p className={message.kind === 'ok' ? 'coord-success' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="settings-message">
          {message.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={isBusy}>{t('settings.save')}</button>
      </div>
    </form>
  );
}
