/**
 * The translation workflow on the content page (issue 13 item 4): per language of the newest form
 * and notice versions, whether it is complete (then tablets offer it to applicants), the reviewed
 * share, the stale strings (German changed since their review), the last reviewed strings;
 * export of one language as XLIFF 2.0 or spreadsheet and the import of a file back.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslationImported, TranslationKind } from '../../core/api/index';
import { languageNameOrCode } from '../format';
import { coordinatorApi } from './api';
import { base64Of } from './FormAuthoringSection';
import { ApiErrorMessage, ApiErrorText, DateTime, Loading, TableRegion } from './parts';
import { useApiResource } from './use-api-resource';

export interface TranslatableVersion {
  readonly kind: TranslationKind;
  readonly id: string;
  readonly version: number;
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.floor((part / whole) * 100));

function TranslationTable({ artifact, revision }: { artifact: TranslatableVersion; revision: number }) {
  const { t, i18n } = useTranslation('coordinator');
  const label = `${artifact.id}@${artifact.version}`;
  const status = useApiResource(`translations:${artifact.kind}:${label}:${revision}`, () => coordinatorApi.translationStatus(artifact.kind, artifact.id, artifact.version));
  const titleId = `coord-translations-${artifact.kind}-${artifact.id}`;
  return (
    <>
      <h3 id={titleId}>{t('translation.tableTitle', { label, kind: t(`content.kind_${artifact.kind}`) })}</h3>
      {status.isLoading && !status.data && <Loading />}
      {status.error && <ApiErrorMessage error={status.error} onRetry={status.reload} />}
      {status.data && (
        <TableRegion labelledBy={titleId}>
          <table className="coord-table" data-testid={`translations-${artifact.kind}-${label}`}>
            <thead>
              <tr>
                <th scope="col">{t('translation.colLanguage')}</th>
                <th scope="col">{t('translation.colComplete')}</th>
                <th scope="col">{t('translation.colReviewed')}</th>
                <th scope="col">{t('translation.colStale')}</th>
                <th scope="col">{t('translation.colLastReviewed')}</th>
                <th scope="col">{t('translation.colExport')}</th>
              </tr>
            </thead>
            <tbody>
              {status.data.languages.map((language) => {
                const last = language.recentlyReviewed[0];
                return (
                  <tr key={language.lang} data-lang={language.lang}>
                    <th scope="row">{`${languageNameOrCode(language.lang, i18n.language)} (${language.lang})`}</th>
                    <td data-testid="complete">{language.complete ? `✓ ${t('translation.complete')}` : `✗ ${t('translation.incomplete')}`}</td>
                    <td data-testid="reviewed-share">
                      {t('translation.reviewedShare', { percent: percent(language.reviewed, language.total), reviewed: language.reviewed, total: language.total })}
                    </td>
                    <td data-testid="stale">
                      {language.stale.length === 0 ? (
                        '0'
                      ) : (
                        <details>
                          <summary>{t('translation.staleCount', { count: language.stale.length })}</summary>
                          <ul className="muted">
                            {language.stale.slice(0, 50).map((id) => (
                              <li key={id}><code>{id}</code></li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                    <td data-testid="last-reviewed">
                      {last ? (
                        <>
                          <code>{last.id}</code>{' '}
                          <bdi lang={language.lang}>{`„${last.target}“`}</bdi>
                          {last.reviewer && ` – ${last.reviewer}`}
                          {last.reviewedAt && (
                            <>
                              {', '}
                              <DateTime iso={last.reviewedAt} />
                            </>
                          )}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <a href={coordinatorApi.translationUrl(artifact.kind, artifact.id, artifact.version, language.lang, 'xliff')} download data-testid={`xliff-${language.lang}`}>
                        XLIFF
                      </a>
                      {' · '}
                      <a href={coordinatorApi.translationUrl(artifact.kind, artifact.id, artifact.version, language.lang, 'xlsx')} download data-testid={`xlsx-${language.lang}`}>
                        {t('translation.spreadsheet')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}

export function TranslationSection({ artifacts }: { artifacts: readonly TranslatableVersion[] }) {
  const { t } = useTranslation('coordinator');
  const fileId = useId();
  const reviewerId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [reviewer, setReviewer] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'ok'; result: TranslationImported } | { kind: 'error'; error: unknown } | { kind: 'noFile' } | null>(null);
  const [revision, setRevision] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    if (!file) return setOutcome({ kind: 'noFile' });
    setBusy(true);
    try {
      const result = await coordinatorApi.importTranslation({ file: await base64Of(file), ...(reviewer.trim() !== '' && { reviewer: reviewer.trim() }) });
      setOutcome({ kind: 'ok', result });
      setRevision((r) => r + 1);
    } catch (error) {
      setOutcome({ kind: 'error', error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="coord-translations-title" data-testid="translations">
      <h2 id="coord-translations-title">{t('translation.title')}</h2>
      <p>{t('translation.intro')}</p>
      {artifacts.map((artifact) => (
        <TranslationTable key={`${artifact.kind}:${artifact.id}@${artifact.version}`} artifact={artifact} revision={revision} />
      ))}
      <form className="form-card" onSubmit={(event) => void submit(event)} aria-labelledby="coord-translation-import-title" noValidate>
        <h3 id="coord-translation-import-title">{t('translation.importTitle')}</h3>
        <div className="field">
          <label className="field__label" htmlFor={fileId}>{t('translation.file')}</label>
          <input id={fileId} className="input" type="file" accept=".xlf,.xliff,.xlsx,application/xliff+xml" onChange={(event) => setFile(event.target.files?.[0] ?? null)} aria-describedby={`${fileId}-hint`} />
          <span className="field__hint" id={`${fileId}-hint`}>{t('translation.fileHint')}</span>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={reviewerId}>{t('translation.reviewer')}</label>
          <input id={reviewerId} className="input" type="text" value={reviewer} onChange={(event) => setReviewer(event.target.value)} aria-describedby={`${reviewerId}-hint`} />
          <span className="field__hint" id={`${reviewerId}-hint`}>{t('translation.reviewerHint')}</span>
        </div>
        {outcome && (
          <div className={outcome.kind === 'ok' ? 'coord-success' : 'error'} role={outcome.kind === 'ok' ? 'status' : 'alert'} data-testid="translation-import-message">
            {outcome.kind === 'noFile' && t('translation.noFile')}
            {outcome.kind === 'error' && <ApiErrorText error={outcome.error} />}
            {outcome.kind === 'ok' && (
              <>
                <p>
                  {t('translation.imported', {
                    label: `${outcome.result.ref.id}@${outcome.result.ref.version}`,
                    lang: outcome.result.lang,
                    count: outcome.result.changed.length,
                  })}
                </p>
                {outcome.result.changed.length > 0 && (
                  <ul>
                    {outcome.result.changed.slice(0, 20).map((change) => (
                      <li key={change.id}>
                        <code>{change.id}</code>: {t(`translation.state.${change.from}`)} → {t(`translation.state.${change.to}`)}
                      </li>
                    ))}
                  </ul>
                )}
                {outcome.result.stale.length > 0 && <p>{t('translation.staleInFile', { count: outcome.result.stale.length, ids: outcome.result.stale.slice(0, 10).join(', ') })}</p>}
              </>
            )}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>{t('translation.import')}</button>
        </div>
      </form>
    </section>
  );
}
