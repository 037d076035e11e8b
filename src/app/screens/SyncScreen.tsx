import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rejectionCodes, type RejectionCode } from '../../core/sync';
import { database, isOldestUnsyncedTooOld, listOpenSyncIssues, readStorageState, readSyncStatus, type StorageState, type SyncFailure, type SyncIssue, type SyncOutcome } from '../../data';
import { formatBytes, formatDateTime } from '../format';
import { Link } from '../router';
import { syncScheduler, useSyncRunState } from '../sync';
import { useWatched } from '../hooks';

/** The server's rejection code where it is one this app knows, else the kind of issue. */
function issueReason(issue: SyncIssue): RejectionCode | SyncIssue['kind'] {
  return (rejectionCodes as readonly (string | null)[]).includes(issue.code) ? (issue.code as RejectionCode) : issue.kind;
}

/** Why a run failed (in the outcome's sentence, if one is named), in the user's language, with the technical detail (the server's or the browser's words) beneath. */
function FailureText({ sentence, failure }: { sentence?: 'auth_refused' | 'retry_later' | 'failed'; failure: SyncFailure }) {
  const { t } = useTranslation('sync');
  const problem = t(`problem.${failure.problem.code}`, { ...failure.problem });
  return (
    <span>
      {sentence ? t(`outcome.${sentence}`, { problem }) : problem}
      <small className="muted failure-detail">{t('detail', { message: failure.message })}</small>
    </span>
  );
}

function OutcomeMessage({ outcome }: { outcome: SyncOutcome }) {
  const { t } = useTranslation('sync');
  switch (outcome.kind) {
    case 'done':
      return <p role="status" data-testid="sync-outcome">{t('outcome.done', { ...outcome })}</p>;
    case 'auth_refused':
      return (
        <div role="alert" className="banner banner--danger" data-testid="sync-outcome">
          <FailureText sentence="auth_refused" failure={outcome} />
          <Link href="/enrol" className="button">{t('reenrol')}</Link>
        </div>
      );
    case 'retry_later':
    case 'failed':
      return <p role="alert" className="warning" data-testid="sync-outcome"><FailureText sentence={outcome.kind} failure={outcome} /></p>;
    default:
      return <p role="status" data-testid="sync-outcome">{t(`outcome.${outcome.kind}`)}</p>;
  }
}

export function SyncScreen() {
  const { t, i18n } = useTranslation();
  const { t: ts } = useTranslation('sync');
  const db = database();
  const status = useWatched(() => readSyncStatus(db), [db]);
  const issues = useWatched(() => listOpenSyncIssues(db), [db]);
  const run = useSyncRunState();
  const [storage, setStorage] = useState<StorageState | null>(null);

  useEffect(() => {
    let cancelled = false;
    void readStorageState().then((state) => {
      if (!cancelled) setStorage(state);
    });
    return () => {
      cancelled = true;
    };
  }, [status?.pendingEntries]);

  if (!status) return <p role="status">{t('common.loading')}</p>;
  const tooOld = isOldestUnsyncedTooOld(status.oldestUnsyncedAt, Date.now());
  const progress = run.progress;
  const pushing = run.running && (!progress || progress.phase === 'push');

  return (
    <section className="screen" aria-labelledby="sync-title">
      <div className="screen__header">
        <h1 id="sync-title">{ts('screen.title')}</h1>
        {status.enrolled && !status.authRefused && (
          <button type="button" className="button button--primary" disabled={run.running} onClick={() => void syncScheduler().syncNow()}>
            {ts('screen.syncNow')}
          </button>
        )}
      </div>
      {!status.enrolled && (
        <div className="banner banner--info" data-testid="not-enrolled">
          <span>{ts('screen.notEnrolled')}</span>
          <Link href="/enrol" className="button">{ts('screen.enrolNow')}</Link>
        </div>
      )}
      {status.enrolled && status.authRefused && !run.lastOutcome && (
        <div role="alert" className="banner banner--danger">
          <FailureText sentence="auth_refused" failure={status.lastSyncError ?? { problem: { code: 'token_refused', status: 401 }, message: 'HTTP 401' }} />
          <Link href="/enrol" className="button">{ts('reenrol')}</Link>
        </div>
      )}
      {run.running && (
        <div className="sync-progress">
          <span>{pushing ? ts('running') : ts('pulling')}</span>
          <progress
            aria-label={ts('screen.progressLabel')}
            max={Math.max(progress?.total ?? 0, 1)}
            value={progress?.phase === 'push' ? progress.sent : progress ? Math.max(progress.total, 1) : 0}
            data-testid="sync-progress"
          />
          {progress?.phase === 'push' && <span>{ts('screen.progress', { sent: progress.sent, total: progress.total })}</span>}
        </div>
      )}
      {/* Not enrolled is said once, by the banner above. */}
      {!run.running && run.lastOutcome && !(run.lastOutcome.kind === 'not_enrolled' && !status.enrolled) && <OutcomeMessage outcome={run.lastOutcome} />}
      {!run.running && run.nextAttemptAt && status.pendingEntries > 0 && (
        <p className="muted">{ts('nextAttempt', { time: formatDateTime(new Date(run.nextAttemptAt).toISOString(), i18n.language) })}</p>
      )}
      <dl className="facts">
        {status.enrolled && (
          <div className="facts__row">
            <dt>{ts('screen.device')}</dt>
            <dd><bdi>{status.deviceName}</bdi></dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{ts('screen.pending')}</dt>
          <dd data-testid="pending-count">{status.pendingEntries}</dd>
        </div>
        <div className="facts__row">
          <dt>{ts('screen.lastSuccess')}</dt>
          <dd data-testid="last-success">{status.lastSyncSuccessAt ? formatDateTime(status.lastSyncSuccessAt, i18n.language) : ts('screen.never')}</dd>
        </div>
        <div className="facts__row">
          <dt>{ts('screen.oldestUnsynced')}</dt>
          <dd>
            {status.oldestUnsyncedAt ? formatDateTime(status.oldestUnsyncedAt, i18n.language) : ts('screen.none')}
            {tooOld && <strong className="warning" role="alert"> {ts('screen.oldestWarning')}</strong>}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{ts('screen.storage')}</dt>
          <dd data-testid="storage-usage">
            {storage && storage.usage !== null && storage.quota !== null
              ? ts('screen.storageUsage', { used: formatBytes(storage.usage, i18n.language), quota: formatBytes(storage.quota, i18n.language) })
              : ts('screen.storageUnknown')}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{ts('screen.persistence')}</dt>
          <dd data-testid="persistence">{storage ? ts(`screen.persistence_${storage.persistence}`) : t('common.loading')}</dd>
        </div>
        {status.lastSyncError && (
          <div className="facts__row">
            <dt>{ts('screen.lastError')}</dt>
            <dd><FailureText failure={status.lastSyncError} /></dd>
          </div>
        )}
      </dl>
      <h2>{ts('screen.issues')}</h2>
      {/* "No problems" only where none is shown above: a failed sync is one, even with no entry refused. */}
      {issues && issues.length === 0 && <p data-testid="no-sync-issues">{ts(status.lastSyncError || status.authRefused ? 'screen.noEntryIssues' : 'screen.noIssues')}</p>}
      {issues && issues.length > 0 && (
        <ul className="issue-list" data-testid="sync-issues">
          {issues.map((issue) => (
            <li key={issue.id} className="issue-list__item">
              <strong>{ts(`issue.${issue.kind}`)}</strong>
              <span>{ts('issue.revision', { rev: issue.rev })} · {formatDateTime(issue.at, i18n.language)}</span>
              <span>
                {ts('issue.reason')}: {ts(`issue.codes.${issueReason(issue)}`)} <small className="muted">{ts('detail', { message: issue.message })}</small>
              </span>
              <Link href={`/interviews/${issue.recordId}`} className="button button--compact">{ts('issue.open')}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
