/**
 * The page's one sync scheduler, started after the first render, and a hook for its state.
 */
import { useSyncExternalStore } from 'react';
import { database, startSyncScheduler, type SyncRunState, type SyncScheduler } from '../data';

let scheduler: SyncScheduler | undefined;

export function syncScheduler(): SyncScheduler {
  scheduler ??= startSyncScheduler(database());
  return scheduler;
}

export function useSyncRunState(): SyncRunState {
  const instance = syncScheduler();
  return useSyncExternalStore(instance.subscribe, instance.getState);
}
