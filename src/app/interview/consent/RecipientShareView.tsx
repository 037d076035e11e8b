/**
 * "What this recipient receives", generated from the recipient mapping of the form the interview
 * will be captured with (`recipientShare`, src/core/form/disclosure.ts) — the same mapping the
 * partner hand-over reads (`receivableFieldPaths`), so what the applicant is shown and what is
 * handed over cannot drift apart. Shown in the applicant's language beside German, each part
 * with its own `lang` and `dir`; a label without a translation is the German one, marked `lang="de"`.
 */
import { Fragment, useMemo } from 'react';
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
  const separator = notice.dir === 'rtl' ? '، ' : ', ';
  // Plain text where the label is in the column's language (most of them): one list can name 80 questions.
  const text = (label: string, lang: string) =>
    lang === notice.lang ? <IsolatedText text={label} dir={notice.dir} /> : <span lang={lang} dir={dirOf(lang, notice)}>{label}</span>;
  return (
    <ul className="recipient-share__sections" lang={notice.lang} dir={notice.dir} data-testid={`recipient-share-${notice.lang}`}>
      {sections.map((section) => (
        <li key={section.sectionId} className="recipient-share__section" data-section={section.sectionId} data-paths={section.fields.map((field) => field.path).join(' ')}>
          <strong className="recipient-share__section-label">{text(section.label, section.lang)}</strong>
          {': '}
          {section.fields.map((field, index) => (
            <Fragment key={field.path}>
              {index > 0 && separator}
              {text(field.label, field.lang)}
            </Fragment>
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
    <details className="recipient-share" data-testid={`recipient-share-of-${recipientId}`}>
      <summary className="recipient-share__title">{t('decision.recipientReceives')}</summary>
      {shares.shown.length === 0 ? (
        <p className="recipient-share__nothing">{t('decision.recipientReceivesNothing')}</p>
      ) : (
        <div className="recipient-share__columns">
          <ShareColumn sections={shares.shown} notice={shown} />
          {!isGerman && <ShareColumn sections={shares.german} notice={german} />}
        </div>
      )}
    </details>
  );
}
