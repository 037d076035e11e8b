import { useController } from 'react-hook-form';
import { cefrLevels, cefrSkills, type CefrField, type CodeListItem, type LocalizedText } from '../../../core/form';
import { ColumnText } from './ColumnText';
import { useFormStage } from './form-context';
import { columnText, type Column } from './languages';
import type { ControlProps } from './Question';
import './form-parts.css';

/** "A1 – elementare Sprachverwendung" → "A1": the grid's cells are narrow; "keine Kenntnisse" stays whole. */
function shortLabel(text: LocalizedText, column: Column): { text: string; lang: string; dir: 'ltr' | 'rtl' } {
  const shown = columnText(text, column);
  return { text: shown.text.split(' – ')[0] ?? shown.text, lang: shown.lang, dir: shown.dir };
}

function itemsOf(list: { items: readonly CodeListItem[] } | undefined, codes: readonly string[]): CodeListItem[] {
  return codes.map((code) => list?.items.find((item) => item.code === code) ?? { code, label: { de: code } });
}

/**
 * The CEFR self-assessment: one row per skill (a radio group named by the skill), one column
 * per level. Skill and level labels come from the form's code lists, in both languages. On a
 * narrow screen each row wraps into labelled buttons.
 */
export function CefrGrid({ field, name, control }: { field: CefrField; name: string; control: ControlProps }) {
  const { form, interviewer, applicant } = useFormStage();
  const { field: input } = useController({ name });
  const value = (input.value ?? {}) as Record<string, string>;
  const skills = itemsOf(Object.hasOwn(form.codeLists, field.skillsCodeList) ? form.codeLists[field.skillsCodeList] : undefined, cefrSkills);
  const levels = itemsOf(Object.hasOwn(form.codeLists, field.levelsCodeList) ? form.codeLists[field.levelsCodeList] : undefined, cefrLevels);

  return (
    <div className="cefr" data-testid="cefr-grid">
      <div className="cefr__head" aria-hidden="true">
        <span />
        <span className="cefr__levels">
          {levels.map((level) => {
            const own = shortLabel(level.label, interviewer);
            const other = applicant ? shortLabel(level.label, applicant) : null;
            return (
              <span key={level.code} className="cefr__level">
                <span lang={own.lang} dir={own.dir}>{own.text}</span>
                {other && other.text !== own.text && (
                  <span className="cefr__level-applicant" lang={other.lang} dir={other.dir}>
                    {other.text}
                  </span>
                )}
              </span>
            );
          })}
        </span>
      </div>
      {skills.map((skill, row) => {
        const rowId = `${control.id}-${skill.code}`;
        const missing = control.invalid && (value[skill.code] ?? '') === '';
        return (
          <fieldset
            key={skill.code}
            className={`cefr__row${missing ? ' cefr__row--missing' : ''}`}
            role="radiogroup"
            aria-labelledby={`${rowId}-skill`}
            aria-describedby={[applicant ? `${rowId}-applicant` : '', control.describedBy ?? ''].join(' ').trim() || undefined}
            aria-invalid={missing || undefined}
            aria-required={control.required || undefined}
          >
            <legend className="cefr__skill">
              <ColumnText id={`${rowId}-skill`} text={skill.label} column={interviewer} className="cefr__skill-interviewer" />
              {applicant && <ColumnText id={`${rowId}-applicant`} text={skill.label} column={applicant} className="cefr__skill-applicant" />}
            </legend>
            <span className="cefr__cells">
              {levels.map((level, column) => {
                const own = shortLabel(level.label, interviewer);
                return (
                  <label key={level.code} className="cefr__cell">
                    <input
                      type="radio"
                      id={row === 0 && column === 0 ? control.id : undefined}
                      name={`${name}.${skill.code}`}
                      value={level.code}
                      checked={value[skill.code] === level.code}
                      onChange={() => input.onChange({ ...value, [skill.code]: level.code })}
                      onBlur={input.onBlur}
                    />
                    <span className="cefr__cell-text" lang={own.lang} dir={own.dir}>
                      {own.text}
                    </span>
                  </label>
                );
              })}
            </span>
          </fieldset>
        );
      })}
    </div>
  );
}
