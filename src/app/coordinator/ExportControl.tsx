/**
 * "Export": downloads the records in the current filters as XLSX or as a ZIP of CSV files
 * (`GET /api/v1/exports/records.xlsx|csv`). The server streams the file; the browser saves it
 * (a plain same-origin link, so the session cookie goes along and nothing is held in the page).
 * Whoever mounts it passes the filters of its page (evaluation or records).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportLabelModes, exportMultiModes, recordExportUrl, type RecordExportQuery } from '../../core/api/index';

export type ExportFilters = Pick<RecordExportQuery, 'from' | 'to' | 'municipality' | 'deviceId' | 'form'>;

type LabelMode = (typeof exportLabelModes)[number];
type MultiMode = (typeof exportMultiModes)[number];

export function ExportControl({ filters, filterSummary }: { filters: ExportFilters; /** What the filters say, in words, if any apply. */ filterSummary?: string }) {
  const { t, i18n } = useTranslation('coordinator');
  const id = useId();
  const [labels, setLabels] = useState<LabelMode>(i18n.language.startsWith('en') ? 'en' : 'de');
  const [multi, setMulti] = useState<MultiMode>('columns');
  const query = { ...filters, labels, multi };
  return (
    <details className="coord-export" data-testid="export-control">
      <summary>{t('export.title')}</summary>
      <p className="muted">{t('export.intro')}</p>
      <p data-testid="export-filters">{filterSummary ?? (Object.values(filters).some((value) => value) ? t('export.filtered') : t('export.allRecords'))}</p>
      <div className="coord-export__options">
        <label htmlFor={`${id}-labels`}>{t('export.labels')}</label>
        <select id={`${id}-labels`} value={labels} onChange={(event) => setLabels(event.target.value as LabelMode)}>
          {exportLabelModes.map((mode) => (
            <option key={mode} value={mode}>
              {t(`export.labelMode.${mode}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-multi`}>{t('export.multi')}</label>
        <select id={`${id}-multi`} value={multi} onChange={(event) => setMulti(event.target.value as MultiMode)}>
          {exportMultiModes.map((mode) => (
            <option key={mode} value={mode}>
              {t(`export.multiMode.${mode}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="coord-export__actions">
        <a className="button" href={recordExportUrl('xlsx', query)} download data-testid="export-xlsx">
          {t('export.xlsx')}
        </a>{' '}
        <a className="button" href={recordExportUrl('csv', query)} download data-testid="export-csv">
          {t('export.csv')}
        </a>
      </p>
      <p className="muted">{t('export.privacy')}</p>
    </details>
  );
}
