import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { coreRefused, type NoticeArtifact } from '../../../core/consent';
import { Bilingual, languageAttributes } from '../notice-view/Bilingual';
import { itemLabel, type ItemKind } from '../notice-view/consent-summary';
import type { InterviewerProfile } from '../contract';
import { ageOf, asksCapacity, confirmationProblems, type AttestingRole, type CaptureDraft, type Decisions } from './consent-draft';
import type { SaveError } from './save-error';
import { PartyFields } from './PartyFields';
import { ProblemList } from './ProblemList';
import { SaveErrorMessage } from './SaveErrorMessage';
import { SignatureField } from './SignatureField';
import { StepHeading } from './StepHeading';

const attestingRoles: readonly AttestingRole[] = ['interpreter', 'witness'];

/** What the applicant decided, in one language: the lists the receipt will show. */
function DecisionRecap({ notice, decisions }: { notice: NoticeArtifact; decisions: Decisions }) {
  // A refused core purpose refuses everything (notice@3 on): the recap says what will be recorded.
  const allRefused = coreRefused(notice, decisions.purposes);
  const ids = (kind: ItemKind, decision: 'accepted' | 'refused') =>
    (kind === 'purpose' ? notice.purposes : notice.recipients)
      .filter((item) => (allRefused ? 'refused' : (kind === 'purpose' ? decisions.purposes : decisions.recipient_third_parties)[item.id]) === decision)
      .map((item) => item.id);
  const explicit = (decision: 'accepted' | 'refused') =>
    (notice.explicitConsents ?? []).filter((item) => (allRefused ? 'refused' : decisions.explicit_consents[item.id]) === decision).map((item) => item.label);
  const accepted = [...ids('purpose', 'accepted').map((id) => itemLabel(notice, 'purpose', id)), ...explicit('accepted'), ...ids('recipient', 'accepted').map((id) => itemLabel(notice, 'recipient', id))];
  const refused = [...ids('purpose', 'refused').map((id) => itemLabel(notice, 'purpose', id)), ...explicit('refused'), ...ids('recipient', 'refused').map((id) => itemLabel(notice, 'recipient', id))];
  return (
    <div className="recap" {...languageAttributes(notice)} data-testid={`recap-${notice.lang}`}>
      {accepted.length === 0 ? (
        <p className="recap__nothing">{notice.ui.receiptNothingAccepted}</p>
      ) : (
        <>
          <p className="recap__heading">{notice.ui.receiptAccepted}</p>
          <ul>{accepted.map((label) => <li key={label}>{label}</li>)}</ul>
        </>
      )}
      {refused.length > 0 && (
        <>
          <p className="recap__heading">{notice.ui.receiptRefused}</p>
          <ul>{refused.map((label) => <li key={label}>{label}</li>)}</ul>
        </>
      )}
    </div>
  );
}

/** Picks who attests (interpreter or witness) and names them. */
function AttesterChoice({ name, legend, role, draft, invalid, onRoleChange, onDraftChange }: {
  name: string;
  legend: string;
  role: AttestingRole | null;
  draft: CaptureDraft;
  invalid: boolean;
  onRoleChange: (role: AttestingRole) => void;
  onDraftChange: (draft: CaptureDraft) => void;
}) {
  const { t } = useTranslation('consent');
  return (
    <fieldset className="choice-group" data-testid={name}>
      <legend className="choice-group__legend">{legend}</legend>
      {attestingRoles.map((option) => (
        <label key={option} className="choice">
          <input type="radio" name={name} value={option} checked={role === option} onChange={() => onRoleChange(option)} />
          <span>{t(`parties.${option}`)}</span>
        </label>
      ))}
      {role !== null && (
        <PartyFields
          party={draft[role]}
          invalid={invalid}
          onChange={(party) => onDraftChange({ ...draft, [role]: party })}
          testId={`${name}-fields`}
        />
      )}
    </fieldset>
  );
}

/** Evidence and attestations, then saving; a refusal needs only the interviewer's confirmation. */
export function ConfirmationStep({ shown, german, decisions, outcome, draft, interviewer, saving, saveError, onDraftChange, onBack, onSave }: {
  shown: NoticeArtifact;
  german: NoticeArtifact;
  decisions: Decisions;
  outcome: 'consent' | 'refusal';
  draft: CaptureDraft;
  interviewer: InterviewerProfile;
  saving: boolean;
  saveError: SaveError | null;
  onDraftChange: (draft: CaptureDraft) => void;
  onBack: () => void;
  onSave: () => void;
}) {
  const { t } = useTranslation('consent');
  const [attempted, setAttempted] = useState(false);
  const problems = attempted ? confirmationProblems(draft, outcome, interviewer, shown) : [];
  const age = asksCapacity(shown) ? ageOf(draft) : null;
  const minor = outcome === 'consent' && age !== null && age < 18;
  const needsReadingAttestation = outcome === 'consent' && draft.mode !== null && draft.mode !== 'read_by_applicant';
  const recapNotices = shown.lang === german.lang ? [shown] : [shown, german];

  const save = () => {
    setAttempted(true);
    if (confirmationProblems(draft, outcome, interviewer, shown).length === 0) onSave();
  };

  return (
    <section className="consent-step" aria-labelledby="confirmation-step-title">
      <StepHeading id="confirmation-step-title">{t(outcome === 'consent' ? 'confirmation.titleConsent' : 'confirmation.titleRefusal')}</StepHeading>

      <div className={`notice-columns${recapNotices.length === 1 ? ' notice-columns--single' : ''}`}>
        {recapNotices.map((notice) => <DecisionRecap key={notice.lang} notice={notice} decisions={decisions} />)}
      </div>

      {outcome === 'refusal' && <p className="muted">{t('confirmation.refusalHint')}</p>}

      {minor && (
        <fieldset className="choice-group" data-testid="guardian">
          <legend className="choice-group__legend">
            <Bilingual shown={shown} german={german} text={(notice) => notice.ui.guardianHeading} />
          </legend>
          <p className="muted">{t(age < 16 ? 'capacity.child' : 'capacity.minorOwn')}</p>
          <p><Bilingual shown={shown} german={german} text={(notice) => notice.ui.guardianConsent} /></p>
          <PartyFields
            party={draft.guardian}
            invalid={problems.includes('guardianMissing')}
            onChange={(guardian) => onDraftChange({ ...draft, guardian })}
            testId="guardian-fields"
          />
          <SignatureField
            value={draft.guardianDrawing}
            onChange={(guardianDrawing) => onDraftChange({ ...draft, guardianDrawing })}
            label={t('guardian.legend')}
            canvasName={t('guardian.signatureCanvas')}
            clearLabel={<Bilingual shown={shown} german={german} text={(notice) => notice.ui.clearSignature} />}
            testId="guardian-signature"
          />
        </fieldset>
      )}

      {minor && age >= 16 && (
        <p data-testid="minor-agreement"><Bilingual shown={shown} german={german} text={(notice) => notice.ui.minorAgreement} /></p>
      )}

      {outcome === 'consent' && (
        <>
          <fieldset className="choice-group" data-testid="evidence-kind">
            <legend className="choice-group__legend">{t('evidence.legend')}</legend>
            <label className="choice">
              <input type="radio" name="evidence-kind" value="signature" checked={draft.evidenceKind === 'signature'} onChange={() => onDraftChange({ ...draft, evidenceKind: 'signature' })} />
              <span>{t('evidence.signature')}</span>
            </label>
            <label className="choice">
              <input type="radio" name="evidence-kind" value="mark" checked={draft.evidenceKind === 'mark'} onChange={() => onDraftChange({ ...draft, evidenceKind: 'mark' })} />
              <span>{t('evidence.mark')}</span>
            </label>
          </fieldset>

          {draft.evidenceKind !== null && (
            <SignatureField
              value={draft.drawing}
              onChange={(drawing) => onDraftChange({ ...draft, drawing })}
              label={<Bilingual shown={shown} german={german} text={(notice) => (draft.evidenceKind === 'signature' ? notice.ui.signHere : notice.ui.markHere)} />}
              canvasName={t(draft.evidenceKind === 'signature' ? 'fieldReady.signatureCanvas' : 'fieldReady.markCanvas')}
              clearLabel={<Bilingual shown={shown} german={german} text={(notice) => notice.ui.clearSignature} />}
              testId="signature"
            />
          )}

          {draft.evidenceKind === 'mark' && (
            <AttesterChoice
              name="mark-attester"
              legend={t('evidence.markAttester')}
              role={draft.markAttester}
              draft={draft}
              invalid={problems.includes('markAttesterAbsent')}
              onRoleChange={(markAttester) => onDraftChange({ ...draft, markAttester })}
              onDraftChange={onDraftChange}
            />
          )}

          {draft.evidenceKind === 'mark' && draft.markAttester !== null && (
            <SignatureField
              value={draft.attesterDrawing}
              onChange={(attesterDrawing) => onDraftChange({ ...draft, attesterDrawing })}
              label={t('fieldReady.attesterSignatureLabel')}
              canvasName={t('fieldReady.attesterCanvas')}
              clearLabel={t('fieldReady.attesterClear')}
              testId="attester-signature"
            />
          )}

          {needsReadingAttestation && (
            <AttesterChoice
              name="reading-attester"
              legend={t(draft.mode === 'interpreted' ? 'evidence.readingAttesterInterpreted' : 'evidence.readingAttesterReadAloud')}
              role={draft.readingAttester}
              draft={draft}
              invalid={problems.includes('readingAttesterAbsent')}
              onRoleChange={(readingAttester) => onDraftChange({ ...draft, readingAttester })}
              onDraftChange={onDraftChange}
            />
          )}
        </>
      )}

      <fieldset className="choice-group" data-testid="interviewer-attestation">
        <legend className="choice-group__legend">{t('evidence.interviewerLegend')}</legend>
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.interviewerConfirmed}
            aria-invalid={problems.includes('interviewerNotConfirmed')}
            onChange={(event) => onDraftChange({ ...draft, interviewerConfirmed: event.target.checked })}
          />
          <span>{t(outcome === 'consent' ? 'evidence.interviewerConfirmsConsent' : 'evidence.interviewerConfirmsRefusal')}</span>
        </label>
        <p className="muted">
          {t('evidence.interviewerName')} <bdi>{interviewer.name}</bdi>
        </p>
      </fieldset>

      <ProblemList problems={problems} />
      {saveError && <SaveErrorMessage error={saveError} />}

      <div className="actions consent-step__actions">
        <button type="button" className="button" onClick={onBack} disabled={saving}>{t('actions.backToDecision')}</button>
        <button type="button" className="button button--primary" onClick={save} disabled={saving}>
          {t(outcome === 'consent' ? 'actions.saveConsent' : 'actions.saveRefusal')}
        </button>
      </div>
      {saving && <p role="status">{t('confirmation.saving')}</p>}
    </section>
  );
}
