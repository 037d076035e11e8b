import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsentState, NoticeArtifact, WithdrawalRequest } from '../../../core/consent';
import { itemLabel, type ItemKind } from '../notice-view/consent-summary';
import type { InterviewerProfile } from '../contract';
import { StepHeading } from './StepHeading';
import {
  EMPTY_WITHDRAWAL,
  channels,
  endsConsent,
  toggled,
  withdrawalProblems,
  withdrawalRequest,
  type WithdrawalDraft,
} from './withdrawal-draft';

/**
 * Records what the applicant withdrew (all, or some of what is accepted now), how they said it, and
 * who took it down. Saving appends an event; the original evidence is never touched.
 */
export function WithdrawalForm({ state, labels, interviewer, saving, onSubmit, onCancel }: {
  state: ConsentState;
  /** The notice whose labels the interviewer reads (their UI language, else German). */
  labels: NoticeArtifact;
  interviewer: InterviewerProfile;
  saving: boolean;
  onSubmit: (request: WithdrawalRequest) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('consent');
  const [draft, setDraft] = useState<WithdrawalDraft>(EMPTY_WITHDRAWAL);
  const [attempted, setAttempted] = useState(false);
  const problems = attempted ? withdrawalProblems(draft) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    const request = withdrawalRequest(draft, state, interviewer, new Date());
    if (request !== null) onSubmit(request);
  };

  const checkboxes = (kind: ItemKind) => {
    const ids = kind === 'purpose' ? state.acceptedPurposes : state.acceptedRecipients;
    const chosen = kind === 'purpose' ? draft.purposes : draft.recipients;
    if (ids.length === 0) return null;
    return (
      <fieldset className="choice-group choice-group--nested">
        <legend className="choice-group__legend">{t(kind === 'purpose' ? 'withdrawal.purposes' : 'withdrawal.recipients')}</legend>
        {ids.map((id) => (
          <label key={id} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(id)}
              onChange={() => setDraft((current) => kind === 'purpose'
                ? { ...current, purposes: toggled(current.purposes, id, state.acceptedPurposes) }
                : { ...current, recipients: toggled(current.recipients, id, state.acceptedRecipients) })}
            />
            <span>{itemLabel(labels, kind, id)}</span>
          </label>
        ))}
      </fieldset>
    );
  };

  return (
    <form className="form-card withdrawal-form" onSubmit={submit} noValidate aria-labelledby="withdrawal-title" data-testid="withdrawal-form">
      <StepHeading id="withdrawal-title">{t('withdrawal.title')}</StepHeading>
      <p className="muted">{t('withdrawal.hint')}</p>

      <fieldset className="choice-group">
        <legend className="choice-group__legend">{t('withdrawal.scope')}</legend>
        <label className="choice">
          <input type="radio" name="withdrawal-scope" checked={draft.scope === 'all'} onChange={() => setDraft({ ...draft, scope: 'all' })} />
          <span>{t('withdrawal.all')}</span>
        </label>
        <label className="choice">
          <input type="radio" name="withdrawal-scope" checked={draft.scope === 'partial'} onChange={() => setDraft({ ...draft, scope: 'partial' })} />
          <span>{t('withdrawal.partial')}</span>
        </label>
        {draft.scope === 'partial' && (
          <>
            {checkboxes('purpose')}
            {checkboxes('recipient')}
          </>
        )}
      </fieldset>
      {draft.scope === 'partial' && endsConsent(draft, state) && <p className="warning" role="status">{t('withdrawal.endsConsent')}</p>}

      <fieldset className="choice-group">
        <legend className="choice-group__legend">{t('withdrawal.channel')}</legend>
        {channels.map((channel) => (
          <label key={channel} className="choice">
            <input type="radio" name="withdrawal-channel" checked={draft.channel === channel} onChange={() => setDraft({ ...draft, channel })} />
            <span>{t(`channel.${channel}`)}</span>
          </label>
        ))}
      </fieldset>

      <p className="muted">
        {t('withdrawal.recordedBy')} <bdi>{interviewer.name}</bdi>
      </p>

      {problems.length > 0 && (
        <div className="alert alert--danger" role="alert">
          <ul className="alert__list">
            {problems.map((problem) => <li key={problem}>{t(`withdrawal.problems.${problem}`)}</li>)}
          </ul>
        </div>
      )}

      <div className="actions">
        <button type="submit" className="button button--primary button--danger-solid" disabled={saving}>{t('withdrawal.save')}</button>
        <button type="button" className="button" onClick={onCancel} disabled={saving}>{t('actions.cancel')}</button>
      </div>
    </form>
  );
}
