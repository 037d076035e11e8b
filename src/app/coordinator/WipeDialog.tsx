import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Device } from './api';
import { useApiErrorText } from './parts';

/**
 * Asks before a device is marked lost (issue #12: it wipes itself on its next contact). A native modal <dialog>: the rest of the
 * page is inert while it is open, Escape cancels, and focus starts on
 * "Cancel" (the harmless choice) and returns to the page afterwards.
 */
export function WipeDialog({ device, onConfirm, onCancel }: { device: Device | null; onConfirm: (device: Device) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (device && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!device && dialog.open) {
      dialog.close();
    }
  }, [device]);

  const close = () => {
    setError(null);
    setIsBusy(false);
    onCancel();
  };

  const confirm = async () => {
    if (!device) return;
    setIsBusy(true);
    setError(null);
    try {
      await onConfirm(device);
      setIsBusy(false);
    } catch (caught) {
      setIsBusy(false);
      setError(apiErrorText(caught));
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="coord-dialog"
      role="alertdialog"
      aria-labelledby="coord-wipe-title"
      aria-describedby="coord-wipe-body"
      onClose={() => {
        if (device) close();
      }}
    >
      {device && (
        <>
          <h2 id="coord-wipe-title" className="coord-card-title">
            <Trans t={t} i18nKey="devices.wipeDialog.title" values={{ name: device.name }} components={{ name: <bdi /> }} />
          </h2>
          <div id="coord-wipe-body">
            <p>{t('devices.wipeDialog.body')}</p>
            
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions coord-dialog__actions">
            <button type="button" className="button" ref={cancelRef} onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={isBusy}>
              {t('devices.wipeDialog.confirm')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
