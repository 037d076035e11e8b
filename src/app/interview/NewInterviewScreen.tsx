import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createInterview, database, getPrivateMeta, setPrivateMeta } from '../../data';
import { navigate } from '../router';
import type { UiLanguage } from '../i18n';

/** Who interviews and where; then the interview opens with the applicant's language choice. */
export function NewInterviewScreen() {
  const { t, i18n } = useTranslation('interview');
  const db = database();
  const [name, setName] = useState('');
  const [site, setSite] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Sealed on the tablet (issue #12); locked, the screen is not shown at all (LockGate).
    getPrivateMeta(db, 'interviewer').then(
      (profile) => {
        if (profile) setName((current) => current || profile.name);
      },
      () => undefined,
    );
    getPrivateMeta(db, 'lastSite').then(
      (lastSite) => {
        if (lastSite) setSite((current) => current || lastSite);
      },
      () => undefined,
    );
  }, [db]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('new.nameRequired'));
      return;
    }
    setBusy(true);
    try {
      const existing = await getPrivateMeta(db, 'interviewer');
      const interviewer = existing && existing.name === name.trim() ? existing : { id: crypto.randomUUID(), name: name.trim() };
      await setPrivateMeta(db, 'interviewer', interviewer);
      await setPrivateMeta(db, 'lastSite', site.trim());
      const record = await createInterview(db, {
        interviewer,
        interviewLang: (i18n.language as UiLanguage) === 'en' ? 'en' : 'de',
        applicantLang: 'de',
        site: site.trim() || undefined,
        now: new Date().toISOString(),
      });
      navigate(`/interviews/${record.recordId}`, { replace: true });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="new-title">
      <h1 id="new-title">{t('new.title')}</h1>
      <form className="form-card" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span className="field__label">{t('new.interviewerName')}</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" required aria-invalid={Boolean(error) && !name.trim()} />
        </label>
        <label className="field">
          <span className="field__label">{t('new.site')}</span>
          <input className="input" value={site} onChange={(event) => setSite(event.target.value)} />
          <span className="field__hint">{t('new.siteHint')}</span>
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>{t('new.start')}</button>
        </div>
      </form>
    </section>
  );
}
