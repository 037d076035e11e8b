/**
 * The steering committee's figures (`/coordinator/evaluation`): per dimension a chart with the
 * same numbers in a table beside it, filters, and the printable report (this page, printed: print
 * CSS in evaluation.css makes it A4 portrait with every chart kept with its table).
 *
 * Counts only, as the server suppressed them: no record, no name, no link to a record — the page
 * is meant for analysts too. Lazily loaded with its stylesheet, so neither reaches the tablet's
 * home screen.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { navigate, useLocationSearch } from '../../router';
import { coordinatorApi, type Evaluation, type EvaluationQuery } from '../api';
import { coordinatorPaths } from '../location';
import { ApiErrorMessage, Loading, useUiLocale } from '../parts';
import { useApiResource } from '../use-api-resource';
import { BarChart } from './BarChart';
import { figuresOf, inclusionFigure, isoWeek, type Figure, type FigureRow, type KeyLabels } from './figures';
import './evaluation.css';

interface Filters {
  from: string;
  to: string;
  municipality: string;
  device: string;
  form: string;
}

const filterNames = ['from', 'to', 'municipality', 'device', 'form'] as const;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  const value = (name: string) => params.get(name) ?? '';
  return { from: value('from'), to: value('to'), municipality: value('municipality'), device: value('device'), form: value('form') };
}

function searchOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters[name] !== '') params.set(name, filters[name]);
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}

const sections: Figure['section'][] = ['interviews', 'person', 'language', 'education', 'work', 'plans', 'consent'];

function useFormats() {
  const locale = useUiLocale();
  return useMemo(() => {
    const integer = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return {
      count: (n: number) => integer.format(n),
      share: (n: number) => percent.format(n),
      day: (iso: string) => day.format(new Date(`${iso}T00:00:00Z`)),
      locale,
    };
  }, [locale]);
}

export function EvaluationPage() {
  const { t, i18n } = useTranslation('coordinator');
  const search = useLocationSearch();
  const filters = filtersOf(search);
  const lang: 'de' | 'en' = (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'de';
  const query: EvaluationQuery = {
    lang,
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.municipality ? { municipality: filters.municipality } : {}),
    ...(filters.device ? { deviceId: filters.device } : {}),
    ...(filters.form ? { form: filters.form } : {}),
  };
  const resource = useApiResource(`evaluation ${lang} ${search}`, () => coordinatorApi.evaluation(query).then((data) => ({ data, at: new Date().toISOString() })));

  return (
    <section className="screen coord-page eval-page" aria-labelledby="eval-title" data-testid="evaluation-page">
      <h1 id="eval-title" tabIndex={-1}>
        {t('evaluation.title')}
      </h1>
      <FilterForm key={search} filters={filters} options={resource.data?.data.options} />
      {resource.error && <ApiErrorMessage error={resource.error} onRetry={resource.reload} />}
      {resource.isLoading && !resource.data && <Loading />}
      {resource.data && <Report evaluation={resource.data.data} at={resource.data.at} filters={filters} />}
    </section>
  );
}

function FilterForm({ filters, options }: { filters: Filters; options: Evaluation['options'] | undefined }) {
  const { t } = useTranslation('coordinator');
  const [draft, setDraft] = useState(filters);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [name]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setProblem(t('evaluation.filters.backwards'));
      return;
    }
    setProblem(null);
    navigate(`${coordinatorPaths.evaluation}${searchOf(draft)}`);
  };

  return (
    <form className="eval-filters no-print" onSubmit={submit} aria-labelledby="eval-filters-title" noValidate>
      <h2 id="eval-filters-title" className="eval-filters__title">
        {t('evaluation.filters.title')}
      </h2>
      <div className="eval-filters__fields">
        <div className="field">
          <label className="field__label" htmlFor="eval-from">
            {t('evaluation.filters.from')}
          </label>
          <input id="eval-from" type="date" className="input" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="eval-to">
            {t('evaluation.filters.to')}
          </label>
          <input id="eval-to" type="date" className="input" value={draft.to} onChange={set('to')} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="eval-municipality">
            {t('evaluation.filters.municipality')}
          </label>
          <select id="eval-municipality" value={draft.municipality} onChange={set('municipality')}>
            <option value="">{t('evaluation.filters.all')}</option>
            {(options?.municipalities ?? []).map((m) => (
              <option key={m.code} value={m.code}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="eval-device">
            {t('evaluation.filters.device')}
          </label>
          <select id="eval-device" value={draft.device} onChange={set('device')}>
            <option value="">{t('evaluation.filters.all')}</option>
            {(options?.devices ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="eval-form">
            {t('evaluation.filters.form')}
          </label>
          <select id="eval-form" value={draft.form} onChange={set('form')}>
            <option value="">{t('evaluation.filters.all')}</option>
            {(options?.forms ?? []).map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary">
          {t('evaluation.filters.apply')}
        </button>
        <button type="button" className="button" onClick={() => navigate(coordinatorPaths.evaluation)}>
          {t('evaluation.filters.reset')}
        </button>
      </div>
    </form>
  );
}

function Report({ evaluation, at, filters }: { evaluation: Evaluation; at: string; filters: Filters }) {
  const { t } = useTranslation('coordinator');
  const formats = useFormats();
  const keyLabel: KeyLabels = (figureId, key) => {
    if (figureId === 'week') {
      const { week, year } = isoWeek(key);
      return t('evaluation.week', { week, year, monday: formats.day(key) });
    }
    const scoped = figureId.startsWith('german') ? 'german' : figureId.startsWith('consent:') ? 'consent' : figureId;
    return t([`evaluation.keys.${scoped}.${key}`, `evaluation.keys.common.${key}`, key] as unknown as 'evaluation.title');
  };
  const figures = figuresOf(evaluation, keyLabel);
  const inclusion = inclusionFigure(evaluation, keyLabel);
  const weeks = evaluation.tables.find((table) => table.id === 'week')?.cells ?? [];
  const purpose = evaluation.purposes.at(-1);

  const period =
    filters.from || filters.to
      ? t('evaluation.header.periodRange', { from: filters.from ? formats.day(filters.from) : '…', to: filters.to ? formats.day(filters.to) : '…' })
      : weeks.length > 0
        ? t('evaluation.header.periodAll', {
            from: formats.day(weeks[0]!.key),
            to: formats.day(new Date(Date.parse(`${weeks.at(-1)!.key}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10)),
          })
        : t('evaluation.header.periodNone');
  const named = [
    filters.municipality && t('evaluation.header.municipality', { name: evaluation.options.municipalities.find((m) => m.code === filters.municipality)?.label ?? filters.municipality }),
    filters.device && t('evaluation.header.device', { name: evaluation.options.devices.find((d) => d.id === filters.device)?.name ?? filters.device }),
    filters.form && t('evaluation.header.form', { name: filters.form }),
  ].filter(Boolean);

  let number = 0;
  return (
    <article className="eval-report" aria-labelledby="eval-report-title" data-testid="evaluation-report">
      <header className="eval-report__header">
        <h2 id="eval-report-title" className="eval-report__title">
          {t('evaluation.header.title')}
        </h2>
        <dl className="eval-report__facts">
          <dt>{t('evaluation.header.period')}</dt>
          <dd data-testid="report-period">{period}</dd>
          <dt>{t('evaluation.header.filters')}</dt>
          <dd data-testid="report-filters">{named.length > 0 ? named.join(' · ') : t('evaluation.header.noFilters')}</dd>
          <dt>{t('evaluation.header.date')}</dt>
          <dd data-testid="report-date">
            <time dateTime={at}>{formatDateTime(at, formats.locale)}</time>
          </dd>
        </dl>
        <div className="actions no-print">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('evaluation.print')}
          </button>
        </div>
      </header>

      <section className="eval-section" aria-labelledby="eval-who-title">
        <h2 id="eval-who-title">{t('evaluation.who.title')}</h2>
        <p data-testid="evaluation-purpose">{t('evaluation.who.purpose', { purpose: purpose?.label ?? '' })}</p>
        <p>{t('evaluation.who.suppression', { min: evaluation.minCell })}</p>
        <FigureView figure={inclusion} number={++number} minCell={evaluation.minCell} />
      </section>

      {sections.map((section) => {
        const inSection = figures.filter((figure) => figure.section === section);
        if (inSection.length === 0) return null;
        return (
          <section key={section} className="eval-section" aria-labelledby={`eval-section-${section}`}>
            <h2 id={`eval-section-${section}`}>{t(`evaluation.sections.${section}`)}</h2>
            {inSection.map((figure) => (
              <FigureView key={figure.id} figure={figure} number={++number} minCell={evaluation.minCell} />
            ))}
          </section>
        );
      })}
    </article>
  );
}

function FigureView({ figure, number, minCell }: { figure: Figure; number: number; minCell: number }) {
  const { t } = useTranslation('coordinator');
  const formats = useFormats();
  const title = t(`evaluation.figures.${figure.titleKey}` as 'evaluation.figures.consent', { recipient: '', ...figure.titleValues });
  const headingId = `eval-figure-${figure.id.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  const hiddenText = (why: 'small' | 'secondary') => (why === 'small' ? t('evaluation.cell.small', { min: minCell }) : t('evaluation.cell.secondary'));
  const totalText = 'count' in figure.total ? formats.count(figure.total.count) : t('evaluation.cell.small', { min: minCell });
  const totalLabel = t(figure.id === 'inclusion' || figure.id.startsWith('consent:') ? 'evaluation.table.interviews' : 'evaluation.table.counted');
  const rows = figure.rows;

  return (
    <section className="eval-figure" aria-labelledby={headingId} data-testid="evaluation-figure" data-figure={figure.id}>
      <h3 id={headingId}>{t('evaluation.figureTitle', { number, title })}</h3>
      {rows === null ? (
        <p className="muted" data-testid="figure-too-few">
          {t('evaluation.tooFew', { min: minCell })}
        </p>
      ) : rows.length === 0 ? (
        <p className="muted">{t('evaluation.nobody')}</p>
      ) : (
        <div className="eval-figure__body">
          <div className="eval-figure__chart">
            <BarChart
              rows={rows}
              hiddenText={hiddenText}
              formatCount={formats.count}
              description={t('evaluation.chartDescription', { title })}
              timeline={figure.timeline}
              base={t('evaluation.chartBase', { total: totalText })}
              axisLabel={figure.timeline ? (row: FigureRow) => t('evaluation.weekShort', { week: isoWeek(row.key).week }) : undefined}
            />
          </div>
          <table className="eval-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">{t(figure.id === 'week' ? 'evaluation.table.week' : 'evaluation.table.value')}</th>
                <th scope="col" className="eval-number">
                  {t(figure.id === 'inclusion' || figure.id.startsWith('consent:') ? 'evaluation.table.interviewCount' : 'evaluation.table.people')}
                </th>
                <th scope="col" className="eval-number">
                  {t('evaluation.table.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const group = figure.groupOf?.[row.key];
                const groupStarts = group !== undefined && (index === 0 || figure.groupOf?.[rows[index - 1]!.key] !== group);
                return [
                  groupStarts ? (
                    <tr key={`${row.key}-group`} className="eval-table__group">
                      <th scope="colgroup" colSpan={3}>
                        {group}
                      </th>
                    </tr>
                  ) : null,
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    {'count' in row.value ? (
                      <>
                        <td className="eval-number">{formats.count(row.value.count)}</td>
                        <td className="eval-number">{row.value.share === null ? '' : formats.share(row.value.share)}</td>
                      </>
                    ) : (
                      <>
                        <td className="eval-number eval-hidden" data-hidden={row.value.hidden}>
                          {hiddenText(row.value.hidden)}
                        </td>
                        <td className="eval-number" />
                      </>
                    )}
                  </tr>,
                ];
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{totalLabel}</th>
                <td className="eval-number">{totalText}</td>
                <td className="eval-number">{figure.kind === 'partition' && !figure.groupOf && 'count' in figure.total && figure.total.count > 0 ? formats.share(1) : ''}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {figure.kind === 'multi' && <p className="eval-note">{t('evaluation.multiNote')}</p>}
      {figure.groupOf && <p className="eval-note">{t('evaluation.groupsNote', { min: minCell })}</p>}
    </section>
  );
}
