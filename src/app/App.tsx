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
import { HandoverBar, HandoverGuard } from './lock/HandoverGuard';
import { wipedNotice } from '../data';
import type { i18n as I18n } from 'i18next';

const WipedScreen = lazy(() => import('./screens/WipedScreen').then((m) => ({ default: m.WipedScreen })));

// Every screen is its own chunk (precached for offline use), so starting the app stays cheap on
// slow tablets and an interview opened directly does not load the home screen (issue #15); the
// chunk of the screen the app opens on loads during start-up (preloadScreen), behind the unlock.
const screenChunks = {
  home: () => import('./screens/HomeScreen'),
  settings: () => import('./screens/SettingsScreen'),
  sync: () => import('./screens/SyncScreen'),
  enrol: () => import('./screens/EnrolScreen'),
  newInterview: () => import('./interview/NewInterviewScreen'),
  interview: () => import('./interview/InterviewScreen'),
  receipt: () => import('./interview/ReceiptScreen'),
  coordinator: () => import('./coordinator/CoordinatorScreen'),
} satisfies Partial<Record<Route['name'], () => Promise<unknown>>>;

const HomeScreen = lazy(() => screenChunks.home().then((m) => ({ default: m.HomeScreen })));
const SettingsScreen = lazy(() => screenChunks.settings().then((m) => ({ default: m.SettingsScreen })));
const SyncScreen = lazy(() => screenChunks.sync().then((m) => ({ default: m.SyncScreen })));
const EnrolScreen = lazy(() => screenChunks.enrol().then((m) => ({ default: m.EnrolScreen })));
const NewInterviewScreen = lazy(() => screenChunks.newInterview().then((m) => ({ default: m.NewInterviewScreen })));
const InterviewScreen = lazy(() => screenChunks.interview().then((m) => ({ default: m.InterviewScreen })));
const ReceiptScreen = lazy(() => screenChunks.receipt().then((m) => ({ default: m.ReceiptScreen })));
const CoordinatorScreen = lazy(() => screenChunks.coordinator().then((m) => ({ default: m.CoordinatorScreen })));

/**
 * Starts loading the chunk of the screen the app opens on (a reload of an interview, say) while
 * the UI strings load and the unlock screen waits for the passphrase, instead of after the first
 * render asks for it; an interview also loads its stages then (`preloadStages`).
 */
export function preloadScreen(route: Route, i18n: I18n): void {
  if (route.name === 'interview') {
    void screenChunks.interview().then((screen) => screen.preloadStages(i18n), () => undefined);
    return;
  }
  if (Object.hasOwn(screenChunks, route.name)) void screenChunks[route.name as keyof typeof screenChunks]().catch(() => undefined);
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'newInterview':
      return <NewInterviewScreen />;
    case 'interview':
      return <InterviewScreen key={route.recordId} recordId={route.recordId} />;
    case 'receipt':
      return <ReceiptScreen key={route.recordId} recordId={route.recordId} />;
    case 'sync':
      return <SyncScreen />;
    case 'enrol':
      return <EnrolScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'coordinator':
      return <CoordinatorScreen page={route.page} />;
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
        <HandoverBar />
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
