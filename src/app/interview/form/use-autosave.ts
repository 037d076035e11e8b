/**
 * The autosave queue bound to the page: flushed at once when the tablet hides the page (screen
 * off, app switch) or unloads it, and when the form stage goes away.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createAutosaveQueue, type AutosaveQueue, type AutosaveState } from './autosave-queue';

/** A change reaches storage at most this long after it was made (plus the save itself). */
export const AUTOSAVE_DELAY_MS = 200;

/** The queue and a way to be told when its state changes, without re-rendering the caller. */
export interface AutosaveHandle<T> {
  queue: AutosaveQueue<T>;
  subscribe(listener: () => void): () => void;
}

/**
 * The queue alone: the caller does not re-render when a save starts or ends. The form stage is big
 * (every question of a section); re-rendering it for "saving…" and "saved" ran on the main thread
 * while the save's IndexedDB transaction waited to commit (bench/: autosave). Only what shows the
 * state subscribes to it (`useAutosaveState`).
 */
export function useAutosaveQueue<T>(save: (snapshot: T) => Promise<void>, keyOf: (snapshot: T) => string, savedKey: string): AutosaveHandle<T> {
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  }, [save]);
  const [handle] = useState<AutosaveHandle<T>>(() => {
    const listeners = new Set<() => void>();
    const queue = createAutosaveQueue<T>({
      save: (snapshot) => saveRef.current(snapshot),
      keyOf,
      savedKey,
      delayMs: AUTOSAVE_DELAY_MS,
      onChange: () => {
        for (const listener of [...listeners]) listener();
      },
    });
    return {
      queue,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  });
  const { queue } = handle;
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

  return handle;
}

/** The part of the queue's state a component shows; it re-renders only when that part changes. */
export function useAutosaveState<T, S>(handle: AutosaveHandle<T>, select: (state: AutosaveState) => S): S {
  return useSyncExternalStore(handle.subscribe, () => select(handle.queue.state));
}

export function useAutosave<T>(
  save: (snapshot: T) => Promise<void>,
  keyOf: (snapshot: T) => string,
  savedKey: string,
): { state: AutosaveState; queue: AutosaveQueue<T> } {
  const handle = useAutosaveQueue(save, keyOf, savedKey);
  const state = useAutosaveState(handle, (current) => current);
  return { state, queue: handle.queue };
}
