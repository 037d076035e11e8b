import { useState } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isVisible, type RepeatInstance, type VisibleGroup } from '../../../core/form';
import { ColumnText } from './ColumnText';
import { FieldView } from './FieldView';
import { useFormStage } from './form-context';
import { emptyInstanceValues } from './form-values';
import { fieldDomId } from './issues';
import { IssueMessages } from './IssueMessages';
import { columnText } from './languages';
import './form-parts.css';

/**
 * A repeatable group (languages, jobs, trainings …): its entries one below the other, each with
 * its visible fields and a remove button, and "add entry" up to the group's maximum. An entry
 * cannot be removed below the minimum.
 */
export function RepeatGroupView({ visible, onAdded }: { visible: VisibleGroup; onAdded: (path: string) => void }) {
  const { t } = useTranslation('formParts');
  const { interviewer, applicant, answers, shownIssues } = useFormStage();
  const { control } = useFormContext();
  const { group } = visible;
  const { fields: entries, append, remove } = useFieldArray({ control, name: group.id });
  // Removing an entry asks once more: a tap in the wrong place must not delete a whole job.
  const [confirming, setConfirming] = useState<string | null>(null);
  const { min = 0, max } = group.repeat;
  const atMax = max !== undefined && entries.length >= max;
  const headingId = `${fieldDomId(group.id)}-heading`;
  const issues = shownIssues(group.id);
  const errorId = `${fieldDomId(group.id)}-error`;
  const groupLabel = columnText(group.label, interviewer).text;
  const storedInstances = Object.hasOwn(answers, group.id) && Array.isArray(answers[group.id]) ? (answers[group.id] as readonly RepeatInstance[]) : [];

  const add = () => {
    append(emptyInstanceValues(group), { shouldFocus: false });
    const first = group.items.find((field) => field.type !== 'note');
    if (first) onAdded(`${group.id}[${entries.length}].${first.id}`);
  };

  return (
    <section className={`repeat-group${applicant ? '' : ' repeat-group--single'}`} aria-labelledby={headingId} data-testid={`group-${group.id}`}>
      <div className="repeat-group__header">
        <h3 id={headingId} className="repeat-group__title" lang={interviewer.lang} dir={interviewer.dir} data-testid="question-text-interviewer">
          <ColumnText text={group.label} column={interviewer} />
        </h3>
        {applicant && <ColumnText as="p" text={group.label} column={applicant} className="repeat-group__title-applicant" testId="question-text-applicant" />}
        {group.hint && <ColumnText as="p" text={group.hint} column={interviewer} className="repeat-group__hint" />}
        {group.hint && applicant && <ColumnText as="p" text={group.hint} column={applicant} className="repeat-group__hint repeat-group__hint--applicant" />}
      </div>
      {entries.length === 0 && <p className="muted">{t('repeat.empty')}</p>}
      {entries.map((entry, index) => {
        const instance = visible.instances[index];
        // Visibility comes from the saved answers; for one render after adding, judge the new entry as empty.
        const fields =
          instance?.fields ??
          group.items
            .filter((field) => isVisible(field, answers, storedInstances[index] ?? {}))
            .map((field) => ({ kind: 'field' as const, field, path: `${group.id}[${index}].${field.id}` }));
        const entryHeadingId = `${fieldDomId(`${group.id}[${index}]`)}heading`;
        return (
          <section key={entry.id} className="repeat-entry" aria-labelledby={entryHeadingId} data-testid={`entry-${group.id}-${index}`}>
            <div className="repeat-entry__header">
              <h4 id={entryHeadingId} className="repeat-entry__title">
                {t('repeat.entry', { group: groupLabel, number: index + 1 })}
              </h4>
              {confirming === entry.id ? (
                <span className="repeat-entry__confirm" role="group" aria-label={t('repeat.remove', { number: index + 1 })}>
                  <button
                    type="button"
                    className="button button--compact button--danger-solid"
                    onClick={() => {
                      setConfirming(null);
                      remove(index);
                    }}
                  >
                    {t('repeat.confirmRemove', { number: index + 1 })}
                  </button>
                  <button type="button" className="button button--compact" onClick={() => setConfirming(null)}>
                    {t('repeat.keep')}
                  </button>
                </span>
              ) : (
                <button type="button" className="button button--compact button--danger" disabled={entries.length <= min} onClick={() => setConfirming(entry.id)}>
                  {t('repeat.remove', { number: index + 1 })}
                </button>
              )}
            </div>
            {fields.map((visibleField) => (
              <FieldView key={visibleField.field.id} field={visibleField.field} path={visibleField.path} />
            ))}
          </section>
        );
      })}
      <div className="repeat-group__actions">
        <button
          type="button"
          id={fieldDomId(group.id)}
          className="button"
          onClick={add}
          disabled={atMax}
          aria-describedby={[issues.length > 0 ? errorId : '', atMax ? `${headingId}-max` : ''].join(' ').trim() || undefined}
        >
          <span aria-hidden="true">+</span> {t('repeat.add')}
          <span className="form-sr-only">: {groupLabel}</span>
        </button>
        {max !== undefined && (
          <span id={`${headingId}-max`} className="muted">
            {atMax ? t('repeat.atMax', { max }) : t('repeat.limit', { max })}
          </span>
        )}
      </div>
      {issues.length > 0 && <IssueMessages id={errorId} issues={issues} />}
    </section>
  );
}
