import { useEffect, useRef, useState, type DependencyList } from 'react';
import { watch } from '../data';
import { markOnce } from './perf-marks';
import { whenSettled } from './first-screen';

/** navigator.onLine, kept current by the online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/**
 * The latest value of a live read of src/data (`watch`), read again whenever what it read
 * changes; undefined until the first value. When `deps` change, the previous value stays until
 * the new read answers, so a screen does not flash back to "loading". A failed read is thrown
 * to the nearest error boundary.
 */
export function useWatched<T>(read: () => Promise<T>, deps: DependencyList, kept?: () => T | undefined): T | undefined {
  // `kept`: what the read would answer, when it is known without asking (data kept in memory and
  // dropped on any change, issue #15). The first render has it, and the live read that follows
  // changes starts once the screen is shown, not in the CPU the first render needs.
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>(() => ({ value: kept?.(), error: null }));
  // Read on the first render only: whether that render had a kept value.
  const startLater = useRef(state.value !== undefined);
  useEffect(() => {
    const subscribe = () =>
      watch(read).subscribe(
        (value) => {
          markOnce('db-answer');
          setState((previous) => (previous.error === null && previous.value === value ? previous : { value, error: null }));
        },
        (error) => setState((previous) => ({ ...previous, error })),
      );
    if (startLater.current) {
      startLater.current = false;
      let stop: (() => void) | null = null;
      let cancelled = false;
      whenSettled(() => {
        if (!cancelled) stop = subscribe();
      });
      return () => {
        cancelled = true;
        stop?.();
      };
    }
    markOnce('db-read');
    return subscribe();
  },
    // The caller names what the read depends on, as with useEffect itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    deps,
  );
  if (state.error !== null) throw state.error;
  return state.value;
}
