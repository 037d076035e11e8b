import { Trans, useTranslation } from 'react-i18next';
import type { Device } from './api';
import { DeviceConfirmDialog } from './DeviceConfirmDialog';

/** Asks before a device is marked lost (issue #12: it wipes itself on its next contact). */
export function WipeDialog({ device, onConfirm, onCancel }: { device: Device | null; onConfirm: (device: Device) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation('coordinator');
  return (
    <DeviceConfirmDialog
      device={device}
      idPrefix="coord-wipe"
      title={(shown) => <Trans t={t} i18nKey="devices.wipeDialog.title" values={{ name: shown.name }} components={{ name: <bdi /> }} />}
      texts={{ body: 'devices.wipeDialog.body', confirm: 'devices.wipeDialog.confirm' }}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
