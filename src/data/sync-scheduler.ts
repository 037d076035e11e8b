/**
 * When sync runs: at app start, when the browser comes online, on a timer while online,
 * and when someone presses "Sync now". Failures that may pass (network, 5xx, 429) are
 * retried with exponential backoff and full jitter, capped at 5 minutes. A refused token
 * stops the schedule until the device is enrolled again.
 *
 * The state is a small store the UI subscribes to (progress bar, last outcome).
 */
import type { LotseDatabase } from './db';
import { syncNow } from './sync-client';
import { failureOf, type SyncConfig, type SyncOutcome, type SyncProgress } from './sync-types';

export interface SyncRunState {
  running: boolean;
  progress: SyncProgress | null;
  lastOutcome: SyncOutcome | null;
  lastFinishedAt: string | null;
  /** When the next automatic attempt is due (ms since epoch), if one is planned. */
  nextAttemptAt: number | null;
}

const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60 * 1000;
const PERIODIC_MS = 5 * 60 * 1000;

/** Full jitter: a random delay between 0 and the capped exponential bound. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(bound / 2 + (random() * bound) / 2);
}

export interface SyncScheduler {
  getState(): SyncRunState;
  subscribe(listener: () => void): () => void;
  /** Runs now (or joins the run in progress) and resolves with its outcome. */
  syncNow(): Promise<SyncOutcome>;
  stop(): void;
}

export function startSyncScheduler(db: LotseDatabase, config: Omit<SyncConfig, 'onProgress'> = {}): SyncScheduler {
  let state: SyncRunState = { running: false, progress: null, lastOutcome: null, lastFinishedAt: null, nextAttemptAt: null };
  const listeners = new Set<() => void>();
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<SyncOutcome> | undefined;
  let stopped = false;

  const set = (next: Partial<SyncRunState>) => {
    state = { ...state, ...next };
    listeners.forEach((listener) => listener());
  };

  const plan = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
    set({ nextAttemptAt: Date.now() + delay });
  };

  const run = (): Promise<SyncOutcome> => {
    if (current) return current;
    set({ running: true, progress: null, nextAttemptAt: null });
    current = syncNow(db, { ...config, onProgress: (progress) => set({ progress }) })
      // A run that throws (storage failing under it) is a failed run: the next one is planned all the same.
      .catch((error: unknown): SyncOutcome => ({ kind: 'failed', ...failureOf(error) }))
      .then((outcome) => {
        current = undefined;
        if (outcome.kind === 'retry_later') {
          failures += 1;
          plan(Math.max(outcome.retryAfterMs ?? 0, backoffDelay(failures)));
        } else {
          failures = 0;
          if (outcome.kind !== 'auth_refused' && outcome.kind !== 'not_enrolled' && (typeof navigator === 'undefined' || navigator.onLine)) plan(PERIODIC_MS);
        }
        set({ running: false, lastOutcome: outcome, lastFinishedAt: new Date().toISOString() });
        return outcome;
      });
    return current;
  };

  const onOnline = () => {
    failures = 0;
    void run();
  };
  const onOffline = () => {
    if (timer) clearTimeout(timer);
    set({ nextAttemptAt: null });
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
  }
  // App start.
  if (typeof navigator === 'undefined' || navigator.onLine) void run();

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow: () => {
      failures = 0;
      return run();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', onOnline);
        window.removeEventListener('offline', onOffline);
      }
    },
  };
}
