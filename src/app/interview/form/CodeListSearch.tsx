import { useId, useMemo, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { CodeList, CodeListItem, CodeListMatch } from '../../../core/form';
import { BilingualText, ColumnText } from './ColumnText';
import { useFormStage } from './form-context';
import { columnText, directionOf, type Column } from './languages';
import type { ControlProps } from './Question';
import { languageNameOrCode } from '../../format';
import { deferredPart } from '../../deferred-part';

/**
 * The search itself (its folding, the synonyms and priorities kept beside the lists) is needed
 * once the interviewer is in a search field, not to show a section: its own chunk (issue #15),
 * loaded when a search field gets the focus, or once the form stage is settled (FormStage).
 */
export const codeListSearchPart = deferredPart(() => import('../../../core/form/codelists'));

/** How many matches are shown: the interviewer narrows by typing, the list is never rendered whole. */
const RESULT_LIMIT = 12;

/** A code shown beside its label: `SY`; for occupations also their ISCO-08 groups. */
function ItemCode({ item }: { item: CodeListItem }) {
  const { t } = useTranslation('form');
  const isco = item.extra?.isco08;
  return (
    <span className="codelist__code" dir="ltr">
      {t('codeList.code', { code: item.code })}
      {isco !== undefined && ` · ${t('codeList.isco', { codes: isco.split(',').join(', ') })}`}
    </span>
  );
}

function hasLabel(item: CodeListItem, lang: string): boolean {
  return Object.hasOwn(item.label, lang) && (item.label[lang] ?? '').trim() !== '';
}

/**
 * An entry's label in the interviewer's language and beside it the applicant's. The big lists
 * (occupations, some languages) have no label in many applicant languages; rather than a
 * "translation missing" mark on every entry, such an entry shows its English (or, for an English
 * interviewer, German) name beside, and the list says once that it does (`MissingLabelsNote`).
 */
function EntryLabel({ item, interviewer, applicant, className }: { item: CodeListItem; interviewer: Column; applicant: Column | null; className: string }) {
  if (applicant === null || hasLabel(item, applicant.lang)) {
    return <BilingualText text={item.label} interviewer={interviewer} applicant={applicant} className={className} />;
  }
  const other = interviewer.lang === 'en' ? 'de' : 'en';
  const otherText = hasLabel(item, other) ? item.label[other] : undefined;
  const shown = columnText(item.label, interviewer).text;
  return (
    <span className={className}>
      <ColumnText text={item.label} column={interviewer} className={`${className}__interviewer`} />
      {otherText !== undefined && otherText !== shown && (
        <span className={`${className}__applicant`} lang={other} dir={directionOf(other)} data-testid="codelist-other-label">
          {otherText}
        </span>
      )}
    </span>
  );
}

/**
 * A type-ahead search over a large code list (countries, languages, occupations): words in the
 * interviewer's and the applicant's language (and German) or the code find an entry; only the
 * best matches are rendered. Chosen entries show as chips in both languages.
 */
export function CodeListSearch({ name, list, multiple, control }: { name: string; list: CodeList; multiple: boolean; control: ControlProps }) {
  const { t, i18n } = useTranslation('form');
  const { interviewer, applicant, searchLanguages } = useFormStage();
  const { field } = useController({ name });
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const baseId = useId();
  const listboxId = `${baseId}-results`;
  const searchHintId = `${baseId}-hint`;

  const value: unknown = field.value;
  const selectedCodes = useMemo(
    () => (multiple ? (Array.isArray(value) ? value.filter((code): code is string => typeof code === 'string') : []) : typeof value === 'string' && value !== '' ? [value] : []),
    [multiple, value],
  );
  // Only the chosen entries are looked up; the list itself is read when the interviewer searches.
  const selectedItems = useMemo(
    () => selectedCodes.map((code) => list.items.find((item) => item.code === code) ?? { code, label: { de: code } }),
    [list, selectedCodes],
  );
  const search = codeListSearchPart.usePart(open || query !== '');
  // Until the search has loaded (a moment, at most, after the focus) a query has no answer yet: not "no results".
  const answered = query.trim() !== '' && search !== undefined;
  const matches: CodeListMatch[] = useMemo(
    () => (query.trim() === '' || !search ? [] : search.searchCodeList(list, query, searchLanguages, RESULT_LIMIT)),
    [search, list, query, searchLanguages],
  );
  const expanded = open && matches.length > 0;
  const unlabelled = applicant !== null && matches.some((match) => !hasLabel(match.item, applicant.lang));
  const activeIndex = Math.min(active, Math.max(matches.length - 1, 0));

  const choose = (item: CodeListItem) => {
    field.onChange(multiple ? [...selectedCodes.filter((code) => code !== item.code), item.code] : item.code);
    setQuery('');
    setOpen(false);
    setActive(0);
  };
  const remove = (code: string) => field.onChange(multiple ? selectedCodes.filter((entry) => entry !== code) : '');

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (matches.length > 0) setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === 'Enter') {
      const match = matches[activeIndex];
      if (expanded && match) {
        event.preventDefault();
        choose(match.item);
      }
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) {
      setOpen(false);
      field.onBlur();
    }
  };

  const languages = [...new Set(searchLanguages)].map((lang) => languageNameOrCode(lang, i18n.language)).join(', ');
  const status = !open || !answered ? '' : matches.length > 0 ? t('codeList.results', { count: matches.length }) : t('codeList.noResults', { query: query.trim() });

  return (
    <div className="codelist" onBlur={onBlur}>
      {selectedItems.length > 0 && (
        <ul className="codelist__selected" aria-label={t('codeList.selected')} data-testid="codelist-selected">
          {selectedItems.map((item) => (
            <li key={item.code} className="codelist__chip">
              <EntryLabel item={item} interviewer={interviewer} applicant={applicant} className="codelist__chip-text" />
              <ItemCode item={item} />
              <button
                type="button"
                className="button button--compact codelist__remove"
                aria-label={t('codeList.remove', { label: columnText(item.label, interviewer).text })}
                onClick={() => remove(item.code)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="codelist__search">
        <input
          id={control.id}
          className="input codelist__input"
          type="text"
          role="combobox"
          dir="auto"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('codeList.searchPlaceholder')}
          value={query}
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={expanded ? `${listboxId}-${activeIndex}` : undefined}
          aria-describedby={[control.describedBy, searchHintId].filter(Boolean).join(' ')}
          aria-invalid={control.invalid || undefined}
          aria-required={control.required || undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
        <p id={searchHintId} className="codelist__hint">
          {t('codeList.searchHint', { languages })}
        </p>
        {expanded && unlabelled && applicant && (
          <p className="codelist__hint" data-testid="codelist-unlabelled">
            {t('codeList.unlabelled', { language: languageNameOrCode(applicant.lang, i18n.language), other: languageNameOrCode(interviewer.lang === 'en' ? 'de' : 'en', i18n.language) })}
          </p>
        )}
        <ul id={listboxId} role="listbox" className="codelist__results" aria-labelledby={control.labelId} hidden={!expanded}>
          {expanded &&
            matches.map((match, index) => (
              <li
                key={match.item.code}
                id={`${listboxId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className="codelist__option"
                // Keep the focus in the search field, so the list does not close before the click.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(match.item)}
              >
                <EntryLabel item={match.item} interviewer={interviewer} applicant={applicant} className="codelist__option-text" />
                <span className="codelist__meta">
                  <ItemCode item={match.item} />
                  {match.lang !== 'code' && match.lang !== 'isco08' && !Object.values(match.item.label).includes(match.matchedText) && (
                    <span className="codelist__matched">
                      {' · '}
                      {t('codeList.matched', { text: match.matchedText })}
                    </span>
                  )}
                </span>
              </li>
            ))}
        </ul>
        {open && answered && matches.length === 0 && <p className="codelist__empty">{status}</p>}
        <p className="form-sr-only" role="status">
          {status}
        </p>
      </div>
    </div>
  );
}
