import type { NoticeArtifact } from '../../../core/consent';
import { languageAttributes } from './Bilingual';
import { IsolatedText } from './IsolatedText';
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
export function ReceiptSection({ notice, summary, noticeLine, people, testId }: {
  notice: NoticeArtifact;
  summary: ConsentSummary;
  /** Notice id, version, language shown and the start of its SHA-256, written the same in every language. */
  noticeLine: string;
  /** Who the receipt is for and who interviewed, and the reference to quote; labelled from notice@2 on. */
  people: { applicant: string; interviewer: string; reference: string };
  testId: string;
}) {
  const { ui } = notice;
  const isolated = (text: string) => <IsolatedText text={text} dir={notice.dir} />;
  const withdrawalLines = [ui.withdrawByPhone, ui.withdrawByEmail, ui.withdrawByLetter].filter((line) => line !== undefined);
  const titleId = `${testId}-title`;
  const byStatus = (items: readonly SummaryItem[], status: SummaryItem['status']) => items.filter((item) => item.status === status);
  const all = [...summary.purposes, ...summary.recipients];
  const explicitOf = (status: SummaryItem['status']) => summary.explicitConsents.filter((item) => item.status === status);
  const list = (status: SummaryItem['status'], label: string) => {
    const items = byStatus(all, status);
    const explicit = explicitOf(status);
    if (items.length === 0 && explicit.length === 0) return null;
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
                    {isolated(itemLabel(notice, kind, item.id))}
                    {item.withdrawnAt && <> — <time dateTime={item.withdrawnAt}>{formatDate(item.withdrawnAt, notice.lang)}</time></>}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
        {explicit.length > 0 && (
          <div data-testid={`${testId}-${status}-explicit`}>
            <h4 className="receipt-list__group">{ui.explicitHeading}</h4>
            <ul>
              {explicit.map((item) => (
                <li key={item.id}>{isolated(notice.explicitConsents?.find((other) => other.id === item.id)?.label ?? item.id)}</li>
              ))}
            </ul>
          </div>
        )}
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
        {ui.receiptApplicant && people.applicant !== '' && (
          <div>
            <dt>{ui.receiptApplicant}</dt>
            <dd><bdi dir="auto">{people.applicant}</bdi></dd>
          </div>
        )}
        {ui.receiptGuardian && summary.guardian && (
          <div data-testid={`${testId}-guardian`}>
            <dt>{ui.receiptGuardian}</dt>
            <dd><bdi dir="auto">{summary.guardian.name}</bdi> (<bdi dir="auto">{summary.guardian.role}</bdi>)</dd>
          </div>
        )}
        {ui.receiptInterviewer && (
          <div>
            <dt>{ui.receiptInterviewer}</dt>
            <dd><bdi dir="auto">{people.interviewer}</bdi></dd>
          </div>
        )}
        {ui.receiptReference && (
          <div>
            <dt>{ui.receiptReference}</dt>
            <dd><bdi dir="ltr" className="short-reference" data-testid={`${testId}-reference`}>{people.reference}</bdi></dd>
          </div>
        )}
        <div>
          <dt>{ui.receiptNoticeVersion}</dt>
          <dd><bdi dir="ltr">{noticeLine}</bdi></dd>
        </div>
      </dl>
      {summary.status === 'refused' && <p className="receipt-section__nothing">{ui.receiptNothingAccepted}</p>}
      {summary.status === 'refused' && ui.refusalReassurance && <p className="receipt-section__reassurance">{ui.refusalReassurance}</p>}
      {list('accepted', ui.receiptAccepted)}
      {list('refused', ui.receiptRefused)}
      {list('withdrawn', ui.receiptWithdrawn)}
      <p className="receipt-section__withdraw">{isolated(ui.howToWithdraw)}</p>
      {withdrawalLines.length > 0 && (
        <div className="receipt-section__withdraw-ways" data-testid={`${testId}-withdraw`}>
          {ui.withdrawHeading && <h3 className="receipt-list__title">{ui.withdrawHeading}</h3>}
          <ul>
            {withdrawalLines.map((line) => <li key={line}>{isolated(line)}</li>)}
          </ul>
        </div>
      )}
    </section>
  );
}
