import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { database, getPrivateMeta, getRecord, keptNoticeLabelBook, keptRecordForm, latestForm, noticeLabelBook, offeredNoticeTexts, storedRecordForm, warmInterview, type LocalRecord, type NoticeLabels } from '../../data';
import type { NoticeArtifact } from '../../core/consent';
import { Link, navigate } from '../router';
import { consentedForm } from './form/consented-form';
import { markInterviewOpen } from '../interview-session';
import { useWatched } from '../hooks';
import { StartHandoverButton, useHandover } from '../lock/HandoverGuard';
import { markOnce } from '../perf-marks';
import { Deferred, deferredPart } from '../deferred-part';
import { warmFormatters } from '../format';
import { inBackground, whenSettled } from '../first-screen';
import { loadFormFonts, releaseFormText, stopWarmingFormText, warmFormText } from './form-text';
import type { i18n as I18n } from 'i18next';

// Each stage is its own chunk; the home screen does not load them. Deferred parts, not React.lazy:
// a stage already loaded (preloadStages) renders at once, without a Suspense fallback that React
// would then hold on screen for up to 300 ms.
const stageChunks = {
  consent: deferredPart(() => import('./consent/ConsentStage')),
  form: deferredPart(() => import('./form/FormStage')),
  done: deferredPart(() => import('./DoneStage')),
};

type Stage = keyof typeof stageChunks;

/**
 * An interview opened at a start (a reload, a link) waits behind the unlock screen: its record is
 * sealed, but its clear fields tell the stage it opens in, and its content is not sealed. That
 * stage's chunk and UI strings, the formatters and fonts, its form version and the notice texts
 * load while the interviewer types the passphrase (App's `preloadScreen`), not after the unlock
 * (issue #15) — only that stage: a consented interview does not fetch the consent stage (bench/:
 * bundle, "reach the form"). Small background tasks, each after the keystrokes waiting: typing goes
 * first. Not idle callbacks: there is no idle period while a person types (first-screen.ts).
 */
export function preloadStages(i18n: I18n, recordId: string): void {
  // The record's clear row, read once: its stage's chunk and strings; its content beside (kept in memory).
  inBackground(() =>
    void warmInterview(database(), recordId)
      .then((stage) => {
        if (!stage) return;
        void stageChunks[stage].preload().catch(() => undefined);
        void i18n.loadNamespaces(stageNamespaces[stage]).catch(() => undefined);
      })
      .catch(() => undefined),
  );
  inBackground(() => {
    warmFormatters(i18n.language);
    // i18next's plural rules for the UI language, which the stage's counts ("3 von 5") ask for:
    // its first `Intl.PluralRules` loads the locale's data (≈ 10 ms of the stage's first render at 4×).
    (i18n.services.pluralResolver as { getRule?: (code: string) => unknown } | undefined)?.getRule?.(i18n.language);
  });
  // The fonts of the scripts a form shows, loaded and then set up by laying out a hidden sample (form-text.ts).
  inBackground(() => void loadFormFonts().then(() => warmFormText(inBackground)));
}
const stageNamespaces: Record<Stage, ('consent' | 'form')[]> = { consent: ['consent'], form: ['form'], done: ['consent'] };

function stageOf(record: LocalRecord): Stage {
  if (!record.consent) return 'consent';
  return record.status === 'draft' && record.answers !== null ? 'form' : 'done';
}

/** What a stage is shown with besides its record: whole notices (consent, done) or the form's notice labels. */
interface StageContent {
  /** The consent and done stages: the newest notice texts, filled; empty for the form stage. */
  notices: NoticeArtifact[];
  references: NoticeArtifact[];
  /** The form stage: its record's notice version (`noticeLabelBook`); the other stages: `notices`. */
  labels: NoticeLabels[];
  newestForm: Awaited<ReturnType<typeof latestForm>>;
}

export function InterviewScreen({ recordId }: { recordId: string }) {
  const { t, i18n } = useTranslation('interview');
  const db = database();
  const [seeded, setSeeded] = useState(false);

  useEffect(() => markInterviewOpen(), []);
  const record = useWatched(async () => (await getRecord(db, recordId)) ?? null, [db, recordId]);
  if (record !== undefined) markOnce('interview-record');
  // Read beside the record, not after it (issue #15): the interviewer, the form version the
  // record's clear fields name (undefined while read; null: none yet, or not stored) and the form
  // stage's notice strings of every version (the record's own is picked once it is opened).
  const interviewer = useWatched(async () => (await getPrivateMeta(db, 'interviewer')) ?? null, [db]);
  // Both were read while the passphrase was typed (`warmInterview`, kept in memory): the first
  // render has them, instead of two more reads after the unlock (issue #15).
  const recordForm = useWatched(() => storedRecordForm(db, recordId), [db, recordId], () => keptRecordForm(db, recordId));
  const labelBook = useWatched(() => noticeLabelBook(db), [db], () => keptNoticeLabelBook(db));
  // Once the record tells the stage, its chunk and UI strings load while its content is read.
  const stage = record ? stageOf(record) : null;
  // The content shipped with the app is stored where missing before an interview starts (a tablet
  // used before its first sync); a form or done stage uses what its record was captured with,
  // already stored, so it does not load the shipped content's index (issue #15) — unless that
  // content turns out to be missing (below), when it is stored the same way.
  const [contentMissing, setContentMissing] = useState(false);
  const seedNow = stage === 'consent' || contentMissing;
  useEffect(() => {
    if (!seedNow) return;
    let cancelled = false;
    void import('../content')
      .then(({ seedBundledContent }) => seedBundledContent())
      .then(() => {
        if (!cancelled) setSeeded(true);
      });
    return () => {
      cancelled = true;
    };
  }, [seedNow]);
  const contentReady = record === null || (stage !== null && (!seedNow || seeded));
  useEffect(() => {
    if (stage === null) return;
    void stageChunks[stage].preload().catch(() => undefined);
    void i18n.loadNamespaces(stageNamespaces[stage]);
  }, [stage, i18n]);
  // Only the consent stage starts a form (the newest one); every later stage uses the record's own.
  const deciding = record === undefined ? undefined : record !== null && !record.consent;
  // The form stage shows a few strings of the notice version its record was decided on (the label
  // book, above); the other stages read whole notices, filled from the settings and hashed again
  // (notices.ts, a chunk the form's path does not load: issue #15).
  const formStage = stage === 'form';
  const texts = useWatched(async (): Promise<StageContent | undefined> => {
    if (!contentReady || deciding === undefined || formStage) return undefined;
    const [{ texts, references }, newestForm] = await Promise.all([offeredNoticeTexts(db), deciding ? latestForm(db) : null]);
    return { notices: texts, references, labels: texts, newestForm };
  }, [db, contentReady, deciding, formStage]);
  const decidedNotice = formStage ? (record?.consent?.privacy_notice ?? null) : null;
  const context = useMemo((): StageContent | undefined => {
    if (!formStage) return texts;
    if (!contentReady || !labelBook || !decidedNotice) return undefined;
    return { notices: [], references: [], labels: labelBook.labelsFor(decidedNotice), newestForm: null };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the notice version decided on, by value
  }, [formStage, texts, contentReady, labelBook, decidedNotice?.id, decidedNotice?.version, decidedNotice?.settings_version]);
  // The stored content is read live: once seeding has stored what was missing, both reads answer again.
  useEffect(() => {
    if (stage === null || stage === 'consent' || contentMissing) return;
    if ((context !== undefined && context.labels.length === 0) || (stage === 'form' && recordForm === null)) setContentMissing(true);
  }, [stage, context, recordForm, contentMissing]);
  // The form under the record's consent; the consent never changes once given (a withdrawal only
  // appends), so its record id keys it and autosaves do not rebuild it.
  const consentKey = record?.consent ? record.consent.record_id : null;
  const consent = record?.consent ?? null;
  const fillableForm = useMemo(
    () => (recordForm && context ? consentedForm(recordForm, consent, [...context.labels, ...context.references]) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the consent's id, see above
    [recordForm, context, consentKey],
  );

  // The hidden text sample that set the fonts up goes once the stage has shown (or the screen is left).
  const stageShown = record !== undefined && context !== undefined && recordForm !== undefined && interviewer !== undefined;
  useEffect(() => {
    if (stageShown) whenSettled(releaseFormText);
  }, [stageShown]);
  useEffect(() => {
    stopWarmingFormText();
    return releaseFormText;
  }, []);

  const handover = useHandover();
  if (record === undefined || context === undefined || recordForm === undefined || interviewer === undefined) return <p role="status">{t('screen.loading')}</p>;
  if (record === null) {
    return (
      <section className="screen">
        <p role="alert">{t('screen.missing')}</p>
        <Link href="/" className="button">{t('screen.back')}</Link>
      </section>
    );
  }
  const { notices, references, labels, newestForm } = context;
  const noContent = <p role="alert">{t('screen.noContent')}</p>;
  if (labels.length === 0 || !interviewer) return noContent;

  markOnce('interview-data');
  const fallback = <p role="status">{t('screen.loading')}</p>;
  if (stageOf(record) === 'consent') {
    if (!newestForm) return noContent;
    return (
      <Deferred part={stageChunks.consent} fallback={fallback}>
        {({ default: ConsentStage }) => (
          <>
            {/* Hand-over mode (issue #12): the applicant reads, decides and signs; only this interview stays reachable. */}
            {handover === null && (
              <div className="actions">
                <StartHandoverButton recordId={record.recordId} />
              </div>
            )}
            <ConsentStage record={record} notices={notices} references={references} form={newestForm} interviewer={interviewer} onPostponed={() => navigate('/', { replace: true })} />
          </>
        )}
      </Deferred>
    );
  }
  if (stageOf(record) === 'form') {
    if (!recordForm) return <p role="alert">{t('screen.formMissing', { formRef: record.formRef })}</p>;
    return (
      <Deferred part={stageChunks.form} fallback={fallback}>
        {({ default: FormStage }) => <FormStage record={record} form={fillableForm ?? recordForm} notices={labels} />}
      </Deferred>
    );
  }
  return (
    <Deferred part={stageChunks.done} fallback={fallback}>
      {({ default: DoneStage }) => <DoneStage record={record} notices={notices} interviewer={interviewer} />}
    </Deferred>
  );
}
