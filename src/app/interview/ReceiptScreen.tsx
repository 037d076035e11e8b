/**
 * The applicant's receipt: a printable page in their language and in German, with what they
 * agreed to and refused, what they withdrew since, the exact notice version and how to withdraw.
 * The texts are those of the notice version the record was shown, not the newest.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortReference } from '../../core/record';
import { database, getRecord, noticeVersionTexts } from '../../data';
import { seedBundledContent } from '../content';
import { Link } from '../router';
import { shortHash } from './consent/consent-draft';
import { consentSummary, recordNotices } from './notice-view/consent-summary';
import { ReceiptSection } from './notice-view/ReceiptSection';
import { useWatched } from '../hooks';
import './consent/consent.css';

export function ReceiptScreen({ recordId }: { recordId: string }) {
  const { t } = useTranslation('consent');
  const db = database();
  const [contentReady, setContentReady] = useState(false);

  // A receipt opened straight from a link still needs the bundled notice texts on the device.
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
  const consent = record?.consent ?? null;
  const noticeId = consent?.privacy_notice.id;
  const noticeVersion = consent?.privacy_notice.version;
  const settingsVersion = consent?.privacy_notice.settings_version;
  const texts = useWatched(
    async () => (contentReady && noticeId !== undefined && noticeVersion !== undefined ? noticeVersionTexts(db, noticeId, noticeVersion, settingsVersion) : undefined),
    [db, contentReady, noticeId, noticeVersion, settingsVersion],
  );

  if (record === undefined) return <p role="status">{t('receipt.loading')}</p>;
  if (record === null || consent === null) {
    return (
      <section className="screen">
        <h1>{t('receipt.title')}</h1>
        <p role="alert">{t(record === null ? 'receipt.missing' : 'receipt.noDecision')}</p>
        <Link href="/" className="button">{t('done.backToList')}</Link>
      </section>
    );
  }
  if (texts === undefined) return <p role="status">{t('receipt.loading')}</p>;
  const notices = recordNotices(texts, consent);
  if (notices === null) {
    return (
      <section className="screen">
        <h1>{t('receipt.title')}</h1>
        <p role="alert">{t('done.noticeMissing', { ref: `${consent.privacy_notice.id}@${consent.privacy_notice.version}/${consent.privacy_notice.language}` })}</p>
        <Link href={`/interviews/${recordId}`} className="button">{t('receipt.backToInterview')}</Link>
      </section>
    );
  }

  const summary = consentSummary(consent);
  const { privacy_notice: shownRef } = consent;
  const noticeLine = `${shownRef.id}@${shownRef.version} · ${shownRef.language} · SHA-256 ${shortHash(shownRef.sha256)}`;
  const isGerman = notices.shown.lang === notices.german.lang;
  const reference = shortReference(record.recordId);
  const people = { applicant: record.displayName, interviewer: record.interview.interviewerName, reference };

  return (
    <section className="screen receipt" aria-labelledby="receipt-title" data-testid="receipt">
      <div className="screen__header no-print">
        <h1 id="receipt-title">{t('receipt.title')}</h1>
        <div className="actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>{t('receipt.print')}</button>
          <Link href={`/interviews/${recordId}`} className="button">{t('receipt.backToInterview')}</Link>
        </div>
      </div>
      <div className={`receipt__columns${isGerman ? ' receipt__columns--single' : ''}`}>
        <ReceiptSection notice={notices.shown} summary={summary} noticeLine={noticeLine} people={people} testId="receipt-applicant" />
        {!isGerman && <ReceiptSection notice={notices.german} summary={summary} noticeLine={noticeLine} people={people} testId="receipt-german" />}
      </div>
      <p className="receipt__reference">
        {t('receipt.shortReference')} <bdi dir="ltr" data-testid="receipt-short-reference">{reference}</bdi>
        {' · '}{t('receipt.reference')} <bdi dir="ltr">{record.recordId}</bdi>
      </p>
    </section>
  );
}
