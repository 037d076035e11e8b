/**
 * `/coordinator/audit` (admins): the audit log, newest first, paged by the server, filtered by
 * actor, action, target and period, and the filtered log as CSV.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditActions, coordinatorApi, type AuditAction, type AuditEntry, type AuditFilter, type Page } from './api';
import { ApiErrorMessage, DateTime, Loading, TableRegion } from './parts';
import { useApiResource } from './use-api-resource';

const PAGE_SIZE = 50;

function ActionLabel({ action }: { action: string }) {
  const { t } = useTranslation('coordinator');
  const known = (auditActions as readonly string[]).includes(action);
  return (
    <span>
      {known ? t(`audit.actions.${action as AuditAction}`) : action} <code className="muted">{action}</code>
    </span>
  );
}

function ActorLabel({ actor }: { actor: AuditEntry['actor'] }) {
  const { t } = useTranslation('coordinator');
  return (
    <span>
      {actor.name !== null ? <bdi>{actor.name}</bdi> : <span className="muted">{t('common.none')}</span>}{' '}
      <span className="muted">({t(`audit.actorTypes.${actor.type}`, { defaultValue: actor.type })})</span>
    </span>
  );
}

function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <code className="coord-audit-details" lang="en">
      {entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join('; ')}
    </code>
  );
}

function Pager({ page, onOffset }: { page: Page; onOffset: (offset: number) => void }) {
  const { t } = useTranslation('coordinator');
  if (page.total <= page.limit && page.offset === 0) return null;
  const from = Math.min(page.offset + 1, page.total);
  const to = Math.min(page.offset + page.limit, page.total);
  return (
    <nav className="coord-pager" aria-label={t('records.pager.label', { list: t('audit.listTitle') })} data-testid="audit-pager">
      <button type="button" className="button" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - page.limit))}>
        {t('records.pager.previous')}
      </button>
      <span role="status" data-testid="audit-pager-range">
        {t('records.pager.range', { from, to, total: page.total })}
      </span>
      <button type="button" className="button" disabled={to >= page.total} onClick={() => onOffset(page.offset + page.limit)}>
        {t('records.pager.next')}
      </button>
    </nav>
  );
}

function FilterForm({ initial, onApply }: { initial: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const { t } = useTranslation('coordinator');
  const id = useId();
  const [draft, setDraft] = useState<AuditFilter>(initial);
  const field = (key: keyof AuditFilter, type: 'text' | 'date' = 'text') => (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-${key}`}>
        {t(`audit.filter.${key}`)}
      </label>
      <input
        id={`${id}-${key}`}
        className="input"
        type={type}
        value={draft[key] ?? ''}
        onChange={(event) => setDraft((previous) => ({ ...previous, [key]: event.target.value }))}
      />
    </div>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="form-card coord-audit-filter" onSubmit={submit} aria-label={t('audit.filter.label')} data-testid="audit-filter">
      {field('actor')}
      <div className="field">
        <label className="field__label" htmlFor={`${id}-action`}>
          {t('audit.filter.action')}
        </label>
        <select id={`${id}-action`} className="input" value={draft.action ?? ''} onChange={(event) => setDraft((previous) => ({ ...previous, action: event.target.value }))}>
          <option value="">{t('audit.filter.anyAction')}</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {t(`audit.actions.${action}`)}
            </option>
          ))}
        </select>
      </div>
      {field('target')}
      {field('from', 'date')}
      {field('to', 'date')}
      <div className="actions">
        <button type="submit" className="button button--primary">
          {t('audit.filter.apply')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t('audit.filter.clear')}
        </button>
      </div>
    </form>
  );
}

export function AuditPage() {
  const { t } = useTranslation('coordinator');
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const key = `audit:${JSON.stringify(filter)}:${offset}`;
  const list = useApiResource(key, () => coordinatorApi.audit(filter, { offset, limit: PAGE_SIZE }));

  return (
    <section className="screen coord-page" aria-labelledby="coord-audit-title">
      <div className="screen__header">
        <h1 id="coord-audit-title" tabIndex={-1}>
          {t('audit.title')}
        </h1>
        <button type="button" className="button" onClick={list.reload} disabled={list.isLoading}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="muted">{t('audit.intro')}</p>
      <FilterForm
        initial={filter}
        onApply={(next) => {
          setFilter(next);
          setOffset(0);
        }}
      />
      <p>
        <a className="button" href={coordinatorApi.auditCsvUrl(filter)} download data-testid="audit-csv">
          {t('audit.export')}
        </a>
      </p>
      <h2 id="coord-audit-list-title">{t('audit.listTitle')}</h2>
      {list.error ? (
        <ApiErrorMessage error={list.error} onRetry={list.reload} />
      ) : list.data === undefined ? (
        <Loading />
      ) : list.data.entries.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          {t('audit.empty')}
        </p>
      ) : (
        <>
          <p data-testid="audit-summary">{t('audit.summary', { count: list.data.page.total })}</p>
          <TableRegion labelledBy="coord-audit-list-title">
            <table className="coord-table coord-table--wide" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col" className="coord-number">{t('audit.column.seq')}</th>
                  <th scope="col">{t('audit.column.at')}</th>
                  <th scope="col">{t('audit.column.actor')}</th>
                  <th scope="col">{t('audit.column.action')}</th>
                  <th scope="col">{t('audit.column.target')}</th>
                  <th scope="col">{t('audit.column.address')}</th>
                  <th scope="col">{t('audit.column.details')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.entries.map((entry) => (
                  <tr key={entry.seq} data-testid="audit-row" data-action={entry.action}>
                    <td className="coord-number" data-label={t('audit.column.seq')}>{entry.seq}</td>
                    <td data-label={t('audit.column.at')}>
                      <DateTime iso={entry.at} />
                    </td>
                    <td data-label={t('audit.column.actor')}>
                      <ActorLabel actor={entry.actor} />
                    </td>
                    <td data-label={t('audit.column.action')}>
                      <ActionLabel action={entry.action} />
                    </td>
                    <td data-label={t('audit.column.target')}>
                      {entry.target ? (
                        <span>
                          {t(`audit.targetTypes.${entry.target.type}`, { defaultValue: entry.target.type })} <code>{entry.target.id}</code>
                        </span>
                      ) : (
                        <span className="muted">{t('common.none')}</span>
                      )}
                    </td>
                    <td data-label={t('audit.column.address')}>{entry.address ?? <span className="muted">{t('common.none')}</span>}</td>
                    <td data-label={t('audit.column.details')}>
                      <Details details={entry.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager page={list.data.page} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}
