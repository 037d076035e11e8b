import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { database, formByRef, getMeta, getRecord, latestForm, latestNoticeTexts, type LocalRecord } from '../../data';
import { Link, navigate } from '../router';
import { consentedForm } from './form/consented-form';
import { markInterviewOpen } from '../interview-session';
import { seedBundledContent } from '../content';
import { useWatched } from '../hooks';
import { markOnce } from '../perf-marks';

// Each stage is its own chunk; the home screen does not load them.
const stageChunks = {
  consent: () => import('./consent/ConsentStage'),
  form: () => import('./form/FormStage'),
  done: () => import('./DoneStage'),
};
const ConsentStage = lazy(stageChunks.consent);
const FormStage = lazy(stageChunks.form);
const DoneStage = lazy(stageChunks.done);

type Stage = keyof typeof stageChunks;
const stageNamespaces: Record<Stage, ('consent' | 'form')[]> = { consent: ['consent'], form: ['form'], done: ['consent'] };

function stageOf(record: LocalRecord): Stage {
  if (!record.consent) return 'consent';
  return record.status === 'draft' && record.answers !== null ? 'form' : 'done';
}

export function InterviewScreen({ recordId }: { recordId: string }) {
  const { t, i18n } = useTranslation('interview');
  const db = database();
  const [contentReady, setContentReady] = useState(false);

  useEffect(() => markInterviewOpen(), []);
  useEffect(() => {
    let cancelled = false;
    void seedBundledContent().then(() => {
      if (!cancelled) setContentReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const record = useWatched(async () => (await getRecord(db, recordId)) ?? null, [db, recordId]);
  // Once the record tells the stage, its chunk and UI strings load while its content is read.
  const stage = record ? stageOf(record) : null;
  useEffect(() => {
    if (stage === null) return;
    void stageChunks[stage]().catch(() => undefined);
    void i18n.loadNamespaces(stageNamespaces[stage]);
  }, [stage, i18n]);
  // Only the consent stage starts a form (the newest one); every later stage uses the record's own.
  const deciding = record === undefined ? undefined : record !== null && !record.consent;
  const context = useWatched(async () => {
    if (!contentReady || deciding === undefined) return undefined;
    const [{ texts: notices, references }, newestForm, interviewer] = await Promise.all([latestNoticeTexts(db), deciding ? latestForm(db) : null, getMeta(db, 'interviewer')]);
    return { notices, references, newestForm, interviewer: interviewer ?? null };
  }, [db, contentReady, deciding]);
  const recordForm = useWatched(async () => (record?.formRef ? formByRef(db, record.formRef) : null), [db, record?.formRef]);
  // The form under the record's consent; the consent never changes once given (a withdrawal only
  // appends), so its record id keys it and autosaves do not rebuild it.
  const consentKey = record?.consent ? record.consent.record_id : null;
  const consent = record?.consent ?? null;
  const fillableForm = useMemo(
    () => (recordForm && context ? consentedForm(recordForm, consent, [...context.notices, ...context.references]) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the consent's id, see above
    [recordForm, context, consentKey],
  );

  if (record === undefined || context === undefined || recordForm === undefined) return <p role="status">{t('screen.loading')}</p>;
  if (record === null) {
    return (
      <section className="screen">
        <p role="alert">{t('screen.missing')}</p>
        <Link href="/" className="button">{t('screen.back')}</Link>
      </section>
    );
  }
  const { notices, references, newestForm, interviewer } = context;
  const noContent = <p role="alert">{t('screen.noContent')}</p>;
  if (notices.length === 0 || !interviewer) return noContent;

  markOnce('interview-data');
  const fallback = <p role="status">{t('screen.loading')}</p>;
  if (stageOf(record) === 'consent') {
    if (!newestForm) return noContent;
    return (
      <Suspense fallback={fallback}>
        <ConsentStage record={record} notices={notices} references={references} form={newestForm} interviewer={interviewer} onPostponed={() => navigate('/', { replace: true })} />
      </Suspense>
    );
  }
  if (stageOf(record) === 'form') {
    if (!recordForm) return <p role="alert">{t('screen.formMissing', { formRef: record.formRef })}</p>;
    return (
      <Suspense fallback={fallback}>
        <FormStage record={record} form={fillableForm ?? recordForm} notices={notices} />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={fallback}>
      <DoneStage record={record} notices={notices} interviewer={interviewer} />
    </Suspense>
  );
}
