import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { coordinatorApi, mayUse, type CoordinatorSession } from './api';
import { coordinatorPaths, framePages, pagesFor, type FramePage } from './location';
import { Link, navigate, useLocationSearch } from '../router';
import { ApiErrorMessage, Loading, useApiErrorText, useFocusHeadingOnChange } from './parts';
import { isSessionLost, loginPathReturningHere, SessionContext, useSessionLostHandler } from './session';
import { DevicesPage } from './DevicesPage';
import { RecordsPage } from './RecordsPage';
import { ContentPage } from './ContentPage';
import { AccountsPage } from './AccountsPage';
import { AuditPage } from './AuditPage';
import { HandoverPage } from './HandoverPage';
import { RetentionPage } from './RetentionPage';

/** What a role may not use is neither linked nor shown: the page says so and names what the role may use. */
function NotForRole({ session }: { session: CoordinatorSession }) {
  const { t } = useTranslation('coordinator');
  const pages = pagesFor(session.coordinator.role);
  return (
    <section className="screen coord-page coord-narrow" aria-labelledby="coord-forbidden-title" data-testid="not-for-role">
      <h1 id="coord-forbidden-title" tabIndex={-1}>{t('frame.notForRole.title')}</h1>
      <p>{t('frame.notForRole.body', { role: t(`roles.${session.coordinator.role}`) })}</p>
      {pages.length > 0 ? (
        <ul>
          {pages.map((entry) => (
            <li key={entry.page}>
              <Link href={entry.path}>{t(entry.label)}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('frame.notForRole.nothingHere')}</p>
      )}
    </section>
  );
}

// Its charts and stylesheet load only with the page.
const EvaluationPage = lazy(() => import('./evaluation/EvaluationPage').then((m) => ({ default: m.EvaluationPage })));

type SessionCheck = { kind: 'checking' } | { kind: 'signedIn'; session: CoordinatorSession } | { kind: 'failed'; error: unknown };

/** The pages behind the login: checks the session first, then shows the page with the coordinator's bar. */
export function CoordinatorFrame({ page }: { page: FramePage }) {
  const { t } = useTranslation('coordinator');
  const apiErrorText = useApiErrorText();
  const onSessionLost = useSessionLostHandler();
  const [check, setCheck] = useState<SessionCheck>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);
  const [logoutError, setLogoutError] = useState<string | null>(null);
  const [isSigningOut, setIsSigningOut] = useState(false);
  const viewRef = useRef<HTMLDivElement>(null);
  useFocusHeadingOnChange(viewRef, `${page}${useLocationSearch()}`);

  useEffect(() => {
    let cancelled = false;
    coordinatorApi.me().then(
      (session) => {
        if (!cancelled) setCheck({ kind: 'signedIn', session });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isSessionLost(error)) navigate(loginPathReturningHere(), { replace: true });
        else setCheck({ kind: 'failed', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const context = useMemo(() => (check.kind === 'signedIn' ? { session: check.session, onSessionLost } : null), [check, onSessionLost]);

  // A role that may not use the page it landed on (the sign-in's default is the devices page)
  // goes to the first page it may use.
  const role = check.kind === 'signedIn' ? check.session.coordinator.role : null;
  const area = framePages.find((entry) => entry.page === page)?.area;
  const home = role ? pagesFor(role)[0] : undefined;
  const allowed = role !== null && area !== undefined && mayUse(role, area);
  useEffect(() => {
    if (role !== null && !allowed && home && window.location.pathname === coordinatorPaths.devices) navigate(home.path, { replace: true });
  }, [role, allowed, home]);

  if (check.kind === 'checking') return <Loading />;
  if (check.kind === 'failed' || !context) {
    return (
      <section className="screen coord-page" aria-labelledby="coord-frame-title">
        <h1 id="coord-frame-title">{t('title')}</h1>
        <ApiErrorMessage error={check.kind === 'failed' ? check.error : null} onRetry={() => setAttempt((value) => value + 1)} />
      </section>
    );
  }

  const signOut = async () => {
    setIsSigningOut(true);
    setLogoutError(null);
    try {
      await coordinatorApi.logout();
      navigate(`${coordinatorPaths.login}?signedOut=1`, { replace: true });
    } catch (error) {
      setIsSigningOut(false);
      setLogoutError(apiErrorText(error));
    }
  };

  return (
    <SessionContext.Provider value={context}>
      <div className="coord-bar">
        <nav className="coord-bar__nav" aria-label={t('frame.navLabel')}>
          {pagesFor(context.session.coordinator.role).map((entry) => (
            <Link key={entry.page} href={entry.path} className="nav-link" aria-current={page === entry.page ? 'page' : undefined}>
              {t(entry.label)}
            </Link>
          ))}
        </nav>
        <div className="coord-bar__account">
          <span data-testid="signed-in-as">
            <Trans
              t={t}
              i18nKey="frame.signedInAsRole"
              values={{ name: context.session.coordinator.name, role: t(`roles.${context.session.coordinator.role}`) }}
              components={{ name: <bdi /> }}
            />
          </span>
          <button type="button" className="button button--compact" onClick={() => void signOut()} disabled={isSigningOut}>
            {t('frame.logout')}
          </button>
        </div>
      </div>
      {logoutError && (
        <p className="error" role="alert">
          {logoutError}
        </p>
      )}
      <div ref={viewRef}>
        {!allowed ? (
          <NotForRole session={context.session} />
        ) : page === 'devices' ? (
          <DevicesPage />
        ) : page === 'records' ? (
          <RecordsPage />
        ) : page === 'accounts' ? (
          <AccountsPage />
        ) : page === 'audit' ? (
          <AuditPage />
        ) : page === 'handovers' ? (
          <HandoverPage />
        ) : page === 'retention' ? (
          <RetentionPage />
        ) : page === 'evaluation' ? (
          <Suspense fallback={<Loading />}>
            <EvaluationPage />
          </Suspense>
        ) : (
          <ContentPage />
        )}
      </div>
    </SessionContext.Provider>
  );
}
