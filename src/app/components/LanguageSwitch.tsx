import { useTranslation } from 'react-i18next';
import { changeUiLanguage, uiLanguages, type UiLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {uiLanguages.map((language: UiLanguage) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="button button--compact"
          aria-pressed={i18n.language === language}
          onClick={() => void changeUiLanguage(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}
