import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoticeText } from '../notice-view/NoticeText';
import { languageAttributes } from '../notice-view/Bilingual';
import { noticeAudioUrl, playRecording, readAloudSource, speak, speakableChunks, useSpeechVoices, type Reading } from '../speech';
import { Bilingual } from '../notice-view/Bilingual';
import { asksCapacity, readingProblems, type CaptureDraft, type CaptureProblem, type CollectionMethod, type InterpreterKind, type VerifiedNotice } from './consent-draft';
import { PartyFields } from './PartyFields';
import { ProblemList } from './ProblemList';
import { ReadAloudControl } from './ReadAloudControl';
import { StepHeading } from './StepHeading';

const modes: readonly CollectionMethod[] = ['read_by_applicant', 'read_aloud', 'interpreted'];

/** The notice beside German, read-aloud, and how the notice reached the applicant. */
export function ReadingStep({ shown, german, draft, onDraftChange, onBack, onContinue }: {
  shown: VerifiedNotice;
  german: VerifiedNotice;
  draft: CaptureDraft;
  onDraftChange: (draft: CaptureDraft) => void;
  onBack: () => void;
  onContinue: () => void;
}) {
  const { t, i18n } = useTranslation('consent');
  const uiLanguage = i18n.language;
  const voices = useSpeechVoices();
  const [readingLang, setReadingLang] = useState<string | null>(null);
  const [unavailableLang, setUnavailableLang] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const current = useRef<Reading | null>(null);

  // Leaving the step stops any reading.
  useEffect(() => () => current.current?.stop(), []);

  const startReading = ({ notice, blocks }: VerifiedNotice) => {
    current.current?.stop();
    current.current = null;
    const source = readAloudSource(notice.lang, voices, noticeAudioUrl(notice));
    if (source.kind === 'none') {
      setUnavailableLang(notice.lang);
      return;
    }
    setUnavailableLang(null);
    const onEnd = () => setReadingLang((reading) => (reading === notice.lang ? null : reading));
    current.current = source.kind === 'speech'
      ? speak(speakableChunks(notice.title, blocks), source.voice, onEnd)
      : playRecording(source.url, onEnd);
    setReadingLang(notice.lang);
  };
  const stopReading = () => {
    current.current?.stop();
    current.current = null;
    setReadingLang(null);
  };

  const chooseMode = (mode: CollectionMethod) => {
    // An interpreted notice is normally confirmed by the interpreter; it can still be changed later.
    const readingAttester = mode === 'interpreted' && draft.readingAttester === null ? 'interpreter' : draft.readingAttester;
    onDraftChange({ ...draft, mode, readingAttester });
  };

  // Once the interviewer tried to go on, what is missing stays listed and updates as it is fixed.
  const problems: CaptureProblem[] = attempted ? readingProblems(draft, shown.notice) : [];
  const capacity = asksCapacity(shown.notice);
  const interpreterKinds: readonly InterpreterKind[] = ['professional', 'family_or_acquaintance'];
  const continueToDecision = () => {
    setAttempted(true);
    if (readingProblems(draft, shown.notice).length === 0) {
      stopReading();
      onContinue();
    }
  };

  const columns = shown.notice.lang === german.notice.lang ? [shown] : [shown, german];

  return (
    <section className="consent-step" aria-labelledby="reading-step-title">
      <StepHeading id="reading-step-title">{t('reading.title')}</StepHeading>
      <p className="muted">{t('reading.hint')}</p>

      <div className={`notice-columns${columns.length === 1 ? ' notice-columns--single' : ''}`}>
        {columns.map((verified) => {
          const { notice } = verified;
          const isReference = notice.lang === german.notice.lang && columns.length > 1;
          return (
            <article
              key={notice.lang}
              className={`notice-column${isReference ? ' notice-column--reference' : ''}`}
              {...languageAttributes(notice)}
              aria-labelledby={`notice-title-${notice.lang}`}
              data-testid={`notice-column-${notice.lang}`}
            >
              <header className="notice-column__header">
                <p className="notice-column__language">{notice.languageName}</p>
                {notice.reviewState === 'draft' && (
                  <>
                    <p className="draft-mark" lang={uiLanguage} dir="ltr" data-testid="draft-translation-mark">
                      <strong>{t('reading.draftMark')}</strong>
                    </p>
                    <p className="notice-column__draft-note">{notice.ui.draftTranslation}</p>
                  </>
                )}
                <ReadAloudControl
                  notice={notice}
                  uiLanguage={uiLanguage}
                  isReading={readingLang === notice.lang}
                  isUnavailable={unavailableLang === notice.lang}
                  onStart={() => startReading(verified)}
                  onStop={stopReading}
                />
              </header>
              <h3 id={`notice-title-${notice.lang}`} className="notice-column__title">{notice.title}</h3>
              <NoticeText blocks={verified.blocks} headingLevel={4} dir={notice.dir} />
            </article>
          );
        })}
      </div>

      <fieldset className="choice-group" data-testid="reading-mode">
        <legend className="choice-group__legend">{t('mode.legend')}</legend>
        {modes.map((mode) => (
          <label key={mode} className="choice">
            <input type="radio" name="collection-method" value={mode} checked={draft.mode === mode} onChange={() => chooseMode(mode)} />
            <span>{t(`mode.${mode}`)}</span>
          </label>
        ))}
        {draft.mode === 'read_aloud' && <p className="field__hint">{t('mode.readAloudHint')}</p>}
        {draft.mode === 'interpreted' && (
          <fieldset className="choice-group choice-group--nested">
            <legend className="choice-group__legend">{t('mode.interpretedBy')}</legend>
            <PartyFields
              party={draft.interpreter}
              invalid={problems.includes('interpreterMissing')}
              onChange={(interpreter) => onDraftChange({ ...draft, interpreter })}
              testId="interpreter-fields"
            />
            {capacity && (
              <fieldset className="choice-group choice-group--nested" data-testid="interpreter-kind">
                <legend className="choice-group__legend">{t('interpreterKind.legend')}</legend>
                {interpreterKinds.map((kind) => (
                  <label key={kind} className="choice">
                    <input
                      type="radio"
                      name="interpreter-kind"
                      value={kind}
                      checked={draft.interpreterKind === kind}
                      aria-invalid={problems.includes('interpreterKindMissing')}
                      onChange={() => onDraftChange({ ...draft, interpreterKind: kind, confidentialityConfirmedAt: null })}
                    />
                    <span>{t(`interpreterKind.${kind}`)}</span>
                  </label>
                ))}
              </fieldset>
            )}
            {capacity && draft.interpreterKind === 'family_or_acquaintance' && (
              <fieldset className="choice-group choice-group--nested" data-testid="interpreter-confidentiality">
                <legend className="choice-group__legend">{t('confidentiality.legend')}</legend>
                <p><Bilingual shown={shown.notice} german={german.notice} text={(notice) => notice.ui.interpreterConfidentiality} /></p>
                <label className="choice">
                  <input
                    type="checkbox"
                    checked={draft.confidentialityConfirmedAt !== null}
                    aria-invalid={problems.includes('confidentialityNotConfirmed')}
                    onChange={(event) => onDraftChange({ ...draft, confidentialityConfirmedAt: event.target.checked ? new Date().toISOString() : null })}
                  />
                  <Bilingual shown={shown.notice} german={german.notice} text={(notice) => notice.ui.interpreterConfirm} />
                </label>
              </fieldset>
            )}
          </fieldset>
        )}
      </fieldset>

      {capacity && (
        <div className="field" data-testid="capacity-age">
          <label className="field__label" htmlFor="consent-age">{t('capacity.ageLabel')}</label>
          <input
            id="consent-age"
            className="input input--short"
            inputMode="numeric"
            autoComplete="off"
            value={draft.age}
            aria-describedby="consent-age-hint"
            aria-invalid={problems.includes('ageMissing')}
            onChange={(event) => onDraftChange({ ...draft, age: event.target.value })}
          />
          <span id="consent-age-hint" className="field__hint">{t('capacity.ageHint')}</span>
        </div>
      )}

      <ProblemList problems={problems} />

      <div className="actions consent-step__actions">
        <button type="button" className="button" onClick={onBack}>{t('actions.back')}</button>
        <button type="button" className="button button--primary" onClick={continueToDecision}>{t('actions.toDecision')}</button>
      </div>
    </section>
  );
}
