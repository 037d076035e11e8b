/** The enrolled devices on the coordinator's devices page: sync state, revoking, their records. */
import { useTranslation } from 'react-i18next';
import type { Device } from './api';
import { Link } from '../router';
import { coordinatorPaths } from './location';
import { DateTime, TableRegion, VisuallyHidden } from './parts';
import { shortReference } from '../../core/record';

export function DevicesTable({
  devices,
  onRevoke,
  onWipe,
  onCancelWipe,
}: {
  devices: Device[];
  onRevoke: (device: Device) => void;
  onWipe: (device: Device) => void;
  onCancelWipe: (device: Device) => void;
}) {
  const { t } = useTranslation('coordinator');
  if (devices.length === 0) {
    return (
      <p className="empty-state" data-testid="no-devices">
        {t('devices.none')}
      </p>
    );
  }
  return (
    <TableRegion labelledBy="coord-devices-caption">
      <table className="coord-table coord-table--wide" data-testid="devices-table">
        <caption id="coord-devices-caption" className="coord-sr-only">
          {t('devices.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('devices.column.name')}</th>
            <th scope="col">{t('devices.column.enrolledAt')}</th>
            <th scope="col">{t('devices.column.lastSeenAt')}</th>
            <th scope="col">{t('devices.column.lastSyncAt')}</th>
            <th scope="col" className="coord-number">{t('devices.column.entriesReceived')}</th>
            <th scope="col" className="coord-number">{t('devices.column.pending')}</th>
            <th scope="col" className="coord-number">{t('devices.column.unconfirmedErasures')}</th>
            <th scope="col">{t('devices.column.state')}</th>
            <th scope="col">{t('devices.column.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id} data-testid="device-row">
              <th scope="row" data-label={t('devices.column.name')}>
                <bdi className="coord-name" title={device.name}>
                  {device.name}
                </bdi>
              </th>
              <td data-label={t('devices.column.enrolledAt')}>
                <DateTime iso={device.enrolledAt} />
              </td>
              <td data-label={t('devices.column.lastSeenAt')}>
                <DateTime iso={device.lastSeenAt} fallback={t('common.never')} />
              </td>
              <td data-label={t('devices.column.lastSyncAt')}>
                <DateTime iso={device.lastSyncAt} fallback={t('common.never')} />
              </td>
              <td data-label={t('devices.column.entriesReceived')} className="coord-number">
                {device.entriesReceived}
              </td>
              <td data-label={t('devices.column.pending')} className="coord-number">
                {device.pendingCount ?? <span className="muted">{t('devices.pendingUnknown')}</span>}
              </td>
              <td data-label={t('devices.column.unconfirmedErasures')} className="coord-number" data-testid="device-unconfirmed-erasures">
                {device.unconfirmedErasures.count === 0 ? (
                  <span className="muted">{t('devices.noUnconfirmedErasures')}</span>
                ) : (
                  <span title={device.unconfirmedErasures.first.map((erasure) => shortReference(erasure.recordId)).join(', ')}>
                    {t('devices.unconfirmedErasures', { count: device.unconfirmedErasures.count })}
                    <span className="coord-state__since">
                      {device.unconfirmedErasures.first.slice(0, 5).map((erasure) => (
                        <bdi key={erasure.recordId} dir="ltr" className="short-reference">
                          {' '}
                          {shortReference(erasure.recordId)}
                        </bdi>
                      ))}
                    </span>
                  </span>
                )}
              </td>
              <td data-label={t('devices.column.state')} data-testid="device-state">
                {device.revoked ? (
                  <span className="coord-state">
                    <span className="status-badge status-badge--rejected">{t('devices.revoked')}</span>
                    {device.revokedAt && (
                      <span className="coord-state__since">
                        {t('devices.revokedSince')} <DateTime iso={device.revokedAt} />
                      </span>
                    )}
                  </span>
                ) : device.wipeRequestedAt ? (
                  <span className="coord-state">
                    <span className="status-badge status-badge--rejected">{t('devices.wipeRequested')}</span>
                    <span className="coord-state__since">
                      {t('devices.wipeRequestedSince')} <DateTime iso={device.wipeRequestedAt} />
                    </span>
                  </span>
                ) : (
                  <span className="status-badge status-badge--synced">{t('devices.active')}</span>
                )}
                {device.wipedAt && (
                  <span className="coord-state__since">
                    {t('devices.wiped')} <DateTime iso={device.wipedAt} />
                  </span>
                )}
              </td>
              <td data-label={t('devices.column.actions')}>
                <div className="coord-row-actions">
                  <Link href={coordinatorPaths.deviceRecords(device.id)} className="button button--compact">
                    {t('devices.showRecords')}
                    <VisuallyHidden>
                      {' '}
                      <bdi>{device.name}</bdi>
                    </VisuallyHidden>
                  </Link>
                  {!device.revoked && !device.wipeRequestedAt && (
                    <button type="button" className="button button--danger button--compact" onClick={() => onWipe(device)}>
                      {t('devices.wipe')}
                      <VisuallyHidden>
                        {' '}
                        <bdi>{device.name}</bdi>
                      </VisuallyHidden>
                    </button>
                  )}
                  {!device.revoked && device.wipeRequestedAt && (device.lastSeenAt === null || device.lastSeenAt < device.wipeRequestedAt) && (
                    // Only before the device made contact since the mark: after it, it may have wiped itself.
                    <button type="button" className="button button--compact" onClick={() => onCancelWipe(device)}>
                      {t('devices.cancelWipe')}
                      <VisuallyHidden>
                        {' '}
                        <bdi>{device.name}</bdi>
                      </VisuallyHidden>
                    </button>
                  )}
                  {!device.revoked && (
                    <button type="button" className="button button--danger button--compact" onClick={() => onRevoke(device)}>
                      {t('devices.revoke')}
                      <VisuallyHidden>
                        {' '}
                        <bdi>{device.name}</bdi>
                      </VisuallyHidden>
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
