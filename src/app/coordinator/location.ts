/**
 * Query parameters of the coordinator pages (`?device=`, `?record=`).
 * The app's router keys on the pathname only, so a change of the query alone
 * would not re-render anything: these pages navigate through `goTo`, which
 * also tells the query's subscribers.
 */
import { useSyncExternalStore } from 'react';
import { navigate } from '../router';

const searchListeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  searchListeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    searchListeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function goTo(href: string, options: { replace?: boolean } = {}): void {
  navigate(href, options);
  searchListeners.forEach((listener) => listener());
}

export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search, () => '');
}

/** The current value of one query parameter, or null. */
export function useSearchParam(name: string): string | null {
  return new URLSearchParams(useLocationSearch()).get(name);
}

/** Where to go after signing in: only a coordinator page of this app, never another origin. */
export function safeReturnPath(value: string | null): string | null {
  if (!value || !value.startsWith('/coordinator') || value.startsWith('/coordinator/login')) return null;
  return value;
}

export const coordinatorPaths = {
  login: '/coordinator/login',
  devices: '/coordinator/devices',
  records: '/coordinator/records',
  content: '/coordinator/content',
  deviceRecords: (deviceId: string) => `/coordinator/records?device=${encodeURIComponent(deviceId)}`,
  record: (recordId: string, deviceId?: string | null) =>
    `/coordinator/records?${new URLSearchParams({ ...(deviceId ? { device: deviceId } : {}), record: recordId }).toString()}`,
};
