/** Shown once after the tablet was wiped (issue #12 item 6): the database is gone; the notice lives in localStorage. */
import { useTranslation } from 'react-i18next';
import { dismissWipedNotice, type WipedNotice } from '../../data';
import { navigate } from '../router';

export function WipedScreen({ notice, onDone }: { notice: WipedNotice; onDone: () => void }) {
  const { t, i18n } = useTranslation('lock');
  return (
    <section className="screen" aria-labelledby="wiped-title" data-testid="wiped-screen">
      <h1 id="wiped-title">{t('wiped.title')}</h1>
      <p>{t(notice.reason === 'remote' ? 'wiped.remote' : 'wiped.local')}</p>
      <p>{t('wiped.at', { at: new Date(notice.at).toLocaleString(i18n.language) })}</p>
      <p>{t('wiped.next')}</p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            dismissWipedNotice();
            onDone();
            navigate('/', { replace: true });
          }}
        >
          {t('wiped.ok')}
        </button>
      </div>
    </section>
  );
}
