import { useTranslation } from 'react-i18next';
import { ConsentHistory } from './ConsentHistory';
import { RevisionAnswers, RevisionChanges } from './RecordAnswers';
import { ErasureNotice, WithdrawalSection } from './RecordErasure';
import { Disclosures } from './RecordDisclosures';
import { shortReference } from '../../core/record';
import { coordinatorApi, type RecordDetail, type StoredConflict, type StoredRevision } from './api';
import { coordinatorPaths } from './location';
import { Link, useLocationSearch } from '../router';
import { ApiErrorMessage, ConsentStatusLabel, DateTime, DeviceName, FormRefLabel, Loading, NoticeLabel, OutcomeDetails, PersonNameText, shortId, TableRegion, useDeviceNames } from './parts';
import { useApiResource } from './use-api-resource';

/** The start of a SHA-256: enough to see whether two versions differ. */
function HashPrefix({ sha256 }: { sha256: string }) {
  return <code className="coord-hash">{sha256.slice(0, 12)}</code>;
}

function RevisionsTable({ revisions, names }: { revisions: StoredRevision[]; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('coordinator');
  if (revisions.length === 0) return <p className="muted">{t('detail.noRevisions')}</p>;
  return (
    <TableRegion labelledBy="coord-revisions-caption">
      <table className="coord-table coord-table--medium" data-testid="revisions-table">
        <caption id="coord-revisions-caption" className="coord-sr-only">
          {t('detail.revisionsTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="coord-number">{t('detail.column.rev')}</th>
            <th scope="col" className="coord-number">{t('detail.column.baseRev')}</th>
            <th scope="col">{t('detail.column.entry')}</th>
            <th scope="col">{t('detail.column.form')}</th>
            <th scope="col">{t('detail.column.notice')}</th>
            <th scope="col">{t('detail.column.consent')}</th>
            <th scope="col">{t('detail.column.hash')}</th>
            <th scope="col">{t('detail.column.receivedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision) => (
            <tr key={revision.rev}>
              <th scope="row" data-label={t('detail.column.rev')} className="coord-number">
                {revision.rev}
              </th>
              <td data-label={t('detail.column.baseRev')} className="coord-number">
                {revision.baseRev}
              </td>
              <td data-label={t('detail.column.entry')}>
                <span className="coord-entry">
                  <span>{t('detail.entryNo', { seq: revision.seq })}</span>
                  <DeviceName deviceId={revision.deviceId} names={names} />
                </span>
              </td>
              <td data-label={t('detail.column.form')}>
                <FormRefLabel formRef={revision.formRef} />
              </td>
              <td data-label={t('detail.column.notice')}>
                <NoticeLabel noticeRef={revision.noticeRef} />
              </td>
              <td data-label={t('detail.column.consent')}>
                <ConsentStatusLabel status={revision.consentStatus} />
              </td>
              <td data-label={t('detail.column.hash')}>
                <HashPrefix sha256={revision.payloadSha256} />
              </td>
              <td data-label={t('detail.column.receivedAt')}>
                <DateTime iso={revision.receivedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function ConflictsTable({ conflicts, names }: { conflicts: StoredConflict[]; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('coordinator');
  if (conflicts.length === 0) return <p className="muted" data-testid="no-conflicts">{t('detail.noConflicts')}</p>;
  return (
    <TableRegion labelledBy="coord-conflicts-caption">
      <table className="coord-table coord-table--medium" data-testid="conflicts-table">
        <caption id="coord-conflicts-caption" className="coord-sr-only">
          {t('detail.conflictsTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('detail.column.device')}</th>
            <th scope="col" className="coord-number">{t('detail.column.seq')}</th>
            <th scope="col" className="coord-number">{t('detail.column.rev')}</th>
            <th scope="col" className="coord-number">{t('detail.column.baseRev')}</th>
            <th scope="col" className="coord-number">{t('detail.column.serverRev')}</th>
            <th scope="col">{t('detail.column.consent')}</th>
            <th scope="col">{t('detail.column.hash')}</th>
            <th scope="col">{t('detail.column.receivedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((conflict) => (
            <tr key={`${conflict.deviceId}:${conflict.seq}`}>
              <th scope="row" data-label={t('detail.column.device')}>
                <DeviceName deviceId={conflict.deviceId} names={names} />
              </th>
              <td data-label={t('detail.column.seq')} className="coord-number">
                {conflict.seq}
              </td>
              <td data-label={t('detail.column.rev')} className="coord-number">
                {conflict.rev}
              </td>
              <td data-label={t('detail.column.baseRev')} className="coord-number">
                {conflict.baseRev}
              </td>
              <td data-label={t('detail.column.serverRev')} className="coord-number">
                {conflict.serverRev}
              </td>
              <td data-label={t('detail.column.consent')}>
                <ConsentStatusLabel status={conflict.consentStatus} />
              </td>
              <td data-label={t('detail.column.hash')}>
                <HashPrefix sha256={conflict.payloadSha256} />
              </td>
              <td data-label={t('detail.column.receivedAt')}>
                <DateTime iso={conflict.receivedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function OutcomesTable({ outcomes, names }: { outcomes: RecordDetail['outcomes']; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('coordinator');
  if (outcomes.length === 0) return <p className="muted">{t('detail.noOutcomes')}</p>;
  return (
    <TableRegion labelledBy="coord-outcomes-caption">
      <table className="coord-table coord-table--medium" data-testid="outcomes-table">
        <caption id="coord-outcomes-caption" className="coord-sr-only">
          {t('detail.outcomesTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('detail.column.device')}</th>
            <th scope="col" className="coord-number">{t('detail.column.seq')}</th>
            <th scope="col" className="coord-number">{t('detail.column.rev')}</th>
            <th scope="col">{t('detail.column.outcome')}</th>
            <th scope="col">{t('detail.column.processedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((outcome) => (
            <tr key={`${outcome.deviceId}:${outcome.seq}`}>
              <th scope="row" data-label={t('detail.column.device')}>
                <DeviceName deviceId={outcome.deviceId} names={names} />
              </th>
              <td data-label={t('detail.column.seq')} className="coord-number">
                {outcome.seq}
              </td>
              <td data-label={t('detail.column.rev')} className="coord-number">
                {outcome.rev}
              </td>
              <td data-label={t('detail.column.outcome')}>
                <OutcomeDetails outcome={outcome} />
              </td>
              <td data-label={t('detail.column.processedAt')}>
                <DateTime iso={outcome.processedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function Summary({ detail, names }: { detail: RecordDetail; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('coordinator');
  const { record } = detail;
  const latest = detail.revisions.at(-1);
  if (!record) {
    return (
      <p className="banner banner--info" data-testid="record-not-stored">
        {t('detail.notStored')}
      </p>
    );
  }
  return (
    <dl className="facts" data-testid="record-facts">
      <div className="facts__row">
        <dt>{t('detail.shortReference')}</dt>
        <dd>
          <bdi dir="ltr" className="short-reference" data-testid="record-short-reference">{shortReference(record.recordId)}</bdi>
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.name')}</dt>
        <dd data-testid="record-name">
          <PersonNameText name={record.name} />
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.recordId')}</dt>
        <dd>
          <code>{record.recordId}</code>
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.device')}</dt>
        <dd>{record.deviceName === null ? <DeviceName deviceId={record.deviceId} names={names} /> : <bdi>{record.deviceName}</bdi>}</dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.form')}</dt>
        <dd>
          <FormRefLabel formRef={record.formRef} />
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.notice')}</dt>
        <dd>
          <NoticeLabel noticeRef={record.noticeRef} />
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.consent')}</dt>
        <dd>
          <ConsentStatusLabel status={latest?.consentStatus ?? null} />
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.currentRev')}</dt>
        <dd>{t('detail.currentRevValue', { rev: record.currentRev, count: record.revisionCount })}</dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.conflictCount')}</dt>
        <dd>{record.conflictCount}</dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.receivedAt')}</dt>
        <dd>
          <DateTime iso={record.receivedAt} />
        </dd>
      </div>
      <div className="facts__row">
        <dt>{t('detail.updatedAt')}</dt>
        <dd>
          <DateTime iso={record.updatedAt} />
        </dd>
      </div>
    </dl>
  );
}

/** One record as the server holds it: every revision, every conflicting version, every entry's outcome. */
export function RecordDetailView({ recordId, deviceFilter }: { recordId: string; deviceFilter: string | null }) {
  const { t } = useTranslation('coordinator');
  const names = useDeviceNames();
  const detail = useApiResource(`record:${recordId}`, () => coordinatorApi.record(recordId));
  // Back to the list as it was: its search and filters are in the address beside `record`.
  const listParams = new URLSearchParams(useLocationSearch());
  listParams.delete('record');
  const backHref = listParams.size > 0 ? `${coordinatorPaths.records}?${listParams.toString()}` : deviceFilter ? coordinatorPaths.deviceRecords(deviceFilter) : coordinatorPaths.records;

  return (
    <section className="screen coord-page" aria-labelledby="coord-record-title">
      <p>
        <Link href={backHref}>{t('detail.back')}</Link>
      </p>
      <h1 id="coord-record-title" tabIndex={-1}>
        {t('detail.title', { id: shortId(recordId) })}
      </h1>
      <p className="muted">{t('detail.privacyNote')}</p>
      {detail.error?.code === 'not_found' ? (
        <p className="empty-state" data-testid="record-unknown">
          {t('detail.unknown')}
        </p>
      ) : detail.error ? (
        <ApiErrorMessage error={detail.error} onRetry={detail.reload} />
      ) : detail.data === undefined ? (
        <Loading />
      ) : (
        <>
          <ErasureNotice detail={detail.data} />
          <Summary detail={detail.data} names={names} />
          <h2>{t('answers.title')}</h2>
          <p className="muted">{t('answers.intro')}</p>
          <RevisionAnswers revisions={detail.data.revisions} currentRev={detail.data.record?.currentRev ?? null} />
          <h2>{t('changes.heading')}</h2>
          <RevisionChanges revisions={detail.data.revisions} />
          <h2>{t('consentHistory.title')}</h2>
          <p className="muted">{t('consentHistory.intro')}</p>
          <ConsentHistory consent={detail.data.consent} />
          <WithdrawalSection detail={detail.data} onChanged={detail.reload} />
          <Disclosures detail={detail.data} recordId={recordId} />
          <h2>{t('detail.revisionsTitle')}</h2>
          <RevisionsTable revisions={detail.data.revisions} names={names} />
          <h2>{t('detail.conflictsTitle')}</h2>
          <p className="muted">{t('detail.conflictsIntro')}</p>
          <ConflictsTable conflicts={detail.data.conflicts} names={names} />
          <h2>{t('detail.outcomesTitle')}</h2>
          <OutcomesTable outcomes={detail.data.outcomes} names={names} />
        </>
      )}
    </section>
  );
}
