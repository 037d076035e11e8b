/**
 * Enrolments on the coordinator's devices page: the form that creates a code, the new code with
 * its QR code, and the open enrolments. A code the server knows only by its hash is shown once, on
 * the page that made it; once a tablet has used it (or it expired) it leaves the screen.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { coordinatorApi, type CreatedEnrolment, type OpenEnrolment } from './api';
import { ApiErrorMessage, ApiErrorText, DateTime, Loading, TableRegion, VisuallyHidden } from './parts';
import { isSessionLost, useCoordinatorSession } from './session';
import type { ApiResource } from './use-api-resource';

/** The choices of how long a new code stays valid; the server allows 5 minutes to 7 days. */
const expiryChoices = [
  { minutes: 60, key: 'oneHour' },
  { minutes: 8 * 60, key: 'eightHours' },
  { minutes: 24 * 60, key: 'oneDay' },
  { minutes: 7 * 24 * 60, key: 'sevenDays' },
] as const;
const DEFAULT_EXPIRY_MINUTES = 24 * 60;
const MAX_DEVICE_NAME_LENGTH = 100;

function EnrolmentForm({ onCreated }: { onCreated: (enrolment: CreatedEnrolment) => void }) {
  const { t } = useTranslation('coordinator');
  const { onSessionLost } = useCoordinatorSession();
  const [deviceName, setDeviceName] = useState('');
  const [expiresInMinutes, setExpiresInMinutes] = useState<number>(DEFAULT_EXPIRY_MINUTES);
  const [error, setError] = useState<unknown>(null);
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
      setError(caught);
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
      {error !== null && (
        <p className="error" role="alert">
          <ApiErrorText error={error} />
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
                  {enrolment.deviceName ? (
                    <bdi className="coord-name" title={enrolment.deviceName}>
                      {enrolment.deviceName}
                    </bdi>
                  ) : <span className="muted">{t('enrolment.unnamed')}</span>}
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


/** How often the open enrolments are asked for while a new code is on screen: it goes soon after use. */
const SHOWN_CODE_POLL_MS = 5_000;

/**
 * The enrolment part of the devices page. `onCodeGone` hears when the code on screen was used or
 * expired, so the page can say so and show the new device.
 */
export function EnrolmentsSection({
  enrolments,
  announce,
  onCodeUsed,
}: {
  enrolments: ApiResource<OpenEnrolment[]>;
  announce: (text: string) => void;
  onCodeUsed: () => void;
}) {
  const { t } = useTranslation('coordinator');
  const { onSessionLost } = useCoordinatorSession();
  const [created, setCreated] = useState<CreatedEnrolment | null>(null);
  // Codes exist only when created: the server keeps their hashes. This page remembers the ones it made.
  const [knownCodes, setKnownCodes] = useState<ReadonlyMap<string, string>>(new Map());
  const [deletingId, setDeletingId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const reloadEnrolments = enrolments.reload;
  const headingRef = useRef<HTMLHeadingElement>(null);

  // While a code is on screen, look often whether a tablet has used it; also when the coordinator
  // comes back to this window (the tablet is usually enrolled while the page is in the background).
  useEffect(() => {
    if (created === null) return;
    const timer = window.setInterval(reloadEnrolments, SHOWN_CODE_POLL_MS);
    window.addEventListener('focus', reloadEnrolments);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', reloadEnrolments);
    };
  }, [created, reloadEnrolments]);

  // A shown code no longer open was used or has expired: it disappears with its QR code. (Only
  // once a list has shown it open: the list loaded before the code was made never had it.)
  const open = enrolments.data;
  const seenOpen = useRef<string | null>(null);
  useEffect(() => {
    if (created === null || open === undefined) return;
    if (open.some((enrolment) => enrolment.id === created.id)) {
      seenOpen.current = created.id;
      return;
    }
    if (seenOpen.current !== created.id) return;
    const expired = Date.parse(created.expiresAt) <= Date.now();
    setCreated(null);
    announce(expired ? t('enrolment.codeExpired', { code: created.code }) : t('enrolment.codeUsed', { code: created.code }));
    if (!expired) onCodeUsed();
  }, [open, created, announce, onCodeUsed, t]);

  const onCreated = (enrolment: CreatedEnrolment) => {
    setKnownCodes((codes) => new Map(codes).set(enrolment.id, enrolment.code));
    setCreated(enrolment);
    announce('');
    reloadEnrolments();
  };

  const dismissCreated = () => {
    setCreated(null);
    window.requestAnimationFrame(() => headingRef.current?.focus());
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
      setActionError(error);
    } finally {
      setDeletingId(null);
      reloadEnrolments();
    }
  };

  return (
    <>
      <div className="coord-enrol-area">
        <EnrolmentForm onCreated={onCreated} />
        {created && <NewEnrolment enrolment={created} onDismiss={dismissCreated} />}
      </div>

      <h2 id="coord-open-enrolments-title" ref={headingRef} tabIndex={-1}>
        {t('enrolment.openTitle')}
      </h2>
      <p className="muted">{t('enrolment.codesNotStored')}</p>
      {actionError !== null && (
        <p className="error" role="alert">
          <ApiErrorText error={actionError} />
        </p>
      )}
      {enrolments.error ? (
        <ApiErrorMessage error={enrolments.error} onRetry={reloadEnrolments} />
      ) : enrolments.data === undefined ? (
        <Loading />
      ) : (
        <OpenEnrolments enrolments={enrolments.data} knownCodes={knownCodes} onDelete={(enrolment) => void deleteEnrolment(enrolment)} deletingId={deletingId} />
      )}
    </>
  );
}
