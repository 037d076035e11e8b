/**
 * On a record's page: whether its personal data are erased (and why, and what proof is kept),
 * the withdrawals a coordinator entered, a form to enter one received by phone, letter, e-mail or
 * at the office, and the day the person's counselling ended (retention counts from it).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi, type RecordDetail } from './api';
import { ApiErrorText, DateTime, useUiLocale } from './parts';
import { TextField } from './TextField';

const channels = ['phone', 'letter', 'email', 'in_person'] as const;

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The banner of an erased record. */
export function ErasureNotice({ detail }: { detail: RecordDetail }) {
  const { t } = useTranslation('coordinator');
  if (!detail.erasure) return null;
  return (
    <div className="banner banner--info" role="status" data-testid="record-erased">
      <p>
        <strong>{t(`erasure.erased.${detail.erasure.reason}`)}</strong> <DateTime iso={detail.erasure.erasedAt} />
      </p>
      {detail.erasure.proofDeletedAt ? (
        <p data-testid="proof-deleted">
          {t('erasure.erased.proofDeleted')} <DateTime iso={detail.erasure.proofDeletedAt} />
        </p>
      ) : (
        <p>{t('erasure.erased.kept')}</p>
      )}
    </div>
  );
}

function WithdrawalForm({ detail, onDone }: { detail: RecordDetail; onDone: () => void }) {
  const { t } = useTranslation('coordinator');
  const locale = useUiLocale();
  const [channel, setChannel] = useState<(typeof channels)[number]>('phone');
  const [receivedOn, setReceivedOn] = useState(today());
  const [scope, setScope] = useState<'all' | 'recipients'>('all');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [explicitConsents, setExplicitConsents] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const given = (detail.consent?.overview.items ?? []).filter((item) => item.kind === 'recipient' && item.state === 'given');
  // notice@3 on: an explicit consent (health) can be withdrawn on its own; the answer it covers is erased.
  const explicitGiven = (detail.consent?.overview.explicitItems ?? []).filter((item) => item.state === 'given');
  const partialCount = recipients.length + explicitConsents.length;
  const labelOf = (id: string) => {
    const labels = detail.consent?.labels[id];
    return (locale.startsWith('de') ? labels?.de : labels?.en) ?? labels?.de ?? id;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await coordinatorApi.enterWithdrawal(detail.record!.recordId, {
        channel,
        receivedOn,
        scope: scope === 'all' ? 'all' : { recipients, ...(explicitConsents.length > 0 && { explicitConsents }) },
      });
      setDone(result.erasure ? t('erasure.form.doneErased') : result.erasedAnswers.length > 0 ? t('erasure.form.doneExplicit') : t('erasure.form.donePartial'));
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-card" onSubmit={(event) => void submit(event)} aria-labelledby="coord-withdrawal-title" noValidate data-testid="withdrawal-form">
      <h3 id="coord-withdrawal-title">{t('erasure.form.title')}</h3>
      <p className="muted">{t('erasure.form.intro')}</p>
      <div className="field">
        <label className="field__label" htmlFor="coord-withdrawal-channel">
          {t('erasure.form.channel')}
        </label>
        <select id="coord-withdrawal-channel" className="input" value={channel} onChange={(event) => setChannel(event.target.value as (typeof channels)[number])}>
          {channels.map((option) => (
            <option key={option} value={option}>
              {t(`erasure.channel.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField label={t('erasure.form.receivedOn')} type="date" value={receivedOn} max={today()} onChange={(event) => setReceivedOn(event.target.value)} required />
      <fieldset className="field">
        <legend className="field__label">{t('erasure.form.scope')}</legend>
        <label>
          <input type="radio" name="coord-withdrawal-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> {t('erasure.form.scopeAll')}
        </label>
        <label>
          <input type="radio" name="coord-withdrawal-scope" checked={scope === 'recipients'} onChange={() => setScope('recipients')} disabled={given.length + explicitGiven.length === 0} />{' '}
          {t('erasure.form.scopeRecipients')}
        </label>
        {scope === 'recipients' &&
          given.map((item) => (
            <label key={item.id} className="coord-indent">
              <input
                type="checkbox"
                checked={recipients.includes(item.id)}
                onChange={(event) => setRecipients((now) => (event.target.checked ? [...now, item.id] : now.filter((id) => id !== item.id)))}
              />{' '}
              <bdi>{labelOf(item.id)}</bdi>
            </label>
          ))}
        {scope === 'recipients' &&
          explicitGiven.map((item) => (
            <label key={`explicit-${item.id}`} className="coord-indent" data-testid={`withdraw-explicit-${item.id}`}>
              <input
                type="checkbox"
                checked={explicitConsents.includes(item.id)}
                onChange={(event) => setExplicitConsents((now) => (event.target.checked ? [...now, item.id] : now.filter((id) => id !== item.id)))}
              />{' '}
              {t('erasure.form.explicitItem', { label: labelOf(item.id) })}
            </label>
          ))}
        {scope === 'recipients' && explicitConsents.length > 0 && <p className="banner banner--warning">{t('erasure.form.explicitWarning')}</p>}
      </fieldset>
      {scope === 'all' && <p className="banner banner--warning">{t('erasure.form.allWarning')}</p>}
      {error !== null && (
        <p className="error" role="alert" data-testid="withdrawal-error">
          <ApiErrorText error={error} />
        </p>
      )}
      {done !== null && (
        <p className="coord-success" role="status" data-testid="withdrawal-done">
          {done}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--danger" disabled={busy || (scope === 'recipients' && partialCount === 0)}>
          {t('erasure.form.submit')}
        </button>
      </div>
    </form>
  );
}

function CounsellingEnd({ detail, onDone }: { detail: RecordDetail; onDone: () => void }) {
  const { t } = useTranslation('coordinator');
  const [endedOn, setEndedOn] = useState(detail.counsellingEndedOn ?? today());
  const [error, setError] = useState<unknown>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await coordinatorApi.markCounsellingEnd(detail.record!.recordId, endedOn);
      onDone();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <form className="form-card" onSubmit={(event) => void save(event)} aria-labelledby="coord-counselling-title" noValidate data-testid="counselling-end-form">
      <h3 id="coord-counselling-title">{t('erasure.counselling.title')}</h3>
      <p className="muted" data-testid="counselling-end-state">
        {detail.counsellingEndedOn ? t('erasure.counselling.marked', { day: detail.counsellingEndedOn }) : t('erasure.counselling.notMarked')}
      </p>
      <TextField label={t('erasure.counselling.endedOn')} type="date" value={endedOn} max={today()} onChange={(event) => setEndedOn(event.target.value)} />
      {error !== null && (
        <p className="error" role="alert">
          <ApiErrorText error={error} />
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button">{t('erasure.counselling.save')}</button>
      </div>
    </form>
  );
}

/** Entered withdrawals, the withdrawal form and the counselling end, for a record whose data are held. */
export function WithdrawalSection({ detail, onChanged }: { detail: RecordDetail; onChanged: () => void }) {
  const { t } = useTranslation('coordinator');
  if (!detail.record) return null;
  return (
    <section aria-labelledby="coord-erasure-title" data-testid="withdrawal-section">
      <h2 id="coord-erasure-title">{t('erasure.title')}</h2>
      {detail.withdrawals.length > 0 && (
        <ul data-testid="entered-withdrawals">
          {detail.withdrawals.map((withdrawal) => (
            <li key={withdrawal.id}>
              {t(`erasure.channel.${withdrawal.channel}`)} · {t('erasure.receivedOnShort', { day: withdrawal.receivedOn })} ·{' '}
              {withdrawal.recipients === null ? t('erasure.scopeAllShort') : withdrawal.recipients.join(', ')} · <bdi>{withdrawal.enteredBy}</bdi>
            </li>
          ))}
        </ul>
      )}
      {!detail.erasure && detail.consent?.overview.status === 'given' && <WithdrawalForm detail={detail} onDone={onChanged} />}
      {!detail.erasure && <CounsellingEnd detail={detail} onDone={onChanged} />}
    </section>
  );
}
