import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coordinatorApi, isCoordinatorApiError, type ArtifactSummary } from './api';
import { SettingsSection } from './SettingsSection';
import { FormAuthoringSection } from './FormAuthoringSection';
import { FormLanguagesTable } from './FormLanguagesTable';
import { TranslationSection } from './TranslationSection';
import { settingKeys, type SettingKey } from '../../core/consent';
import { ApiErrorMessage, ApiErrorText, DateTime, Loading, TableRegion } from './parts';
import { useApiResource } from './use-api-resource';

function labelOf(artifact: Pick<ArtifactSummary, 'id' | 'version' | 'lang'>): string {
  return `${artifact.id}@${artifact.version}${artifact.lang ? ` (${artifact.lang})` : ''}`;
}

/** The deployment settings, published forms and notice texts, and the upload of a new version (validated by the server). */
export function ContentPage() {
  const { t } = useTranslation('coordinator');
  const artifacts = useApiResource('artifacts', () => coordinatorApi.artifacts());
  const [kind, setKind] = useState<'form' | 'notice'>('form');
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | { kind: 'refused'; error: unknown } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const fileId = useId();

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (!file) return setMessage({ kind: 'error', text: t('content.noFile') });
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch (error) {
      return setMessage({ kind: 'error', text: t('content.notJson', { message: error instanceof Error ? error.message : String(error) }) });
    }
    setIsBusy(true);
    try {
      const outcome = await coordinatorApi.publishArtifact({ kind, body });
      setMessage({ kind: 'ok', text: t(outcome.status === 'published' ? 'content.published' : 'content.unchanged', { label: labelOf(outcome.artifact) }) });
      artifacts.reload();
    } catch (error) {
      if (isCoordinatorApiError(error) && error.code === 'settings_missing') {
        const missing = (error.details as { missing?: string[] } | undefined)?.missing ?? [];
        setMessage({ kind: 'error', text: t('content.settingsMissing', { fields: missing.filter((key): key is SettingKey => (settingKeys as readonly string[]).includes(key)).map((key) => t(`settings.field.${key}`)).join(', ') }) });
      } else {
        setMessage({ kind: 'refused', error });
      }
    } finally {
      setIsBusy(false);
    }
  };

  // The newest published version of each form, for its languages table.
  const newestForms = [...new Map((artifacts.data ?? []).filter((a) => a.kind === 'form' && !a.retired).sort((a, b) => a.version - b.version).map((a) => [a.id, a])).values()];
  // The newest published version of each notice and form, for the translation workflow.
  const newestNotices = [...new Map((artifacts.data ?? []).filter((a) => a.kind === 'notice' && !a.retired && a.lang === 'de').sort((a, b) => a.version - b.version).map((a) => [a.id, a])).values()];
  const translatable = [...newestNotices, ...newestForms].map((a) => ({ kind: a.kind as 'form' | 'notice', id: a.id, version: a.version }));

  return (
    <section className="screen coord-page" aria-labelledby="coord-content-title">
      <h1 id="coord-content-title">{t('content.title')}</h1>
      <p>{t('content.intro')}</p>

      <SettingsSection />

      <FormAuthoringSection onPublished={artifacts.reload} />

      <form className="form-card" onSubmit={(event) => void publish(event)} aria-labelledby="coord-upload-title" noValidate>
        <h2 id="coord-upload-title">{t('content.uploadTitle')}</h2>
        <fieldset className="coord-fieldset">
          <legend>{t('content.kind')}</legend>
          {(['form', 'notice'] as const).map((value) => (
            <label key={value} className="coord-radio">
              <input type="radio" name="artifact-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <span>{t(`content.kind_${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor={fileId}>{t('content.file')}</label>
          <input id={fileId} className="input" type="file" accept="application/json,.json" onChange={(event) => setFile(event.target.files?.[0] ?? null)} aria-describedby={`${fileId}-hint`} />
          <span className="field__hint" id={`${fileId}-hint`}>{t('content.fileHint')}</span>
        </div>
        {message && (
          <p className={message.kind === 'ok' ? 'coord-success' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="publish-message">
            {message.kind === 'refused' ? <ApiErrorText error={message.error} /> : message.text}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={isBusy}>{t('content.publish')}</button>
        </div>
      </form>

      <h2 id="coord-artifacts-title">{t('content.listTitle')}</h2>
      {artifacts.isLoading && !artifacts.data && <Loading />}
      {artifacts.error && <ApiErrorMessage error={artifacts.error} onRetry={artifacts.reload} />}
      {artifacts.data && artifacts.data.length === 0 && <p>{t('content.empty')}</p>}
      {artifacts.data && artifacts.data.length > 0 && (
        <TableRegion labelledBy="coord-artifacts-title">
          <table className="coord-table" data-testid="artifacts-table">
            <thead>
              <tr>
                <th scope="col">{t('content.colArtifact')}</th>
                <th scope="col">{t('content.colLang')}</th>
                <th scope="col">{t('content.colReview')}</th>
                <th scope="col">{t('content.colPublished')}</th>
                <th scope="col">{t('content.colState')}</th>
                <th scope="col">{t('authoring.download')}</th>
              </tr>
            </thead>
            <tbody>
              {artifacts.data.map((artifact) => (
                <tr key={`${artifact.kind}:${labelOf(artifact)}`}>
                  <th scope="row">{`${artifact.id}@${artifact.version}`}</th>
                  <td>{artifact.lang ?? '—'}</td>
                  <td>{t(`content.${artifact.reviewState}`)}</td>
                  <td><DateTime iso={artifact.publishedAt} /></td>
                  <td>{t(artifact.retired ? 'content.retired' : 'content.active')}</td>
                  <td>
                    {artifact.kind === 'form' ? (
                      <a href={coordinatorApi.xlsformUrl(artifact.id, artifact.version)} download data-testid={`xlsform-download-${artifact.id}@${artifact.version}`}>
                        {`${artifact.id}@${artifact.version}.xlsx`}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {newestForms.map((form) => (
        <FormLanguagesTable key={`${form.id}@${form.version}`} id={form.id} version={form.version} />
      ))}
      {translatable.length > 0 && <TranslationSection artifacts={translatable} />}
    </section>
  );
}
