/**
 * Service-worker registration through workbox-window. A new version waits until the
 * user accepts it; while an interview is open it is not even offered, so a form
 * never reloads under the interviewer's hands. workbox-window loads with the registration, after
 * the first screen is usable (main.tsx): the first screen does not wait for it (issue #15).
 */
import type { Workbox } from 'workbox-window';

export interface UpdateState {
  /** A new service worker is installed and waiting. */
  updateWaiting: boolean;
  /** The app shell is cached: it will start without a network. */
  offlineReady: boolean;
}

let state: UpdateState = { updateWaiting: false, offlineReady: false };
const listeners = new Set<() => void>();
let workbox: Workbox | undefined;

function setState(next: Partial<UpdateState>): void {
  state = { ...state, ...next };
  listeners.forEach((listener) => listener());
}

export function subscribeUpdateState(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getUpdateState(): UpdateState {
  return state;
}

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => setState({ updateWaiting: true }));
  workbox.addEventListener('installed', (event) => {
    if (!event.isUpdate) setState({ offlineReady: true });
  });
  void workbox.register();
  // Look for a new version now and then while the app stays open.
  window.setInterval(() => void workbox?.update(), 60 * 60 * 1000);
}

/** Only called by the update banner after the user chose "update". */
export function applyUpdate(): void {
  // Reload once the new worker has taken over. Listening on the container (not on
  // workbox's 'controlling') also covers updates found later by registration.update(),
  // which workbox-window reports as "external".
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  workbox?.messageSkipWaiting();
}
