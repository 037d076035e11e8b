import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../core/form';
import { BilingualText } from './ColumnText';
import { useFormStage } from './form-context';
import { applicantAddition } from './languages';
import type { ControlProps } from './Question';

export interface ChoiceOption {
  readonly value: string;
  readonly label: LocalizedText;
  readonly disabled?: boolean;
  /** Why an option cannot be chosen, for the interviewer. */
  readonly note?: string;
  /** Stands alone among several choices: ticking it clears the others, ticking another clears it. */
  readonly exclusive?: boolean;
}

/**
 * Radios (one answer) or checkboxes (several): each option's label in both languages side by
 * side; the whole row is the touch target. The interviewer's text names the input, the
 * applicant's describes it.
 */
export function ChoiceControl({
  name,
  options,
  multiple,
  clearable,
  control,
}: {
  name: string;
  options: readonly ChoiceOption[];
  multiple: boolean;
  /** An optional single choice can be emptied again. */
  clearable: boolean;
  control: ControlProps;
}) {
  const { t } = useTranslation('form');
  const { interviewer, applicant } = useFormStage();
  const { field } = useController({ name });
  const value: unknown = field.value;
  const selected: readonly string[] = multiple
    ? Array.isArray(value)
      ? value.filter((entry): entry is string => typeof entry === 'string')
      : []
    : typeof value === 'string' && value !== ''
      ? [value]
      : [];

  const choose = (optionValue: string, checked: boolean) => {
    if (!multiple) {
      field.onChange(optionValue);
      return;
    }
    const alone = (entry: string) => options.some((option) => option.value === entry && option.exclusive === true);
    const next = new Set(checked && alone(optionValue) ? [] : selected.filter((entry) => !(checked && alone(entry))));
    if (checked) next.add(optionValue);
    else next.delete(optionValue);
    // Keep the options' order, and any stored value the options no longer list.
    const known = options.filter((option) => next.has(option.value)).map((option) => option.value);
    field.onChange([...known, ...[...next].filter((entry) => !options.some((option) => option.value === entry))]);
  };

  return (
    <div className={`choices${options.length > 5 ? ' choices--columns' : ''}`}>
      {options.map((option, index) => {
        const optionId = `${control.id}-option-${index}`;
        const isSelected = selected.includes(option.value);
        const described = applicantAddition(option.label, interviewer, applicant) !== 'nothing';
        return (
          <label key={option.value} className={`choice form-choice${option.disabled ? ' form-choice--disabled' : ''}`}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={index === 0 ? control.id : optionId}
              name={name}
              value={option.value}
              checked={isSelected}
              disabled={option.disabled === true && !isSelected}
              onChange={(event) => choose(option.value, event.target.checked)}
              onBlur={field.onBlur}
              aria-labelledby={`${optionId}-interviewer`}
              aria-describedby={described ? `${optionId}-applicant` : undefined}
              aria-invalid={(multiple && control.invalid) || undefined}
            />
            <BilingualText
              text={option.label}
              interviewer={interviewer}
              applicant={applicant}
              interviewerId={`${optionId}-interviewer`}
              applicantId={`${optionId}-applicant`}
              className="form-choice__text"
            />
            {option.note && <span className="form-choice__note">{option.note}</span>}
          </label>
        );
      })}
      {clearable && !multiple && selected.length > 0 && (
        <button type="button" className="button button--compact choices__clear" onClick={() => field.onChange('')}>
          {t('question.clear')}
        </button>
      )}
    </div>
  );
}
