import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureProblem } from './consent-draft';

/** What is still missing before the next step; it takes the focus when it appears. */
export function ProblemList({ problems }: { problems: readonly CaptureProblem[] }) {
  const { t } = useTranslation('consent');
  const ref = useRef<HTMLDivElement>(null);
  const shown = problems.join(',');
  useEffect(() => {
    if (shown !== '') ref.current?.focus();
  }, [shown]);
  if (problems.length === 0) return null;
  return (
    <div className="alert alert--danger" role="alert" tabIndex={-1} ref={ref} data-testid="problems">
      <p className="alert__title">{t('problems.title')}</p>
      <ul className="alert__list">
        {problems.map((problem) => <li key={problem}>{t(`problems.${problem}`)}</li>)}
      </ul>
    </div>
  );
}
