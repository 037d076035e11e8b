/**
 * "What this recipient receives", generated from the recipient mapping of the form the interview
 * will be captured with (`recipientShare`, src/core/form/disclosure.ts) — the same mapping the
 * partner hand-over reads (`receivableFieldPaths`), so what the applicant is shown and what is
 * handed over cannot drift apart. Shown in the applicant's language beside German, each part
 * with its own `lang` and `dir`; a label without a translation is the German one, marked `lang="de"`.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoticeArtifact } from '../../../core/consent';
import { recipientShare, UnknownDisclosureIdError, type RecipientShareSection } from '../../../core/form/disclosure';
import type { FormDefinition } from '../../../core/form';
import { IsolatedText } from '../notice-view/IsolatedText';

/** A label is in the column's language or, untranslated, the German one (written left to right). */
const dirOf = (lang: string, notice: NoticeArtifact): 'ltr' | 'rtl' => (lang === notice.lang ? notice.dir : 'ltr');

/** The share, or null when the form names no recipients (version 1) or does not know this one. */
function shareOf(form: FormDefinition, recipientId: string, lang: string): RecipientShareSection[] | null {
  if (form.disclosure === undefined) return null;
  try {
    return recipientShare(form, recipientId, lang);
  } catch (error) {
    if (error instanceof UnknownDisclosureIdError) return null;
    throw error;
  }
}

function ShareColumn({ sections, notice }: { sections: RecipientShareSection[]; notice: NoticeArtifact }) {
  return (
    <ul className="recipient-share__sections" lang={notice.lang} dir={notice.dir} data-testid={`recipient-share-${notice.lang}`}>
      {sections.map((section) => (
        <li key={section.sectionId} className="recipient-share__section" data-section={section.sectionId}>
          <span className="recipient-share__section-label" lang={section.lang} dir={dirOf(section.lang, notice)}>
            <IsolatedText text={section.label} dir={dirOf(section.lang, notice)} />
          </span>
          {': '}
          {section.fields.map((field, index) => (
            <span key={field.path}>
              {index > 0 && (notice.dir === 'rtl' ? '، ' : ', ')}
              <span className="recipient-share__field" lang={field.lang} dir={dirOf(field.lang, notice)} data-path={field.path}>
                <IsolatedText text={field.label} dir={dirOf(field.lang, notice)} />
              </span>
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

/** Per recipient of the decision screen: the form's sections and questions it may receive. */
export function RecipientShareView({ form, recipientId, shown, german }: { form: FormDefinition; recipientId: string; shown: NoticeArtifact; german: NoticeArtifact }) {
  const { t } = useTranslation('consent');
  const shares = useMemo(
    () => ({ shown: shareOf(form, recipientId, shown.lang), german: shareOf(form, recipientId, german.lang) }),
    [form, recipientId, shown.lang, german.lang],
  );
  if (shares.shown === null || shares.german === null) return null;
  const isGerman = shown.lang === german.lang;
  return (
    <div className="recipient-share" data-testid={`recipient-share-of-${recipientId}`}>
      <p className="recipient-share__title">{t('decision.recipientReceives')}</p>
      {shares.shown.length === 0 ? (
        <p className="recipient-share__nothing">{t('decision.recipientReceivesNothing')}</p>
      ) : (
        <div className="recipient-share__columns">
          <ShareColumn sections={shares.shown} notice={shown} />
          {!isGerman && <ShareColumn sections={shares.german} notice={german} />}
        </div>
      )}
    </div>
  );
}
