/**
 * "Übergabe an Partner": prepares a hand-over to one recipient — how many interviews qualify,
 * which fields go (per form version, from the recipient mapping), which interviews are left out
 * and why — and downloads it (`GET /api/v1/exports/partners/{recipient}.xlsx|.csv`, a plain link:
 * the browser saves the file). Every download is stored as a disclosure; the list below shows them.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { handoverLeftOutReasons, type HandoverPreview, type HandoverSummary } from '../../core/api/index';
import { coordinatorApi } from './api';
import { coordinatorPaths } from './location';
import { Link } from '../router';
import { ApiErrorMessage, DateTime, Loading, TableRegion } from './parts';
import { useApiResource } from './use-api-resource';
import './governance.css';

type Words = { de: string; en: string };

function useWords() {
  const { i18n } = useTranslation('coordinator');
  return (words: Words) => (i18n.language.startsWith('de') ? words.de : words.en);
}

function HandoverList({ handovers, recipients }: { handovers: readonly HandoverSummary[]; recipients: ReadonlyMap<string, Words> }) {
  const { t } = useTranslation('coordinator');
  const words = useWords();
  const titleId = useId();
  if (handovers.length === 0) return <p className="muted">{t('handover.noneYet')}</p>;
  return (
    <TableRegion labelledBy={titleId}>
      <table className="coord-table" data-testid="handover-list">
        <caption id={titleId}>{t('handover.listCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('handover.column.at')}</th>
            <th scope="col">{t('handover.column.recipient')}</th>
            <th scope="col">{t('handover.column.records')}</th>
            <th scope="col">{t('handover.column.by')}</th>
            <th scope="col">{t('handover.column.format')}</th>
            <th scope="col">{t('handover.column.sha256')}</th>
          </tr>
        </thead>
        <tbody>
          {handovers.map((h) => (
            <tr key={h.id}>
              <td>
                <DateTime iso={h.at} />
              </td>
              <td>{recipients.get(h.recipientId) ? words(recipients.get(h.recipientId)!) : h.recipientId}</td>
              <td>{h.records}</td>
              <td>{h.by}</td>
              <td>{h.format === 'xlsx' ? 'XLSX' : 'CSV (ZIP)'}</td>
              <td>
                <code title={h.sha256}>{h.sha256.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function Preview({ preview, onDownloaded }: { preview: HandoverPreview; onDownloaded: () => void }) {
  const { t } = useTranslation('coordinator');
  const words = useWords();
  const leftOutId = useId();
  const recipient = words(preview.recipient.label);
  return (
    <div className="handover-preview" data-testid="handover-preview">
      <p className="handover-count" role="status" data-testid="handover-qualifying">
        {t('handover.qualifying', { count: preview.qualifying, recipient })}
      </p>
      <p className="muted">{t('handover.rule', { recipient, purpose: words(preview.purpose.label) })}</p>
      <p className="actions">
        {(['xlsx', 'csv'] as const).map((format) => (
          <a
            key={format}
            className="button button--primary handover-download"
            href={coordinatorApi.handoverUrl(preview.recipient.id, format)}
            download
            data-testid={`handover-download-${format}`}
            aria-disabled={preview.qualifying === 0 ? 'true' : undefined}
            // The list of hand-overs shows the new one once the server has stored it.
            onClick={() => window.setTimeout(onDownloaded, 1500)}
          >
            {t(`handover.download.${format}`, { recipient })}
          </a>
        ))}
      </p>
      <p className="muted">{t('handover.stored')}</p>

      <h2>{t('handover.fieldsTitle', { recipient })}</h2>
      {preview.forms.length === 0 ? (
        <p className="muted">{t('handover.noForms')}</p>
      ) : (
        preview.forms.map((form) => (
          <details key={form.formRef} className="handover-fields" open={preview.forms.length === 1}>
            <summary>{t('handover.formFields', { form: form.formRef, count: form.fields.length, records: form.records })}</summary>
            {!form.mapped ? (
              <p>{t('handover.unmapped')}</p>
            ) : form.fields.length === 0 ? (
              <p>{t('handover.noFields', { recipient })}</p>
            ) : (
              <ul>
                {form.fields.map((field) => (
                  <li key={field.path}>{words(field.label)}</li>
                ))}
              </ul>
            )}
          </details>
        ))
      )}

      <h2 id={leftOutId}>{t('handover.leftOutTitle', { count: preview.leftOut.total })}</h2>
      {preview.leftOut.total === 0 ? (
        <p className="muted">{t('handover.noneLeftOut')}</p>
      ) : (
        <>
          <ul data-testid="handover-left-out-counts">
            {handoverLeftOutReasons
              .filter((reason) => preview.leftOut.counts[reason])
              .map((reason) => (
                <li key={reason}>{t(`handover.reason.${reason}`, { count: preview.leftOut.counts[reason] ?? 0, recipient })}</li>
              ))}
          </ul>
          {preview.leftOut.records.length > 0 && (
            <TableRegion labelledBy={leftOutId}>
              <table className="coord-table" data-testid="handover-left-out">
                <thead>
                  <tr>
                    <th scope="col">{t('handover.column.record')}</th>
                    <th scope="col">{t('handover.column.reason')}</th>
                    <th scope="col">{t('handover.column.receivedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.leftOut.records.map((record) => (
                    <tr key={record.recordId}>
                      <th scope="row">
                        <Link href={coordinatorPaths.record(record.recordId)}>{record.shortReference}</Link>
                      </th>
                      <td>{t(`handover.reasonShort.${record.reason}`)}</td>
                      <td>
                        <DateTime iso={record.receivedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </>
      )}
    </div>
  );
}

export function HandoverPage() {
  const { t } = useTranslation('coordinator');
  const words = useWords();
  const selectId = useId();
  const overview = useApiResource('handovers', () => coordinatorApi.handovers());
  const [recipientId, setRecipientId] = useState<string>('');
  const preview = useApiResource(`handover-preview:${recipientId}`, () => (recipientId ? coordinatorApi.handoverPreview(recipientId) : Promise.resolve(null)));
  const recipients = new Map((overview.data?.recipients ?? []).map((r) => [r.id, r.label]));
  const refresh = () => {
    overview.reload();
    preview.reload();
  };

  return (
    <section className="screen coord-page" aria-labelledby="coord-handover-title">
      <h1 id="coord-handover-title" tabIndex={-1}>
        {t('handover.title')}
      </h1>
      <p className="muted">{t('handover.intro')}</p>
      {overview.error ? (
        <ApiErrorMessage error={overview.error} onRetry={overview.reload} />
      ) : overview.data === undefined ? (
        <Loading />
      ) : (
        <>
          <div className="field handover-recipient">
            <label htmlFor={selectId}>{t('handover.recipient')}</label>
            <select id={selectId} className="input handover-select" value={recipientId} onChange={(event) => setRecipientId(event.target.value)} data-testid="handover-recipient">
              <option value="">{t('handover.chooseRecipient')}</option>
              {overview.data.recipients.map((r) => (
                <option key={r.id} value={r.id}>
                  {words(r.label)}
                </option>
              ))}
            </select>
          </div>
          {recipientId === '' ? null : preview.error ? (
            <ApiErrorMessage error={preview.error} onRetry={preview.reload} />
          ) : !preview.data ? (
            <Loading />
          ) : (
            <Preview preview={preview.data} onDownloaded={refresh} />
          )}
          <h2>{t('handover.listTitle')}</h2>
          <HandoverList handovers={overview.data.handovers} recipients={recipients} />
        </>
      )}
    </section>
  );
}
