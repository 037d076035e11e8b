/**
 * When the form is written to storage. A change is saved at most `delayMs` after it was made —
 * typing on does not postpone it — one save at a time, always the newest snapshot, and never
 * a snapshot equal to what storage already holds. A failed save keeps its snapshot (the
 * answers stay in memory) and is tried again with the next change, `flush()` or `retry()`.
 * No React and no storage here, so the rules can be tested with fake timers.
 */

export interface AutosaveState {
  /** `pending`: a change waits for its save; `saving`: a save is running; `idle`: nothing to do. */
  readonly status: 'idle' | 'pending' | 'saving';
  /** Why the last save failed; null once a save succeeded again. */
  readonly error: unknown;
  /** When storage last confirmed a save (ms since epoch), null before the first. */
  readonly savedAt: number | null;
}

export interface AutosaveQueue<T> {
  /** A new state of the form; saved within `delayMs` unless storage already holds it. */
  schedule(snapshot: T): void;
  /** Saves what is waiting now (also a failed snapshot); true when storage holds the newest state. */
  flush(): Promise<boolean>;
  /** Stops the timer; what was not saved yet is not saved. */
  dispose(): void;
  readonly state: AutosaveState;
}

export interface AutosaveOptions<T> {
  save: (snapshot: T) => Promise<void>;
  /** Equal keys mean equal content. */
  keyOf: (snapshot: T) => string;
  /** The key of what storage holds at the start. */
  savedKey: string;
  delayMs: number;
  onChange?: (state: AutosaveState) => void;
  now?: () => number;
}

interface Job<T> {
  snapshot: T;
  key: string;
}

export function createAutosaveQueue<T>(options: AutosaveOptions<T>): AutosaveQueue<T> {
  const now = options.now ?? Date.now;
  let state: AutosaveState = { status: 'idle', error: null, savedAt: null };
  let latestKey = options.savedKey;
  let pending: Job<T> | null = null;
  let failed: Job<T> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;

  const update = (change: Partial<AutosaveState>) => {
    state = { ...state, ...change };
    options.onChange?.(state);
  };

  const clearTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  async function saveWaitingJobs(): Promise<void> {
    while (pending !== null) {
      const job: Job<T> = pending;
      pending = null;
      update({ status: 'saving' });
      try {
        await options.save(job.snapshot);
        failed = null;
        update({ status: pending === null ? 'idle' : 'saving', error: null, savedAt: now() });
      } catch (error) {
        // A newer snapshot supersedes the failed one; otherwise keep it for the next attempt.
        if (pending === null) failed = job;
        update({ status: pending === null ? 'idle' : 'saving', error });
      }
    }
  }

  function drain(): Promise<void> {
    if (running !== null) return running.then(() => (pending !== null ? drain() : undefined));
    if (pending === null) return Promise.resolve();
    running = saveWaitingJobs().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    get state() {
      return state;
    },
    schedule(snapshot) {
      const key = options.keyOf(snapshot);
      if (key === latestKey) return;
      latestKey = key;
      pending = { snapshot, key };
      failed = null;
      if (running === null) update({ status: 'pending' });
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          void drain();
        }, options.delayMs);
      }
    },
    async flush() {
      clearTimer();
      if (pending === null && failed !== null) pending = failed;
      await drain();
      return pending === null && failed === null;
    },
    dispose() {
      clearTimer();
    },
  };
}
