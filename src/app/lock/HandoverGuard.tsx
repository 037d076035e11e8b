/**
 * Hand-over mode (issue #12 item 5). While the applicant holds the tablet only their interview's
 * view is shown: any other path (a link, the back button, a typed URL, a reload, a new tab) is
 * replaced by that interview, the navigation is hidden, and leaving needs the interviewer's secret
 * (`unlock`, counted like every unlock attempt). The mode lives in IndexedDB (`meta.handover`),
 * so every tab and every start sees it before anything else is shown.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { database, endHandover, handoverState, MAX_UNLOCK_ATTEMPTS, onHandoverChange, startHandover, unlock, type Handover } from '../../data';
import { navigate, usePath } from '../router';

let known: Handover | null | undefined;
const listeners = new Set<(handover: Handover | null) => void>();

function setKnown(handover: Handover | null): void {
  known = handover;
  for (const listener of [...listeners]) listener(handover);
}

/** The hand-over state, read from IndexedDB once per page and followed across tabs; undefined while loading. */
export function useHandover(): Handover | null | undefined {
  const [handover, setHandover] = useState<Handover | null | undefined>(known);
  useEffect(() => {
    listeners.add(setHandover);
    const stop = onHandoverChange(setKnown);
    if (known === undefined) void handoverState(database()).then(setKnown, () => setKnown(null));
    return () => {
      listeners.delete(setHandover);
      stop();
    };
  }, []);
  return handover;
}

export async function beginHandover(recordId: string): Promise<void> {
  setKnown(await startHandover(database(), recordId));
  navigate(`/interviews/${recordId}`, { replace: true });
}

export function HandoverGuard({ children }: { children: (handover: Handover | null) => ReactNode }) {
  const handover = useHandover();
  const path = usePath();
  const target = handover ? `/interviews/${handover.recordId}` : null;
  useEffect(() => {
    if (target && path !== target) navigate(target, { replace: true });
  }, [target, path]);
  // Nothing is shown until the mode is known: a reload in hand-over must not flash the list.
  if (handover === undefined) return null;
  if (target && path !== target) return null;
  return <>{children(handover)}</>;
}

/** The bar the applicant sees: the tablet goes back to the interviewer with their secret. */
export function HandoverBar() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!secret) return setMessage(t('handoverMode.required'));
    setBusy(true);
    setMessage(null);
    try {
      const result = await unlock(database(), secret);
      setSecret('');
      if (result.ok) {
        await endHandover(database());
        setKnown(null);
        return;
      }
      if (result.reason === 'wrong_secret') setMessage(t('handoverMode.wrong', { count: MAX_UNLOCK_ATTEMPTS - result.attempts }));
      else if (result.reason === 'wait') setMessage(t('handoverMode.wait', { count: Math.ceil((result.retryAfterMs ?? 0) / 1000) }));
      else setMessage(t('handoverMode.recovery'));
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="banner handover-bar" role="region" aria-label={t('handoverMode.label')} data-testid="handover-bar">
      <p>{t('handoverMode.active')}</p>
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('handoverMode.giveBack')}
        </button>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="handover-bar__form">
          <label className="field">
            <span className="field__label">{t('handoverMode.secret')}</span>
            <input className="input" type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="current-password" autoFocus />
          </label>
          {message && (
            <p className="error" role="alert" data-testid="handover-error">
              {message}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('handoverMode.end')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('handoverMode.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** The interviewer's button on an interview: hands the tablet to the applicant. */
export function StartHandoverButton({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button" onClick={() => void beginHandover(recordId)} data-testid="start-handover">
      {t('handoverMode.start')}
    </button>
  );
}
