/**
 * An uploaded form, rendered with the interview's own components (src/app/interview/form) in any
 * two of its languages side by side, fillable, with its conditions, validation and progress —
 * and nothing saved: no record, no draft, no autosave.
 */
import { useMemo, useState } from 'react';
import { FormProvider, useForm, useWatch, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { sectionProgress, visibleItems, type FormDefinition } from '../../core/form';
import { FormStageContext, type FormStageContextValue } from '../interview/form/form-context';
import { answersToFormValues, formValuesToAnswers, localIsoDate, pruneHiddenAnswers, type FormValues } from '../interview/form/form-values';
import { issuesByPath } from '../interview/form/issues';
import { columnOf } from '../interview/form/languages';
import { REQUIRED_NOTE_ID } from '../interview/form/Question';
import { SectionNav, type Place } from '../interview/form/SectionNav';
import { SectionView } from '../interview/form/SectionView';

export function FormPreview({ form, left, right }: { form: FormDefinition; left: string; right: string }) {
  const { t } = useTranslation('form');
  const methods = useForm<FieldValues>({ defaultValues: answersToFormValues(form, {}) });
  const values = useWatch({ control: methods.control }) as FormValues;
  const converted = useMemo(() => formValuesToAnswers(form, values), [form, values]);
  const answers = useMemo(() => pruneHiddenAnswers(form, converted.answers), [form, converted.answers]);
  const visible = useMemo(() => visibleItems(form, answers), [form, answers]);
  const today = localIsoDate(new Date());
  const progress = useMemo(() => sectionProgress(form, answers, { today }), [form, answers, today]);
  const issuesAt = useMemo(() => issuesByPath(progress.flatMap((section) => section.issues), converted.entryIssues), [progress, converted.entryIssues]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [place, setPlace] = useState<Place>({ kind: 'section', sectionId: form.sections[0]?.id ?? '' });

  const context = useMemo<FormStageContextValue>(() => {
    const interviewer = columnOf(form, left, []);
    return {
      form,
      interviewer,
      applicant: right === left ? null : columnOf(form, right, []),
      answers,
      shownIssues: (path) => (touched.has(path) ? (issuesAt.get(path) ?? []) : []),
      markTouched: (path) => setTouched((current) => (current.has(path) ? current : new Set(current).add(path))),
      searchLanguages: [...new Set([left, right, 'de', 'en'])],
      acceptedRecipients: null,
    };
  }, [form, left, right, answers, touched, issuesAt]);

  const sectionId = place.kind === 'section' ? place.sectionId : (form.sections.at(-1)?.id ?? '');
  const current = visible.find((entry) => entry.section.id === sectionId);
  return (
    <FormProvider {...methods}>
      <FormStageContext.Provider value={context}>
        <div className="form-stage" data-testid="form-preview">
          <span id={REQUIRED_NOTE_ID} hidden>
            {t('question.required')}
          </span>
          <div className="form-stage__body">
            <SectionNav form={form} progress={progress} invalidSections={new Set()} place={place} interviewer={context.interviewer} onGo={(next) => setPlace(next.kind === 'summary' ? { kind: 'section', sectionId } : next)} />
            <form className="form-stage__main" noValidate onSubmit={(event) => event.preventDefault()}>
              {current && <SectionView key={current.section.id} form={form} visible={current} headingRef={null} onGo={(next) => setPlace(next.kind === 'summary' ? { kind: 'section', sectionId } : next)} onAdded={() => undefined} />}
            </form>
          </div>
        </div>
      </FormStageContext.Provider>
    </FormProvider>
  );
}
