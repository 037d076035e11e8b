/**
 * Work that can wait — loading the sync client at start — waits until the screen the app opened
 * on can be used, so it never competes with that screen for the (slow) CPU: the home screen
 * once its list is read, an interview once its stage is shown. Screens that do not say so are
 * taken as ready after a few seconds.
 */
import { useEffect } from 'react';

const FALLBACK_MS = 5000;

let ready = false;
const waiting: (() => void)[] = [];

/** Called by a screen (or stage) when it is usable; only the first call counts. */
export function firstScreenReady(): void {
  if (ready) return;
  ready = true;
  waiting.splice(0).forEach((resolve) => resolve());
}

/** The hook form: marks the first screen ready once `when` is true (after that render is committed). */
export function useFirstScreenReady(when = true): void {
  useEffect(() => {
    if (when) firstScreenReady();
  }, [when]);
}

/** Resolves once the first screen is ready, or after a few seconds without word from it. */
export function afterFirstScreen(): Promise<void> {
  if (ready) return Promise.resolve();
  return new Promise((resolve) => {
    waiting.push(resolve);
    setTimeout(firstScreenReady, FALLBACK_MS);
  });
}

/** Runs `work` when the browser is idle, at the latest after `timeoutMs` (a task of its own where there is no idle callback). */
export function whenIdle(work: () => void, timeoutMs: number): void {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(work, { timeout: timeoutMs });
  else setTimeout(work, 0);
}

/** Runs `work` once the first screen is ready and the browser is idle after it. */
export function whenSettled(work: () => void): void {
  void afterFirstScreen().then(() => whenIdle(work, 10_000));
}
