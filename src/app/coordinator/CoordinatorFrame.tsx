import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { coordinatorApi, type CoordinatorSession } from './api';
import { coordinatorPaths } from './location';
import { Link, navigate, useLocationSearch } from '../router';
import { ApiErrorMessage, Loading, useApiErrorText, useFocusHeadingOnChange } from './parts';
import { isSessionLost, loginPathReturningHere, SessionContext, useSessionLostHandler } from './session';
import { DevicesPage } from './DevicesPage';
import { RecordsPage } from './RecordsPage';
import { ContentPage } from './ContentPage';

// Its charts and stylesheet load only with the page.
const EvaluationPage = lazy(() => import('./evaluation/EvaluationPage').then((m) => ({ default: m.EvaluationPage })));

type SessionCheck = { kind: 'checking' } | { kind: 'signedIn'; session: CoordinatorSession } | { kind: 'failed'; error: unknown };

/** The pages behind the login: checks the session first, then shows the page with the coordinator's bar. */
export function CoordinatorFrame({ page }: { page: 'devices' | 'records' | 'content' | 'evaluation' }) {
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
          <Link href={coordinatorPaths.devices} className="nav-link" aria-current={page === 'devices' ? 'page' : undefined}>
            {t('frame.devices')}
          </Link>
          <Link href={coordinatorPaths.records} className="nav-link" aria-current={page === 'records' ? 'page' : undefined}>
            {t('frame.records')}
          </Link>
          <Link href={coordinatorPaths.evaluation} className="nav-link" aria-current={page === 'evaluation' ? 'page' : undefined}>
            {t('frame.evaluation')}
          </Link>
          <Link href={coordinatorPaths.content} className="nav-link" aria-current={page === 'content' ? 'page' : undefined}>
            {t('frame.content')}
          </Link>
        </nav>
        <div className="coord-bar__account">
          <span data-testid="signed-in-as">
            <Trans t={t} i18nKey="frame.signedInAs" values={{ name: context.session.coordinator.name }} components={{ name: <bdi /> }} />
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
        {page === 'devices' ? (
          <DevicesPage />
        ) : page === 'records' ? (
          <RecordsPage />
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
