import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveQuery } from 'dexie-react-hooks';
import { database, isOldestUnsyncedTooOld, readStorageState, readSyncStatus, type StorageState } from '../../data';
import { formatBytes, formatDateTime } from '../format';

export function SyncScreen() {
  const { t, i18n } = useTranslation();
  const db = database();
  const status = useLiveQuery(() => readSyncStatus(db), [db]);
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

  return (
    <section className="screen" aria-labelledby="sync-title">
      <h1 id="sync-title">{t('sync.title')}</h1>
      {!status.enrolled && (
        <div className="banner banner--info" data-testid="not-enrolled">
          {t('sync.notEnrolled')}
        </div>
      )}
      <dl className="facts">
        {status.enrolled && (
          <div className="facts__row">
            <dt>{t('sync.device')}</dt>
            <dd><bdi>{status.deviceName}</bdi></dd>
          </div>
        )}
        <div className="facts__row">
          <dt>{t('sync.pending')}</dt>
          <dd data-testid="pending-count">{status.pendingEntries}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('sync.lastSuccess')}</dt>
          <dd>{status.lastSyncSuccessAt ? formatDateTime(status.lastSyncSuccessAt, i18n.language) : t('sync.never')}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('sync.oldestUnsynced')}</dt>
          <dd>
            {status.oldestUnsyncedAt ? formatDateTime(status.oldestUnsyncedAt, i18n.language) : t('sync.none')}
            {tooOld && <strong className="warning" role="alert"> {t('sync.oldestWarning')}</strong>}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('sync.storage')}</dt>
          <dd data-testid="storage-usage">
            {storage && storage.usage !== null && storage.quota !== null
              ? t('sync.storageUsage', { used: formatBytes(storage.usage, i18n.language), quota: formatBytes(storage.quota, i18n.language) })
              : t('sync.storageUnknown')}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('sync.persistence')}</dt>
          <dd data-testid="persistence">{storage ? t(`sync.persistence_${storage.persistence}`) : t('common.loading')}</dd>
        </div>
        {status.lastSyncError && (
          <div className="facts__row">
            <dt>{t('sync.lastError')}</dt>
            <dd>{status.lastSyncError}</dd>
          </div>
        )}
      </dl>
      <h2>{t('sync.issues')}</h2>
      {status.openIssues === 0 && <p>{t('sync.noIssues')}</p>}
    </section>
  );
}
