import type { ReactNode } from 'react';
import type { NoticeArtifact } from '../../../core/consent';
import { IsolatedText } from './IsolatedText';

/** `lang` and `dir` of a notice's language, for the element that holds its text. */
export function languageAttributes(notice: NoticeArtifact): { lang: string; dir: 'ltr' | 'rtl' } {
  return { lang: notice.lang, dir: notice.dir };
}

/**
 * One applicant-facing text in the applicant's language and, beside it, in German (once when the
 * applicant reads German). Each part carries its own `lang` and `dir`; a text string has its Latin
 * runs isolated in a right-to-left language.
 */
export function Bilingual({ shown, german, text, className }: {
  shown: NoticeArtifact;
  german: NoticeArtifact;
  text: (notice: NoticeArtifact) => ReactNode;
  className?: string;
}) {
  const isGerman = shown.lang === german.lang;
  const rendered = (notice: NoticeArtifact) => {
    const value = text(notice);
    return typeof value === 'string' ? <IsolatedText text={value} dir={notice.dir} /> : value;
  };
  return (
    <span className={`bilingual-text${className ? ` ${className}` : ''}`}>
      <span className="bilingual-text__part" {...languageAttributes(shown)}>{rendered(shown)}</span>
      {!isGerman && (
        <span className="bilingual-text__part bilingual-text__part--reference" {...languageAttributes(german)}>{rendered(german)}</span>
      )}
    </span>
  );
}
