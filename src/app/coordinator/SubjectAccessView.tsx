/**
 * Subject access (GDPR Art. 15): everything held about the person of one record, printable
 * ("Drucken" / print to PDF). Labels of the answers, purposes and recipients in German and in the
 * person's language; headings in the coordinator's language. Opening it is logged by the server.
 */
import { useTranslation } from 'react-i18next';
import type { SubjectAccess } from '../../core/api/index';
import { coordinatorApi } from './api';
import { coordinatorPaths } from './location';
import { Link } from '../router';
import { ApiErrorMessage, DateTime, Loading } from './parts';
import { useApiResource } from './use-api-resource';
import './governance.css';

type Local = { de: string; local: string };
type Value =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'yesno'; value: boolean }
  | { kind: 'date'; year: number; month: number | null; day: number | null }
  | { kind: 'codes'; items: { code: string; label: Local | null }[] }
  | { kind: 'cefr'; rows: { skill: string; skillLabel: Local | null; level: string; levelLabel: Local | null }[] }
  | { kind: 'notStated' }
  | { kind: 'raw'; json: string };
type Field = { kind: 'field'; id: string; path: string; label: Local; value: Value };
type Group = { kind: 'group'; id: string; label: Local; instances: Field[][] };

function Both({ label, lang }: { label: Local; lang: string }) {
  return (
    <>
      <span lang="de">{label.de}</span>
      {label.local !== label.de && (
        <>
          {' '}
          <span className="subject-access__local" lang={lang} dir="auto">
            / {label.local}
          </span>
        </>
      )}
    </>
  );
}

function ValueText({ value, lang }: { value: Value; lang: string }) {
  const { t } = useTranslation('coordinator');
  switch (value.kind) {
    case 'text':
      return <span dir="auto">{value.text}</span>;
    case 'number':
      return <>{value.value}</>;
    case 'yesno':
      return <>{value.value ? t('subjectAccess.yes') : t('subjectAccess.no')}</>;
    case 'date':
      return <>{[value.year, value.month, value.day].filter((part) => part !== null).map((part) => String(part).padStart(2, '0')).join('-')}</>;
    case 'codes':
      return (
        <>
          {value.items.map((item, i) => (
            <span key={item.code}>
              {i > 0 && '; '}
              {item.label ? <Both label={item.label} lang={lang} /> : item.code}
            </span>
          ))}
        </>
      );
    case 'cefr':
      return (
        <>
          {value.rows.map((row, i) => (
            <span key={row.skill}>
              {i > 0 && '; '}
              {row.skillLabel ? <Both label={row.skillLabel} lang={lang} /> : row.skill}: {row.level}
            </span>
          ))}
        </>
      );
    case 'notStated':
      return <>{t('subjectAccess.notStated')}</>;
    case 'raw':
      return <code>{value.json}</code>;
  }
}

function FieldRows({ fields, lang, prefix }: { fields: Field[]; lang: string; prefix?: string }) {
  return (
    <>
      {fields.map((field) => (
        <tr key={field.path}>
          <th scope="row">
            {prefix}
            <Both label={field.label} lang={lang} />
          </th>
          <td>
            <ValueText value={field.value} lang={lang} />
          </td>
        </tr>
      ))}
    </>
  );
}

function Answers({ document }: { document: SubjectAccess }) {
  const { t } = useTranslation('coordinator');
  if (!document.answers) return <p>{document.erasure ? t('subjectAccess.answersErased') : t('subjectAccess.noAnswers')}</p>;
  return (
    <>
      {document.answers.sections.map((section) => (
        <section key={section.id}>
          <h3>
            <Both label={section.label} lang={document.language} />
          </h3>
          <table>
            <tbody>
              {(section.items as (Field | Group)[]).map((item) =>
                item.kind === 'field' ? (
                  <FieldRows key={item.path} fields={[item]} lang={document.language} />
                ) : (
                  item.instances.map((instance, i) => <FieldRows key={`${item.id}-${i}`} fields={instance} lang={document.language} prefix={`${item.label.de} ${i + 1}: `} />)
                ),
              )}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

export function SubjectAccessView({ recordId }: { recordId: string }) {
  const { t } = useTranslation('coordinator');
  const resource = useApiResource(`subject-access:${recordId}`, () => coordinatorApi.subjectAccess(recordId));
  const document = resource.data;
  return (
    <section className="screen coord-page subject-access" aria-labelledby="coord-subject-access-title" data-testid="subject-access">
      <p className="no-print">
        <Link href={coordinatorPaths.record(recordId)}>{t('subjectAccess.back')}</Link>
      </p>
      <h1 id="coord-subject-access-title" tabIndex={-1}>
        {t('subjectAccess.title')}
      </h1>
      {resource.error ? (
        <ApiErrorMessage error={resource.error} onRetry={resource.reload} />
      ) : !document ? (
        <Loading />
      ) : (
        <>
          <p className="no-print">
            <button type="button" className="button button--primary" onClick={() => window.print()}>
              {t('subjectAccess.print')}
            </button>
          </p>
          <p className="muted">{t('subjectAccess.intro')}</p>
          <dl className="subject-access__meta">
            <dt>{t('subjectAccess.reference')}</dt>
            <dd>{document.shortReference}</dd>
            <dt>{t('subjectAccess.language')}</dt>
            <dd>{document.language}</dd>
            <dt>{t('subjectAccess.generated')}</dt>
            <dd>
              <DateTime iso={document.generatedAt} /> ({document.generatedBy})
            </dd>
            <dt>{t('subjectAccess.received')}</dt>
            <dd>
              <DateTime iso={document.receivedAt} />
            </dd>
            {document.erasure && (
              <>
                <dt>{t('subjectAccess.erased')}</dt>
                <dd>
                  <DateTime iso={document.erasure.erasedAt} /> ({document.erasure.reason})
                </dd>
              </>
            )}
          </dl>

          <h2>{t('subjectAccess.answersTitle')}</h2>
          <Answers document={document} />

          <h2>{t('subjectAccess.consentTitle')}</h2>
          {!document.consent ? (
            <p>{t('subjectAccess.noConsent')}</p>
          ) : (
            <>
              <dl className="subject-access__meta">
                <dt>{t('subjectAccess.consentStatus')}</dt>
                <dd>{t(`subjectAccess.state.${document.consent.status as 'given'}`, { defaultValue: document.consent.status })}</dd>
                <dt>{t('subjectAccess.notice')}</dt>
                <dd>
                  {document.consent.notice.id}@{document.consent.notice.version} ({document.consent.notice.language}), SHA-256 <code>{document.consent.notice.sha256.slice(0, 16)}…</code>
                </dd>
                <dt>{t('subjectAccess.method')}</dt>
                <dd>{document.consent.collectionMethod}</dd>
                <dt>{t('subjectAccess.evidence')}</dt>
                <dd>
                  {t(`subjectAccess.evidenceKind.${document.consent.evidence.kind}`)}
                  {document.consent.evidence.attestedBy && ` (${[document.consent.evidence.attestedBy.name, document.consent.evidence.attestedBy.role].filter(Boolean).join(', ')})`}
                </dd>
                <dt>{t('subjectAccess.interviewer')}</dt>
                <dd>
                  {document.consent.interviewerAttestation.name}, <DateTime iso={document.consent.interviewerAttestation.at} />
                </dd>
                {document.consent.interpreter && (
                  <>
                    <dt>{t('subjectAccess.interpreter')}</dt>
                    <dd>
                      {document.consent.interpreter.name} ({document.consent.interpreter.role})
                    </dd>
                  </>
                )}
                <dt>{t('subjectAccess.lawfulBasis')}</dt>
                <dd>{document.consent.lawfulBasis.join(', ')}</dd>
              </dl>
              <table data-testid="subject-access-consent">
                <tbody>
                  {document.consent.items.map((item) => (
                    <tr key={`${item.kind}:${item.id}`}>
                      <th scope="row">
                        {t(`subjectAccess.itemKind.${item.kind}`)}: <Both label={item.label} lang={document.language} />
                      </th>
                      <td>{t(`subjectAccess.state.${item.state as 'given'}`, { defaultValue: item.state })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>{t('subjectAccess.eventsTitle')}</h3>
              <ul>
                {document.consent.events.map((event, i) => (
                  <li key={i}>
                    <DateTime iso={event.receivedAt ?? event.at} />: {t(`subjectAccess.state.${event.type as 'given'}`, { defaultValue: event.type })} ({event.channel}, {event.by})
                    {event.scope && ` — ${event.scope.join(', ')}`}
                  </li>
                ))}
              </ul>
            </>
          )}

          <h2>{t('subjectAccess.disclosuresTitle')}</h2>
          {document.disclosures.length === 0 ? (
            <p>{t('subjectAccess.noDisclosures')}</p>
          ) : (
            <ul data-testid="subject-access-disclosures">
              {document.disclosures.map((d) => (
                <li key={d.id}>
                  <DateTime iso={d.at} />: <Both label={d.recipient} lang={document.language} /> ({d.by})
                </li>
              ))}
            </ul>
          )}

          <h2>{t('subjectAccess.accessesTitle')}</h2>
          <table data-testid="subject-access-accesses">
            <thead>
              <tr>
                <th scope="col">{t('subjectAccess.when')}</th>
                <th scope="col">{t('subjectAccess.who')}</th>
                <th scope="col">{t('subjectAccess.what')}</th>
              </tr>
            </thead>
            <tbody>
              {document.accesses.map((entry) => (
                <tr key={entry.seq}>
                  <td>
                    <DateTime iso={entry.at} />
                  </td>
                  <td>{entry.actor}</td>
                  <td>{t(`audit.actions.${entry.action as 'record.view'}`, { defaultValue: entry.action })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
