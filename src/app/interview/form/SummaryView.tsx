import type { MouseEvent, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDefinition, SectionProgress, ValidationIssue } from '../../../core/form';
import { ColumnText } from './ColumnText';
import { useFormStage } from './form-context';
import { fieldDomId, pathLabels, sectionIdOfPath } from './issues';
import { IssueText } from './IssueMessages';
import { columnText } from './languages';

/** "F Berufserfahrung › Tätigkeiten 2 › Bis" for an issue's path, in the interviewer's language. */
function IssueLocation({ form, issue }: { form: FormDefinition; issue: ValidationIssue }) {
  const { t } = useTranslation('form');
  const { interviewer } = useFormStage();
  const section = form.sections.find((candidate) => candidate.id === sectionIdOfPath(form, issue.path));
  const labels = pathLabels(form, issue.path);
  const parts: ReactNode[] = [];
  if (section) parts.push(<ColumnText key="section" text={section.label} column={interviewer} />);
  if (labels?.group) {
    const group = columnText(labels.group.label, interviewer);
    parts.push(
      <span key="group" lang={group.lang}>
        {t('repeat.entry', { group: group.text, number: labels.group.number })}
      </span>,
    );
  }
  if (labels) parts.push(<ColumnText key="field" text={labels.field} column={interviewer} />);
  return (
    <span className="summary-issue__location">
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 && <span aria-hidden="true"> › </span>}
          {part}
        </span>
      ))}
    </span>
  );
}

/**
 * Before completion: required answers per section, every open issue with a link straight to
 * its question, and the action that completes (validates, locks and queues) the interview.
 */
export function SummaryView({
  form,
  progress,
  missing,
  headingRef,
  missingRef,
  completing,
  attempted,
  completeError,
  onJump,
  onComplete,
}: {
  form: FormDefinition;
  progress: readonly SectionProgress[];
  missing: readonly ValidationIssue[];
  headingRef: Ref<HTMLHeadingElement>;
  missingRef: Ref<HTMLHeadingElement>;
  completing: boolean;
  attempted: boolean;
  completeError: ReactNode;
  onJump: (path: string) => void;
  onComplete: () => void;
}) {
  const { t } = useTranslation('form');
  const { interviewer } = useFormStage();
  const jump = (path: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    onJump(path);
  };

  return (
    <section className="form-section form-summary" aria-labelledby="form-summary-title" data-testid="form-summary">
      <h2 id="form-summary-title" ref={headingRef} tabIndex={-1} className="form-section__title">
        {t('summary.title')}
      </h2>

      <table className="summary-table">
        <caption>{t('summary.progressCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('summary.section')}</th>
            <th scope="col">{t('summary.answered')}</th>
          </tr>
        </thead>
        <tbody>
          {form.sections.map((section) => {
            const entry = progress.find((candidate) => candidate.sectionId === section.id);
            const total = entry?.totalRequired ?? 0;
            const answered = entry?.answeredRequired ?? 0;
            return (
              <tr key={section.id} data-done={answered === total || undefined}>
                <th scope="row">
                  <ColumnText text={section.label} column={interviewer} />
                </th>
                <td>{total === 0 ? t('nav.noRequired') : t('nav.progress', { answered, total })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {missing.length > 0 ? (
        <div className={`summary-missing${attempted ? ' summary-missing--attempted' : ''}`} data-testid="summary-missing">
          <h3 id="summary-missing-title" ref={missingRef} tabIndex={-1} className="summary-missing__title">
            {t('summary.missingTitle', { count: missing.length })}
          </h3>
          <p className="muted">{t('summary.missingHint')}</p>
          <ul className="summary-missing__list" aria-labelledby="summary-missing-title">
            {missing.map((issue, index) => (
              <li key={`${issue.path}-${issue.code}-${index}`}>
                <a href={`#${fieldDomId(issue.path)}`} className="summary-issue" onClick={jump(issue.path)} data-path={issue.path}>
                  <IssueLocation form={form} issue={issue} />
                  <span className="summary-issue__message">
                    <IssueText issue={issue} />
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="alert alert--success" data-testid="summary-complete">
          {t('summary.allDone')}
        </p>
      )}

      {attempted && missing.length > 0 && (
        <p className="alert alert--danger" role="alert">
          {t('summary.cannotComplete')}
        </p>
      )}
      {completeError}
      <p className="muted">{t('summary.completeHint')}</p>
      <div className="actions">
        <button type="button" className="button button--primary form-summary__complete" onClick={onComplete} disabled={completing}>
          {completing ? t('summary.completing') : t('summary.complete')}
        </button>
      </div>
    </section>
  );
}
