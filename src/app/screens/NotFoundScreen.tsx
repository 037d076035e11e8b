import { useTranslation } from 'react-i18next';
import { Link } from '../router';

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen">
      <h1>{t('notFound.title')}</h1>
      <Link href="/" className="button button--primary">{t('notFound.back')}</Link>
    </section>
  );
}
