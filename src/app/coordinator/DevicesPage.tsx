/**
 * The coordinator's devices page: enrolments (EnrolmentsSection.tsx) above the enrolled devices
 * (DevicesTable.tsx), both kept current while the page is open, and revoking a device.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi, type Device } from './api';
import { DevicesTable } from './DevicesTable';
import { EnrolmentsSection } from './EnrolmentsSection';
import { ApiErrorMessage, Loading } from './parts';
import { RevokeDialog } from './RevokeDialog';
import { WipeDialog } from './WipeDialog';
import { DevicePolicySection } from './DevicePolicySection';
import { isSessionLost, useCoordinatorSession } from './session';
import { useApiResource } from './use-api-resource';

/** Devices report their sync state by themselves; the list follows without a reload. */
const REFRESH_INTERVAL_MS = 30_000;

export function DevicesPage() {
  const { t } = useTranslation('coordinator');
  const { onSessionLost } = useCoordinatorSession();
  const devices = useApiResource('devices', coordinatorApi.devices);
  const enrolments = useApiResource('enrolments', coordinatorApi.openEnrolments);
  const [revoking, setRevoking] = useState<Device | null>(null);
  const [wiping, setWiping] = useState<Device | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);

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

  const announce = useCallback((text: string) => {
    setAnnouncement(text);
    // The control that was used may be gone (a revoked device has no revoke button): keep focus on the page.
    if (text !== '') window.requestAnimationFrame(() => announcementRef.current?.focus());
  }, []);

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

  const markLost = async (device: Device) => {
    try {
      await coordinatorApi.wipeDevice(device.id);
      setWiping(null);
      announce(t('devices.wipedAnnouncement', { name: device.name }));
      reloadDevices();
    } catch (error) {
      if (isSessionLost(error)) return onSessionLost();
      throw error;
    }
  };

  const cancelWipe = async (device: Device) => {
    try {
      await coordinatorApi.cancelWipe(device.id);
      announce(t('devices.wipeCancelledAnnouncement', { name: device.name }));
      reloadDevices();
    } catch (error) {
      if (isSessionLost(error)) return onSessionLost();
      throw error;
    }
  };

  return (
    <section className="screen coord-page" aria-labelledby="coord-devices-title">
      <div className="screen__header">
        <h1 id="coord-devices-title" tabIndex={-1}>
          {t('devices.title')}
        </h1>
        <button type="button" className="button" onClick={refresh} disabled={devices.isLoading || enrolments.isLoading}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="coord-announcement" role="status" ref={announcementRef} tabIndex={-1} data-testid="coord-announcement">
        {announcement}
      </p>

      <EnrolmentsSection enrolments={enrolments} announce={announce} onCodeUsed={reloadDevices} />

      <h2 id="coord-devices-list-title">{t('devices.listTitle')}</h2>
      {devices.error ? (
        <ApiErrorMessage error={devices.error} onRetry={reloadDevices} />
      ) : devices.data === undefined ? (
        <Loading />
      ) : (
        <DevicesTable devices={devices.data} onRevoke={setRevoking} onWipe={setWiping} onCancelWipe={(device) => void cancelWipe(device)} />
      )}

      <DevicePolicySection />

      <RevokeDialog device={revoking} onConfirm={revoke} onCancel={() => setRevoking(null)} />
      <WipeDialog device={wiping} onConfirm={markLost} onCancel={() => setWiping(null)} />
    </section>
  );
}
