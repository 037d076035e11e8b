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

interface BackgroundScheduler {
  postTask(work: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Runs `work` in a task of its own at background priority: after input, rendering and every
 * other task the page has queued, but — unlike `whenIdle` — also while a person types. Chromium
 * grants no idle period between keystrokes (a passphrase typed at ten keys a second): idle
 * callbacks asked for behind the unlock screen ran only when their timeout came, two seconds
 * later, most of them after the unlock (issue #15, traced at 4× CPU). Keep `work` short (a
 * keystroke that arrives meanwhile waits for it). Without `scheduler.postTask`, a task of its own.
 */
export function inBackground(work: () => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<BackgroundScheduler> }).scheduler;
  if (typeof scheduler?.postTask !== 'function') {
    setTimeout(work, 0);
    return;
  }
  // An error in `work` is reported as an uncaught error, as it would be from a timer.
  void scheduler.postTask(work, { priority: 'background' }).catch((error: unknown) => {
    setTimeout(() => {
      throw error;
    }, 0);
  });
}

/** Runs `work` once the first screen is ready and the browser is idle after it. */
export function whenSettled(work: () => void): void {
  void afterFirstScreen().then(() => whenIdle(work, 10_000));
}
