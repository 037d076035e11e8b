import { useTranslation } from 'react-i18next';
import type { NoticeArtifact } from '../../../core/consent';
import { languageNameIn } from '../../format';
import { StepHeading } from './StepHeading';

/**
 * The applicant picks the language they read: one big button per language, named in itself, with
 * the name in the interviewer's language beneath so the interviewer can find it too.
 */
export function LanguageStep({ choices, chosen, onChoose }: {
  choices: readonly NoticeArtifact[];
  chosen: string | null;
  onChoose: (lang: string) => void;
}) {
  const { t, i18n } = useTranslation('consent');
  const uiLang = i18n.language === 'en' ? 'en' : 'de';
  const uiNameOf = (notice: NoticeArtifact) => {
    const name = languageNameIn(notice.lang, uiLang);
    return name === undefined || name.toLocaleLowerCase(uiLang) === notice.languageName.toLocaleLowerCase(uiLang) ? undefined : name;
  };
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
              <span className="language-grid__native">{notice.languageName}</span>
              {/* A space keeps the two names two words in the button's accessible name. */}
              {uiNameOf(notice) !== undefined && ' '}
              {uiNameOf(notice) !== undefined && (
                <span className="language-grid__ui-name" lang={uiLang} dir="ltr" data-testid="language-ui-name">
                  {uiNameOf(notice)}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
