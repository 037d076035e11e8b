/**
 * The app itself — React, Dexie, the screens' frame — started by main.tsx once the first screen is
 * decided (and, on a locked tablet, already drawn without React: lock/boot-unlock.ts).
 */
// First: configures zod before any imported module builds a schema.
import './zod-without-eval';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { registerServiceWorker } from './pwa/service-worker';
import { App, preloadScreen } from './App';
import { matchRoute } from './router';
import { markOnce } from './perf-marks';
import { whenSettled } from './first-screen';
import { database, getMeta } from '../data';

export function startApp(i18n: I18n, root: HTMLElement): void {
  markOnce('app');
  // The hooks' defaults (useSuspense) and the instance for components outside the provider.
  initReactI18next.init(i18n);
  preloadScreen(matchRoute(window.location.pathname), i18n);
  const reactRoot = createRoot(root);
  // As a transition, the first render is time-sliced: React yields to the browser every few
  // milliseconds instead of holding the main thread for the whole tree (one long task on a slow
  // tablet, and Lighthouse's Total Blocking Time) — and to the interviewer typing the passphrase
  // into the early unlock screen meanwhile.
  startTransition(() =>
    reactRoot.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <App />
        </I18nextProvider>
      </StrictMode>,
    ),
  );
  // The service worker (and workbox-window) once the first screen is usable: the app is already
  // running from the cache when there is one, and a first visit gets it a moment later.
  whenSettled(() => void registerServiceWorker().catch(() => undefined));
  // App start is one of the sync triggers (the others: online, timer, "Sync now").
  // The sync client loads once the first screen is usable and the browser is idle (first-screen.ts); offline, only
  // once the browser is online (it could not sync before, and loading it would slow the start);
  // and only on an enrolled tablet: before enrolment there is nothing it could do (enrolling
  // starts it, EnrolScreen), and building its schemas was the longest task of a first start.
  const startSync = () =>
    void getMeta(database(), 'deviceId')
      .then((deviceId) => (deviceId ? import('./sync').then(({ syncScheduler }) => void syncScheduler()) : undefined))
      .catch(() => undefined);
  const whenIdle = () => whenSettled(startSync);
  if (navigator.onLine) whenIdle();
  else window.addEventListener('online', whenIdle, { once: true });
}
