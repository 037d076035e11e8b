import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countInterviewsByFilter, database, listInterviews, readSyncStatus, type InterviewFilter } from '../../data';
import { formatDateTime } from '../format';
import { Link } from '../router';
import { useWatched } from '../hooks';
import { useFirstScreenReady } from '../first-screen';

const PAGE_SIZE = 50;
const filters: InterviewFilter[] = ['all', 'draft', 'complete', 'synced', 'attention'];

export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<InterviewFilter>('all');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const deferredSearch = useDeferredValue(search);
  const db = database();
  const counts = useWatched(() => countInterviewsByFilter(db), [db]);
  const page = useWatched(
    () => listInterviews(db, { filter, search: deferredSearch, offset: 0, limit }),
    [db, filter, deferredSearch, limit],
  );

  const syncStatus = useWatched(() => readSyncStatus(db), [db]);
  const isLoaded = counts !== undefined && page !== undefined;
  const hasNoInterviews = counts?.all === 0;
  useFirstScreenReady(isLoaded);

  return (
    <section className="screen" aria-labelledby="home-title">
      <div className="screen__header">
        <h1 id="home-title">{t('home.title')}</h1>
        <Link href="/interviews/new" className="button button--primary">{t('home.newInterview')}</Link>
      </div>

      {syncStatus?.enrolled && syncStatus.authRefused && (
        // Said before anyone starts an interview this tablet could never send.
        <div role="alert" className="banner banner--danger" data-testid="device-refused">
          <span>
            {t(syncStatus.lastSyncError?.problem.code === 'device_revoked' ? 'deviceState.revoked' : 'deviceState.refused')}
          </span>
          <Link href="/enrol" className="button">{t('deviceState.reenrol')}</Link>
        </div>
      )}

      {!isLoaded && <p role="status">{t('common.loading')}</p>}

      {isLoaded && hasNoInterviews && (
        <div className="empty-state" data-testid="empty-state">
          <h2>{t('home.emptyTitle')}</h2>
          <p>{t('home.emptyBody')}</p>
        </div>
      )}

      {isLoaded && !hasNoInterviews && (
        <>
          <div className="toolbar">
            <label className="field">
              <span className="field__label">{t('home.searchLabel')}</span>
              <input
                type="search"
                className="input"
                value={search}
                placeholder={t('home.searchPlaceholder')}
                onChange={(event) => {
                  setSearch(event.target.value);
                  setLimit(PAGE_SIZE);
                }}
              />
            </label>
            <div className="chips" role="group" aria-label={t('home.filterLabel')}>
              {filters.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="chip"
                  aria-pressed={filter === name}
                  onClick={() => {
                    setFilter(name);
                    setLimit(PAGE_SIZE);
                  }}
                >
                  {t(`home.filter.${name}`, { count: counts[name] })}
                </button>
              ))}
            </div>
          </div>

          {page.rows.length === 0 ? (
            <p role="status">{t('home.noMatches', { search })}</p>
          ) : (
            <ul className="interview-list" aria-label={t('home.listLabel')}>
              {page.rows.map((row) => (
                <li key={row.recordId} className="interview-list__item" data-testid="interview-row">
                  <Link href={`/interviews/${row.recordId}`} className="interview-list__name">
                    {row.refused ? (
                      // A refusal has no name by design: its reference is what tells it apart ("do not ask again").
                      <>{t('home.refusal')} <bdi dir="ltr" data-testid="short-reference">{row.shortReference}</bdi></>
                    ) : (
                      <bdi>{row.displayName || t('home.unnamed')}</bdi>
                    )}
                  </Link>
                  <span className={`status-badge status-badge--${row.status}`}>{t(`status.${row.status}`)}</span>
                  <span className="muted">{t('home.updated', { date: formatDateTime(row.updatedAt, i18n.language) })}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="muted" role="status">{t('home.showing', { shown: page.rows.length, total: page.total })}</p>
          {page.rows.length < page.total && (
            <button type="button" className="button" onClick={() => setLimit((current) => current + PAGE_SIZE)}>
              {t('home.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
