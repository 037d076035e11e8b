/**
 * A form version from an XLSForm spreadsheet (issue 13): upload → the problems with sheet, row
 * and column, or the form rendered as on the tablet in two languages side by side, and the
 * changes against the published version → publish. The server checks the workbook again on
 * publish; nothing is stored before that.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseFormDefinition, type FormDefinition } from '../../core/form';
import { languageNameOrCode } from '../format';
import { coordinatorApi, isCoordinatorApiError, type FormChangeSummary, type XlsformCheck, type XlsformProblem } from './api';
import { FormPreview } from './FormPreview';
import { ApiErrorText } from './parts';

/** The file as base64, for the JSON upload. */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function ProblemList({ problems }: { problems: readonly XlsformProblem[] }) {
  const { t, i18n } = useTranslation('coordinator');
  const lang = i18n.language === 'de' ? 'de' : 'en';
  return (
    <div className="alert alert--danger" role="alert" data-testid="xlsform-problems">
      <p className="alert__title">{t('authoring.problemsTitle', { count: problems.length })}</p>
      <table className="coord-table">
        <thead>
          <tr>
            <th scope="col">{t('authoring.sheet')}</th>
            <th scope="col">{t('authoring.row')}</th>
            <th scope="col">{t('authoring.column')}</th>
            <th scope="col">{t('authoring.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={index}>
              <td>{problem.sheet || '—'}</td>
              <td>{problem.row ?? '—'}</td>
              <td dir="ltr">{problem.column ?? '—'}</td>
              <td>{problem.message[lang]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeList({ changes }: { changes: readonly FormChangeSummary[] }) {
  const { t, i18n } = useTranslation('coordinator');
  const lang = i18n.language === 'de' ? 'de' : 'en';
  const nameOf = (change: FormChangeSummary) => (change.label ? `${change.label[lang] ?? change.label.de ?? ''} (${change.id ?? ''})` : (change.id ?? ''));
  const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));
  const text = (change: FormChangeSummary): string => {
    const p = change as Record<string, unknown>;
    switch (change.kind) {
      case 'labelsChanged':
        return t('authoring.change.labelsChanged', { name: nameOf(change), texts: list(p.texts), languages: list((p.languages as string[] | undefined)?.map((code) => languageNameOrCode(code, lang))) });
      case 'conditionChanged':
        return t('authoring.change.conditionChanged', { name: nameOf(change), from: (p.from as string | null) ?? t('authoring.always'), to: (p.to as string | null) ?? t('authoring.always') });
      case 'requiredChanged':
        return t(p.to ? 'authoring.change.nowRequired' : 'authoring.change.noLongerRequired', { name: nameOf(change) });
      case 'choicesChanged':
        return t('authoring.change.choicesChanged', { name: nameOf(change), added: list(p.added) || '—', removed: list(p.removed) || '—', relabelled: list(p.relabelled) || '—' });
      case 'languageAdded':
      case 'languageRemoved':
        return t(`authoring.change.${change.kind}`, { name: languageNameOrCode(change.id ?? '', lang) });
      case 'titleChanged':
        return t('authoring.change.titleChanged', { languages: list((p.languages as string[] | undefined)?.map((code) => languageNameOrCode(code, lang))) });
      case 'sectionAdded':
      case 'sectionRemoved':
      case 'sectionMoved':
      case 'fieldAdded':
      case 'fieldRemoved':
      case 'fieldMoved':
      case 'typeChanged':
      case 'constraintsChanged':
      case 'codeListAdded':
      case 'codeListRemoved':
      case 'codeListChanged':
      case 'disclosureChanged':
        return t(`authoring.change.${change.kind}`, { name: nameOf(change), where: String(p.where ?? ''), from: String(p.from ?? ''), to: String(p.to ?? ''), added: String(p.added ?? ''), removed: String(p.removed ?? ''), relabelled: String(p.relabelled ?? '') });
      default:
        return `${change.kind} ${nameOf(change)}`;
    }
  };
  if (changes.length === 0) return <p>{t('authoring.noChanges')}</p>;
  return (
    <ul className="coord-list" data-testid="xlsform-changes">
      {changes.map((change, index) => (
        <li key={index} data-kind={change.kind}>
          {text(change)}
        </li>
      ))}
    </ul>
  );
}

export function FormAuthoringSection({ onPublished }: { onPublished: () => void }) {
  const { t, i18n } = useTranslation('coordinator');
  const fileId = useId();
  const leftId = useId();
  const rightId = useId();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [check, setCheck] = useState<XlsformCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [langs, setLangs] = useState<{ left: string; right: string }>({ left: 'de', right: 'de' });

  const definition = useMemo<FormDefinition | null>(() => {
    if (!check?.ok) return null;
    const parsed = parseFormDefinition(check.definition);
    return parsed.ok ? parsed.definition : null;
  }, [check]);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setPublished(null);
    setCheck(null);
    if (!file) return;
    setBusy(true);
    try {
      const answer = await coordinatorApi.checkXlsform(file.base64);
      setCheck(answer);
      if (answer.ok) {
        const parsed = parseFormDefinition(answer.definition);
        const languages = parsed.ok ? parsed.definition.languages : ['de'];
        setLangs({ left: 'de', right: languages.find((lang) => lang !== 'de' && lang !== 'en') ?? languages[1] ?? 'de' });
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const outcome = await coordinatorApi.publishXlsform(file.base64);
      setPublished(t(outcome.status === 'published' ? 'authoring.published' : 'authoring.unchangedPublished', { label: `${outcome.id}@${outcome.version}` }));
      setCheck(null);
      onPublished();
    } catch (caught) {
      if (isCoordinatorApiError(caught) && caught.code === 'invalid_workbook' && Array.isArray(caught.details)) setCheck({ ok: false, problems: caught.details as XlsformProblem[] });
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const languageSelect = (id: string, value: string, onChange: (lang: string) => void, label: string) =>
    definition && (
      <div className="field">
        <label className="field__label" htmlFor={id}>{label}</label>
        <select id={id} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
          {definition.languages.map((lang) => (
            <option key={lang} value={lang}>{`${languageNameOrCode(lang, i18n.language)} (${lang})`}</option>
          ))}
        </select>
      </div>
    );

  return (
    <section className="form-card" aria-labelledby="coord-xlsform-title" data-testid="xlsform-section">
      <h2 id="coord-xlsform-title">{t('authoring.title')}</h2>
      <p>{t('authoring.intro')}</p>
      <form onSubmit={(event) => void upload(event)} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={fileId}>{t('authoring.file')}</label>
          <input
            id={fileId}
            className="input"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              const chosen = event.target.files?.[0];
              setCheck(null);
              setPublished(null);
              if (!chosen) return setFile(null);
              void base64Of(chosen).then((base64) => setFile({ name: chosen.name, base64 }));
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || !file}>{t('authoring.check')}</button>
        </div>
      </form>
      {error !== null && (
        <p className="error" role="alert">
          <ApiErrorText error={error} />
        </p>
      )}
      {published && (
        <p className="coord-success" role="status" data-testid="xlsform-published">
          {published}
        </p>
      )}
      {check && !check.ok && <ProblemList problems={check.problems} />}
      {check?.ok && definition && (
        <div data-testid="xlsform-result">
          <h3>{t('authoring.resultTitle', { label: `${definition.id}@${definition.version}` })}</h3>
          {check.status === 'unchanged' ? (
            <p role="status" data-testid="xlsform-unchanged">{t('authoring.unchanged', { label: `${definition.id}@${definition.version}` })}</p>
          ) : (
            <>
              <h4>{check.published ? t('authoring.changesTitle', { label: `${check.published.id}@${check.published.version}` }) : t('authoring.firstVersion')}</h4>
              <ChangeList changes={check.changes} />
              <div className="actions">
                <button type="button" className="button button--primary" disabled={busy} onClick={() => void publish()} data-testid="xlsform-publish">
                  {t('authoring.publish', { label: `${definition.id}@${definition.version}` })}
                </button>
              </div>
            </>
          )}
          <h4>{t('authoring.previewTitle')}</h4>
          <p className="field__hint">{t('authoring.previewHint')}</p>
          <div className="coord-filters">
            {languageSelect(leftId, langs.left, (left) => setLangs((current) => ({ ...current, left })), t('authoring.leftLanguage'))}
            {languageSelect(rightId, langs.right, (right) => setLangs((current) => ({ ...current, right })), t('authoring.rightLanguage'))}
          </div>
          <FormPreview key={`${definition.id}@${definition.version}`} form={definition} left={langs.left} right={langs.right} />
        </div>
      )}
    </section>
  );
}
