import type { MouseEvent, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDefinition, SectionProgress, ValidationIssue } from '../../../core/form';
import { ColumnText } from './ColumnText';
import { useFormStage } from './form-context';
import { fieldDomId, isMissingIssue, pathLabels, sectionIdOfPath } from './issues';
import { IssueText } from './IssueMessages';
import { columnText } from './languages';
import './form-parts.css';

/** "F Berufserfahrung › Tätigkeiten 2 › Bis" for an issue's path, in the interviewer's language. */
function IssueLocation({ form, issue }: { form: FormDefinition; issue: ValidationIssue }) {
  const { t } = useTranslation(['formParts', 'form']);
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
  const { t } = useTranslation(['formParts', 'form']);
  const { interviewer } = useFormStage();
  const absent = missing.filter(isMissingIssue);
  const invalid = missing.filter((issue) => !isMissingIssue(issue));
  const invalidIn = (sectionId: string) => invalid.filter((issue) => sectionIdOfPath(form, issue.path) === sectionId).length;
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
            <th scope="col">{t('fieldReady.invalidColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {form.sections.map((section) => {
            const entry = progress.find((candidate) => candidate.sectionId === section.id);
            const total = entry?.totalRequired ?? 0;
            const answered = entry?.answeredRequired ?? 0;
            const invalidCount = invalidIn(section.id);
            return (
              <tr key={section.id} data-done={(answered === total && invalidCount === 0) || undefined} data-testid={`summary-row-${section.id}`}>
                <th scope="row">
                  <ColumnText text={section.label} column={interviewer} />
                </th>
                <td>{total === 0 ? t('form:nav.noRequired') : t('form:nav.progress', { answered, total })}</td>
                <td>{invalidCount === 0 ? t('fieldReady.noInvalid') : t('fieldReady.invalidCount', { count: invalidCount })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {missing.length > 0 ? (
        <div className={`summary-missing${attempted ? ' summary-missing--attempted' : ''}`} data-testid="summary-missing">
          {[
            { kind: 'absent', issues: absent, title: t('summary.missingTitle', { count: absent.length }) },
            { kind: 'invalid', issues: invalid, title: t('fieldReady.invalidTitle', { count: invalid.length }) },
          ]
            .filter((list) => list.issues.length > 0)
            .map((list, listIndex) => (
              <div key={list.kind} data-testid={`summary-${list.kind}`}>
                <h3 id={`summary-${list.kind}-title`} ref={listIndex === 0 ? missingRef : undefined} tabIndex={-1} className="summary-missing__title">
                  {list.title}
                </h3>
                <ul className="summary-missing__list" aria-labelledby={`summary-${list.kind}-title`}>
                  {list.issues.map((issue, index) => (
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
            ))}
          <p className="muted">{t('summary.missingHint')}</p>
        </div>
      ) : (
        <p className="alert alert--success" data-testid="summary-complete">
          {t('summary.allDone')}
        </p>
      )}

      {attempted && missing.length > 0 && (
        <p className="alert alert--danger" role="alert">
          {invalid.length === 0 ? t('summary.cannotComplete') : t('fieldReady.cannotCompleteInvalid')}
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
