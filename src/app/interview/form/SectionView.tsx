import { useEffect, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDefinition, VisibleSection } from '../../../core/form';
import { ColumnText } from './ColumnText';
import { FieldView } from './FieldView';
import { useFormStage } from './form-context';
import { openingItemCount } from './opening-items';
import type { Place } from './SectionNav';
import { deferredPart } from '../../deferred-part';
import './form.css';

/**
 * Repeated groups (work history, certificates …) are in later sections only: their own chunk
 * (issue #15), loaded once the form stage is settled (FormStage) or when a section shows one.
 */
export const repeatGroupPart = deferredPart(() => import('./RepeatGroupView'), ['formParts']);

/**
 * With `firstItemsFirst`, the first render holds only the first few items and the rest come once
 * it has been painted: the first questions can be answered that much sooner (issue #15: the whole
 * section's render and first layout were most of the form stage's start), and what comes later is
 * below them, so nothing on screen moves. How many come first: `openingItemCount`.
 */
function useItemsShown(items: VisibleSection['items'], firstItemsFirst: boolean): number {
  const total = items.length;
  const firstItems = openingItemCount(items);
  const [all, setAll] = useState(!firstItemsFirst || total <= firstItems);
  useEffect(() => {
    if (all) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame's callbacks run before its paint; a task queued from one runs after it.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAll(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [all]);
  return all ? total : firstItems;
}


/** One section: its title in both languages, its visible questions and groups, back and next. */
export function SectionView({
  form,
  visible,
  headingRef,
  onGo,
  onAdded,
  firstItemsFirst = false,
}: {
  form: FormDefinition;
  visible: VisibleSection;
  headingRef: Ref<HTMLHeadingElement>;
  onGo: (place: Place) => void;
  onAdded: (path: string) => void;
  /** The stage's opening render: the first items first, the rest once painted (`useItemsShown`). */
  firstItemsFirst?: boolean;
}) {
  const { t } = useTranslation('form');
  const { interviewer, applicant } = useFormStage();
  const { section } = visible;
  const index = form.sections.findIndex((candidate) => candidate.id === section.id);
  const previous = form.sections[index - 1];
  const next = form.sections[index + 1];
  const headingId = `section-${section.id}-title`;
  const repeatGroups = repeatGroupPart.usePart(visible.items.some((item) => item.kind === 'group'));
  const itemsShown = useItemsShown(visible.items, firstItemsFirst);

  return (
    <section className="form-section" aria-labelledby={headingId} data-testid={`section-${section.id}`}>
      <header className={`form-section__header${applicant ? '' : ' form-section__header--single'}`}>
        <p className="form-section__position">{t('nav.sectionOf', { number: index + 1, count: form.sections.length })}</p>
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="form-section__title" lang={interviewer.lang} dir={interviewer.dir} data-testid="section-title-interviewer">
          <ColumnText text={section.label} column={interviewer} />
        </h2>
        {applicant && <ColumnText as="p" text={section.label} column={applicant} className="form-section__title-applicant" testId="section-title-applicant" />}
        {section.hint && <ColumnText as="p" text={section.hint} column={interviewer} className="form-section__hint" />}
        {section.hint && applicant && <ColumnText as="p" text={section.hint} column={applicant} className="form-section__hint form-section__hint--applicant" />}
      </header>

      <div className="form-section__items">
        {visible.items.slice(0, itemsShown).map((item) =>
          item.kind === 'group' ? (
            repeatGroups ? (
              <repeatGroups.RepeatGroupView key={item.group.id} visible={item} onAdded={onAdded} />
            ) : (
              <p key={item.group.id} role="status">{t('common.loading', { ns: 'translation' })}</p>
            )
          ) : (
            <FieldView key={item.field.id} field={item.field} path={item.path} />
          ),
        )}
      </div>

      {/* With the rest of the items: until then it would stand where they come. */}
      {itemsShown === visible.items.length && (
        <div className="form-section__pager">
          {previous ? (
            <button type="button" className="button" onClick={() => onGo({ kind: 'section', sectionId: previous.id })}>
              <span aria-hidden="true">‹</span> {t('nav.previous')}: <ColumnText text={previous.label} column={interviewer} />
            </button>
          ) : (
            <span />
          )}
          {next ? (
            <button type="button" className="button button--primary" onClick={() => onGo({ kind: 'section', sectionId: next.id })}>
              {t('nav.next')}: <ColumnText text={next.label} column={interviewer} /> <span aria-hidden="true">›</span>
            </button>
          ) : (
            <button type="button" className="button button--primary" onClick={() => onGo({ kind: 'summary' })}>
              {t('nav.toSummary')} <span aria-hidden="true">›</span>
            </button>
          )}
        </div>
      )}
    </section>
  );
}
