import { useTranslation } from 'react-i18next';
import { localized, type ValidationIssue } from '../../../core/form';
import { issueWording } from './issues';

/** The wording of one issue in the interviewer's language. */
export function IssueText({ issue }: { issue: ValidationIssue }) {
  const { t, i18n } = useTranslation('form');
  const wording = issueWording(issue);
  if (wording.kind === 'content') {
    const shown = localized(wording.message, i18n.language);
    return <span lang={shown.lang}>{shown.text}</span>;
  }
  return <span>{t(wording.key, wording.values)}</span>;
}

/** The messages under a question, referenced by its controls' `aria-describedby`. */
export function IssueMessages({ id, issues }: { id: string; issues: readonly ValidationIssue[] }) {
  return (
    <div id={id} className="question__error" data-testid="question-error">
      {issues.map((issue, index) => (
        <p key={`${issue.code}-${index}`}>
          <IssueText issue={issue} />
        </p>
      ))}
    </div>
  );
}
