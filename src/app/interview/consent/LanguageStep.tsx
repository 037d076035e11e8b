import { useTranslation } from 'react-i18next';
import type { NoticeArtifact } from '../../../core/consent';
import { StepHeading } from './StepHeading';

/** The applicant picks the language they read: one big button per language, named in itself. */
export function LanguageStep({ choices, chosen, onChoose }: {
  choices: readonly NoticeArtifact[];
  chosen: string | null;
  onChoose: (lang: string) => void;
}) {
  const { t } = useTranslation('consent');
  return (
    <section className="consent-step" aria-labelledby="language-step-title">
      <StepHeading id="language-step-title">{t('language.title')}</StepHeading>
      <p className="muted">{t('language.hint')}</p>
      <ul className="language-grid" aria-labelledby="language-step-title">
        {choices.map((notice) => (
          <li key={notice.lang}>
            <button
              type="button"
              className="language-grid__button"
              lang={notice.lang}
              dir={notice.dir}
              aria-pressed={chosen === notice.lang}
              onClick={() => onChoose(notice.lang)}
            >
              {notice.languageName}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
