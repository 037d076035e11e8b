import { useTranslation } from 'react-i18next';
import type { FormDefinition, SectionProgress } from '../../../core/form';
import { ColumnText } from './ColumnText';
import type { Column } from './languages';
import './form.css';

/** Where the interviewer is: one section, or the summary at the end. */
export type Place = { readonly kind: 'section'; readonly sectionId: string } | { readonly kind: 'summary' };

/**
 * The sections A–I with their required answers done out of total, the current one marked,
 * and the summary at the end. Any section can be opened at any time: interviews jump around.
 */
export function SectionNav({
  form,
  progress,
  invalidSections,
  place,
  interviewer,
  onGo,
}: {
  form: FormDefinition;
  progress: readonly SectionProgress[];
  /** Sections holding a value that is there but wrong: never shown as done. */
  invalidSections: ReadonlySet<string>;
  place: Place;
  interviewer: Column;
  onGo: (place: Place) => void;
}) {
  const { t } = useTranslation('form');
  return (
    <nav className="section-nav" aria-label={t('nav.label')} data-testid="section-nav">
      <ol className="section-nav__list">
        {form.sections.map((section) => {
          const sectionProgress = progress.find((entry) => entry.sectionId === section.id);
          const answered = sectionProgress?.answeredRequired ?? 0;
          const total = sectionProgress?.totalRequired ?? 0;
          const invalid = invalidSections.has(section.id);
          const done = answered === total && !invalid;
          const current = place.kind === 'section' && place.sectionId === section.id;
          return (
            <li key={section.id}>
              <button
                type="button"
                className={`section-nav__item${done ? ' section-nav__item--done' : ''}`}
                aria-current={current ? 'step' : undefined}
                data-testid={`nav-${section.id}`}
                onClick={() => onGo({ kind: 'section', sectionId: section.id })}
              >
                <ColumnText text={section.label} column={interviewer} className="section-nav__title" />
                <span className="section-nav__progress" data-testid="section-progress">
                  <span aria-hidden="true">{total === 0 ? '–' : t('nav.progress', { answered, total })}</span>
                  <span className="form-sr-only">
                    {total === 0 ? t('nav.noRequired') : t('nav.progressLabel', { answered, total })}
                    {total > 0 && done ? `, ${t('nav.done')}` : ''}
                    {invalid ? `, ${t('nav.hasProblems')}` : ''}
                  </span>
                  {invalid && (
                    <span className="section-nav__invalid" aria-hidden="true" data-testid="section-invalid">
                      !
                    </span>
                  )}
                  {total > 0 && done && (
                    <span className="section-nav__check" aria-hidden="true">
                      ✓
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
        <li>
          <button
            type="button"
            className="section-nav__item section-nav__item--summary"
            aria-current={place.kind === 'summary' ? 'step' : undefined}
            data-testid="nav-summary"
            onClick={() => onGo({ kind: 'summary' })}
          >
            <span className="section-nav__title">{t('nav.summary')}</span>
          </button>
        </li>
      </ol>
    </nav>
  );
}
