/** Small pieces the coordinator pages share: formatting, error texts, badges, table frames. */
import { useCallback, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeRef, RejectionCode } from '../../core/sync/index';
import { formatDateTime } from '../format';
import { coordinatorApi, isCoordinatorApiError, type ConsentStatus, type Device, type EntryOutcome, type EntryStatus, type RecordSummary } from './api';
import { useApiResource } from './use-api-resource';

export function useUiLocale(): string {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage ?? i18n.language;
}

/** A server time in the UI locale, or the given fallback text when there is none. */
export function DateTime({ iso, fallback }: { iso: string | null; fallback?: string }) {
  const locale = useUiLocale();
  if (iso === null) return <span className="muted">{fallback ?? '—'}</span>;
  return <time dateTime={iso}>{formatDateTime(iso, locale)}</time>;
}

/**
 * Server error codes the coordinator pages can meet, each said in the UI language
 * (`errors.codes.*`). Anything else is named by its HTTP status and code; the server's own
 * sentence (English) is never the message, only the technical detail beneath it.
 */
const translatedErrorCodes = [
  'network',
  'invalid_response',
  'unauthenticated',
  'not_found',
  'bad_request',
  'invalid_artifact',
  'artifact_immutable',
  'reference_missing',
  'name_taken',
  'too_many_attempts',
  'setup_done',
  'invalid_setup_token',
  'invalid_credentials',
  'weak_password',
  'internal_error',
  'database_unavailable',
  'storage_full',
  'payload_too_large',
  'invalid_settings',
  'settings_missing',
  'settings_in_use',
  'forbidden',
  'last_admin',
  'account_disabled',
  'invalid_password_link',
] as const;
type TranslatedErrorCode = (typeof translatedErrorCodes)[number];

function isTranslatedErrorCode(code: string): code is TranslatedErrorCode {
  return (translatedErrorCodes as readonly string[]).includes(code);
}

/** The text for a failed request, in the UI language; the callers handle their own special codes first. */
export function useApiErrorText(): (error: unknown) => string {
  const { t } = useTranslation('coordinator');
  return useCallback(
    (error: unknown) => {
      if (!isCoordinatorApiError(error)) return t('errors.codes.invalid_response');
      if (isTranslatedErrorCode(error.code)) return t(`errors.codes.${error.code}`);
      return t('errors.server', { status: error.status, code: error.code });
    },
    [t],
  );
}

/**
 * A failed request as a person reads it: what went wrong in the UI language, and beneath, smaller,
 * the technical detail (the server's or the browser's own words) for whoever supports them.
 */
export function ApiErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation('coordinator');
  const text = useApiErrorText()(error);
  const detail = error instanceof Error ? error.message : null;
  return (
    <span>
      {text}
      {detail && (
        <small className="muted failure-detail" data-testid="error-detail">
          {t('errors.detail')} <span lang="en">{detail}</span>
        </small>
      )}
    </span>
  );
}

export function ApiErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('coordinator');
  return (
    <div className="banner banner--danger" role="alert">
      <ApiErrorText error={error} />
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation('coordinator');
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

const badgeModifier: Record<EntryStatus, string> = {
  applied: 'synced',
  duplicate: 'synced',
  conflict: 'conflict',
  rejected: 'rejected',
};

export function OutcomeBadge({ status }: { status: EntryStatus }) {
  const { t } = useTranslation('coordinator');
  return <span className={`status-badge status-badge--${badgeModifier[status]}`}>{t(`outcome.${status}`)}</span>;
}

export function RejectionCodeLabel({ code }: { code: RejectionCode }) {
  const { t } = useTranslation('coordinator');
  return (
    <span className="coord-code-label">
      {t(`rejection.${code}`)} <code>{code}</code>
    </span>
  );
}

export function ConsentStatusLabel({ status }: { status: ConsentStatus | null }) {
  const { t } = useTranslation('coordinator');
  return status === null ? <span className="muted">{t('consent.unknown')}</span> : <>{t(`consent.${status}`)}</>;
}

/** `notice@2`, and the language by name in the UI language with its tag. */
export function NoticeLabel({ noticeRef }: { noticeRef: NoticeRef }) {
  const { t } = useTranslation('coordinator');
  const locale = useUiLocale();
  let languageName: string | undefined;
  try {
    languageName = new Intl.DisplayNames([locale], { type: 'language' }).of(noticeRef.lang);
  } catch {
    languageName = undefined;
  }
  return <>{t('records.noticeLabel', { ref: `${noticeRef.id}@${noticeRef.version}`, language: languageName ?? noticeRef.lang, lang: noticeRef.lang })}</>;
}

export function FormRefLabel({ formRef }: { formRef: string | null }) {
  const { t } = useTranslation('coordinator');
  return formRef === null ? <span className="muted">{t('records.noForm')}</span> : <code>{formRef}</code>;
}

/** The first block of a UUID: enough to tell records apart in a table. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="coord-sr-only">{children}</span>;
}

/**
 * A table that may be wider than the screen scrolls inside this region, which
 * can take focus so keyboard users can scroll it too.
 */
export function TableRegion({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="coord-table-region" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * Moves focus to the first heading in `container` whenever `key` changes after
 * the first render, so a screen reader announces the new view. (The app focuses
 * <main> when the route changes; moves between coordinator views keep the route.)
 */
export function useFocusHeadingOnChange(container: RefObject<HTMLElement | null>, key: string): void {
  const previous = useRef(key);
  useEffect(() => {
    if (previous.current === key) return;
    previous.current = key;
    container.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [key, container]);
}

/** Device names by id, for entries that carry only the id. */
export function useDeviceNames(): ReadonlyMap<string, string> {
  const devices = useApiResource('devices', coordinatorApi.devices);
  return new Map((devices.data ?? []).map((device: Device) => [device.id, device.name]));
}

export function DeviceName({ deviceId, names }: { deviceId: string; names: ReadonlyMap<string, string> }) {
  const { t } = useTranslation('coordinator');
  const name = names.get(deviceId);
  return name === undefined ? <span className="muted">{t('records.unknownDevice', { id: shortId(deviceId) })}</span> : <bdi>{name}</bdi>;
}

/** A person's name, Latin transliteration and original script, each in its own direction. */
export function PersonNameText({ name }: { name: RecordSummary['name'] }) {
  const { t } = useTranslation('coordinator');
  if (name === null) return <span className="muted">{t('records.noName')}</span>;
  return (
    <span className="coord-person">
      {name.latin !== null && <bdi dir="auto">{name.latin}</bdi>}
      {name.original !== null && (
        <bdi dir="auto" className="coord-person__original">
          {name.original}
        </bdi>
      )}
    </span>
  );
}

export function OutcomeDetails({ outcome }: { outcome: Pick<EntryOutcome, 'status' | 'code' | 'message'> }) {
  return (
    <span className="coord-outcome">
      <OutcomeBadge status={outcome.status} />
      {outcome.code && <RejectionCodeLabel code={outcome.code} />}
      {/* Server messages are written in English. */}
      {outcome.message && (
        <span className="coord-outcome__message" lang="en">
          {outcome.message}
        </span>
      )}
    </span>
  );
}

