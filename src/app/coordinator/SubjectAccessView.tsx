/**
 * Subject access (GDPR Art. 15): everything held about the person of one record, printable
 * ("Drucken" / print to PDF). Everything on the document is in German and in the person's
 * language: the labels of the answers, purposes and recipients (from the form and the notice) and
 * the document's own headings and labels (`subject-access-labels.ts`, marked as a draft
 * translation until reviewed). Only the page's controls (back, print) follow the coordinator's UI
 * language. Opening it is logged by the server.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubjectAccess } from '../../core/api/index';
import { coordinatorApi } from './api';
import { coordinatorPaths } from './location';
import { Link } from '../router';
import { ApiErrorMessage, DateTime, Loading } from './parts';
import { useApiResource } from './use-api-resource';
import { germanLabels, loadDocumentLabels, localLabelsOf, type DocumentLabels, type DocumentLabelSet, type LocalLabels } from './subject-access-labels';
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

/** The person's labels (null: German only — the person reads German, or there are none in their language). */
const LocalLabelsContext = createContext<LocalLabels | null>(null);

type LabelPick = (labels: DocumentLabels) => string | undefined;

/** One of the document's own labels: German, and beside it the person's language with its lang and dir. */
function Label({ pick, fallback }: { pick: LabelPick; fallback?: string }) {
  const local = useContext(LocalLabelsContext);
  const german = pick(germanLabels.labels) ?? fallback ?? '';
  const theirs = local ? pick(local.set.labels) : undefined;
  return (
    <>
      <span lang="de">{german}</span>
      {local && theirs && theirs !== german && (
        <>
          {' / '}
          <span className="subject-access__local" lang={local.set.lang} dir={local.dir}>
            {theirs}
          </span>
        </>
      )}
    </>
  );
}

/** A longer text of the document: a German paragraph, then one in the person's language. */
function Paragraphs({ pick, className }: { pick: LabelPick; className?: string }) {
  const local = useContext(LocalLabelsContext);
  const theirs = local ? pick(local.set.labels) : undefined;
  return (
    <>
      <p className={className} lang="de">
        {pick(germanLabels.labels)}
      </p>
      {local && theirs && (
        <p className={className} lang={local.set.lang} dir={local.dir}>
          {theirs}
        </p>
      )}
    </>
  );
}

const byKey = (group: Record<string, string>, key: string): string | undefined => group[key];

/** Audit actions on a record, as the document names them. */
const accessActions: Record<string, keyof DocumentLabels['action']> = {
  'record.view': 'view',
  'record.erase': 'erase',
  'record.subject_access': 'subjectAccess',
  'record.counselling_end': 'counsellingEnd',
  'withdrawal.record': 'withdrawal',
};

/** Loads the person's labels when the document names their language; `ready` once known. */
function useLocalLabels(lang: string | undefined): { ready: boolean; local: LocalLabels | null } {
  const [loaded, setLoaded] = useState<{ lang: string; set: DocumentLabelSet | null } | null>(null);
  useEffect(() => {
    if (lang === undefined) return;
    let live = true;
    loadDocumentLabels(lang).then(
      (set) => live && setLoaded({ lang, set }),
      // Without the file (offline, old cache) the document is still complete in German.
      () => live && setLoaded({ lang, set: null }),
    );
    return () => {
      live = false;
    };
  }, [lang]);
  const current = lang !== undefined && loaded !== null && loaded.lang === lang ? loaded : null;
  return { ready: current !== null, local: current ? localLabelsOf(current.set) : null };
}

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
  switch (value.kind) {
    case 'text':
      return <span dir="auto">{value.text}</span>;
    case 'number':
      return <>{value.value}</>;
    case 'yesno':
      return value.value ? <Label pick={(l) => l.yes} /> : <Label pick={(l) => l.no} />;
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
      return <Label pick={(l) => l.notStated} />;
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
  if (!document.answers) {
    // After the proof's own period the proof is gone too: "only the proof is kept" would no longer be true.
    if (document.erasure?.proofDeletedAt) return <p data-testid="subject-access-proof-deleted"><Label pick={(l) => l.proofDeleted} /></p>;
    return <p>{document.erasure ? <Label pick={(l) => l.answersErased} /> : <Label pick={(l) => l.noAnswers} />}</p>;
  }
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
  const labels = useLocalLabels(document?.language);
  const local = labels.local;
  const consent = document?.consent ?? null;
  return (
    <section className="screen coord-page subject-access" aria-labelledby="coord-subject-access-title" data-testid="subject-access">
      <p className="no-print">
        <Link href={coordinatorPaths.record(recordId)}>{t('subjectAccess.back')}</Link>
      </p>
      <h1 id="coord-subject-access-title" tabIndex={-1}>
        <LocalLabelsContext.Provider value={local}>
          <Label pick={(l) => l.title} />
        </LocalLabelsContext.Provider>
      </h1>
      {resource.error ? (
        <ApiErrorMessage error={resource.error} onRetry={resource.reload} />
      ) : !document || !labels.ready ? (
        <Loading />
      ) : (
        <LocalLabelsContext.Provider value={local}>
          <p className="no-print">
            <button type="button" className="button button--primary" onClick={() => window.print()}>
              {t('subjectAccess.print')}
            </button>
          </p>
          {local && local.set.reviewState !== 'reviewed' && (
            <div className="draft-mark subject-access__draft" data-testid="subject-access-draft-mark">
              <Paragraphs pick={(l) => l.draftNote} />
            </div>
          )}
          <Paragraphs className="muted" pick={(l) => l.intro} />
          <dl className="subject-access__meta">
            <dt><Label pick={(l) => l.reference} /></dt>
            <dd>{document.shortReference}</dd>
            <dt><Label pick={(l) => l.language} /></dt>
            <dd>{document.language}</dd>
            <dt><Label pick={(l) => l.generated} /></dt>
            <dd>
              <DateTime iso={document.generatedAt} /> ({document.generatedBy})
            </dd>
            <dt><Label pick={(l) => l.received} /></dt>
            <dd>
              <DateTime iso={document.receivedAt} />
            </dd>
            {document.erasure && (
              <>
                <dt><Label pick={(l) => l.erased} /></dt>
                <dd>
                  <DateTime iso={document.erasure.erasedAt} /> ({document.erasure.reason})
                </dd>
              </>
            )}
          </dl>

          <h2><Label pick={(l) => l.answersTitle} /></h2>
          <Answers document={document} />

          <h2><Label pick={(l) => l.consentTitle} /></h2>
          {!consent ? (
            <p>{document.erasure?.proofDeletedAt ? <Label pick={(l) => l.proofDeleted} /> : <Label pick={(l) => l.noConsent} />}</p>
          ) : (
            <>
              <dl className="subject-access__meta">
                <dt><Label pick={(l) => l.consentStatus} /></dt>
                <dd>
                  <Label pick={(l) => byKey(l.state, consent.status)} fallback={consent.status} />
                </dd>
                <dt><Label pick={(l) => l.notice} /></dt>
                <dd>
                  {consent.notice.id}@{consent.notice.version} ({consent.notice.language}), SHA-256 <code>{consent.notice.sha256.slice(0, 16)}…</code>
                </dd>
                <dt><Label pick={(l) => l.method} /></dt>
                <dd>
                  <Label pick={(l) => byKey(l.methodKind, consent.collectionMethod)} fallback={consent.collectionMethod} />
                </dd>
                <dt><Label pick={(l) => l.evidence} /></dt>
                <dd>
                  <Label pick={(l) => l.evidenceKind[consent.evidence.kind]} />
                  {consent.evidence.attestedBy && ` (${[consent.evidence.attestedBy.name, consent.evidence.attestedBy.role].filter(Boolean).join(', ')})`}
                </dd>
                <dt><Label pick={(l) => l.interviewer} /></dt>
                <dd>
                  {consent.interviewerAttestation.name}, <DateTime iso={consent.interviewerAttestation.at} />
                </dd>
                {consent.interpreter && (
                  <>
                    <dt><Label pick={(l) => l.interpreter} /></dt>
                    <dd>
                      {consent.interpreter.name} ({consent.interpreter.role})
                    </dd>
                  </>
                )}
                <dt><Label pick={(l) => l.lawfulBasis} /></dt>
                <dd>{consent.lawfulBasis.join(', ')}</dd>
              </dl>
              <table data-testid="subject-access-consent">
                <tbody>
                  {consent.items.map((item) => (
                    <tr key={`${item.kind}:${item.id}`}>
                      <th scope="row">
                        <Label pick={(l) => l.itemKind[item.kind]} />: <Both label={item.label} lang={document.language} />
                      </th>
                      <td>
                        <Label pick={(l) => byKey(l.state, item.state)} fallback={item.state} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3><Label pick={(l) => l.eventsTitle} /></h3>
              <ul>
                {consent.events.map((event, i) => (
                  <li key={i}>
                    <DateTime iso={event.receivedAt ?? event.at} />: <Label pick={(l) => byKey(l.state, event.type)} fallback={event.type} /> (
                    <Label pick={(l) => byKey(l.channel, event.channel)} fallback={event.channel} />, {event.by})
                    {event.scope && ` — ${event.scope.join(', ')}`}
                  </li>
                ))}
              </ul>
            </>
          )}

          <h2><Label pick={(l) => l.disclosuresTitle} /></h2>
          {document.disclosures.length === 0 ? (
            <p><Label pick={(l) => l.noDisclosures} /></p>
          ) : (
            <ul data-testid="subject-access-disclosures">
              {document.disclosures.map((d) => (
                <li key={d.id}>
                  <DateTime iso={d.at} />: <Both label={d.recipient} lang={document.language} /> ({d.by})
                </li>
              ))}
            </ul>
          )}

          <h2><Label pick={(l) => l.accessesTitle} /></h2>
          <table data-testid="subject-access-accesses">
            <thead>
              <tr>
                <th scope="col"><Label pick={(l) => l.when} /></th>
                <th scope="col"><Label pick={(l) => l.who} /></th>
                <th scope="col"><Label pick={(l) => l.what} /></th>
              </tr>
            </thead>
            <tbody>
              {document.accesses.map((entry) => {
                const action = accessActions[entry.action];
                return (
                  <tr key={entry.seq}>
                    <td>
                      <DateTime iso={entry.at} />
                    </td>
                    <td>{entry.actor}</td>
                    <td>
                      {action ? (
                        <Label pick={(l) => l.action[action]} />
                      ) : (
                        t(`audit.actions.${entry.action as 'record.view'}`, { defaultValue: entry.action })
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </LocalLabelsContext.Provider>
      )}
    </section>
  );
}
