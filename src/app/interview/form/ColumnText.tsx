import type { ElementType, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../core/form';
import { applicantAddition, columnText, type Column } from './languages';

/**
 * One content text in one column's language, with its own `lang` and `dir`. A text missing in
 * that language is the German one, tagged `lang="de"` and marked.
 */
export function ColumnText({
  text,
  column,
  as: Element = 'span',
  id,
  className,
  testId,
  children,
}: {
  text: LocalizedText;
  column: Column;
  as?: ElementType;
  id?: string;
  className?: string;
  testId?: string;
  children?: ReactNode;
}) {
  const shown = columnText(text, column);
  return (
    <Element id={id} className={className} lang={shown.lang} dir={shown.dir} data-testid={testId} data-fallback={shown.isFallback || undefined}>
      {shown.text}
      {children}
      {shown.isFallback && <FallbackMark />}
    </Element>
  );
}

/**
 * "Not translated", worded for the interviewer, so in the interviewer's language. Its own component:
 * the texts (dozens in a section and its navigation) do not each subscribe to i18next for a mark
 * most of them never show (issue #15: the form stage's first render).
 */
function FallbackMark({ id }: { id?: string }) {
  const { t, i18n } = useTranslation('form');
  return (
    <span id={id} className="form-fallback-mark" lang={i18n.language} dir="ltr" data-testid="fallback-mark">
      {t('question.fallback')}
    </span>
  );
}

/**
 * A short content text (a choice, a code-list entry) in the interviewer's and, beside it, the
 * applicant's language; see `applicantAddition` for when the second part is left out.
 */
export function BilingualText({
  text,
  interviewer,
  applicant,
  interviewerId,
  applicantId,
  className = 'form-bilingual',
}: {
  text: LocalizedText;
  interviewer: Column;
  applicant: Column | null;
  interviewerId?: string;
  applicantId?: string;
  className?: string;
}) {
  const addition = applicantAddition(text, interviewer, applicant);
  return (
    <span className={className}>
      <ColumnText text={text} column={interviewer} id={interviewerId} className={`${className}__interviewer`} />
      {addition === 'text' && applicant && <ColumnText text={text} column={applicant} id={applicantId} className={`${className}__applicant`} />}
      {addition === 'fallbackMark' && <FallbackMark id={applicantId} />}
    </span>
  );
}
