/**
 * A record's answers as the coordinator reads them, revision by revision, and what changed from
 * one revision to the next. Questions, sections, groups and codes carry the labels of the form
 * version the revision was captured with (the server sends them in German and English); this
 * page picks the UI language and formats dates (partial ones as far as they are known), numbers
 * and yes/no in it. Answers in the applicant's script keep their own direction (`dir="auto"`).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerChange, Labels, ShownAnswers, ShownField, ShownValue, StoredRevision } from './api';
import { TableRegion, useUiLocale } from './parts';

type Lang = keyof Labels;

function useLabelLanguage(): Lang {
  return useUiLocale().startsWith('en') ? 'en' : 'de';
}

/** `14. März 1990`, `März 1990` (day unknown), `1990` (month unknown), in the UI language. */
export function formatPartialDate(value: { year: number; month: number | null; day: number | null }, locale: string): string {
  const date = new Date(Date.UTC(value.year, (value.month ?? 1) - 1, value.day ?? 1));
  if (value.month === null) return new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' }).format(date);
  if (value.day === null) return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function CodeLabel({ code, label }: { code: string; label: Labels | null }) {
  const { t } = useTranslation('coordinator');
  const lang = useLabelLanguage();
  if (label === null) {
    return (
      <span>
        <code>{code}</code> <span className="muted">{t('answers.unknownCode')}</span>
      </span>
    );
  }
  return <span>{label[lang]}</span>;
}

export function AnswerValue({ value }: { value: ShownValue }) {
  const { t } = useTranslation('coordinator');
  const locale = useUiLocale();
  switch (value.kind) {
    case 'text':
      return (
        <bdi dir="auto" className="coord-answer__text">
          {value.text}
        </bdi>
      );
    case 'number':
      return <>{new Intl.NumberFormat(locale).format(value.value)}</>;
    case 'yesno':
      return <>{value.value ? t('answers.yes') : t('answers.no')}</>;
    case 'date':
      return (
        <span>
          {formatPartialDate(value, locale)}
          {value.month === null ? <span className="muted"> {t('answers.monthUnknown')}</span> : value.day === null ? <span className="muted"> {t('answers.dayUnknown')}</span> : null}
        </span>
      );
    case 'codes':
      return value.items.length === 1 ? (
        <CodeLabel code={value.items[0]!.code} label={value.items[0]!.label} />
      ) : (
        <ul className="coord-answer__list">
          {value.items.map((item) => (
            <li key={item.code}>
              <CodeLabel code={item.code} label={item.label} />
            </li>
          ))}
        </ul>
      );
    case 'cefr':
      return (
        <ul className="coord-answer__list">
          {value.rows.map((row) => (
            <li key={row.skill}>
              <CodeLabel code={row.skill} label={row.skillLabel} />: <CodeLabel code={row.level} label={row.levelLabel} />
            </li>
          ))}
        </ul>
      );
    case 'notStated':
      return <span className="muted">{t('answers.notStated')}</span>;
    case 'raw':
      return <code className="coord-answer__raw">{value.json}</code>;
  }
}

function Fields({ fields }: { fields: readonly ShownField[] }) {
  const lang = useLabelLanguage();
  return (
    <dl className="facts coord-answers__fields">
      {fields.map((field) => (
        <div className="facts__row" key={field.path} data-path={field.path}>
          <dt>{field.label[lang]}</dt>
          <dd>
            <AnswerValue value={field.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Answers({ answers }: { answers: ShownAnswers }) {
  const { t } = useTranslation('coordinator');
  const lang = useLabelLanguage();
  return (
    <div className="coord-answers" data-testid="record-answers">
      {answers.sections.map((section) => (
        <section key={section.id} className="coord-answers__section" aria-labelledby={`answers-${section.id}`}>
          <h3 id={`answers-${section.id}`}>{section.label[lang]}</h3>
          {section.items.map((item) =>
            item.kind === 'field' ? (
              <Fields key={item.path} fields={[item]} />
            ) : (
              <div key={item.id} className="coord-answers__group">
                <h4>{item.label[lang]}</h4>
                {item.instances.map((fields, index) => (
                  <div key={index} className="coord-answers__instance">
                    <p className="coord-answers__instance-title">{t('answers.instance', { group: item.label[lang], number: index + 1 })}</p>
                    {fields.length > 0 ? <Fields fields={fields} /> : <p className="muted">{t('answers.emptyInstance')}</p>}
                  </div>
                ))}
              </div>
            ),
          )}
        </section>
      ))}
      {answers.other.length > 0 && (
        <section className="coord-answers__section" aria-labelledby="answers-other">
          <h3 id="answers-other">{t('answers.other')}</h3>
          <Fields fields={answers.other} />
        </section>
      )}
    </div>
  );
}

/** The answers of one revision, chosen from all (the current one first). */
export function RevisionAnswers({ revisions, currentRev }: { revisions: readonly StoredRevision[]; currentRev: number | null }) {
  const { t } = useTranslation('coordinator');
  const selectId = useId();
  const newest = revisions.find((revision) => revision.rev === currentRev) ?? revisions.at(-1);
  const [chosen, setChosen] = useState<number | null>(null);
  if (!newest) return <p className="muted">{t('detail.noRevisions')}</p>;
  const shown = revisions.find((revision) => revision.rev === chosen) ?? newest;
  return (
    <>
      {revisions.length > 1 && (
        <div className="field coord-answers__picker">
          <label className="field__label" htmlFor={selectId}>
            {t('answers.revisionPicker')}
          </label>
          <select id={selectId} value={shown.rev} onChange={(event) => setChosen(Number(event.target.value))}>
            {[...revisions].reverse().map((revision) => (
              <option key={revision.rev} value={revision.rev}>
                {revision.rev === newest.rev ? t('answers.revisionCurrent', { rev: revision.rev }) : t('answers.revisionOption', { rev: revision.rev })}
              </option>
            ))}
          </select>
        </div>
      )}
      {shown.answers === null ? (
        <p className="muted" data-testid="record-no-answers">
          {t('answers.none')}
        </p>
      ) : (
        <Answers answers={shown.answers} />
      )}
    </>
  );
}

function ChangeKind({ kind }: { kind: AnswerChange['kind'] }) {
  const { t } = useTranslation('coordinator');
  return <span className={`coord-change coord-change--${kind}`}>{t(`changes.kind.${kind}`)}</span>;
}

function ChangePlace({ change }: { change: AnswerChange }) {
  const { t } = useTranslation('coordinator');
  const lang = useLabelLanguage();
  return (
    <>
      {(change.section !== null || change.group !== null) && (
        <span className="muted coord-change__where">
          {[change.section?.[lang], change.group ? t('answers.instance', { group: change.group.label[lang], number: change.group.number }) : null].filter(Boolean).join(' › ')}
        </span>
      )}
      <span>{change.label[lang]}</span>
    </>
  );
}

/** For each later revision, newest first: which answers it added, changed or removed. */
export function RevisionChanges({ revisions }: { revisions: readonly StoredRevision[] }) {
  const { t } = useTranslation('coordinator');
  const later = revisions.filter((revision) => revision.changes !== null).reverse();
  if (later.length === 0) {
    return (
      <p className="muted" data-testid="no-changes">
        {t('changes.single')}
      </p>
    );
  }
  return (
    <>
      {later.map((revision) => {
        const captionId = `coord-changes-${revision.rev}`;
        const previous = revisions[revisions.indexOf(revision) - 1];
        const title = t('changes.title', { rev: revision.rev, previous: previous?.rev ?? revision.baseRev });
        return (
          <section key={revision.rev} className="coord-changes" data-testid={`changes-rev-${revision.rev}`} aria-labelledby={`${captionId}-title`}>
            <h3 id={`${captionId}-title`}>{title}</h3>
            {revision.changes!.length === 0 ? (
              <p className="muted">{t('changes.none')}</p>
            ) : (
              <TableRegion labelledBy={captionId}>
                <table className="coord-table coord-changes__table">
                  <caption id={captionId} className="coord-sr-only">
                    {title}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('changes.column.field')}</th>
                      <th scope="col">{t('changes.column.kind')}</th>
                      <th scope="col">{t('changes.column.before')}</th>
                      <th scope="col">{t('changes.column.after')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {revision.changes!.map((change) => (
                      <tr key={change.path} data-path={change.path}>
                        <th scope="row" data-label={t('changes.column.field')}>
                          <span className="coord-change__field">
                            <ChangePlace change={change} />
                          </span>
                        </th>
                        <td data-label={t('changes.column.kind')}>
                          <ChangeKind kind={change.kind} />
                        </td>
                        <td data-label={t('changes.column.before')}>{change.before === null ? <span className="muted">—</span> : <AnswerValue value={change.before} />}</td>
                        <td data-label={t('changes.column.after')}>{change.after === null ? <span className="muted">—</span> : <AnswerValue value={change.after} />}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            )}
          </section>
        );
      })}
    </>
  );
}
