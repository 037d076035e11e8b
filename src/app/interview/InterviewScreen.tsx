import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { database, formByRef, getMeta, getRecord, latestForm, latestNoticeTexts } from '../../data';
import { Link } from '../router';
import { markInterviewOpen } from '../interview-session';
import { seedBundledContent } from '../content';
import { useWatched } from '../hooks';
import { markOnce } from '../perf-marks';

// Each stage is its own chunk; the home screen does not load them.
const ConsentStage = lazy(() => import('./consent/ConsentStage'));
const FormStage = lazy(() => import('./form/FormStage'));
const DoneStage = lazy(() => import('./DoneStage'));

export function InterviewScreen({ recordId }: { recordId: string }) {
  const { t } = useTranslation('interview');
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
  const context = useWatched(async () => {
    if (!contentReady) return undefined;
    const [{ texts: notices, references }, newestForm, interviewer] = await Promise.all([latestNoticeTexts(db), latestForm(db), getMeta(db, 'interviewer')]);
    return { notices, references, newestForm, interviewer: interviewer ?? null };
  }, [db, contentReady]);
  const recordForm = useWatched(async () => (record?.formRef ? formByRef(db, record.formRef) : null), [db, record?.formRef]);

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
  if (notices.length === 0 || !newestForm || !interviewer) return <p role="alert">{t('screen.noContent')}</p>;

  markOnce('interview-data');
  const fallback = <p role="status">{t('screen.loading')}</p>;
  if (!record.consent) {
    return (
      <Suspense fallback={fallback}>
        <ConsentStage record={record} notices={notices} references={references} formRef={`${newestForm.id}@${newestForm.version}`} interviewer={interviewer} />
      </Suspense>
    );
  }
  if (record.status === 'draft' && record.answers !== null) {
    if (!recordForm) return <p role="alert">{t('screen.formMissing', { formRef: record.formRef })}</p>;
    return (
      <Suspense fallback={fallback}>
        <FormStage record={record} form={recordForm} notices={notices} />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={fallback}>
      <DoneStage record={record} notices={notices} interviewer={interviewer} />
    </Suspense>
  );
}
