import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { coreRefused, recipientsBlocked, recipientsPurposeOf, type ConsentDecision, type NoticeArtifact } from '../../../core/consent';
import type { FormDefinition } from '../../../core/form';
import { Bilingual } from '../notice-view/Bilingual';
import { itemLabel as summaryLabel } from '../notice-view/consent-summary';
import { decideAll, decideItem, type DecisionOutcome, type Decisions } from './consent-draft';
import { StepHeading } from './StepHeading';
import { RecipientShareView } from './RecipientShareView';

/** A purpose, an explicit consent item (notice@3: health) or a recipient. */
type ItemKind = 'purpose' | 'explicit' | 'recipient';
const decisionKey = { purpose: 'purposes', explicit: 'explicit_consents', recipient: 'recipient_third_parties' } as const;
const itemDomId = (kind: ItemKind, id: string) => `decision-${kind}-${id}`;
const itemsOf = (notice: NoticeArtifact, kind: ItemKind) =>
  kind === 'purpose' ? notice.purposes : kind === 'recipient' ? notice.recipients : notice.explicitConsents ?? [];
const itemLabel = (notice: NoticeArtifact, kind: ItemKind, id: string) =>
  kind === 'explicit' ? itemsOf(notice, kind).find((item) => item.id === id)?.label ?? id : summaryLabel(notice, kind, id);

/** One explicit yes or no per purpose and per recipient, in the applicant's language beside German. */
export function DecisionStep({ shown, german, form, decisions, undecided, outcome, onDecisionsChange, onBack, onContinue }: {
  shown: NoticeArtifact;
  german: NoticeArtifact;
  /** The form the interview will be captured with: what each recipient receives comes from its mapping. */
  form: FormDefinition;
  decisions: Decisions;
  undecided: { purposes: string[]; recipients: string[]; explicitConsents?: string[] };
  outcome: DecisionOutcome;
  onDecisionsChange: (decisions: Decisions) => void;
  onBack: () => void;
  onContinue: () => void;
}) {
  const { t, i18n } = useTranslation('consent');
  const [attempted, setAttempted] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const explicitOpen = undecided.explicitConsents ?? [];
  // Once the core purpose is refused nothing else is asked: the interview ends as a refusal.
  const endsHere = coreRefused(shown, decisions.purposes);
  // notice@3 on: the recipients are asked only once referral is accepted; its refusal refuses them all.
  const referral = recipientsPurposeOf(shown);
  const recipientsOff = recipientsBlocked(shown, decisions.purposes);
  const referralRefused = referral !== null && decisions.purposes[referral] === 'refused';
  const total = endsHere ? 1 : shown.purposes.length + (recipientsOff && !referralRefused ? 0 : shown.recipients.length) + (shown.explicitConsents?.length ?? 0);
  const open = undecided.purposes.length + undecided.recipients.length + explicitOpen.length;
  const blocked = attempted && (outcome === 'undecided' || outcome === 'recipients_without_purpose');

  useEffect(() => {
    if (blocked) alertRef.current?.focus();
  }, [blocked, attempted]);

  const decide = (kind: ItemKind, id: string, decision: ConsentDecision) => {
    onDecisionsChange(decideItem(shown, decisions, decisionKey[kind], id, decision));
  };

  const continueToConfirmation = () => {
    setAttempted(true);
    if (outcome === 'consent' || outcome === 'refusal') onContinue();
  };

  const isOpen = (kind: ItemKind, id: string) => (kind === 'purpose' ? undecided.purposes : kind === 'recipient' ? undecided.recipients : explicitOpen).includes(id);

  const renderItems = (kind: ItemKind) => {
    const items = itemsOf(shown, kind).filter((item) => !endsHere || (kind === 'purpose' && item.id === shown.corePurpose));
    return items.map((item) => {
      const value = decisions[decisionKey[kind]][item.id];
      const missing = attempted && isOpen(kind, item.id);
      const domId = itemDomId(kind, item.id);
      const off = kind === 'recipient' && recipientsOff;
      return (
        <fieldset key={item.id} id={domId} disabled={off} className={`decision${missing ? ' decision--missing' : ''}${off ? ' decision--disabled' : ''}`} data-testid={domId} aria-describedby={missing ? `${domId}-missing` : off ? 'decision-recipients-need-referral' : undefined}>
          <legend className="decision__legend">
            <Bilingual shown={shown} german={german} text={(notice) => itemLabel(notice, kind, item.id)} />
          </legend>
          <p className="decision__description">
            <Bilingual
              shown={shown}
              german={german}
              text={(notice) => itemsOf(notice, kind).find((other) => other.id === item.id)?.description}
            />
          </p>
          {kind === 'purpose' && item.id === shown.corePurpose && (
            <p className="decision__note" data-testid="core-purpose-note">
              <Bilingual shown={shown} german={german} text={(notice) => notice.ui.corePurposeNote} />
            </p>
          )}
          {kind === 'recipient' && <RecipientShareView form={form} recipientId={item.id} shown={shown} german={german} />}
          <div className="decision__options">
            {(['accepted', 'refused'] as const).map((decision) => (
              <label key={decision} className="decision__option">
                <input type="radio" name={domId} value={decision} checked={value === decision} onChange={() => decide(kind, item.id, decision)} />
                <Bilingual shown={shown} german={german} text={(notice) => (decision === 'accepted' ? notice.ui.accept : notice.ui.refuse)} />
                {/* Seen, not read out: the radio's checked state already says it to a screen reader. */}
                {value === decision && (
                  <span className="decision__chosen" aria-hidden="true" data-testid="decision-chosen">
                    ✓ {t('fieldReady.chosen')}
                  </span>
                )}
              </label>
            ))}
          </div>
          {missing && <p id={`${domId}-missing`} className="error">{t('decision.itemOpen')}</p>}
        </fieldset>
      );
    });
  };

  // The link jumps to the item and puts the focus on its first choice, ready to answer.
  const focusItem = (event: MouseEvent<HTMLAnchorElement>, kind: ItemKind, id: string) => {
    const input = document.getElementById(itemDomId(kind, id))?.querySelector('input');
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.scrollIntoView({ block: 'center' });
  };

  const openItems = [
    ...undecided.purposes.map((id) => ({ kind: 'purpose' as const, id })),
    ...explicitOpen.map((id) => ({ kind: 'explicit' as const, id })),
    ...undecided.recipients.map((id) => ({ kind: 'recipient' as const, id })),
  ];

  return (
    <section className="consent-step" aria-labelledby="decision-step-title">
      <StepHeading id="decision-step-title">{t('decision.title')}</StepHeading>
      <p className="decision-question">
        <Bilingual shown={shown} german={german} text={(notice) => notice.ui.decisionQuestion} />
      </p>

      <div className="actions decision-bulk">
        <button type="button" className="button" onClick={() => onDecisionsChange(decideAll(shown, 'accepted', decisions))}>
          <Bilingual shown={shown} german={german} text={(notice) => notice.ui.acceptAll} />
        </button>
        <button type="button" className="button" onClick={() => onDecisionsChange(decideAll(shown, 'refused', decisions))}>
          <Bilingual shown={shown} german={german} text={(notice) => notice.ui.refuseAll} />
        </button>
      </div>
      <p className="muted" role="status" data-testid="decision-progress">{t('decision.progress', { decided: total - open, total })}</p>

      <section className="decision-group" aria-labelledby="decision-purposes-title">
        <h3 id="decision-purposes-title" className="decision-group__title">
          <Bilingual shown={shown} german={german} text={(notice) => notice.ui.purposesHeading} />
        </h3>
        {renderItems('purpose')}
      </section>

      {endsHere && (
        <div className="alert" role="status" data-testid="core-refusal">
          <p><Bilingual shown={shown} german={german} text={(notice) => notice.ui.coreRefusal} /></p>
        </div>
      )}

      {!endsHere && (shown.explicitConsents?.length ?? 0) > 0 && (
        <section className="decision-group" aria-labelledby="decision-explicit-title" data-testid="decision-explicit">
          <h3 id="decision-explicit-title" className="decision-group__title">
            <Bilingual shown={shown} german={german} text={(notice) => notice.ui.explicitHeading} />
          </h3>
          {renderItems('explicit')}
        </section>
      )}

      {!endsHere && (
        <section className="decision-group" aria-labelledby="decision-recipients-title">
          <h3 id="decision-recipients-title" className="decision-group__title">
            <Bilingual shown={shown} german={german} text={(notice) => notice.ui.recipientsHeading} />
          </h3>
          {recipientsOff && referral !== null && (
            <div className="decision__note" id="decision-recipients-need-referral" data-testid="recipients-need-referral">
              <p>
                {referralRefused ? t('decision.recipientsRefusedWithReferral') : t('decision.recipientsNeedReferral')}
                {!i18n.language.startsWith('de') && (
                  <span lang="de"> / {referralRefused ? t('decision.recipientsRefusedWithReferral', { lng: 'de' }) : t('decision.recipientsNeedReferral', { lng: 'de' })}</span>
                )}
              </p>
              {/* The applicant's own words: the purpose as their notice names and describes it. */}
              <p>
                <strong><Bilingual shown={shown} german={german} text={(notice) => notice.purposes.find((p) => p.id === referral)?.label} /></strong>
                {' — '}
                <Bilingual shown={shown} german={german} text={(notice) => notice.purposes.find((p) => p.id === referral)?.description} />
              </p>
            </div>
          )}
          {renderItems('recipient')}
        </section>
      )}

      {blocked && (
        <div className="alert alert--danger" role="alert" tabIndex={-1} ref={alertRef} data-testid="decision-problems">
          {outcome === 'undecided' ? (
            <>
              <p className="alert__title">{t('decision.openItems', { count: open })}</p>
              <ul className="alert__list">
                {openItems.map(({ kind, id }) => (
                  <li key={`${kind}-${id}`}>
                    <a href={`#${itemDomId(kind, id)}`} onClick={(event) => focusItem(event, kind, id)}>
                      <Bilingual shown={shown} german={german} text={(notice) => itemLabel(notice, kind, id)} />
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="alert__title">{t('decision.recipientsWithoutPurpose')}</p>
          )}
        </div>
      )}

      <div className="actions consent-step__actions">
        <button type="button" className="button" onClick={onBack}>{t('actions.backToReading')}</button>
        <button type="button" className="button button--primary" onClick={continueToConfirmation}>{t('actions.toConfirmation')}</button>
      </div>
    </section>
  );
}
