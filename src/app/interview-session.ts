/**
 * Whether an interview is open right now. The update banner reads it, so that a new
 * app version is never applied in the middle of an interview.
 */
import { useSyncExternalStore } from 'react';

let openInterviews = 0;
const listeners = new Set<() => void>();

export function markInterviewOpen(): () => void {
  openInterviews += 1;
  listeners.forEach((listener) => listener());
  return () => {
    openInterviews -= 1;
    listeners.forEach((listener) => listener());
  };
}

export function useInterviewOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => openInterviews > 0,
  );
}
