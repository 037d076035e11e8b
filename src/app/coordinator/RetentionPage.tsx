/**
 * Retention (admin): the periods, a preview ("what would be erased on date X") and the report
 * of each run, over `/api/v1/retention/*`. Running the job erases what is due today.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RetentionItem, RetentionProofItem, RetentionSettingsValues } from '../../core/api/index';
import { coordinatorApi } from './api';
import { coordinatorPaths } from './location';
import { Link } from '../router';
import { ApiErrorMessage, DateTime, Loading, TableRegion } from './parts';
import { useApiResource } from './use-api-resource';
import './governance.css';

const keys = ['counsellingMonths', 'counsellingEndsAfterMonths', 'refusalMonths', 'proofMonths'] as const;

/**
 * Records a retention run erases (or would), or consent proofs it deletes: the same table, which
 * differs only in what the "since" column counts from and what it says when there is nothing.
 */
function DueTable<T extends { recordId: string; kind: RetentionItem['kind']; since: string; dueOn: string }>({
  items,
  caption,
  testId,
  empty,
  sinceHeader,
  sinceNote,
}: {
  items: readonly T[];
  caption: string;
  testId: string;
  empty: string;
  sinceHeader: string;
  sinceNote: (item: T) => string;
}) {
  const { t } = useTranslation('coordinator');
  const id = useId();
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <TableRegion labelledBy={id}>
      <table className="coord-table" data-testid={testId}>
        <caption id={id}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('retention.column.record')}</th>
            <th scope="col">{t('retention.column.kind')}</th>
            <th scope="col">{sinceHeader}</th>
            <th scope="col">{t('retention.column.dueOn')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.recordId}>
              <th scope="row">
                <Link href={coordinatorPaths.record(item.recordId)}>{item.recordId.slice(0, 8)}</Link>
              </th>
              <td>{t(`retention.kind.${item.kind}`)}</td>
              <td>
                {item.since} ({sinceNote(item)})
              </td>
              <td>{item.dueOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function ItemTable({ items, caption, testId }: { items: readonly RetentionItem[]; caption: string; testId: string }) {
  const { t } = useTranslation('coordinator');
  return (
    <DueTable
      items={items}
      caption={caption}
      testId={testId}
      empty={t('retention.nothingDue')}
      sinceHeader={t('retention.column.since')}
      sinceNote={(item) => t(`retention.sinceSource.${item.sinceSource}`)}
    />
  );
}

/** Consent proofs deleted (or due): an erased record's, or a refusal's entry. */
function ProofTable({ items, caption, testId }: { items: readonly RetentionProofItem[]; caption: string; testId: string }) {
  const { t } = useTranslation('coordinator');
  return (
    <DueTable
      items={items}
      caption={caption}
      testId={testId}
      empty={t('retention.noProofs')}
      sinceHeader={t('retention.column.proofSince')}
      sinceNote={(item) => t(`retention.proofSince.${item.kind}`)}
    />
  );
}

function SettingsForm({ values, onSaved }: { values: RetentionSettingsValues; onSaved: () => void }) {
  const { t } = useTranslation('coordinator');
  const id = useId();
  const [draft, setDraft] = useState<Record<(typeof keys)[number], string>>(() => Object.fromEntries(keys.map((k) => [k, String(values[k])])) as Record<(typeof keys)[number], string>);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await coordinatorApi.saveRetentionSettings(Object.fromEntries(keys.map((k) => [k, Number(draft[k])])) as RetentionSettingsValues);
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form onSubmit={submit} className="form-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('retention.settingsTitle')}</h2>
      <p className="muted">{t('retention.settingsIntro')}</p>
      <div className="retention-form">
        {keys.map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{t(`retention.setting.${key}`)}</label>
            <input id={`${id}-${key}`} className="input" type="number" min={1} max={600} required inputMode="numeric" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
          </div>
        ))}
      </div>
      {error !== null && <ApiErrorMessage error={error} />}
      {saved && <p role="status">{t('retention.saved')}</p>}
      <p className="actions">
        <button type="submit" className="button button--primary">
          {t('retention.save')}
        </button>
      </p>
    </form>
  );
}

export function RetentionPage() {
  const { t } = useTranslation('coordinator');
  const dateId = useId();
  const settings = useApiResource('retention-settings', () => coordinatorApi.retentionSettings());
  const runs = useApiResource('retention-runs', () => coordinatorApi.retentionRuns());
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const preview = useApiResource(`retention-preview:${date}`, () => coordinatorApi.retentionPreview(date));
  const [runError, setRunError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const runNow = async () => {
    if (!window.confirm(t('retention.confirmRun'))) return;
    setRunning(true);
    setRunError(null);
    try {
      await coordinatorApi.runRetention();
      runs.reload();
      preview.reload();
    } catch (failure) {
      setRunError(failure);
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="screen coord-page" aria-labelledby="coord-retention-title">
      <h1 id="coord-retention-title" tabIndex={-1}>
        {t('retention.title')}
      </h1>
      <p className="muted">{t('retention.intro')}</p>
      {settings.error ? (
        <ApiErrorMessage error={settings.error} onRetry={settings.reload} />
      ) : !settings.data ? (
        <Loading />
      ) : (
        <>
          <SettingsForm values={settings.data.values} onSaved={() => { settings.reload(); preview.reload(); }} />
          <p className="muted">{settings.data.updatedAt ? t('retention.lastSaved', { by: settings.data.updatedBy ?? '' }) : t('retention.defaults')}</p>
        </>
      )}

      <h2>{t('retention.previewTitle')}</h2>
      <div className="field">
        <label htmlFor={dateId}>{t('retention.previewDate')}</label>
        <input id={dateId} className="input" type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
      </div>
      {preview.error ? (
        <ApiErrorMessage error={preview.error} onRetry={preview.reload} />
      ) : !preview.data ? (
        <Loading />
      ) : (
        <>
          <p role="status" data-testid="retention-preview-count">
            {t('retention.previewCount', { count: preview.data.due.length, date: preview.data.date })}
          </p>
          <ItemTable items={preview.data.due} caption={t('retention.previewCaption', { date: preview.data.date })} testId="retention-preview" />
          <h3>{t('retention.proofsTitle')}</h3>
          <p role="status" data-testid="retention-preview-proofs-count">
            {t('retention.previewProofsCount', { count: preview.data.proofsDue.length, date: preview.data.date })}
          </p>
          <ProofTable items={preview.data.proofsDue} caption={t('retention.previewProofsCaption', { date: preview.data.date })} testId="retention-preview-proofs" />
        </>
      )}

      <h2>{t('retention.runsTitle')}</h2>
      <p className="actions">
        <button type="button" className="button button--danger" onClick={runNow} disabled={running}>
          {t('retention.runNow')}
        </button>
      </p>
      {runError !== null && <ApiErrorMessage error={runError} />}
      {runs.error ? (
        <ApiErrorMessage error={runs.error} onRetry={runs.reload} />
      ) : !runs.data ? (
        <Loading />
      ) : runs.data.runs.length === 0 ? (
        <p className="muted">{t('retention.noRuns')}</p>
      ) : (
        runs.data.runs.map((run) => (
          <details key={run.id} className="handover-fields">
            <summary>
              {t('retention.runSummary', { count: run.erasedCount, day: run.runOn, trigger: t(`retention.trigger.${run.trigger}`) })} — <DateTime iso={run.finishedAt} />
              {run.ranBy ? ` (${run.ranBy})` : ''}
            </summary>
            <ItemTable items={run.erased} caption={t('retention.runCaption', { day: run.runOn })} testId="retention-run" />
            <p>{t('retention.runProofs', { count: run.proofsDeleted.length })}</p>
            {run.proofsDeleted.length > 0 && <ProofTable items={run.proofsDeleted} caption={t('retention.runProofsCaption', { day: run.runOn })} testId="retention-run-proofs" />}
          </details>
        ))
      )}
    </section>
  );
}
