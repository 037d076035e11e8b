import { Trans, useTranslation } from 'react-i18next';
import type { Device } from './api';
import { DeviceConfirmDialog } from './DeviceConfirmDialog';

/** Asks before a device is revoked, warning of entries it has not sent. */
export function RevokeDialog({ device, onConfirm, onCancel }: { device: Device | null; onConfirm: (device: Device) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation('coordinator');
  return (
    <DeviceConfirmDialog
      device={device}
      idPrefix="coord-revoke"
      title={(shown) => <Trans t={t} i18nKey="revoke.title" values={{ name: shown.name }} components={{ name: <bdi /> }} />}
      texts={{ body: 'revoke.body', confirm: 'revoke.confirm' }}
      extra={(shown) =>
        shown.pendingCount !== null && shown.pendingCount > 0 && <p className="warning">{t('revoke.pendingWarning', { count: shown.pendingCount })}</p>
      }
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
