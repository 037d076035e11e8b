import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchRoute, usePath, type Route } from './router';
import { navItems, ungatedRoutes } from './routes';
import { useOnline } from './hooks';
import { LanguageSwitch } from './components/LanguageSwitch';
import { UpdateBanner } from './components/UpdateBanner';
import { NotFoundScreen } from './screens/NotFoundScreen';
import { LockGate } from './lock/LockGate';
import { LockButton, useAutoLock } from './lock/AutoLock';
import { HandoverGuard } from './lock/HandoverGuard';
import { wipedNotice } from '../data';
import { Deferred, deferredPart, type DeferredPart } from './deferred-part';
import type { i18n as I18n } from 'i18next';

const WipedScreen = lazy(() => import('./screens/WipedScreen').then((m) => ({ default: m.WipedScreen })));

// Every screen is its own chunk (precached for offline use), so starting the app stays cheap on
// slow tablets and an interview opened directly does not load the home screen (issue #15); the
// chunk of the screen the app opens on loads during start-up (preloadScreen), behind the unlock.
// As deferred parts, not React.lazy: a screen already loaded renders at once. A lazy component
// suspends once even then, and React holds back what a Suspense fallback was shown for by up to
// 300 ms — after the unlock, before the interview screen and again before its form.
const screens = {
  home: deferredPart(() => import('./screens/HomeScreen')),
  settings: deferredPart(() => import('./screens/SettingsScreen')),
  sync: deferredPart(() => import('./screens/SyncScreen')),
  enrol: deferredPart(() => import('./screens/EnrolScreen')),
  newInterview: deferredPart(() => import('./interview/NewInterviewScreen')),
  interview: deferredPart(() => import('./interview/InterviewScreen')),
  receipt: deferredPart(() => import('./interview/ReceiptScreen')),
  coordinator: deferredPart(() => import('./coordinator/CoordinatorScreen')),
} satisfies Partial<Record<Route['name'], DeferredPart<unknown>>>;

/** The bar shown in hand-over mode only (lock/HandoverBar.tsx). */
const handoverBarPart = deferredPart(() => import('./lock/HandoverBar'));

/**
 * Starts loading the chunk of the screen the app opens on (a reload of an interview, say) while
 * the UI strings load and the unlock screen waits for the passphrase, instead of after the first
 * render asks for it; an interview also loads its stages then (`preloadStages`).
 */
export function preloadScreen(route: Route, i18n: I18n): void {
  if (route.name === 'interview') {
    void screens.interview.preload().then((screen) => screen.preloadStages(i18n, route.recordId), () => undefined);
    return;
  }
  if (Object.hasOwn(screens, route.name)) void screens[route.name as keyof typeof screens].preload().catch(() => undefined);
}

function Screen({ route }: { route: Route }) {
  const { t } = useTranslation();
  const loading = <p role="status">{t('common.loading')}</p>;
  switch (route.name) {
    case 'home':
      return <Deferred part={screens.home} fallback={loading}>{(m) => <m.HomeScreen />}</Deferred>;
    case 'newInterview':
      return <Deferred part={screens.newInterview} fallback={loading}>{(m) => <m.NewInterviewScreen />}</Deferred>;
    case 'interview':
      return <Deferred part={screens.interview} fallback={loading}>{(m) => <m.InterviewScreen key={route.recordId} recordId={route.recordId} />}</Deferred>;
    case 'receipt':
      return <Deferred part={screens.receipt} fallback={loading}>{(m) => <m.ReceiptScreen key={route.recordId} recordId={route.recordId} />}</Deferred>;
    case 'sync':
      return <Deferred part={screens.sync} fallback={loading}>{(m) => <m.SyncScreen />}</Deferred>;
    case 'enrol':
      return <Deferred part={screens.enrol} fallback={loading}>{(m) => <m.EnrolScreen />}</Deferred>;
    case 'settings':
      return <Deferred part={screens.settings} fallback={loading}>{(m) => <m.SettingsScreen />}</Deferred>;
    case 'coordinator':
      return <Deferred part={screens.coordinator} fallback={loading}>{(m) => <m.CoordinatorScreen page={route.page} />}</Deferred>;
    case 'notFound':
      return <NotFoundScreen />;
  }
}

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const route = matchRoute(path);
  const online = useOnline();
  const mainRef = useRef<HTMLElement>(null);
  // Issue #12: a wiped tablet says so once; an unlocked one locks by itself.
  const [wiped, setWiped] = useState(wipedNotice);
  useAutoLock();

  // Move focus to the new screen so screen readers announce the change; not on the first
  // screen, which is no change (and focusing forced a layout in the middle of the start).
  const shownRoute = useRef(route.name);
  useEffect(() => {
    if (shownRoute.current === route.name) return;
    shownRoute.current = route.name;
    mainRef.current?.focus({ preventScroll: true });
  }, [route.name]);

  return <HandoverGuard>{(handover) => (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="shell__header">
        <div className="brand">
          <img src="/icons/icon.svg" alt="" width="36" height="36" />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </div>
        {!handover && <LockButton />}
        {!handover && <LanguageSwitch />}
      </header>
      {handover ? (
        // Nothing until its chunk is there (precached): the navigation stays hidden meanwhile.
        <Deferred part={handoverBarPart} fallback={null}>
          {({ default: HandoverBar }) => <HandoverBar />}
        </Deferred>
      ) : (
        <nav className="shell__nav" aria-label={t('nav.label')}>
          {navItems.map((item) => (
            <Link key={item.href} href={item.href} className="nav-link" aria-current={route.name === item.match ? 'page' : undefined}>
              {t(item.key)}
            </Link>
          ))}
        </nav>
      )}
      {!online && (
        <div className="banner banner--offline" role="status" data-testid="offline-banner">
          {t('app.offline')}
        </div>
      )}
      <UpdateBanner />
      <main id="main" className="shell__main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          {wiped && route.name !== 'coordinator' ? (
            <WipedScreen notice={wiped} onDone={() => setWiped(null)} />
          ) : ungatedRoutes.has(route.name) ? (
            <Screen route={route} />
          ) : (
            <LockGate>
              <Screen route={route} />
            </LockGate>
          )}
        </Suspense>
      </main>
    </div>
  )}</HandoverGuard>;
}
