import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyDraft } from './consent-draft';

/** Name and role of an interpreter or witness; free text in any script, so each input is `dir="auto"`. */
export function PartyFields({ party, onChange, invalid, testId }: {
  party: PartyDraft;
  onChange: (party: PartyDraft) => void;
  invalid: boolean;
  testId: string;
}) {
  const { t } = useTranslation('consent');
  const hintId = useId();
  return (
    <div className="party-fields" data-testid={testId}>
      <label className="field">
        <span className="field__label">{t('parties.name')}</span>
        <input
          className="input"
          dir="auto"
          autoComplete="off"
          value={party.name}
          aria-invalid={invalid && party.name.trim() === ''}
          onChange={(event) => onChange({ ...party, name: event.target.value })}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('parties.role')}</span>
        <input
          className="input"
          dir="auto"
          autoComplete="off"
          value={party.role}
          aria-describedby={hintId}
          aria-invalid={invalid && party.role.trim() === ''}
          onChange={(event) => onChange({ ...party, role: event.target.value })}
        />
        <span id={hintId} className="field__hint">{t('parties.roleHint')}</span>
      </label>
    </div>
  );
}
