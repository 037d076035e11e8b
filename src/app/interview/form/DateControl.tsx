import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { DateField } from '../../../core/form';
import { emptyDateParts, type DateParts } from './form-values';
import type { ControlProps } from './Question';

type Part = 'day' | 'month' | 'year';

/**
 * A date as day, month and year, with "day unknown" / "month unknown" where the field allows
 * them (an unknown month makes the day unknown too). Digits of any script are accepted and
 * stored as Western digits.
 */
export function DateControl({ field, name, control }: { field: DateField; name: string; control: ControlProps }) {
  const { t } = useTranslation('form');
  const { field: input } = useController({ name });
  const value: DateParts = { ...emptyDateParts(), ...(input.value as Partial<DateParts> | undefined) };
  const set = (change: Partial<DateParts>) => input.onChange({ ...value, ...change });
  const dayUnknown = value.dayUnknown || value.monthUnknown;
  const disabled: Record<Part, boolean> = { day: dayUnknown, month: value.monthUnknown, year: false };
  // The summary's link focuses the first part that can be typed in.
  const focusPart: Part = !disabled.day ? 'day' : !disabled.month ? 'month' : 'year';

  const part = (key: Part) => (
    <label className={`date-part date-part--${key}`}>
      <span className="date-part__label">{t(`date.${key}`)}</span>
      <input
        className="input date-part__input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        dir="ltr"
        maxLength={key === 'year' ? 4 : 2}
        id={key === focusPart ? control.id : `${control.id}-${key}`}
        value={disabled[key] ? '' : value[key]}
        disabled={disabled[key]}
        onChange={(event) => set({ [key]: event.target.value })}
        onBlur={input.onBlur}
        aria-describedby={control.describedBy}
        aria-invalid={control.invalid || undefined}
        aria-required={control.required || undefined}
      />
    </label>
  );

  return (
    <div className="date-input">
      <div className="date-input__parts">
        {part('day')}
        {part('month')}
        {part('year')}
      </div>
      {(field.allowUnknownDay === true || field.allowUnknownMonth === true) && (
        <div className="date-input__unknown">
          {field.allowUnknownDay === true && (
            <label className="choice form-choice">
              <input
                type="checkbox"
                checked={dayUnknown}
                disabled={value.monthUnknown}
                onChange={(event) => set({ dayUnknown: event.target.checked, day: '' })}
              />
              <span>{t('date.dayUnknown')}</span>
            </label>
          )}
          {field.allowUnknownMonth === true && (
            <label className="choice form-choice">
              <input
                type="checkbox"
                checked={value.monthUnknown}
                onChange={(event) =>
                  set(event.target.checked ? { monthUnknown: true, dayUnknown: true, month: '', day: '' } : { monthUnknown: false, dayUnknown: false })
                }
              />
              <span>{t('date.monthUnknown')}</span>
            </label>
          )}
        </div>
      )}
    </div>
  );
}
