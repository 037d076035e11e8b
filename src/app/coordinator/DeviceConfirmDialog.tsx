import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Device } from './api';
import { useApiErrorText } from './parts';

type CoordinatorKey = ParseKeys<'coordinator'>;

interface DeviceConfirmDialogProps {
  /** The device asked about; null keeps the dialog closed. */
  device: Device | null;
  /** Prefix of the title's and body's element ids, e.g. `coord-revoke`. */
  idPrefix: string;
  /** The heading, naming the device. */
  title: (device: Device) => ReactNode;
  /** Keys (namespace coordinator) of the body and the confirm button. */
  texts: { body: CoordinatorKey; confirm: CoordinatorKey };
  /** What else the body says about this device (a warning). */
  extra?: (device: Device) => ReactNode;
  onConfirm: (device: Device) => Promise<void>;
  onCancel: () => void;
}

/**
 * Asks before a device is changed for good (revoked, marked lost). A native modal <dialog>: the
 * rest of the page is inert while it is open, Escape cancels, and focus starts on "Cancel" (the
 * harmless choice) and returns to the page afterwards. A refused change is said in the dialog.
 */
export function DeviceConfirmDialog({ device, idPrefix, title, texts, extra, onConfirm, onCancel }: DeviceConfirmDialogProps) {
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
      aria-labelledby={`${idPrefix}-title`}
      aria-describedby={`${idPrefix}-body`}
      onClose={() => {
        if (device) close();
      }}
    >
      {device && (
        <>
          <h2 id={`${idPrefix}-title`} className="coord-card-title">
            {title(device)}
          </h2>
          <div id={`${idPrefix}-body`}>
            <p>{t(texts.body)}</p>
            {extra?.(device)}
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
              {t(texts.confirm)}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
