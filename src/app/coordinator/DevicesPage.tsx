import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { coordinatorApi, type CreatedEnrolment, type Device, type OpenEnrolment } from './api';
import { coordinatorPaths } from './location';
import { Link } from '../router';
import { ApiErrorMessage, DateTime, Loading, TableRegion, useApiErrorText, VisuallyHidden } from './parts';
import { RevokeDialog } from './RevokeDialog';
import { isSessionLost, useCoordinatorSession } from './session';
import { useApiResource } from './use-api-resource';

/** The choices of how long a new code stays valid; the server allows 5 minutes to 7 days. */
const expiryChoices = [
  { minutes: 60, key: 'oneHour' },
  { minutes: 8 * 60, key: 'eightHours' },
  { minutes: 24 * 60, key: 'oneDay' },
  { minutes: 7 * 24 * 60, key: 'sevenDays' },
] as const;
const DEFAULT_EXPIRY_MINUTES = 24 * 60;
const MAX_DEVICE_NAME_LENGTH = 100;
/** Devices report their sync state by themselves; the list follows without a reload. */
const REFRESH_INTERVAL_MS = 30_000;

function EnrolmentForm({ onCreated }: { onCreated: (enrolment: CreatedEnrolment) => void }) {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const { onSessionLost } = useCoordinatorSession();
  const [deviceName, setDeviceName] = useState('');
  const [expiresInMinutes, setExpiresInMinutes] = useState<number>(DEFAULT_EXPIRY_MINUTES);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setIsBusy(true);
    setError(null);
    try {
      const name = deviceName.trim();
      const created = await coordinatorApi.createEnrolment({ ...(name ? { deviceName: name } : {}), expiresInMinutes });
      setDeviceName('');
      onCreated(created);
    } catch (caught) {
      if (isSessionLost(caught)) return onSessionLost();
      setError(apiErrorText(caught));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <form className="form-card" onSubmit={(event) => void submit(event)} aria-labelledby="coord-enrol-form-title" noValidate>
      <h2 id="coord-enrol-form-title" className="coord-card-title">
        {t('enrolment.createTitle')}
      </h2>
      <p className="muted">{t('enrolment.createIntro')}</p>
      <div className="field">
        <label className="field__label" htmlFor="coord-enrol-device-name">
          {t('enrolment.deviceName')}
        </label>
        <input
          id="coord-enrol-device-name"
          className="input"
          value={deviceName}
          maxLength={MAX_DEVICE_NAME_LENGTH}
          onChange={(event) => setDeviceName(event.target.value)}
          aria-describedby="coord-enrol-device-name-hint"
        />
        <span className="field__hint" id="coord-enrol-device-name-hint">
          {t('enrolment.deviceNameHint')}
        </span>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="coord-enrol-expiry">
          {t('enrolment.expiry')}
        </label>
        <select id="coord-enrol-expiry" value={expiresInMinutes} onChange={(event) => setExpiresInMinutes(Number(event.target.value))}>
          {expiryChoices.map((choice) => (
            <option key={choice.minutes} value={choice.minutes}>
              {t(`enrolment.expiryChoice.${choice.key}`)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={isBusy}>
          {t('enrolment.create')}
        </button>
      </div>
    </form>
  );
}

function qrImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function NewEnrolment({ enrolment, onDismiss }: { enrolment: CreatedEnrolment; onDismiss: () => void }) {
  const { t } = useTranslation('coordinator');
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A new code is what the coordinator came for: take the screen reader there.
  useEffect(() => {
    headingRef.current?.focus();
  }, [enrolment.id]);

  return (
    <section className="coord-enrolment" aria-labelledby="coord-new-enrolment-title" data-testid="new-enrolment">
      <h2 id="coord-new-enrolment-title" className="coord-card-title" ref={headingRef} tabIndex={-1}>
        {enrolment.deviceName ? (
          <Trans t={t} i18nKey="enrolment.newTitleFor" values={{ name: enrolment.deviceName }} components={{ name: <bdi /> }} />
        ) : (
          t('enrolment.newTitle')
        )}
      </h2>
      <div className="coord-enrolment__body">
        <dl className="coord-enrolment__facts">
          <dt>{t('enrolment.code')}</dt>
          <dd className="coord-code" data-testid="enrolment-code">
            {enrolment.code}
          </dd>
          <dt>{t('enrolment.expiresAt')}</dt>
          <dd>
            <DateTime iso={enrolment.expiresAt} />
          </dd>
          <dt>{t('enrolment.enrolUrl')}</dt>
          <dd>
            <code className="coord-url" data-testid="enrol-url">
              {enrolment.enrolUrl}
            </code>
          </dd>
        </dl>
        <img className="coord-qr" src={qrImageSource(enrolment.qrSvg)} alt={t('enrolment.qrAlt', { code: enrolment.code })} width={240} height={240} />
      </div>
      <p>{t('enrolment.howTo')}</p>
      <p className="coord-note">{t('enrolment.shownOnce')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={onDismiss}>
          {t('enrolment.dismiss')}
        </button>
      </div>
    </section>
  );
}

function OpenEnrolments({
  enrolments,
  knownCodes,
  onDelete,
  deletingId,
}: {
  enrolments: OpenEnrolment[];
  knownCodes: ReadonlyMap<string, string>;
  onDelete: (enrolment: OpenEnrolment) => void;
  deletingId: string | null;
}) {
  const { t } = useTranslation('coordinator');
  if (enrolments.length === 0) {
    return (
      <p className="muted" data-testid="no-open-enrolments">
        {t('enrolment.noneOpen')}
      </p>
    );
  }
  return (
    <TableRegion labelledBy="coord-open-enrolments-caption">
      <table className="coord-table">
        <caption id="coord-open-enrolments-caption" className="coord-sr-only">
          {t('enrolment.openCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('enrolment.column.code')}</th>
            <th scope="col">{t('enrolment.column.deviceName')}</th>
            <th scope="col">{t('enrolment.column.createdBy')}</th>
            <th scope="col">{t('enrolment.column.createdAt')}</th>
            <th scope="col">{t('enrolment.column.expiresAt')}</th>
            <th scope="col">{t('enrolment.column.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {enrolments.map((enrolment) => {
            const code = knownCodes.get(enrolment.id);
            const label = code ?? enrolment.deviceName ?? t('enrolment.unnamed');
            return (
              <tr key={enrolment.id}>
                <th scope="row" data-label={t('enrolment.column.code')}>
                  {code ? <span className="coord-code coord-code--small">{code}</span> : <span className="muted">{t('enrolment.codeHidden')}</span>}
                </th>
                <td data-label={t('enrolment.column.deviceName')}>
                  {enrolment.deviceName ? <bdi>{enrolment.deviceName}</bdi> : <span className="muted">{t('enrolment.unnamed')}</span>}
                </td>
                <td data-label={t('enrolment.column.createdBy')}>
                  <bdi>{enrolment.createdBy}</bdi>
                </td>
                <td data-label={t('enrolment.column.createdAt')}>
                  <DateTime iso={enrolment.createdAt} />
                </td>
                <td data-label={t('enrolment.column.expiresAt')}>
                  <DateTime iso={enrolment.expiresAt} />
                </td>
                <td data-label={t('enrolment.column.actions')}>
                  <button type="button" className="button button--danger button--compact" onClick={() => onDelete(enrolment)} disabled={deletingId === enrolment.id}>
                    {t('enrolment.delete')}
                    <VisuallyHidden>
                      {' '}
                      <bdi>{label}</bdi>
                    </VisuallyHidden>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

function DevicesTable({ devices, onRevoke }: { devices: Device[]; onRevoke: (device: Device) => void }) {
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
      <table className="coord-table" data-testid="devices-table">
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
            <th scope="col">{t('devices.column.state')}</th>
            <th scope="col">{t('devices.column.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id} data-testid="device-row">
              <th scope="row" data-label={t('devices.column.name')}>
                <bdi>{device.name}</bdi>
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
                ) : (
                  <span className="status-badge status-badge--synced">{t('devices.active')}</span>
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

export function DevicesPage() {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const { onSessionLost } = useCoordinatorSession();
  const devices = useApiResource('devices', coordinatorApi.devices);
  const enrolments = useApiResource('enrolments', coordinatorApi.openEnrolments);
  const [created, setCreated] = useState<CreatedEnrolment | null>(null);
  // Codes exist only when created: the server keeps their hashes. This page remembers the ones it made.
  const [knownCodes, setKnownCodes] = useState<ReadonlyMap<string, string>>(new Map());
  const [revoking, setRevoking] = useState<Device | null>(null);
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  const reloadDevices = devices.reload;
  const reloadEnrolments = enrolments.reload;
  const refresh = useCallback(() => {
    reloadDevices();
    reloadEnrolments();
  }, [reloadDevices, reloadEnrolments]);

  useEffect(() => {
    const whenVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    const timer = window.setInterval(whenVisible, REFRESH_INTERVAL_MS);
    document.addEventListener('visibilitychange', whenVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', whenVisible);
    };
  }, [refresh]);

  const announce = (text: string) => {
    setAnnouncement(text);
    // The control that was used may be gone (a revoked device has no revoke button): keep focus on the page.
    window.requestAnimationFrame(() => announcementRef.current?.focus());
  };

  const onCreated = (enrolment: CreatedEnrolment) => {
    setKnownCodes((codes) => new Map(codes).set(enrolment.id, enrolment.code));
    setCreated(enrolment);
    setAnnouncement('');
    reloadEnrolments();
  };

  const dismissCreated = () => {
    setCreated(null);
    window.requestAnimationFrame(() => titleRef.current?.focus());
  };

  const deleteEnrolment = async (enrolment: OpenEnrolment) => {
    setDeletingId(enrolment.id);
    setActionError(null);
    try {
      await coordinatorApi.deleteEnrolment(enrolment.id);
      if (created?.id === enrolment.id) setCreated(null);
      announce(t('enrolment.deleted'));
    } catch (error) {
      if (isSessionLost(error)) return onSessionLost();
      setActionError(apiErrorText(error));
    } finally {
      setDeletingId(null);
      reloadEnrolments();
    }
  };

  const revoke = async (device: Device) => {
    try {
      await coordinatorApi.revokeDevice(device.id);
      setRevoking(null);
      announce(t('devices.revokedAnnouncement', { name: device.name }));
      reloadDevices();
    } catch (error) {
      if (isSessionLost(error)) return onSessionLost();
      throw error;
    }
  };

  return (
    <section className="screen coord-page" aria-labelledby="coord-devices-title">
      <div className="screen__header">
        <h1 id="coord-devices-title" ref={titleRef} tabIndex={-1}>
          {t('devices.title')}
        </h1>
        <button type="button" className="button" onClick={refresh} disabled={devices.isLoading || enrolments.isLoading}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="coord-announcement" role="status" ref={announcementRef} tabIndex={-1} data-testid="coord-announcement">
        {announcement}
      </p>
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}

      <div className="coord-enrol-area">
        <EnrolmentForm onCreated={onCreated} />
        {created && <NewEnrolment enrolment={created} onDismiss={dismissCreated} />}
      </div>

      <h2 id="coord-open-enrolments-title">{t('enrolment.openTitle')}</h2>
      <p className="muted">{t('enrolment.codesNotStored')}</p>
      {enrolments.error ? (
        <ApiErrorMessage error={enrolments.error} onRetry={reloadEnrolments} />
      ) : enrolments.data === undefined ? (
        <Loading />
      ) : (
        <OpenEnrolments enrolments={enrolments.data} knownCodes={knownCodes} onDelete={(enrolment) => void deleteEnrolment(enrolment)} deletingId={deletingId} />
      )}

      <h2 id="coord-devices-list-title">{t('devices.listTitle')}</h2>
      {devices.error ? (
        <ApiErrorMessage error={devices.error} onRetry={reloadDevices} />
      ) : devices.data === undefined ? (
        <Loading />
      ) : (
        <DevicesTable devices={devices.data} onRevoke={setRevoking} />
      )}

      <RevokeDialog device={revoking} onConfirm={revoke} onCancel={() => setRevoking(null)} />
    </section>
  );
}
