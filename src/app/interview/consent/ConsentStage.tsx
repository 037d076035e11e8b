/**
 * The consent stage: the applicant chooses a language, reads the notice beside German, decides on
 * every purpose and recipient, and confirms; the interviewer attests. Saving the decision is the
 * only way out: given consent opens the form, a refusal ends the interview (InterviewScreen
 * follows the record by itself).
 *
 * Until then everything entered is autosaved as a draft (like the form's answers), so a reload or
 * a trip to another screen continues at the same step with the same choices. The draft is not
 * evidence; only the saved decision is.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createConsentRecord, noticeRef, undecidedItems } from '../../../core/consent';
import { mappedFormFor } from '../../../core/record';
import { database, postponeInterview, saveConsentDecision, saveConsentDraft, setApplicantLanguage, StorageError } from '../../../data';
import type { ConsentStageProps } from '../contract';
import { useAutosave } from '../form/use-autosave';
import { useFirstScreenReady } from '../../first-screen';
import {
  CONSENT_STEPS,
  EMPTY_STAGE,
  NO_DECISIONS,
  captureInput,
  checkNotices,
  decisionOutcome,
  languageChoices,
  restoreStage,
  type CaptureDraft,
  type ConsentStep,
  type Decisions,
  type StageSnapshot,
} from './consent-draft';
import { saveErrorOf, type SaveError } from './save-error';
import { LanguageStep } from './LanguageStep';
import { ReadingStep } from './ReadingStep';
import { DecisionStep } from './DecisionStep';
import { ConfirmationStep } from './ConfirmationStep';
import { NoticeProblem } from './NoticeProblem';
import './consent.css';

const steps = CONSENT_STEPS;
const snapshotKey = (snapshot: StageSnapshot) => JSON.stringify(snapshot);

export default function ConsentStage({ record, notices, references, form, interviewer, onPostponed }: ConsentStageProps) {
  const formRef = `${form.id}@${form.version}`;
  const { t } = useTranslation('consent');
  const db = database();
  useFirstScreenReady();
  const [restored] = useState(() => {
    const snapshot = restoreStage(record.consentDraft?.state, notices);
    // What storage holds: nothing to write while the stage is as it was saved (or still empty).
    return { snapshot, savedKey: snapshotKey(record.consentDraft ? (record.consentDraft.state as StageSnapshot) : EMPTY_STAGE) };
  });
  const [step, setStep] = useState<ConsentStep>(restored.snapshot.step);
  const [lang, setLang] = useState<string | null>(restored.snapshot.lang);
  const [decisions, setDecisions] = useState<Decisions>(restored.snapshot.decisions);
  const [draft, setDraft] = useState<CaptureDraft>(restored.snapshot.capture);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<SaveError | null>(null);

  const choices = useMemo(() => languageChoices(notices), [notices]);
  const chosen = notices.find((notice) => notice.lang === lang);
  const german = chosen && references.find((notice) => notice.version === chosen.version);
  const check = useMemo(() => (chosen ? checkNotices(chosen, german) : null), [chosen, german]);

  const snapshot = useMemo<StageSnapshot>(
    () => ({ step, lang, noticeSha256: chosen?.sha256 ?? null, decisions, capture: draft }),
    [step, lang, chosen?.sha256, decisions, draft],
  );
  const saveSnapshot = useCallback(
    (next: StageSnapshot) => saveConsentDraft(db, record.recordId, next, new Date().toISOString()).then(() => undefined),
    [db, record.recordId],
  );
  const { state: draftState, queue } = useAutosave(saveSnapshot, snapshotKey, restored.savedKey);
  useEffect(() => queue.schedule(snapshot), [queue, snapshot]);

  const chooseLanguage = (next: string) => {
    if (next !== lang) {
      // A decision belongs to the text it was made on: a new language starts the decisions afresh.
      setDecisions(NO_DECISIONS);
      setLang(next);
    }
    setStep('reading');
    void setApplicantLanguage(db, record.recordId, next, new Date().toISOString()).catch(() => {
      // The language is saved again with the decision; a failure here loses nothing.
    });
  };

  const save = async () => {
    if (check === null || !check.ok) return;
    setSaving(true);
    setSaveError(null);
    // A draft save still on its way would otherwise land after the decision and be refused.
    await queue.flush();
    try {
      const now = new Date();
      const consent = createConsentRecord(
        // specialCategories: the Profilingbogen asks the health question; from notice@3 on the
        // special-category basis follows the applicant's explicit health decision instead.
        captureInput(draft, decisions, { recordId: record.recordId, interviewer, specialCategories: true, notice: check.shown.notice }),
        check.shown.notice,
        check.german.notice,
        now,
      );
      await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(check.shown.notice), formRef, now: now.toISOString() });
      // InterviewScreen now shows the form (consent) or the end of the interview (refusal).
    } catch (error) {
      setSaveError(saveErrorOf(error));
      setSaving(false);
    }
  };

  const [postponeError, setPostponeError] = useState(false);
  const postpone = async () => {
    if (!window.confirm(t('postpone.confirm'))) return;
    setPostponeError(false);
    await queue.flush().catch(() => undefined);
    try {
      await postponeInterview(db, record.recordId);
      onPostponed?.();
    } catch {
      setPostponeError(true);
    }
  };

  // What each recipient receives: the mapping that holds for records captured under the notice shown.
  const shownForm = useMemo(() => {
    if (!check?.ok) return form;
    try {
      return mappedFormFor(form, `${check.shown.notice.id}@${check.shown.notice.version}`) ?? form;
    } catch {
      return form;
    }
  }, [check, form]);

  const stepIndex = steps.indexOf(step);
  const undecided = check?.ok ? undecidedItems(check.shown.notice, decisions) : { purposes: [], recipients: [], explicitConsents: [] };
  const outcome = check?.ok ? decisionOutcome(check.shown.notice, decisions, undecided) : 'undecided';

  return (
    <section className="screen consent-stage" aria-labelledby="consent-title" data-testid="consent-stage">
      <header className="consent-stage__header">
        <h1 id="consent-title">{t('stage.title')}</h1>
        <ol className="consent-steps" aria-label={t('stage.stepsLabel')}>
          {steps.map((name, index) => (
            <li key={name} className="consent-steps__item" aria-current={name === step ? 'step' : undefined} data-done={index < stepIndex || undefined}>
              <span className="consent-steps__number">{index + 1}</span> {t(`steps.${name}`)}
            </li>
          ))}
        </ol>
        {draftState.savedAt !== null && draftState.error === null && <p className="muted consent-stage__draft" data-testid="consent-draft-saved">{t('draft.saved')}</p>}
      </header>

      {draftState.error !== null && !(draftState.error instanceof StorageError && draftState.error.code === 'record_locked') && (
        <div className="alert alert--danger" role="alert" data-testid="consent-draft-error">
          <p>{t('draft.saveFailed')}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => void queue.flush()}>{t('draft.retry')}</button>
          </div>
        </div>
      )}

      {step === 'language' && <LanguageStep choices={choices} chosen={lang} onChoose={chooseLanguage} />}

      {step !== 'language' && check !== null && !check.ok && (
        <NoticeProblem problem={check.problem} details={check.details} onBack={() => setStep('language')} />
      )}

      {step === 'reading' && check?.ok && (
        <ReadingStep
          shown={check.shown}
          german={check.german}
          draft={draft}
          onDraftChange={setDraft}
          onBack={() => setStep('language')}
          onContinue={() => setStep('decision')}
        />
      )}

      {step === 'decision' && check?.ok && (
        <DecisionStep
          shown={check.shown.notice}
          german={check.german.notice}
          form={shownForm}
          decisions={decisions}
          undecided={undecided}
          outcome={outcome}
          onDecisionsChange={setDecisions}
          onBack={() => setStep('reading')}
          onContinue={() => setStep('confirmation')}
        />
      )}

      {step === 'confirmation' && check?.ok && (outcome === 'consent' || outcome === 'refusal') && (
        <ConfirmationStep
          shown={check.shown.notice}
          german={check.german.notice}
          decisions={decisions}
          outcome={outcome}
          draft={draft}
          interviewer={interviewer}
          saving={saving}
          saveError={saveError}
          onDraftChange={setDraft}
          onBack={() => setStep('decision')}
          onSave={() => void save()}
        />
      )}

      {onPostponed && (
        <div className="consent-stage__postpone" data-testid="postpone">
          <p className="muted">{t('postpone.hint')}</p>
          <button type="button" className="button" onClick={() => void postpone()} disabled={saving}>{t('postpone.action')}</button>
          {postponeError && <p className="error" role="alert">{t('postpone.failed')}</p>}
        </div>
      )}
    </section>
  );
}
