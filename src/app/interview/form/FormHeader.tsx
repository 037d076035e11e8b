import { useTranslation } from 'react-i18next';
import type { NoticeLabels } from '../../../data';
import type { FormDefinition } from '../../../core/form';
import { useAutosaveState, type AutosaveHandle } from './use-autosave';
import { ColumnText } from './ColumnText';
import { formatTime, languageNameIn } from '../../format';
import type { Column, LanguageOption } from './languages';

function SaveStatus({ autosave }: { autosave: AutosaveHandle<unknown> }) {
  const { t, i18n } = useTranslation('form');
  const state = useAutosaveState(autosave, (current) => current);
  const busy = state.status !== 'idle';
  const failed = !busy && state.error !== null;
  const time = state.savedAt === null ? null : formatTime(state.savedAt, i18n.language);
  const text = busy ? t('save.saving') : failed ? t('save.notSaved') : time !== null ? t('save.savedAt', { time }) : t('save.saved');
  return (
    // Not a live region: it changes with every keystroke; a failure is announced by the alert.
    <p className="save-status" data-testid="save-status" data-state={busy ? 'saving' : failed ? 'failed' : 'saved'}>
      <span className="save-status__dot" aria-hidden="true" />
      {text}
    </p>
  );
}

/** "Translation not reviewed", in the interviewer's words and in the applicant's language. */
function DraftMark({ column, name, notice }: { column: Column; name: string; notice: NoticeLabels | undefined }) {
  const { t } = useTranslation('form');
  return (
    <div className="draft-mark form-draft-mark" data-testid="draft-translation-mark" data-lang={column.lang}>
      <p>
        <strong>{t('header.draftTranslation', { language: name })}</strong> {t('header.draftTranslationHint')}
        {column.translated < column.total && <> {t('header.translationCoverage', { translated: column.translated, total: column.total })}</>}
      </p>
      {notice && notice.lang === column.lang && (
        <p lang={notice.lang} dir={notice.dir}>
          {notice.ui.draftTranslation}
        </p>
      )}
    </div>
  );
}

/**
 * The form's title in both languages, the applicant's name, the applicant-language switch
 * (it changes only the second column), the save indicator and the draft-translation marks.
 */
export function FormHeader({
  form,
  interviewer,
  applicant,
  applicantLang,
  languageOptions,
  notices,
  displayName,
  editingNextRev,
  autosave,
  languageError,
  onApplicantLanguage,
}: {
  form: FormDefinition;
  interviewer: Column;
  applicant: Column | null;
  applicantLang: string;
  languageOptions: readonly LanguageOption[];
  notices: readonly NoticeLabels[];
  displayName: string;
  editingNextRev: number | null;
  autosave: AutosaveHandle<unknown>;
  languageError: boolean;
  onApplicantLanguage: (lang: string) => void;
}) {
  const { t, i18n } = useTranslation('form');
  // The interviewer finds the language by their own name for it, the applicant by theirs.
  const pickerName = (option: LanguageOption) => {
    const uiName = languageNameIn(option.lang, i18n.language === 'en' ? 'en' : 'de');
    return uiName === undefined || uiName === option.name ? option.name : `${option.name} / ${uiName}`;
  };
  const nameOf = (lang: string) => languageOptions.find((option) => option.lang === lang)?.name ?? lang;
  const draftColumns = [interviewer, applicant].filter((column): column is Column => column !== null && column.isDraft);

  return (
    <header className="form-header">
      <div className="form-header__titles">
        <h1 id="form-title" className="form-header__title" lang={interviewer.lang}>
          <ColumnText text={form.title} column={interviewer} />
        </h1>
        {applicant && <ColumnText as="p" text={form.title} column={applicant} className="form-header__title-applicant" />}
        <p className="form-header__meta">
          {displayName !== '' && (
            <>
              <bdi className="form-header__person" data-testid="applicant-name">
                {displayName}
              </bdi>
              {' · '}
            </>
          )}
          <span className="muted">
            {form.id} · {t('header.formVersion', { version: form.version })}
          </span>
        </p>
      </div>
      <div className="form-header__tools">
        <label className="field form-header__language">
          <span className="field__label">{t('header.applicantLanguage')}</span>
          <select className="form-header__select" value={applicantLang} onChange={(event) => onApplicantLanguage(event.target.value)} aria-describedby="form-language-hint">
            {languageOptions.map((option) => (
              <option key={option.lang} value={option.lang} lang={option.lang} dir={option.dir}>
                {pickerName(option)}
              </option>
            ))}
          </select>
          <span id="form-language-hint" className="field__hint">
            {t('header.applicantLanguageHint')}
          </span>
        </label>
        <SaveStatus autosave={autosave} />
      </div>
      {languageError && (
        <p className="alert alert--danger" role="alert">
          {t('header.languageChangeFailed')}
        </p>
      )}
      {draftColumns.map((column) => (
        <DraftMark key={column.lang} column={column} name={nameOf(column.lang)} notice={notices.find((notice) => notice.lang === column.lang)} />
      ))}
      {editingNextRev !== null && (
        <p className="alert form-editing" data-testid="editing-banner">
          {t('header.editing', { next: editingNextRev })}
        </p>
      )}
    </header>
  );
}
