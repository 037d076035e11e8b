import { useTranslation } from 'react-i18next';
import type { SaveError } from './save-error';

/** A failed save, said plainly; whatever was entered stays on the screen. */
export function SaveErrorMessage({ error }: { error: SaveError }) {
  const { t } = useTranslation('consent');
  return (
    <div className="alert alert--danger" role="alert" data-testid="save-error">
      {error.kind === 'storage' && <p className="alert__title">{t(`errors.storage.${error.code}`)}</p>}
      {error.kind === 'rules' && (
        <>
          <p className="alert__title">{t('errors.rules')}</p>
          <ul className="alert__list">
            {error.problems.map((problem) => <li key={problem} lang="en" dir="ltr">{problem}</li>)}
          </ul>
        </>
      )}
      {error.kind === 'unexpected' && (
        <>
          <p className="alert__title">{t('errors.unexpected')}</p>
          <p lang="en" dir="ltr">{error.message}</p>
        </>
      )}
      <p>{t('errors.nothingLost')}</p>
    </div>
  );
}
