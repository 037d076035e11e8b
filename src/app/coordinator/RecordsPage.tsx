import { Trans, useTranslation } from 'react-i18next';
import { uuidSchema } from '../../core/sync/index';
import { useState } from 'react';
import { shortReference } from '../../core/record/index';
import { coordinatorApi, type EntryOutcome, type Page, type RecordSummary } from './api';
import { coordinatorPaths } from './location';
import { Link, useSearchParam } from '../router';
import {
  ApiErrorMessage,
  DateTime,
  DeviceName,
  FormRefLabel,
  Loading,
  NoticeLabel,
  OutcomeDetails,
  shortId,
  TableRegion,
  useDeviceNames,
  VisuallyHidden,
} from './parts';
import { RecordDetailView } from './RecordDetail';
import { ExportControl } from './ExportControl';
import { useApiResource } from './use-api-resource';

function RecordLink({ recordId, deviceFilter }: { recordId: string; deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  return (
    <Link href={coordinatorPaths.record(recordId, deviceFilter)} className="coord-record-link">
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

function RecordList({ deviceFilter }: { deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  const names = useDeviceNames();
  const [recordOffset, setRecordOffset] = useState(0);
  const [issueOffset, setIssueOffset] = useState(0);
  const filter = deviceFilter ? { deviceId: deviceFilter } : {};
  const list = useApiResource(`records:${deviceFilter ?? '*'}:${recordOffset}`, () => coordinatorApi.records(filter, { offset: recordOffset, limit: PAGE_SIZE }));
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
      <ExportControl filters={deviceFilter ? { deviceId: deviceFilter } : {}} />
      {error ? (
        <ApiErrorMessage error={error} onRetry={reload} />
      ) : list.data === undefined || issues.data === undefined ? (
        <Loading />
      ) : (
        <>
          <p data-testid="records-summary">
            {t('records.summary', { records: list.data.page.total, issues: issues.data.page.total })}
          </p>
          <h2 id="coord-issues-title">{t('records.issuesTitle')}</h2>
          <p className="muted">{t('records.issuesIntro')}</p>
          <IssuesTable issues={issues.data.issues} names={names} deviceFilter={deviceFilter} />
          <Pager page={issues.data.page} listLabel={t('records.issuesTitle')} onOffset={setIssueOffset} testId="issues-pager" />
          <h2 id="coord-record-list-title">{t('records.listTitle')}</h2>
          {list.data.records.length === 0 && list.data.page.offset === 0 ? (
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
    return <RecordDetailView key={recordParam} recordId={recordParam} deviceFilter={deviceFilter} />;
  }
  // Keyed by the device, so another device's list starts at its first page.
  return <RecordList key={deviceFilter ?? '*'} deviceFilter={deviceFilter} />;
}
