import type { FocusEvent, ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isNotStated, type Field, type ValidationIssue } from '../../../core/form';
import { ColumnText } from './ColumnText';
import { useFormStage } from './form-context';
import { emptyFieldValue, NOT_STATED } from './form-values';
import { fieldDomId, inputNameOf } from './issues';
import { IssueMessages } from './IssueMessages';

/** The ids and states a control needs to be labelled and described by its question. */
export interface ControlProps {
  /** The id of the element that takes focus (a summary link jumps to it). */
  id: string;
  labelId: string;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
  issues: readonly ValidationIssue[];
}

/**
 * "Don't know / not stated" where the form allows it: ticked, the answer is exactly that and the
 * control goes away; unticked, the question starts empty again.
 */
function NotStatedChoice({ field, path, children }: { field: Field; path: string; children: ReactNode }) {
  const { t } = useTranslation('form');
  const { setValue } = useFormContext();
  const name = inputNameOf(path);
  const notStated = isNotStated(useWatch({ name }));
  return (
    <>
      {!notStated && children}
      <label className="choice form-choice question__not-stated">
        <input
          type="checkbox"
          checked={notStated}
          onChange={(event) => setValue(name, event.target.checked ? NOT_STATED : emptyFieldValue(field), { shouldDirty: true })}
          data-testid="not-stated"
        />
        <span>{t('fieldReady.notStated')}</span>
      </label>
    </>
  );
}

/** Referenced by every required control's `aria-describedby`; the visible mark is an asterisk. */
export const REQUIRED_NOTE_ID = 'form-required-note';

/**
 * One question: its label and hint in the interviewer's language, beside them label, hint and
 * reason in the applicant's language (own `lang`/`dir`), then the control and its messages.
 * A group of inputs (choices, date parts, the CEFR grid) is a fieldset whose legend is the
 * interviewer's label; a single input is labelled by a `<label>`. Either way the accessible
 * name is the interviewer's label and the applicant's column is the description.
 */
export function Question({
  field,
  path,
  grouped,
  radioGroup = false,
  appFilled = false,
  children,
}: {
  field: Field;
  path: string;
  /** Several inputs: fieldset and legend. */
  grouped: boolean;
  /** The fieldset is one radio group (gets `aria-invalid`/`aria-required` itself). */
  radioGroup?: boolean;
  appFilled?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation('form');
  const { interviewer, applicant, shownIssues, markTouched } = useFormStage();
  const id = fieldDomId(path);
  const ids = { label: `${id}-label`, hint: `${id}-hint`, applicant: `${id}-applicant`, error: `${id}-error` };
  const issues = shownIssues(path);
  const invalid = issues.length > 0;
  const required = field.required === true && !appFilled;
  const hasHint = field.hint !== undefined || field.reason !== undefined || appFilled;
  const describedBy = [hasHint && ids.hint, applicant && ids.applicant, invalid && ids.error, required && REQUIRED_NOTE_ID].filter(Boolean).join(' ') || undefined;
  const control: ControlProps = { id, labelId: ids.label, describedBy, invalid, required, issues };

  // A question counts as visited when focus leaves it, not when it moves between its own inputs.
  const onBlur = (event: FocusEvent<HTMLElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) markTouched(path);
  };

  const labelContent = (
    <>
      <ColumnText text={field.label} column={interviewer} />
      {required && (
        <span className="question__required" aria-hidden="true">
          {' *'}
        </span>
      )}
    </>
  );
  const labelProps = { id: ids.label, className: 'question__label', lang: interviewer.lang, dir: interviewer.dir, 'data-testid': 'question-text-interviewer' };
  const texts = (
    <>
      {grouped ? <legend {...labelProps}>{labelContent}</legend> : <label {...labelProps} htmlFor={id}>{labelContent}</label>}
      {hasHint && (
        <div id={ids.hint} className="question__hint" lang={interviewer.lang} dir={interviewer.dir}>
          {appFilled && <p className="question__app-filled">{t('question.appFilled')}</p>}
          {field.hint && <ColumnText as="p" text={field.hint} column={interviewer} />}
          {field.reason && (
            <p>
              <span className="question__reason-label">{t('question.reason')} </span>
              <ColumnText text={field.reason} column={interviewer} />
            </p>
          )}
        </div>
      )}
      {applicant && (
        <div id={ids.applicant} className="question__applicant" lang={applicant.lang} dir={applicant.dir} data-testid="question-text-applicant">
          <ColumnText as="p" text={field.label} column={applicant} className="question__applicant-label" />
          {field.hint && <ColumnText as="p" text={field.hint} column={applicant} className="question__applicant-hint" />}
          {field.reason && <ColumnText as="p" text={field.reason} column={applicant} className="question__applicant-hint" />}
        </div>
      )}
    </>
  );
  const body = (
    <>
      {texts}
      <div className="question__control">
        {field.allowNotStated === true && field.type !== 'note' ? <NotStatedChoice field={field} path={path}>{children(control)}</NotStatedChoice> : children(control)}
      </div>
      {invalid && <IssueMessages id={ids.error} issues={issues} />}
    </>
  );
  const className = `question${applicant ? '' : ' question--single'}${invalid ? ' question--invalid' : ''}`;

  if (grouped) {
    return (
      <fieldset
        className={className}
        data-testid={`question-${path}`}
        onBlur={onBlur}
        aria-labelledby={ids.label}
        aria-describedby={describedBy}
        {...(radioGroup ? { role: 'radiogroup', 'aria-invalid': invalid || undefined, 'aria-required': required || undefined } : {})}
      >
        {body}
      </fieldset>
    );
  }
  return (
    <div className={className} data-testid={`question-${path}`} onBlur={onBlur}>
      {body}
    </div>
  );
}
