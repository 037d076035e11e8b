import { useTranslation } from 'react-i18next';
import type { NoticeCheck } from './consent-draft';

type Problem = Extract<NoticeCheck, { ok: false }>;

/** A notice that failed its checks is never shown; the interviewer is told why. */
export function NoticeProblem({ problem, details, onBack }: { problem: Problem['problem']; details: Problem['details']; onBack: () => void }) {
  const { t } = useTranslation('consent');
  return (
    <div className="alert alert--danger" role="alert" data-testid="notice-problem">
      <p className="alert__title">{t(`noticeProblem.${problem}`)}</p>
      {details.length > 0 && (
        <ul className="alert__list">
          {details.map((detail) => <li key={detail} lang="en" dir="ltr">{detail}</li>)}
        </ul>
      )}
      <p>{t('noticeProblem.whatToDo')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={onBack}>{t('actions.chooseOtherLanguage')}</button>
      </div>
    </div>
  );
}
