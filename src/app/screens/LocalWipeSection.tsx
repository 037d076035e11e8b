/**
 * Wiping this tablet by hand (issue #12 item 6): first a warning naming what has not reached the
 * server (completed interviews still in the outbox, drafts never completed), then a confirmation.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { database, unsyncedSummary, wipeLocalData, type UnsyncedItem } from '../../data';
import { Link } from '../router';

type Summary = { outbox: UnsyncedItem[]; drafts: UnsyncedItem[] };

function Items({ items }: { items: UnsyncedItem[] }) {
  const { t } = useTranslation('lock');
  return (
    <ul>
      {items.map((item) => (
        <li key={item.recordId}>
          <bdi>{item.displayName ?? t('wipe.unnamed')}</bdi>
        </li>
      ))}
    </ul>
  );
}

export function LocalWipeSection() {
  const { t } = useTranslation('lock');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [checking, setChecking] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      setSummary(await unsyncedSummary(database()));
    } catch (caught) {
      setError(t('wipe.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setChecking(false);
    }
  };

  const wipe = async () => {
    try {
      await wipeLocalData(database(), 'local');
      window.location.replace('/');
    } catch (caught) {
      setError(t('wipe.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    }
  };

  return (
    <section className="form-card" aria-labelledby="wipe-title" data-testid="local-wipe">
      <h2 id="wipe-title">{t('wipe.title')}</h2>
      <p>{t('wipe.intro')}</p>
      {summary === null ? (
        <button type="button" className="button button--danger" onClick={() => void check()} disabled={checking}>
          {checking ? t('wipe.checking') : t('wipe.start')}
        </button>
      ) : (
        <div role="alert" className="warning" data-testid="wipe-warning">
          {summary.outbox.length === 0 && summary.drafts.length === 0 && <p>{t('wipe.nothingUnsent')}</p>}
          {summary.outbox.length > 0 && (
            <>
              <p>{t('wipe.outboxTitle', { count: summary.outbox.length })}</p>
              <Items items={summary.outbox} />
              <p>
                <Link href="/sync">{t('wipe.syncFirst')}</Link>
              </p>
            </>
          )}
          {summary.drafts.length > 0 && (
            <>
              <p>{t('wipe.draftsTitle', { count: summary.drafts.length })}</p>
              <Items items={summary.drafts} />
            </>
          )}
          <label className="choice">
            <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
            <span>{t('wipe.confirmLabel')}</span>
          </label>
          <div className="actions">
            <button type="button" className="button button--danger" disabled={!understood} onClick={() => void wipe()}>
              {t('wipe.confirm')}
            </button>
            <button type="button" className="button" onClick={() => { setSummary(null); setUnderstood(false); }}>
              {t('wipe.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
