/**
 * The record's consent purpose by purpose and recipient by recipient, with how each came to be:
 * given or refused at the interview, withdrawn when, how and through whom. Names come from the
 * published notice in the coordinator's language (German or English).
 */
import { useTranslation } from 'react-i18next';
import type { RecordConsent } from './api';
import { DateTime, TableRegion, useUiLocale } from './parts';

type Item = RecordConsent['overview']['items'][number];
type Step = Item['steps'][number];

const stateBadge: Record<Item['state'], string> = { given: 'synced', refused: 'conflict', withdrawn: 'rejected' };

function StepText({ step }: { step: Step }) {
  const { t } = useTranslation('coordinator');
  return (
    <>
      <strong>{t(`consentHistory.change.${step.change}`)}</strong> <DateTime iso={step.at} />
      {' · '}
      {t(`consentHistory.channel.${step.channel}`)}
      {' · '}
      {t(`consentHistory.actor.${step.actor.role}`)} <bdi>{step.actor.name}</bdi>
      {step.serverReceivedAt !== null && (
        <span className="muted">
          {' · '}
          {t('consentHistory.serverReceivedAt')} <DateTime iso={step.serverReceivedAt} />
        </span>
      )}
    </>
  );
}

export function ConsentHistory({ consent }: { consent: RecordConsent | null }) {
  const { t } = useTranslation('coordinator');
  const locale = useUiLocale();
  if (consent === null) {
    return (
      <p className="muted" data-testid="consent-history-none">
        {t('consentHistory.none')}
      </p>
    );
  }
  const lang = locale.startsWith('en') ? 'en' : 'de';
  const labelOf = (id: string) => {
    const labels = consent.labels[id];
    return labels?.[lang] ?? labels?.de ?? labels?.en ?? id;
  };
  return (
    <TableRegion labelledBy="coord-consent-caption">
      <table className="coord-table" data-testid="consent-history">
        <caption id="coord-consent-caption" className="coord-sr-only">
          {t('consentHistory.caption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('consentHistory.column.item')}</th>
            <th scope="col">{t('consentHistory.column.state')}</th>
            <th scope="col">{t('consentHistory.column.history')}</th>
          </tr>
        </thead>
        <tbody>
          {consent.overview.items.map((item) => (
            <tr key={`${item.kind}:${item.id}`} data-testid={`consent-${item.id}`}>
              <th scope="row" data-label={t('consentHistory.column.item')}>
                <span className="coord-consent-kind">{t(`consentHistory.kind.${item.kind}`)}</span> {labelOf(item.id)}
              </th>
              <td data-label={t('consentHistory.column.state')}>
                <span className={`status-badge status-badge--${stateBadge[item.state]}`}>{t(`consentHistory.state.${item.state}`)}</span>
              </td>
              <td data-label={t('consentHistory.column.history')}>
                <ol className="coord-consent-steps">
                  {item.steps.map((step, index) => (
                    <li key={index}>
                      <StepText step={step} />
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
          {consent.overview.explicitItems.map((item) => (
            <tr key={`explicit:${item.id}`} data-testid={`consent-explicit-${item.id}`}>
              <th scope="row" data-label={t('consentHistory.column.item')}>
                <span className="coord-consent-kind">{t('consentHistory.kind.explicit')}</span> {labelOf(item.id)}
              </th>
              <td data-label={t('consentHistory.column.state')}>
                <span className={`status-badge status-badge--${stateBadge[item.state]}`}>{t(`consentHistory.state.${item.state}`)}</span>
              </td>
              <td data-label={t('consentHistory.column.history')}>
                <ol className="coord-consent-steps">
                  {item.steps.map((step, index) => (
                    <li key={index}>
                      <StepText step={step} />
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
