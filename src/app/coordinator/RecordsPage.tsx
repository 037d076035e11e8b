import { Trans, useTranslation } from 'react-i18next';
import { uuidSchema } from '../../core/sync/index';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { shortReference } from '../../core/record/index';
import { coordinatorApi, germanLevelFilters, recordStates, type EntryOutcome, type Labels, type Page, type RecordFilterOptions, type RecordListQuery, type RecordSummary } from './api';
import { coordinatorPaths } from './location';
import { Link, navigate, useLocationSearch, useSearchParam } from '../router';
import {
  ApiErrorMessage,
  DateTime,
  DeviceName,
  FormRefLabel,
  Loading,
  NoticeLabel,
  OutcomeDetails,
  PersonNameText,
  shortId,
  useUiLocale,
  TableRegion,
  useDeviceNames,
  VisuallyHidden,
} from './parts';
import { RecordDetailView } from './RecordDetail';
import { SubjectAccessView } from './SubjectAccessView';
import { ExportControl } from './ExportControl';
import { useApiResource } from './use-api-resource';

function RecordLink({ recordId, deviceFilter }: { recordId: string; deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  const search = useLocationSearch();
  // The list's search and filters stay in the address, so "back" returns to the same list.
  const params = new URLSearchParams(search);
  params.set('record', recordId);
  const href = search === '' ? coordinatorPaths.record(recordId, deviceFilter) : `${coordinatorPaths.records}?${params.toString()}`;
  return (
    <Link href={href} className="coord-record-link">
      <VisuallyHidden>{t('records.recordLinkPrefix')} </VisuallyHidden>
      <code>{shortId(recordId)}</code>
    </Link>
  );
}

function IssuesTable({ issues, names, deviceFilter }: { issues: EntryOutcome[]; names: ReadonlyMap<string, string>; deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  if (issues.length === 0) {
    return (
      <p className="muted" data-testid="no-issues">
        {t('records.noIssues')}
      </p>
    );
  }
  return (
    <TableRegion labelledBy="coord-issues-caption">
      <table className="coord-table coord-table--wide" data-testid="issues-table">
        <caption id="coord-issues-caption" className="coord-sr-only">
          {t('records.issuesTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('records.column.record')}</th>
            <th scope="col">{t('records.column.device')}</th>
            <th scope="col" className="coord-number">{t('records.column.seq')}</th>
            <th scope="col" className="coord-number">{t('records.column.rev')}</th>
            <th scope="col">{t('records.column.outcome')}</th>
            <th scope="col">{t('records.column.processedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue) => (
            <tr key={`${issue.deviceId}:${issue.seq}`}>
              <th scope="row" data-label={t('records.column.record')}>
                <RecordLink recordId={issue.recordId} deviceFilter={deviceFilter} />
              </th>
              <td data-label={t('records.column.device')}>
                <DeviceName deviceId={issue.deviceId} names={names} />
              </td>
              <td data-label={t('records.column.seq')} className="coord-number">
                {issue.seq}
              </td>
              <td data-label={t('records.column.rev')} className="coord-number">
                {issue.rev}
              </td>
              <td data-label={t('records.column.outcome')}>
                <OutcomeDetails outcome={issue} />
              </td>
              <td data-label={t('records.column.processedAt')}>
                <DateTime iso={issue.processedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function RecordsTable({ records, deviceFilter }: { records: RecordSummary[]; deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  return (
    <TableRegion labelledBy="coord-records-caption">
      <table className="coord-table coord-table--wide" data-testid="records-table">
        <caption id="coord-records-caption" className="coord-sr-only">
          {t('records.listTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('records.column.record')}</th>
            <th scope="col">{t('records.column.name')}</th>
            <th scope="col">{t('records.column.device')}</th>
            <th scope="col">{t('records.column.form')}</th>
            <th scope="col">{t('records.column.notice')}</th>
            <th scope="col" className="coord-number">{t('records.column.revisions')}</th>
            <th scope="col">{t('records.column.lastOutcome')}</th>
            <th scope="col">{t('records.column.receivedAt')}</th>
            <th scope="col">{t('records.column.updatedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.recordId}>
              <th scope="row" data-label={t('records.column.record')}>
                <RecordLink recordId={record.recordId} deviceFilter={deviceFilter} />
                {/* The reference an applicant quotes on the phone, so the page's find locates the record. */}
                <span className="muted short-reference"> <bdi dir="ltr">{shortReference(record.recordId)}</bdi></span>
              </th>
              <td data-label={t('records.column.name')} data-testid="record-row-name">
                <PersonNameText name={record.name} />
              </td>
              <td data-label={t('records.column.device')}>
                {record.deviceName === null ? <span className="muted">{t('records.unknownDevice', { id: shortId(record.deviceId) })}</span> : <bdi className="coord-name" title={record.deviceName}>{record.deviceName}</bdi>}
              </td>
              <td data-label={t('records.column.form')}>
                <FormRefLabel formRef={record.formRef} />
              </td>
              <td data-label={t('records.column.notice')}>
                <NoticeLabel noticeRef={record.noticeRef} />
              </td>
              <td data-label={t('records.column.revisions')} className="coord-number">
                {record.revisionCount}
                {record.conflictCount > 0 && ' '}
                {record.conflictCount > 0 && (
                  <span className="coord-conflict-count">{t('records.conflictCount', { count: record.conflictCount })}</span>
                )}
              </td>
              <td data-label={t('records.column.lastOutcome')}>
                {record.lastOutcome ? <OutcomeDetails outcome={record.lastOutcome} /> : <span className="muted">{t('common.none')}</span>}
              </td>
              <td data-label={t('records.column.receivedAt')}>
                <DateTime iso={record.receivedAt} />
              </td>
              <td data-label={t('records.column.updatedAt')}>
                <DateTime iso={record.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

const PAGE_SIZE = 50;

/** "51–100 of 1,234" and previous/next, for a list the server pages. */
function Pager({ page, listLabel, onOffset, testId }: { page: Page; listLabel: string; onOffset: (offset: number) => void; testId: string }) {
  const { t } = useTranslation('coordinator');
  if (page.total <= page.limit && page.offset === 0) return null;
  const from = Math.min(page.offset + 1, page.total);
  const to = Math.min(page.offset + page.limit, page.total);
  return (
    <nav className="coord-pager" aria-label={t('records.pager.label', { list: listLabel })} data-testid={testId}>
      <button type="button" className="button" disabled={page.offset === 0} onClick={() => onOffset(Math.max(0, page.offset - page.limit))}>
        {t('records.pager.previous')}
      </button>
      <span role="status" data-testid={`${testId}-range`}>
        {t('records.pager.range', { from, to, total: page.total })}
      </span>
      <button type="button" className="button" disabled={to >= page.total} onClick={() => onOffset(page.offset + page.limit)}>
        {t('records.pager.next')}
      </button>
    </nav>
  );
}

/** The record list's search, filters and order: kept in the address, so a reload or "back" keeps them. */
const listParams = ['q', 'state', 'from', 'to', 'nationality', 'german', 'occupationArea', 'municipality', 'sort', 'order'] as const;
type ListParam = (typeof listParams)[number];
type ListParams = Partial<Record<ListParam, string>>;

function listParamsOf(search: string): ListParams {
  const params = new URLSearchParams(search);
  const out: ListParams = {};
  for (const key of listParams) {
    const value = params.get(key)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

function listHref(deviceFilter: string | null, values: ListParams): string {
  const params = new URLSearchParams();
  if (deviceFilter) params.set('device', deviceFilter);
  for (const key of listParams) {
    const value = values[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query === '' ? coordinatorPaths.records : `${coordinatorPaths.records}?${query}`;
}

const sortChoices = ['received-desc', 'received-asc', 'updated-desc', 'name-asc', 'name-desc'] as const;

function SelectField({ label, hint, value, onChange, children, name }: { label: string; hint?: string; value: string; onChange: (value: string) => void; children: ReactNode; name: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} name={name} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {children}
      </select>
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

function InputField({ label, hint, value, onChange, type, name }: { label: string; hint?: string; value: string; onChange: (value: string) => void; type: 'search' | 'date'; name: string }) {
  const id = useId();
  return (
    <div className={`field${type === 'search' ? ' coord-filters__search' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input id={id} name={name} className="input" type={type} dir={type === 'search' ? 'auto' : undefined} value={value} maxLength={100} onChange={(event) => onChange(event.target.value)} aria-describedby={hint ? `${id}-hint` : undefined} />
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** Search by name or short reference, and filters by state, period and answers; applied through the address. */
function RecordFilters({ deviceFilter, current }: { deviceFilter: string | null; current: ListParams }) {
  const { t } = useTranslation('coordinator');
  const lang: keyof Labels = useUiLocale().startsWith('en') ? 'en' : 'de';
  const options = useApiResource('record-filters', coordinatorApi.recordFilters);
  const [values, setValues] = useState<ListParams>(current);
  const set = (key: ListParam) => (value: string) => setValues((previous) => ({ ...previous, [key]: value }));
  const labelOf = (option: { code: string; label: Labels | null }) => option.label?.[lang] ?? option.code;
  const choices = (list: RecordFilterOptions[keyof RecordFilterOptions] | undefined, currentValue: string | undefined) => {
    const known = list ?? [];
    // A value from the address that the options do not list (yet) stays choosable.
    const extra = currentValue && !known.some((option) => option.code === currentValue) ? [{ code: currentValue, label: null }] : [];
    return [...known, ...extra].map((option) => (
      <option key={option.code} value={option.code}>
        {labelOf(option)}
      </option>
    ));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(listHref(deviceFilter, values));
  };
  const sort = `${values.sort ?? 'received'}-${values.order ?? 'desc'}`;
  return (
    <form className="coord-filters" role="search" aria-labelledby="coord-filters-title" onSubmit={submit} data-testid="record-filters">
      <h2 id="coord-filters-title">{t('records.filter.title')}</h2>
      <div className="coord-filters__grid">
        <InputField name="q" type="search" label={t('records.filter.q')} hint={t('records.filter.qHint')} value={values.q ?? ''} onChange={set('q')} />
        <SelectField name="state" label={t('records.filter.state')} value={values.state ?? ''} onChange={set('state')}>
          <option value="">{t('records.filter.anyState')}</option>
          {recordStates.map((state) => (
            <option key={state} value={state}>
              {t(`records.filter.stateValue.${state}`)}
            </option>
          ))}
        </SelectField>
        <InputField name="from" type="date" label={t('records.filter.from')} value={values.from ?? ''} onChange={set('from')} />
        <InputField name="to" type="date" label={t('records.filter.to')} value={values.to ?? ''} onChange={set('to')} />
        <SelectField name="nationality" label={t('records.filter.nationality')} value={values.nationality ?? ''} onChange={set('nationality')}>
          <option value="">{t('records.filter.any')}</option>
          {choices(options.data?.nationality, values.nationality)}
        </SelectField>
        <SelectField name="german" label={t('records.filter.german')} hint={t('records.filter.germanHint')} value={values.german ?? ''} onChange={set('german')}>
          <option value="">{t('records.filter.any')}</option>
          {germanLevelFilters.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </SelectField>
        <SelectField name="occupationArea" label={t('records.filter.occupationArea')} value={values.occupationArea ?? ''} onChange={set('occupationArea')}>
          <option value="">{t('records.filter.any')}</option>
          {choices(options.data?.occupationArea, values.occupationArea)}
        </SelectField>
        <SelectField name="municipality" label={t('records.filter.municipality')} value={values.municipality ?? ''} onChange={set('municipality')}>
          <option value="">{t('records.filter.any')}</option>
          {choices(options.data?.municipality, values.municipality)}
        </SelectField>
        <SelectField
          name="sort"
          label={t('records.filter.sort')}
          value={sortChoices.includes(sort as (typeof sortChoices)[number]) ? sort : 'received-desc'}
          onChange={(value) => {
            const [by, order] = value.split('-') as [string, string];
            setValues((previous) => ({ ...previous, sort: by, order }));
          }}
        >
          {sortChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`records.filter.sortValue.${choice}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="coord-filters__actions">
        <button type="submit" className="button button--primary">
          {t('records.filter.apply')}
        </button>
        <button type="button" className="button" onClick={() => navigate(listHref(deviceFilter, {}))}>
          {t('records.filter.reset')}
        </button>
      </div>
    </form>
  );
}

function RecordList({ deviceFilter }: { deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  const names = useDeviceNames();
  const search = useLocationSearch();
  const current = listParamsOf(search);
  const filtered = Object.keys(current).some((key) => key !== 'sort' && key !== 'order');
  const [recordOffset, setRecordOffset] = useState(0);
  const [issueOffset, setIssueOffset] = useState(0);
  const filter = deviceFilter ? { deviceId: deviceFilter } : {};
  const listQuery = { ...filter, ...current } as Omit<RecordListQuery, 'offset' | 'limit'>;
  const list = useApiResource(`records:${deviceFilter ?? '*'}:${listHref(null, current)}:${recordOffset}`, () => coordinatorApi.records(listQuery, { offset: recordOffset, limit: PAGE_SIZE }));
  const issues = useApiResource(`issues:${deviceFilter ?? '*'}:${issueOffset}`, () => coordinatorApi.issues(filter, { offset: issueOffset, limit: PAGE_SIZE }));
  const deviceName = deviceFilter ? names.get(deviceFilter) : undefined;
  const reload = () => {
    list.reload();
    issues.reload();
  };
  const error = list.error ?? issues.error;

  return (
    <section className="screen coord-page" aria-labelledby="coord-records-title">
      <div className="screen__header">
        <h1 id="coord-records-title" tabIndex={-1}>
          {deviceName !== undefined ? (
            <Trans t={t} i18nKey="records.titleForDevice" values={{ name: deviceName }} components={{ name: <bdi /> }} />
          ) : (
            t('records.title')
          )}
        </h1>
        <button type="button" className="button" onClick={reload} disabled={list.isLoading || issues.isLoading}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="muted">{t('records.intro')}</p>
      {deviceFilter && (
        <p>
          <Link href={coordinatorPaths.records}>{t('records.showAllDevices')}</Link>
        </p>
      )}
      <RecordFilters key={search} deviceFilter={deviceFilter} current={current} />
      <ExportControl filters={deviceFilter ? { deviceId: deviceFilter } : {}} />
      {error ? (
        <ApiErrorMessage error={error} onRetry={reload} />
      ) : list.data === undefined || issues.data === undefined ? (
        <Loading />
      ) : (
        <>
          <p data-testid="records-summary">
            {filtered ? t('records.filter.active', { count: list.data.page.total }) : t('records.summary', { records: list.data.page.total, issues: issues.data.page.total })}
          </p>
          <h2 id="coord-issues-title">{t('records.issuesTitle')}</h2>
          <p className="muted">{t('records.issuesIntro')}</p>
          <IssuesTable issues={issues.data.issues} names={names} deviceFilter={deviceFilter} />
          <Pager page={issues.data.page} listLabel={t('records.issuesTitle')} onOffset={setIssueOffset} testId="issues-pager" />
          <h2 id="coord-record-list-title">{t('records.listTitle')}</h2>
          {list.data.records.length === 0 && list.data.page.offset === 0 && filtered ? (
            <p className="empty-state" data-testid="records-no-match">
              {t('records.filter.noMatch')}
            </p>
          ) : list.data.records.length === 0 && list.data.page.offset === 0 ? (
            <div className="empty-state" data-testid="records-empty">
              <p>{deviceFilter ? t('records.emptyForDevice') : t('records.empty')}</p>
              <p className="muted">{t('records.emptyHint')}</p>
            </div>
          ) : (
            <>
              <RecordsTable records={list.data.records} deviceFilter={deviceFilter} />
              <Pager page={list.data.page} listLabel={t('records.listTitle')} onOffset={setRecordOffset} testId="records-pager" />
            </>
          )}
        </>
      )}
    </section>
  );
}

export function RecordsPage() {
  const { t } = useTranslation('coordinator');
  const deviceParam = useSearchParam('device');
  const recordParam = useSearchParam('record');
  const accessParam = useSearchParam('access');
  const search = useLocationSearch();
  const deviceFilter = deviceParam && uuidSchema.safeParse(deviceParam).success ? deviceParam : null;
  if (recordParam !== null) {
    if (!uuidSchema.safeParse(recordParam).success) {
      return (
        <section className="screen coord-page" aria-labelledby="coord-record-invalid-title">
          <h1 id="coord-record-invalid-title" tabIndex={-1}>{t('detail.invalidTitle')}</h1>
          <p>
            <Link href={coordinatorPaths.records}>{t('detail.back')}</Link>
          </p>
        </section>
      );
    }
    if (accessParam === '1') return <SubjectAccessView key={recordParam} recordId={recordParam} />;
    return <RecordDetailView key={recordParam} recordId={recordParam} deviceFilter={deviceFilter} />;
  }
  // Keyed by the device and the search, so another list starts at its first page.
  return <RecordList key={`${deviceFilter ?? '*'}${listHref(null, listParamsOf(search))}`} deviceFilter={deviceFilter} />;
}
