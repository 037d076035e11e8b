/**
 * Hand-over mode (issue #12 item 5). While the applicant holds the tablet only their interview's
 * view is shown: any other path (a link, the back button, a typed URL, a reload, a new tab) is
 * replaced by that interview, the navigation is hidden, and leaving needs the interviewer's secret
 * (`unlock`, counted like every unlock attempt). The mode lives in IndexedDB (`meta.handover`),
 * so every tab and every start sees it before anything else is shown.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { database, handoverState, onHandoverChange, startHandover, type Handover } from '../../data';
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

/** The mode ended (the interviewer's secret given on the hand-over bar, HandoverBar.tsx). */
export function handoverEnded(): void {
  setKnown(null);
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
