/**
 * The recovery procedure on the tablet (issue #12 item 4; README "Forgotten passphrase"). The
 * tablet shows a request (as text and as a QR code) — its recovery-wrapped data key and a fresh ephemeral public key — for the
 * admin, who runs `npm run lotse -- recovery-key unlock <request>` with the offline recovery key and
 * reads back a one-time code. The tablet derives the data key from it, checks it, unlocks, and
 * asks for a new secret. The ephemeral private key lives in this component only: leaving the
 * screen makes the request (and any code for it) useless.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createRecoveryRequest, redeemRecoveryCode, type RecoveryRequest } from '../../core/encryption';
import { database, latestRecoveryKey, MAX_UNLOCK_ATTEMPTS, recoveryWrapForDisplay, unlockWithRawDataKey } from '../../data';

/** After 10 wrong secrets: only the recovery procedure (an admin with the recovery key) unlocks. */
export function RecoveryNeededScreen() {
  const { t } = useTranslation('lock');
  return (
    <section className="screen" aria-labelledby="recovery-title" data-testid="recovery-needed">
      <h1 id="recovery-title">{t('recoveryNeeded.title')}</h1>
      <p>{t('recoveryNeeded.text', { count: MAX_UNLOCK_ATTEMPTS })}</p>
      <p>{t('recoveryNeeded.nothingLost')}</p>
      <RecoveryProcedure />
    </section>
  );
}

/** The procedure itself; its strings are in the `lock` namespace, which loads with this chunk. */
export function RecoveryProcedure() {
  const { t } = useTranslation('lock');
  const [request, setRequest] = useState<RecoveryRequest | null | undefined>(undefined);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [qr, setQr] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      const wrap = await recoveryWrapForDisplay(database());
      const made = wrap === undefined ? null : await createRecoveryRequest(JSON.parse(wrap));
      if (live) setRequest(made);
      if (!made) return;
      // The QR code library loads only here (its own chunk), not with every start.
      const { toString } = await import('qrcode');
      const svg = await toString(made.text, { type: 'svg', errorCorrectionLevel: 'L', margin: 2 });
      if (live) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    })().catch(() => live && setRequest(null));
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!request) return;
    if (!code.trim()) return setMessage(t('recovery.required'));
    setBusy(true);
    setMessage(null);
    try {
      const recoveryKey = await latestRecoveryKey(database());
      const raw = await redeemRecoveryCode(code, request, recoveryKey);
      await unlockWithRawDataKey(database(), raw);
      raw.fill(0);
    } catch (caught) {
      const typo = caught instanceof Error && /typo|missing or extra|not in it/.test(caught.message);
      setMessage(t(typo ? 'recovery.typo' : 'recovery.wrong'));
    } finally {
      setBusy(false);
    }
  };

  if (request === undefined) return <p role="status">{t('common.loading', { ns: 'translation' })}</p>;
  if (request === null) return <p role="alert">{t('recovery.noWrap')}</p>;
  return (
    <div className="form-card" data-testid="recovery-procedure">
      <h2>{t('recovery.title')}</h2>
      <ol>
        <li>{t('recovery.step1')}</li>
        <li>{t('recovery.step2')}</li>
        <li>{t('recovery.step3')}</li>
      </ol>
      <label className="field">
        <span className="field__label">{t('recovery.request')}</span>
        <textarea className="input recovery-request" readOnly value={request.text} rows={6} dir="ltr" data-testid="recovery-request" onFocus={(event) => event.currentTarget.select()} />
      </label>
      {qr && <img className="recovery-qr" src={qr} alt={t('recovery.qrAlt')} width={240} height={240} data-testid="recovery-qr" />}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span className="field__label">{t('recovery.code')}</span>
          <input className="input" value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" autoCapitalize="characters" spellCheck={false} dir="ltr" />
        </label>
        {message && (
          <p className="error" role="alert" data-testid="recovery-error">
            {message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('recovery.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
