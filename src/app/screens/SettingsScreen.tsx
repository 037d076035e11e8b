import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { LocalWipeSection } from './LocalWipeSection';

export function SettingsScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <h1>{t('settings.title')}</h1>
      <h2>{t('language.label')}</h2>
      <p>{t('settings.languageHelp')}</p>
      <LanguageSwitch />
      <LocalWipeSection />
      <p className="muted">{t('settings.version', { version: __APP_VERSION__ })}</p>
    </section>
  );
}
