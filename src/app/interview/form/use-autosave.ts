/**
 * The autosave queue bound to the page: flushed at once when the tablet hides the page (screen
 * off, app switch) or unloads it, and when the form stage goes away.
 */
import { useEffect, useRef, useState } from 'react';
import { createAutosaveQueue, type AutosaveQueue, type AutosaveState } from './autosave-queue';

/** A change reaches storage at most this long after it was made (plus the save itself). */
export const AUTOSAVE_DELAY_MS = 200;

export function useAutosave<T>(
  save: (snapshot: T) => Promise<void>,
  keyOf: (snapshot: T) => string,
  savedKey: string,
): { state: AutosaveState; queue: AutosaveQueue<T> } {
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);
  const [state, setState] = useState<AutosaveState>({ status: 'idle', error: null, savedAt: null });
  const [queue] = useState(() =>
    createAutosaveQueue<T>({ save: (snapshot) => saveRef.current(snapshot), keyOf, savedKey, delayMs: AUTOSAVE_DELAY_MS, onChange: setState }),
  );

  useEffect(() => {
    const flush = () => void queue.flush();
    const onVisibilityChange = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onVisibilityChange);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [queue]);

  return { state, queue };
}
