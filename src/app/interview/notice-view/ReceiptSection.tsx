import type { NoticeArtifact } from '../../../core/consent';
import { languageAttributes } from './Bilingual';
import { itemLabel, type ConsentSummary, type SummaryItem } from './consent-summary';

/** Dates on the applicant's copy follow the copy's language; an unknown locale falls back to the browser's. */
function formatDate(iso: string, lang: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(date);
  } catch {
    return iso;
  }
}

/**
 * One language's half of the receipt: every text comes from the notice version the applicant was
 * shown (or its German reference), never from the UI locales.
 */
export function ReceiptSection({ notice, summary, noticeLine, testId }: {
  notice: NoticeArtifact;
  summary: ConsentSummary;
  /** Notice id, version, language shown and the start of its SHA-256, written the same in every language. */
  noticeLine: string;
  testId: string;
}) {
  const { ui } = notice;
  const titleId = `${testId}-title`;
  const byStatus = (items: readonly SummaryItem[], status: SummaryItem['status']) => items.filter((item) => item.status === status);
  const all = [...summary.purposes, ...summary.recipients];
  const list = (status: SummaryItem['status'], label: string) => {
    const items = byStatus(all, status);
    if (items.length === 0) return null;
    return (
      <div className="receipt-list" data-testid={`${testId}-${status}`}>
        <h3 className="receipt-list__title">{label}</h3>
        {(['purpose', 'recipient'] as const).map((kind) => {
          const ofKind = items.filter((item) => item.kind === kind);
          if (ofKind.length === 0) return null;
          return (
            <div key={kind}>
              <h4 className="receipt-list__group">{kind === 'purpose' ? ui.purposesHeading : ui.recipientsHeading}</h4>
              <ul>
                {ofKind.map((item) => (
                  <li key={item.id}>
                    {itemLabel(notice, kind, item.id)}
                    {item.withdrawnAt && <> — <time dateTime={item.withdrawnAt}>{formatDate(item.withdrawnAt, notice.lang)}</time></>}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    );
  };

  return (
    <section className="receipt-section" {...languageAttributes(notice)} aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId}>{ui.receiptTitle}</h2>
      <dl className="receipt-facts">
        <div>
          <dt>{ui.receiptDate}</dt>
          <dd><time dateTime={summary.decidedAt}>{formatDate(summary.decidedAt, notice.lang)}</time></dd>
        </div>
        <div>
          <dt>{ui.receiptNoticeVersion}</dt>
          <dd><bdi dir="ltr">{noticeLine}</bdi></dd>
        </div>
      </dl>
      {summary.status === 'refused' && <p className="receipt-section__nothing">{ui.receiptNothingAccepted}</p>}
      {list('accepted', ui.receiptAccepted)}
      {list('refused', ui.receiptRefused)}
      {list('withdrawn', ui.receiptWithdrawn)}
      <p className="receipt-section__withdraw">{ui.howToWithdraw}</p>
    </section>
  );
}
