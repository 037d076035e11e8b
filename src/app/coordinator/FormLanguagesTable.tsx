/** Per language of the newest published form version: how much is translated, whether it is reviewed (issue 13). */
import { useTranslation } from 'react-i18next';
import { languageNameOrCode } from '../format';
import { coordinatorApi } from './api';
import { ApiErrorMessage, DateTime, Loading, TableRegion } from './parts';
import { useApiResource } from './use-api-resource';

export function FormLanguagesTable({ id, version }: { id: string; version: number }) {
  const { t, i18n } = useTranslation('coordinator');
  const languages = useApiResource(`form-languages:${id}@${version}`, () => coordinatorApi.formLanguages(id, version));
  const titleId = `coord-form-languages-${id}`;
  return (
    <>
      <h2 id={titleId}>{t('authoring.languagesTitle', { label: `${id}@${version}` })}</h2>
      {languages.isLoading && !languages.data && <Loading />}
      {languages.error && <ApiErrorMessage error={languages.error} onRetry={languages.reload} />}
      {languages.data && (
        <TableRegion labelledBy={titleId}>
          <table className="coord-table" data-testid={`form-languages-${id}`}>
            <thead>
              <tr>
                <th scope="col">{t('authoring.colLanguage')}</th>
                <th scope="col">{t('authoring.colTexts')}</th>
                <th scope="col">{t('authoring.colCodeLists')}</th>
                <th scope="col">{t('authoring.colReview')}</th>
              </tr>
            </thead>
            <tbody>
              {languages.data.languages.map((language) => (
                <tr key={language.lang} data-lang={language.lang}>
                  <th scope="row">{`${languageNameOrCode(language.lang, i18n.language)} (${language.lang})`}</th>
                  <td>
                    {language.translated === language.total
                      ? t('authoring.complete', { total: language.total })
                      : t('authoring.incomplete', { translated: language.translated, total: language.total })}
                  </td>
                  <td>{t('authoring.codeListShare', { translated: language.codeListTranslated, total: language.codeListTotal })}</td>
                  <td>
                    {t(`content.${language.reviewState === 'reviewed' ? 'reviewed' : 'draft'}`)}
                    {language.reviewedBy && ` – ${language.reviewedBy}`}
                    {language.reviewedAt && (
                      <>
                        {', '}
                        <DateTime iso={language.reviewedAt} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
