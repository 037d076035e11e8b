/**
 * The coordinator pages: first set-up, login, devices and enrolments, received
 * records. They talk to the server directly (api.ts) and keep nothing on the
 * device, so they need a connection; interviews never depend on them.
 */
import { useTranslation } from 'react-i18next';
import { useOnline } from '../hooks';
import { Link, type Route } from '../router';
import { CoordinatorFrame } from './CoordinatorFrame';
import { LoginPage } from './LoginPage';
import { SetupPage } from './SetupPage';
import { PasswordPage } from './PasswordPage';
import './coordinator.css';

export type CoordinatorPage = Extract<Route, { name: 'coordinator' }>['page'];

function NeedsConnection() {
  const { t } = useTranslation('coordinator');
  return (
    <section className="screen coord-page coord-narrow" aria-labelledby="coord-offline-title" data-testid="coordinator-offline">
      <h1 id="coord-offline-title">{t('offline.title')}</h1>
      <p>{t('offline.body')}</p>
      <p>{t('offline.interviewsKeepWorking')}</p>
      <div className="actions">
        <Link href="/" className="button button--primary">
          {t('offline.toInterviews')}
        </Link>
      </div>
    </section>
  );
}

export function CoordinatorScreen({ page }: { page: CoordinatorPage }) {
  const online = useOnline();
  if (!online) return <NeedsConnection />;
  switch (page) {
    case 'setup':
      return <SetupPage />;
    case 'login':
      return <LoginPage />;
    case 'password':
      return <PasswordPage />;
    case 'devices':
    case 'records':
    case 'content':
    case 'accounts':
    case 'audit':
    case 'evaluation':
    case 'handovers':
    case 'retention':
      return <CoordinatorFrame page={page} />;
  }
}
