/**
 * The page's one sync scheduler, started after the first render, and a hook for its state.
 */
import { useSyncExternalStore } from 'react';
import { database, startSyncScheduler, type SyncRunState, type SyncScheduler } from '../data';

let scheduler: SyncScheduler | undefined;

export function syncScheduler(): SyncScheduler {
  if (!scheduler) {
    const started = startSyncScheduler(database());
    // Marked lost (issue #12): the run sent everything and deleted the database; start afresh.
    started.subscribe(() => {
      if (started.getState().lastOutcome?.kind === 'wiped') window.location.replace('/');
    });
    scheduler = started;
  }
  return scheduler;
}

export function useSyncRunState(): SyncRunState {
  const instance = syncScheduler();
  return useSyncExternalStore(instance.subscribe, instance.getState);
}
