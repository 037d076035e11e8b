/**
 * The interview after the consent decision is stored and the form is not being filled in: its
 * status, what the applicant decided and what holds today, the receipt, editing the answers and
 * recording a withdrawal. After a refusal it is only a polite end and the receipt.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentState, type ConsentRecord, type NoticeArtifact, type WithdrawalRequest } from '../../core/consent';
import { shortReference } from '../../core/record';
import { beginEdit, database, noticeVersionTexts, recordWithdrawal, type LocalRecord } from '../../data';
import { formatDateTime } from '../format';
import { Link } from '../router';
import type { DoneStageProps } from './contract';
import { languageAttributes } from './notice-view/Bilingual';
import { consentSummary, isRefusalRecord, itemLabel, recordNotices, type SummaryItem } from './notice-view/consent-summary';
import { shortHash } from './consent/consent-draft';
import { saveErrorOf, type SaveError } from './consent/save-error';
import { SaveErrorMessage } from './consent/SaveErrorMessage';
import { WithdrawalForm } from './consent/WithdrawalForm';
import { useWatched } from '../hooks';
import { useFirstScreenReady } from '../first-screen';
import './consent/consent.css';

function useRecordNotices(consent: ConsentRecord | null) {
  const db = database();
  const id = consent?.privacy_notice.id;
  const version = consent?.privacy_notice.version;
  const settingsVersion = consent?.privacy_notice.settings_version;
  const texts = useWatched(
    async () => (id !== undefined && version !== undefined ? noticeVersionTexts(db, id, version, settingsVersion) : []),
    [db, id, version, settingsVersion],
  );
  return { texts, notices: texts && consent ? recordNotices(texts, consent) : null };
}

/** The polite end after a refusal, in the applicant's language beside German. */
function RefusalEnd({ record, shown, german }: { record: LocalRecord; shown: NoticeArtifact; german: NoticeArtifact }) {
  const { t } = useTranslation('consent');
  const columns = shown.lang === german.lang ? [shown] : [shown, german];
  return (
    <section className="screen done-stage" aria-labelledby="done-title" data-testid="done-stage">
      <h1 id="done-title">{t('done.refusalTitle')}</h1>
      <div className={`notice-columns${columns.length === 1 ? ' notice-columns--single' : ''}`} data-testid="refusal-message">
        {columns.map((notice) => (
          <div key={notice.lang} {...languageAttributes(notice)}>
            <p className="kind-message">{notice.ui.receiptNothingAccepted}</p>
            {notice.ui.refusalReassurance && <p className="kind-message" data-testid="refusal-reassurance">{notice.ui.refusalReassurance}</p>}
          </div>
        ))}
      </div>
      <p>
        {t('done.refusalReference')} <bdi dir="ltr" className="short-reference" data-testid="short-reference">{shortReference(record.recordId)}</bdi>
      </p>
      <p className="kind-message kind-message--interviewer">{t('done.refusalThanks')}</p>
      <p className="muted">{t('done.refusalStored')}</p>
      <div className="actions">
        <Link href={`/interviews/${record.recordId}/receipt`} className="button">{t('done.receipt')}</Link>
        <Link href="/" className="button button--primary">{t('done.backToList')}</Link>
      </div>
    </section>
  );
}

function SummaryTable({ caption, items, labels }: { caption: string; items: readonly SummaryItem[]; labels: NoticeArtifact }) {
  const { t, i18n } = useTranslation('consent');
  return (
    <table className="consent-table" data-testid={`summary-${items[0]?.kind ?? 'empty'}`}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('summary.item')}</th>
          <th scope="col">{t('summary.now')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-status={item.status}>
            <th scope="row">{itemLabel(labels, item.kind, item.id)}</th>
            <td>
              <span className={`decision-badge decision-badge--${item.status}`}>{t(`itemStatus.${item.status}`)}</span>
              {item.withdrawnAt && <span className="muted"> {t('summary.withdrawnAt', { date: formatDateTime(item.withdrawnAt, i18n.language) })}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function DoneStage({ record, interviewer }: DoneStageProps) {
  const { t, i18n } = useTranslation(['consent', 'translation']);
  const db = database();
  useFirstScreenReady();
  const consent = record.consent;
  const { texts, notices } = useRecordNotices(consent);
  const [withdrawing, setWithdrawing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SaveError | null>(null);
  const [withdrawalSaved, setWithdrawalSaved] = useState(false);

  if (consent === null) return <p role="alert">{t('done.noDecision')}</p>;
  if (texts === undefined) return <p role="status">{t('done.loading')}</p>;
  if (notices === null) return <p role="alert">{t('done.noticeMissing', { ref: `${consent.privacy_notice.id}@${consent.privacy_notice.version}/${consent.privacy_notice.language}` })}</p>;
  if (isRefusalRecord(consent)) return <RefusalEnd record={record} shown={notices.shown} german={notices.german} />;

  const state = consentState(consent);
  const summary = consentSummary(consent);
  // The interviewer reads the labels in the UI language where the notice has it, else German.
  const labels = texts.find((notice) => notice.lang === i18n.language) ?? notices.german;
  const canEdit = state.status === 'given' && record.answers !== null;
  const canWithdraw = state.status === 'given';

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(saveErrorOf(caught));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const edit = () => void run(() => beginEdit(db, record.recordId, new Date().toISOString()));
  const withdraw = async (request: WithdrawalRequest) => {
    if (await run(() => recordWithdrawal(db, record.recordId, request))) {
      setWithdrawing(false);
      setWithdrawalSaved(true);
    }
  };

  return (
    <section className="screen done-stage" aria-labelledby="done-title" data-testid="done-stage">
      <div className="screen__header">
        <h1 id="done-title">{t('done.title')}</h1>
        <span className={`status-badge status-badge--${record.status}`} data-testid="record-status">{t(`translation:status.${record.status}`)}</span>
      </div>

      <dl className="facts">
        <div className="facts__row">
          <dt>{t('done.consentStatus')}</dt>
          <dd data-testid="consent-status">{t(`consentStatus.${state.status}`)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('done.decidedAt')}</dt>
          <dd>{formatDateTime(summary.decidedAt, i18n.language)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('done.language')}</dt>
          <dd><span {...languageAttributes(notices.shown)}>{notices.shown.languageName}</span></dd>
        </div>
        <div className="facts__row">
          <dt>{t('done.mode')}</dt>
          <dd>
            {t(`mode.${consent.collection_method}`)}
            {consent.interpreted_by && <> (<bdi>{consent.interpreted_by}</bdi>)</>}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('done.notice')}</dt>
          <dd><bdi dir="ltr">{`${consent.privacy_notice.id}@${consent.privacy_notice.version} · ${consent.privacy_notice.language} · SHA-256 ${shortHash(consent.privacy_notice.sha256)}`}</bdi></dd>
        </div>
      </dl>

      <section className="done-stage__summary" aria-labelledby="summary-title">
        <h2 id="summary-title">{t('summary.title')}</h2>
        <SummaryTable caption={t('summary.purposes')} items={summary.purposes} labels={labels} />
        <SummaryTable caption={t('summary.recipients')} items={summary.recipients} labels={labels} />
        {summary.withdrawals.length > 0 && (
          <>
            <h3>{t('summary.withdrawals')}</h3>
            <ul data-testid="withdrawal-events">
              {summary.withdrawals.map((withdrawal, index) => (
                <li key={index}>
                  {t(withdrawal.full ? 'summary.withdrawalFull' : 'summary.withdrawalPartial', {
                    date: formatDateTime(withdrawal.at, i18n.language),
                    channel: t(`channel.${withdrawal.channel}`),
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {withdrawalSaved && <p className="alert alert--success" role="status">{t('withdrawal.saved')}</p>}
      {error && <SaveErrorMessage error={error} />}

      {!withdrawing && (
        <div className="actions">
          <Link href={`/interviews/${record.recordId}/receipt`} className="button">{t('done.receipt')}</Link>
          {canEdit && <button type="button" className="button" onClick={edit} disabled={busy}>{t('done.edit')}</button>}
          {canWithdraw && (
            <button type="button" className="button button--danger" onClick={() => { setWithdrawalSaved(false); setWithdrawing(true); }} disabled={busy}>
              {t('done.withdraw')}
            </button>
          )}
          <Link href="/" className="button">{t('done.backToList')}</Link>
        </div>
      )}

      {withdrawing && (
        <WithdrawalForm
          state={state}
          labels={labels}
          interviewer={interviewer}
          saving={busy}
          onSubmit={(request) => void withdraw(request)}
          onCancel={() => setWithdrawing(false)}
        />
      )}
    </section>
  );
}
