/**
 * On the record page: every hand-over that held this interview ("given to Jobcenter on …"), and
 * the way to the printable subject-access document (Art. 15).
 */
import { useTranslation } from 'react-i18next';
import type { RecordDetail } from './api';
import { coordinatorPaths } from './location';
import { Link } from '../router';
import { DateTime } from './parts';
import './governance.css';

export function Disclosures({ detail, recordId }: { detail: RecordDetail; recordId: string }) {
  const { t, i18n } = useTranslation('coordinator');
  const labels = detail.consent?.labels ?? {};
  const name = (id: string) => {
    const label = labels[id];
    return (i18n.language.startsWith('de') ? (label?.de ?? label?.en) : (label?.en ?? label?.de)) ?? id;
  };
  return (
    <>
      <h2>{t('disclosures.title')}</h2>
      {detail.disclosures.length === 0 ? (
        <p className="muted" data-testid="record-disclosures-none">
          {t('disclosures.none')}
        </p>
      ) : (
        <ul className="disclosure-list" data-testid="record-disclosures">
          {detail.disclosures.map((d) => (
            <li key={d.id}>
              {t('disclosures.given', { recipient: name(d.recipientId), by: d.by })} <DateTime iso={d.at} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link className="button" href={coordinatorPaths.subjectAccess(recordId)} data-testid="subject-access-link">
          {t('disclosures.subjectAccess')}
        </Link>
      </p>
    </>
  );
}
