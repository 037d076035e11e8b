/**
 * The Profilingbogen stage: the form definition the record was started with, rendered section
 * by section with the interviewer's and the applicant's language side by side; every change
 * autosaved as a draft; a summary that lists what is missing and completes the interview.
 *
 * react-hook-form holds what the inputs show; the answers are derived from it on every change
 * (form-values.ts), hidden answers dropped, and everything the form model says about them —
 * visibility, progress, issues — comes from src/core/form.
 */
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { FormProvider, useForm, useWatch, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { consentState } from '../../../core/consent';
import {
  missingForCompletion,
  sectionProgress,
  visibleItems,
  type Answers,
  type FormDefinition,
  type ValidationIssue,
  type VisibleSection,
} from '../../../core/form';
import { completeInterview, database, saveDraft, setApplicantLanguage, StorageError, type InterviewProgress, type LocalRecord } from '../../../data';
import type { FormStageProps } from '../contract';
import { FormStageContext, type FormStageContextValue } from './form-context';
import {
  answersToFormValues,
  displayNameOf,
  formValuesToAnswers,
  localDateAndTime,
  localIsoDate,
  motherTonguePrefill,
  pruneHiddenAnswers,
  withAppFilledAnswers,
  type FormValues,
} from './form-values';
import { FormHeader } from './FormHeader';
import { fieldDomId, issuesByPath, sectionIdOfPath, sectionsWithInvalidValues } from './issues';
import { applicantLanguageOptions, formColumns } from './languages';
import { REQUIRED_NOTE_ID } from './Question';
import { SectionNav, type Place } from './SectionNav';
import { repeatGroupPart, SectionView } from './SectionView';
import { cefrGridPart } from './FieldView';
import { codeListSearchPart } from './CodeListSearch';
import { useAutosaveQueue, useAutosaveState } from './use-autosave';
import { useFirstScreenReady, whenSettled } from '../../first-screen';
import { deferredPart } from '../../deferred-part';
import './form.css';

// The summary (what is missing, completing) is not needed to show a section: its own chunk (issue
// #15), loaded once the stage is settled, or when the stage opens on it.
const summaryPart = deferredPart(() => import('./SummaryView'), ['formParts']);
/** The parts of the stage that load after it shows (all of them, once it is settled). */
const laterParts = [summaryPart, repeatGroupPart, cefrGridPart, codeListSearchPart];

/** What one autosave writes. */
interface DraftSnapshot {
  answers: Answers;
  progress: InterviewProgress;
  displayName: string;
}

const snapshotKey = (snapshot: DraftSnapshot) => JSON.stringify(snapshot);

function placeOf(progress: InterviewProgress, form: FormDefinition): { place: Place; lastSectionId: string } {
  const first = form.sections[0]?.id ?? '';
  const known = progress.sectionId !== null && form.sections.some((section) => section.id === progress.sectionId) ? progress.sectionId : null;
  if (progress.stage === 'summary') return { place: { kind: 'summary' }, lastSectionId: known ?? first };
  return { place: { kind: 'section', sectionId: known ?? first }, lastSectionId: known ?? first };
}

/** The form as it opens: stored answers plus what the app fills, and where the interviewer was. */
function openingState(record: LocalRecord, form: FormDefinition) {
  const stored = record.answers ?? {};
  const startedAt = new Date(record.interview.startedAt);
  const answers = withAppFilledAnswers(form, stored, {
    recordId: record.recordId,
    startedAt: localDateAndTime(Number.isNaN(startedAt.getTime()) ? new Date() : startedAt),
    interviewerName: record.interview.interviewerName,
    applicantLang: record.interview.applicantLang,
    site: record.interview.site,
  });
  return {
    values: answersToFormValues(form, answers),
    ...placeOf(record.progress, form),
    savedKey: snapshotKey({ answers: stored, progress: record.progress, displayName: record.displayName }),
  };
}

/** Every answer path that is on screen somewhere, in the form's order: the order of the summary. */
function pathOrder(sections: readonly VisibleSection[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const { items } of sections) {
    for (const item of items) {
      order.set(item.path, order.size);
      if (item.kind === 'group') for (const instance of item.instances) for (const field of instance.fields) order.set(field.path, order.size);
    }
  }
  return order;
}

/** Moves focus to the answer's input; false when it is not on screen. */
function focusField(path: string): boolean {
  const byId = document.getElementById(fieldDomId(path));
  const usable = byId && !(byId as HTMLInputElement).disabled ? byId : null;
  const target =
    usable ??
    document
      .querySelector(`[data-testid="question-${CSS.escape(path)}"]`)
      ?.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])');
  if (!target) return false;
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
  return true;
}

function storageMessageKey(error: unknown) {
  return error instanceof StorageError ? (`save.errors.${error.code}` as const) : ('save.errors.unexpected' as const);
}

/** What completing still lacks (missing and invalid answers), in the form's order. */
function missingAnswers(form: FormDefinition, answers: Answers, today: string, entryIssues: readonly ValidationIssue[], order: Map<string, number>): ValidationIssue[] {
  const all = [...issuesByPath(missingForCompletion(form, answers, today), entryIssues).values()].flat();
  const rank = (issue: ValidationIssue) => order.get(issue.path) ?? order.get(issue.path.replace(/\.[^.]+$/, '')) ?? order.size;
  return all.sort((a, b) => rank(a) - rank(b));
}

type FocusRequest = { kind: 'heading' } | { kind: 'missing' } | { kind: 'field'; path: string };

function ProfilingForm({ record, form, notices }: FormStageProps) {
  const { t, i18n } = useTranslation('form');
  const db = database();
  const interviewerLang = i18n.language === 'en' ? 'en' : 'de';
  const [opening] = useState(() => openingState(record, form));
  const methods = useForm<FieldValues>({ defaultValues: opening.values });
  useFirstScreenReady();
  const values = useWatch({ control: methods.control }) as FormValues;

  // The answers, as saved: derived from the inputs, hidden ones dropped.
  const converted = useMemo(() => formValuesToAnswers(form, values), [form, values]);
  const answers = useMemo(() => pruneHiddenAnswers(form, converted.answers), [form, converted.answers]);
  const today = localIsoDate(new Date());
  const visibleSections = useMemo(() => visibleItems(form, answers), [form, answers]);
  const order = useMemo(() => pathOrder(visibleSections), [visibleSections]);
  const entryIssues = useMemo(() => converted.entryIssues.filter((issue) => order.has(issue.path)), [converted.entryIssues, order]);
  // Checking the answers (progress per section, issues, what is missing) follows them at a lower
  // priority: a section opens, and each keystroke shows, before the whole form is checked again
  // (on a slow tablet that check held up the first usable input). Until the first check the
  // navigation shows no counts and no ✓.
  const checkedAnswers = useDeferredValue<Answers | null>(answers, null);
  const progress = useMemo(() => (checkedAnswers === null ? [] : sectionProgress(form, checkedAnswers, { today })), [form, checkedAnswers, today]);
  const issuesAt = useMemo(() => issuesByPath(progress.flatMap((section) => section.issues), entryIssues), [progress, entryIssues]);
  const missing = useMemo(
    () => (checkedAnswers === null ? [] : missingAnswers(form, checkedAnswers, today, entryIssues, order)),
    [form, checkedAnswers, today, entryIssues, order],
  );
  const invalidSections = useMemo(() => sectionsWithInvalidValues(form, missing), [form, missing]);

  // Where the interviewer is.
  const [place, setPlace] = useState<Place>(opening.place);
  const [lastSectionId, setLastSectionId] = useState(opening.lastSectionId);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  // Until the interviewer moves, the section shown is the one the stage opened on.
  const [moved, setMoved] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const missingRef = useRef<HTMLHeadingElement>(null);

  // Which issues are shown: of questions the interviewer has left, and all after a completion attempt.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const markTouched = useCallback((path: string) => setTouched((current) => (current.has(path) ? current : new Set(current).add(path))), []);
  const shownIssues = useCallback((path: string) => (attempted || touched.has(path) ? (issuesAt.get(path) ?? []) : []), [attempted, touched, issuesAt]);

  // The applicant's language: the answer to "language of the questions", which the header switch sets too.
  const answeredLang = typeof answers.applicantLanguage === 'string' && form.languages.includes(answers.applicantLanguage) ? answers.applicantLanguage : null;
  const [chosenLang, setChosenLang] = useState(record.interview.applicantLang);
  const applicantLang = answeredLang ?? chosenLang;
  const [languageError, setLanguageError] = useState(false);
  const persistedLang = record.interview.applicantLang;
  useEffect(() => {
    if (applicantLang === persistedLang) return;
    let cancelled = false;
    setApplicantLanguage(db, record.recordId, applicantLang, new Date().toISOString()).then(
      () => !cancelled && setLanguageError(false),
      () => !cancelled && setLanguageError(true),
    );
    return () => {
      cancelled = true;
    };
  }, [db, record.recordId, applicantLang, persistedLang]);
  const chooseApplicantLanguage = (lang: string) => {
    setChosenLang(lang);
    if (Object.hasOwn(values, 'applicantLanguage')) methods.setValue('applicantLanguage', lang, { shouldDirty: true });
  };
  const languageOptions = useMemo(() => {
    const options = applicantLanguageOptions(form, notices);
    return options.some((option) => option.lang === applicantLang) ? options : [...options, { lang: applicantLang, name: applicantLang, dir: 'ltr' as const }];
  }, [form, notices, applicantLang]);
  const columns = useMemo(() => formColumns(form, interviewerLang, applicantLang, notices), [form, interviewerLang, applicantLang, notices]);

  const acceptedRecipients = useMemo(() => {
    if (!record.consent) return null;
    try {
      return consentState(record.consent).acceptedRecipients;
    } catch {
      return null;
    }
  }, [record.consent]);

  // Autosave: the answers, where the interviewer is and the name for the interview list.
  const displayName = displayNameOf(answers);
  const stageProgress: InterviewProgress = place.kind === 'summary' ? { stage: 'summary', sectionId: lastSectionId } : { stage: 'form', sectionId: place.sectionId };
  const snapshot = useMemo<DraftSnapshot>(
    () => ({ answers, progress: { stage: stageProgress.stage, sectionId: stageProgress.sectionId }, displayName }),
    [answers, stageProgress.stage, stageProgress.sectionId, displayName],
  );
  const save = useCallback((draft: DraftSnapshot) => saveDraft(db, record.recordId, { ...draft, now: new Date().toISOString() }).then(() => undefined), [db, record.recordId]);
  const autosave = useAutosaveQueue(save, snapshotKey, opening.savedKey);
  const { queue } = autosave;
  const saveError = useAutosaveState(autosave, (state) => state.error);
  useEffect(() => queue.schedule(snapshot), [queue, snapshot]);

  // Moving around.
  const go = (next: Place) => {
    if (next.kind === 'section' && next.sectionId === sectionIdOfPath(form, 'languageSkills')) {
      const prefilled = motherTonguePrefill(form, methods.getValues() as FormValues);
      if (prefilled !== null) methods.setValue('languageSkills', prefilled, { shouldDirty: true });
    }
    setPlace(next);
    setMoved(true);
    if (next.kind === 'section') setLastSectionId(next.sectionId);
    setFocusRequest({ kind: 'heading' });
  };
  const jumpTo = (path: string) => {
    const sectionId = sectionIdOfPath(form, path);
    if (sectionId === undefined) return;
    setPlace({ kind: 'section', sectionId });
    setMoved(true);
    setLastSectionId(sectionId);
    markTouched(path);
    setFocusRequest({ kind: 'field', path });
  };
  // The parts loaded after the stage shows: when one arrives, a focus request that waited for it is met.
  const summary = summaryPart.usePart(place.kind === 'summary');
  const partsLoaded = [summary, repeatGroupPart.usePart(false), cefrGridPart.usePart(false)].every((part) => part !== undefined);
  useEffect(() => whenSettled(() => laterParts.forEach((part) => void part.preload().catch(() => undefined))), []);
  useEffect(() => {
    if (focusRequest === null) return;
    let found: boolean;
    if (focusRequest.kind === 'field') found = focusField(focusRequest.path);
    else {
      const target = focusRequest.kind === 'heading' ? headingRef.current : missingRef.current;
      target?.scrollIntoView({ block: 'start' });
      target?.focus({ preventScroll: true });
      found = target !== null;
    }
    // Not on screen yet because its part is still loading: tried again when it arrives.
    if (!found && !partsLoaded) return;
    setFocusRequest(null);
  }, [focusRequest, partsLoaded]);

  // Completion: the newest answers must be stored before completeInterview validates them.
  const [completing, setCompleting] = useState(false);
  const [completeError, setCompleteError] = useState<ReactNode>(null);
  const complete = async () => {
    setAttempted(true);
    setCompleteError(null);
    // The check may not have caught up with the last keystroke yet: then it is made here.
    const missingNow = checkedAnswers === answers ? missing : missingAnswers(form, answers, today, entryIssues, order);
    if (missingNow.length > 0) {
      setFocusRequest({ kind: 'missing' });
      return;
    }
    setCompleting(true);
    // The summary's strings (its part loads them; the completion's errors are among them).
    await i18n.loadNamespaces('formParts').catch(() => undefined);
    queue.schedule(snapshot);
    if (!(await queue.flush())) {
      setCompleting(false);
      setCompleteError(<p className="alert alert--danger" role="alert">{i18n.t('summary.notSavedFirst', { ns: 'formParts' })}</p>);
      return;
    }
    try {
      // On success the interview screen shows the done stage by itself.
      await completeInterview(db, record.recordId, form, new Date().toISOString());
    } catch (error) {
      setCompleting(false);
      setCompleteError(
        <div className="alert alert--danger" role="alert" data-testid="complete-error">
          <p className="alert__title">{i18n.t('summary.completeFailed', { ns: 'formParts' })}</p>
          <p>{t(storageMessageKey(error))}</p>
          {error instanceof Error && (
            <p lang="en" dir="ltr" className="muted">
              {error.message}
            </p>
          )}
        </div>,
      );
    }
  };

  const context = useMemo<FormStageContextValue>(
    () => ({
      form,
      interviewer: columns.interviewer,
      applicant: columns.applicant,
      answers,
      shownIssues,
      markTouched,
      // English too: the occupation list's keywords exist in German and English only.
      searchLanguages: [...new Set([interviewerLang, applicantLang, 'de', 'en'])],
      acceptedRecipients,
    }),
    [form, columns, answers, shownIssues, markTouched, interviewerLang, applicantLang, acceptedRecipients],
  );

  const currentSection = place.kind === 'section' ? visibleSections.find((entry) => entry.section.id === place.sectionId) : undefined;

  return (
    <FormProvider {...methods}>
      <FormStageContext.Provider value={context}>
        <section className="screen form-stage" data-testid="form-stage" aria-labelledby="form-title">
          <FormHeader
            form={form}
            interviewer={columns.interviewer}
            applicant={columns.applicant}
            applicantLang={applicantLang}
            languageOptions={languageOptions}
            notices={notices}
            displayName={displayName}
            editingNextRev={record.editing ? record.rev + 1 : null}
            autosave={autosave}
            languageError={languageError}
            onApplicantLanguage={chooseApplicantLanguage}
          />
          {saveError !== null && (
            <div className="alert alert--danger form-save-error" role="alert" data-testid="save-error">
              <p className="alert__title">{t('save.failedTitle')}</p>
              <p>{t(storageMessageKey(saveError))}</p>
              <p>{t('save.keepOpen')}</p>
              <div className="actions">
                <button type="button" className="button" onClick={() => void queue.flush()}>
                  {t('save.retry')}
                </button>
              </div>
            </div>
          )}
          <span id={REQUIRED_NOTE_ID} hidden>
            {t('question.required')}
          </span>
          <div className="form-stage__body">
            <SectionNav form={form} progress={progress} invalidSections={invalidSections} place={place} interviewer={columns.interviewer} onGo={go} />
            <form className="form-stage__main" noValidate onSubmit={(event) => event.preventDefault()}>
              {currentSection ? (
                <SectionView
                  key={currentSection.section.id}
                  form={form}
                  visible={currentSection}
                  headingRef={headingRef}
                  onGo={go}
                  onAdded={(path) => setFocusRequest({ kind: 'field', path })}
                  firstItemsFirst={!moved}
                />
              ) : !summary ? (
                <p role="status">{t('common.loading', { ns: 'translation' })}</p>
              ) : (
                <summary.SummaryView
                  form={form}
                  progress={progress}
                  missing={missing}
                  headingRef={headingRef}
                  missingRef={missingRef}
                  completing={completing}
                  attempted={attempted}
                  completeError={completeError}
                  onJump={jumpTo}
                  onComplete={() => void complete()}
                />
              )}
            </form>
          </div>
        </section>
      </FormStageContext.Provider>
    </FormProvider>
  );
}

/**
 * The interview screen reads its record live, so every autosave hands the stage a new record
 * object. The form reads only these parts of it after opening; while they are the same, it does not
 * render again (issue #12: a render of the whole form after each save held up the next save).
 */
function sameFormInputs(before: FormStageProps, after: FormStageProps): boolean {
  const a = before.record;
  const b = after.record;
  return (
    before.form === after.form &&
    before.notices === after.notices &&
    a.recordId === b.recordId &&
    a.interview.applicantLang === b.interview.applicantLang &&
    a.consent?.record_id === b.consent?.record_id &&
    a.consent?.events.length === b.consent?.events.length &&
    a.editing === b.editing &&
    (!a.editing || a.rev === b.rev)
  );
}

const MemoProfilingForm = memo(ProfilingForm, sameFormInputs);

/** The form stage; waits for its UI strings (loaded lazily) before rendering the form. */
export default function FormStage(props: FormStageProps) {
  const { t, ready } = useTranslation(['form', 'interview']);
  if (!ready) return <p role="status">{t('screen.loading', { ns: 'interview' })}</p>;
  return <MemoProfilingForm {...props} />;
}
