import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { CefrField, CodeListField, Field, NoteField } from '../../../core/form';
import { formatDate } from '../../format';
import { ChoiceControl, type ChoiceOption } from './ChoiceControl';
import { CodeListSearch } from './CodeListSearch';
import { ColumnText } from './ColumnText';
import { DateControl } from './DateControl';
import { useFormStage } from './form-context';
import { isAppFilled, type DateParts } from './form-values';
import { inputNameOf } from './issues';
import { Question, type ControlProps } from './Question';
import { deferredPart } from '../../deferred-part';

/** Code lists up to this size are shown as choices; longer ones (countries, languages, occupations) are searched. */
const LARGEST_LIST_SHOWN_WHOLE = 16;

/** The code list whose codes are the consent notice's recipient ids (content/README.md). */
const REFERRAL_PARTNER_LIST = 'referralPartners';
/**
 * notice@1 and @2 name IHK and Handwerkskammer as one recipient (`ihk-hwk`); the Profilingbogen
 * from v3 on refers to each apart: a consent to the joint recipient covers both.
 */
const JOINT_RECIPIENT: Readonly<Record<string, string>> = { ihk: 'ihk-hwk', hwk: 'ihk-hwk' };

/**
 * The language-level grid is in a later section only: its own chunk (issue #15), loaded once the
 * form stage is settled (FormStage) or when a section shows one.
 */
export const cefrGridPart = deferredPart(() => import('./CefrGrid'));

function DeferredCefrGrid({ field, name, control }: { field: CefrField; name: string; control: ControlProps }) {
  const { t } = useTranslation();
  const part = cefrGridPart.usePart(true);
  if (!part) return <p role="status">{t('common.loading')}</p>;
  return <part.CefrGrid field={field} name={name} control={control} />;
}

function ariaOf(control: ControlProps) {
  return {
    id: control.id,
    'aria-describedby': control.describedBy,
    'aria-invalid': control.invalid || undefined,
    'aria-required': control.required || undefined,
  };
}

function TextControl({ name, multiline, readOnly, control }: { name: string; multiline: boolean; readOnly: boolean; control: ControlProps }) {
  const { register } = useFormContext();
  if (multiline) return <textarea className="input form-textarea" rows={4} dir="auto" {...register(name)} {...ariaOf(control)} />;
  return <input className="input form-input" type="text" dir="auto" autoComplete="off" readOnly={readOnly} {...register(name)} {...ariaOf(control)} />;
}

function NumberControl({ name, integer, control }: { name: string; integer: boolean; control: ControlProps }) {
  const { register } = useFormContext();
  return <input className="input form-input form-input--number" type="text" inputMode={integer ? 'numeric' : 'decimal'} dir="ltr" autoComplete="off" {...register(name)} {...ariaOf(control)} />;
}

/** A date the app filled (the interview's date): shown in the interviewer's format, not typed. */
function AppFilledDate({ name, control }: { name: string; control: ControlProps }) {
  const { i18n } = useTranslation('form');
  const parts = useWatch({ name }) as DateParts | undefined;
  const [year, month, day] = [parts?.year, parts?.month, parts?.day].map(Number);
  const shown = year && month && day ? formatDate(year, month, day, i18n.language) : (parts?.year ?? '');
  return <input className="input form-input" type="text" readOnly value={shown} {...ariaOf(control)} />;
}

function NoteView({ field }: { field: NoteField }) {
  const { interviewer, applicant } = useFormStage();
  return (
    <div className={`form-note${applicant ? '' : ' form-note--single'}`} data-testid={`note-${field.id}`}>
      <ColumnText as="p" text={field.label} column={interviewer} className="form-note__text" />
      {applicant && <ColumnText as="p" text={field.label} column={applicant} className="form-note__text" />}
    </div>
  );
}

function useCodeListOptions(field: CodeListField): ChoiceOption[] {
  const { t } = useTranslation('form');
  const { form, acceptedRecipients } = useFormStage();
  const list = Object.hasOwn(form.codeLists, field.codeList) ? form.codeLists[field.codeList] : undefined;
  const restricted = field.codeList === REFERRAL_PARTNER_LIST ? acceptedRecipients : null;
  return (list?.items ?? []).map((item) => {
    // A referral may only go to a partner the applicant's consent covers.
    const joint = Object.hasOwn(JOINT_RECIPIENT, item.code) ? JOINT_RECIPIENT[item.code] : undefined;
    const covered = restricted === null || restricted.includes(item.code) || (joint !== undefined && restricted.includes(joint));
    return covered ? { value: item.code, label: item.label } : { value: item.code, label: item.label, disabled: true, note: t('question.noConsent') };
  });
}

function SmallCodeList({ field, name, control }: { field: CodeListField; name: string; control: ControlProps }) {
  const options = useCodeListOptions(field);
  return <ChoiceControl name={name} options={options} multiple={field.multiple === true} clearable={field.required !== true} control={control} />;
}

function YesNoControl({ name, control, clearable }: { name: string; control: ControlProps; clearable: boolean }) {
  const { t, i18n } = useTranslation('form');
  const { form } = useFormStage();
  // The form's own yes/no list carries the applicant's language; the UI words are a fallback.
  const list = Object.hasOwn(form.codeLists, 'yesNo') ? form.codeLists.yesNo : undefined;
  const labelOf = (code: 'yes' | 'no') =>
    list?.items.find((item) => item.code === code)?.label ?? { de: t(`yesNo.${code}`, { lng: 'de' }), [i18n.language]: t(`yesNo.${code}`) };
  const options: ChoiceOption[] = [
    { value: 'yes', label: labelOf('yes') },
    { value: 'no', label: labelOf('no') },
  ];
  return <ChoiceControl name={name} options={options} multiple={false} clearable={clearable} control={control} />;
}

/** One field of the form, at its answer path (`birthDate`, `workExperience[0].workFrom`). */
export function FieldView({ field, path }: { field: Field; path: string }) {
  const { form } = useFormStage();
  const name = inputNameOf(path);
  const appFilled = path === field.id && isAppFilled(field.id);
  const optional = field.required !== true;

  switch (field.type) {
    case 'note':
      return <NoteView field={field} />;
    case 'text':
    case 'longtext':
      return (
        <Question field={field} path={path} grouped={false} appFilled={appFilled}>
          {(control) => <TextControl name={name} multiline={field.type === 'longtext'} readOnly={appFilled} control={control} />}
        </Question>
      );
    case 'number':
      return (
        <Question field={field} path={path} grouped={false}>
          {(control) => <NumberControl name={name} integer={field.integer === true} control={control} />}
        </Question>
      );
    case 'date':
      if (appFilled) {
        return (
          <Question field={field} path={path} grouped={false} appFilled>
            {(control) => <AppFilledDate name={name} control={control} />}
          </Question>
        );
      }
      return (
        <Question field={field} path={path} grouped>
          {(control) => <DateControl field={field} name={name} control={control} />}
        </Question>
      );
    case 'single':
    case 'multi': {
      const options = field.choices.map((choice) => ({ value: choice.value, label: choice.label, exclusive: choice.exclusive === true }));
      const multiple = field.type === 'multi';
      return (
        <Question field={field} path={path} grouped radioGroup={!multiple}>
          {(control) => <ChoiceControl name={name} options={options} multiple={multiple} clearable={optional} control={control} />}
        </Question>
      );
    }
    case 'yesno':
      return (
        <Question field={field} path={path} grouped radioGroup>
          {(control) => <YesNoControl name={name} control={control} clearable={optional} />}
        </Question>
      );
    case 'codelist': {
      const list = Object.hasOwn(form.codeLists, field.codeList) ? form.codeLists[field.codeList] : undefined;
      const multiple = field.multiple === true;
      if (list === undefined || list.items.length <= LARGEST_LIST_SHOWN_WHOLE) {
        return (
          <Question field={field} path={path} grouped radioGroup={!multiple}>
            {(control) => <SmallCodeList field={field} name={name} control={control} />}
          </Question>
        );
      }
      return (
        <Question field={field} path={path} grouped={false}>
          {(control) => <CodeListSearch name={name} list={list} multiple={multiple} control={control} />}
        </Question>
      );
    }
    case 'cefr':
      return (
        <Question field={field} path={path} grouped>
          {(control) => <DeferredCefrGrid field={field} name={name} control={control} />}
        </Question>
      );
  }
}
