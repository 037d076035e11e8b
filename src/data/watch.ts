/**
 * Live reads for the UI without handing it Dexie: `watch` runs a read of this module's
 * functions and runs it again whenever a table it read changes (Dexie's liveQuery). The app
 * wraps it in its own hook (`useWatched` in src/app/hooks.ts), so neither Dexie nor its React
 * hooks cross into src/app.
 */
import { liveQuery } from 'dexie';

/** A read that reports its value now and after every change to what it read. */
export interface Watched<T> {
  /** Starts watching; the returned function stops it. */
  subscribe(onValue: (value: T) => void, onError: (error: unknown) => void): () => void;
}

export function watch<T>(read: () => Promise<T>): Watched<T> {
  return {
    subscribe(onValue, onError) {
      const subscription = liveQuery(read).subscribe({ next: onValue, error: onError });
      return () => subscription.unsubscribe();
    },
  };
}
