import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchRoute, usePath, type Route } from './router';
import { useOnline } from './hooks';
import { LanguageSwitch } from './components/LanguageSwitch';
import { UpdateBanner } from './components/UpdateBanner';
import { HomeScreen } from './screens/HomeScreen';
import { SyncScreen } from './screens/SyncScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { NotFoundScreen } from './screens/NotFoundScreen';

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'notFound':
      return <NotFoundScreen />;
  }
}

const navItems = [
  { href: '/', key: 'nav.interviews', match: 'home' },
  { href: '/sync', key: 'nav.sync', match: 'sync' },
  { href: '/settings', key: 'nav.settings', match: 'settings' },
] as const;

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const route = matchRoute(path);
  const online = useOnline();
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the new screen so screen readers announce the change.
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [route.name]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="shell__header">
        <div className="brand">
          <img src="/icons/icon.svg" alt="" width="36" height="36" />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <nav className="shell__nav" aria-label={t('nav.label')}>
        {navItems.map((item) => (
          <Link key={item.href} href={item.href} className="nav-link" aria-current={route.name === item.match ? 'page' : undefined}>
            {t(item.key)}
          </Link>
        ))}
      </nav>
      {!online && (
        <div className="banner banner--offline" role="status" data-testid="offline-banner">
          {t('app.offline')}
        </div>
      )}
      <UpdateBanner />
      <main id="main" className="shell__main" ref={mainRef} tabIndex={-1}>
        <Screen route={route} />
      </main>
    </div>
  );
}
