import { useTranslation } from 'react-i18next';
import type { NoticeArtifact } from '../../../core/consent';

/**
 * The read-aloud button of one column. Its label is the notice's own (applicant-facing); the stop
 * button and the "not available" note are the interviewer's and carry the UI language.
 */
export function ReadAloudControl({ notice, uiLanguage, isReading, isUnavailable, onStart, onStop }: {
  notice: NoticeArtifact;
  uiLanguage: string;
  isReading: boolean;
  isUnavailable: boolean;
  onStart: () => void;
  onStop: () => void;
}) {
  const { t } = useTranslation('consent');
  return (
    <div className="read-aloud" data-testid={`read-aloud-${notice.lang}`}>
      {isReading ? (
        <>
          <button type="button" className="button button--primary" lang={uiLanguage} dir="ltr" onClick={onStop}>
            {t('readAloud.stop')}
          </button>
          <span role="status" lang={uiLanguage} dir="ltr" className="read-aloud__status">{t('readAloud.reading')}</span>
        </>
      ) : (
        <button type="button" className="button" onClick={onStart}>
          <span aria-hidden="true">▶</span> {notice.ui.readAloud}
        </button>
      )}
      {isUnavailable && (
        <p role="status" lang={uiLanguage} dir="ltr" className="read-aloud__unavailable">
          {t('readAloud.unavailable')}
        </p>
      )}
    </div>
  );
}
