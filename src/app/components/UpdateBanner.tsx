import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { applyUpdate, getUpdateState, subscribeUpdateState } from '../pwa/service-worker';
import { useInterviewOpen } from '../interview-session';

export function UpdateBanner() {
  const { t } = useTranslation();
  const { updateWaiting } = useSyncExternalStore(subscribeUpdateState, getUpdateState);
  const interviewOpen = useInterviewOpen();
  const [dismissed, setDismissed] = useState(false);
  if (!updateWaiting || dismissed) return null;
  return (
    <div className="banner banner--info" role="status" data-testid="update-banner">
      <span>{t('update.available')}</span>
      {interviewOpen ? (
        <span>{t('update.waitingForInterview')}</span>
      ) : (
        <span className="banner__actions">
          <button type="button" className="button button--primary" onClick={applyUpdate}>
            {t('update.apply')}
          </button>
          <button type="button" className="button" onClick={() => setDismissed(true)}>
            {t('update.later')}
          </button>
        </span>
      )}
    </div>
  );
}
