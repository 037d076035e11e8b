import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';

const LocalWipeSection = lazy(() => import('./LocalWipeSection').then((m) => ({ default: m.LocalWipeSection })));

export function SettingsScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <h1>{t('settings.title')}</h1>
      <h2>{t('language.label')}</h2>
      <p>{t('settings.languageHelp')}</p>
      <LanguageSwitch />
      <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
        <LocalWipeSection />
      </Suspense>
      <p className="muted">{t('settings.version', { version: __APP_VERSION__ })}</p>
    </section>
  );
}
