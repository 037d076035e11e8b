import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ENROLMENT_CODE_LENGTH, normaliseEnrolmentCode } from '../../core/sync';
import { database, enrolDevice, keyringState, requestPersistentStorage, type EnrolOutcome, type StorageState } from '../../data';
import { SetSecretForm } from '../lock/SetSecretForm';
import { loadKeyringOnce, useKeyringState } from '../lock/keyring-state';
import { useOnline } from '../hooks';
import { Link } from '../router';
import { syncScheduler } from '../sync';

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
declare global {
  interface Window {
    BarcodeDetector?: new (options: { formats: string[] }) => BarcodeDetectorLike;
  }
}

/** The server allows device names up to this length. */
const MAX_DEVICE_NAME_LENGTH = 100;

type EnrolProblem = 'codeFormat' | 'codeRefused' | 'network' | 'tooManyAttempts' | 'serverUnavailable' | 'refused';

/** Why an enrolment failed, as a code the screen says in the UI language (the server's sentence is the detail). */
function enrolProblem(outcome: Extract<EnrolOutcome, { ok: false }>): EnrolProblem {
  if (outcome.status === null) return 'network';
  if (outcome.code === 'invalid_enrolment_code') return 'codeRefused';
  if (outcome.code === 'too_many_attempts' || outcome.status === 429) return 'tooManyAttempts';
  if (outcome.status >= 500) return 'serverUnavailable';
  return 'refused';
}

/** The code in a scanned QR (a URL ending in #CODE) or a typed code. */
function codeFrom(text: string): string {
  const hash = text.includes('#') ? text.slice(text.lastIndexOf('#') + 1) : text;
  return hash.trim().toUpperCase();
}

export function EnrolScreen() {
  // `lock` for the secret's form shown right after enrolling: loaded with the screen, so the form
  // does not wait for its strings then.
  const { t } = useTranslation(['sync', 'lock']);
  const online = useOnline();
  const [code, setCode] = useState(() => (window.location.hash ? codeFrom(window.location.hash) : ''));
  const [deviceName, setDeviceName] = useState('');
  const [error, setError] = useState<{ text: string; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ name: string; typedName: string; persistence: StorageState['persistence'] } | null>(null);
  const [scanning, setScanning] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const canScan = typeof window.BarcodeDetector === 'function' && Boolean(navigator.mediaDevices?.getUserMedia);
  const keyring = useKeyringState();

  useEffect(() => {
    if (!scanning) return;
    let stream: MediaStream | undefined;
    let stopped = false;
    const detector = new window.BarcodeDetector!({ formats: ['qr_code'] });
    const scan = async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!videoRef.current) return;
        videoRef.current.srcObject = stream;
        await videoRef.current.play();
        while (!stopped) {
          const found = await detector.detect(videoRef.current);
          if (found[0]) {
            setCode(codeFrom(found[0].rawValue));
            setScanning(false);
            return;
          }
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      } catch {
        setError({ text: t('enrol.scanUnavailable') });
        setScanning(false);
      }
    };
    void scan();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [scanning, t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!code.trim()) return setError({ text: t('enrol.codeRequired') });
    // Checked here, so a mistyped code is explained at once and costs none of the server's attempts.
    const bareCode = normaliseEnrolmentCode(code);
    if (bareCode === undefined) return setError({ text: t('enrol.problem.codeFormat', { length: ENROLMENT_CODE_LENGTH }) });
    const typedName = deviceName.trim();
    if (!typedName) return setError({ text: t('enrol.nameRequired') });
    setBusy(true);
    setError(null);
    const outcome = await enrolDevice(database(), { code: bareCode, deviceName: typedName });
    if (!outcome.ok) {
      setError({ text: t(`enrol.problem.${enrolProblem(outcome)}`, { status: outcome.status }), detail: outcome.message });
      setBusy(false);
      return;
    }
    const persistence = await requestPersistentStorage();
    await loadKeyringOnce();
    setDone({ name: outcome.deviceName, typedName, persistence });
    setBusy(false);
    void syncScheduler().syncNow();
  };

  if (done && (keyring === 'no-secret' || (keyring === 'loading' && keyringState() === 'no-secret'))) {
    // The enrolment code succeeded: before anything else, the secret that encrypts the tablet's data.
    return (
      <section className="screen" aria-labelledby="enrol-title">
        <h1 id="enrol-title">{t('enrol.title')}</h1>
        <p role="status" data-testid="enrol-success">{t('enrol.success', { name: done.name })}</p>
        <SetSecretForm reason="enrolment" />
      </section>
    );
  }

  if (done) {
    return (
      <section className="screen" aria-labelledby="enrol-title">
        <h1 id="enrol-title">{t('enrol.title')}</h1>
        <p role="status" data-testid="enrol-success">{t('enrol.success', { name: done.name })}</p>
        {done.name !== done.typedName && (
          // The coordinator named this device when making the code; that name is the one their list shows.
          <p data-testid="enrol-name-from-coordinator">{t('enrol.nameFromCoordinator', { name: done.name, typed: done.typedName })}</p>
        )}
        <p data-testid="enrol-persistence">{t(`enrol.persistence_${done.persistence}`)}</p>
        <Link href="/sync" className="button button--primary">{t('enrol.toSync')}</Link>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="enrol-title">
      <h1 id="enrol-title">{t('enrol.title')}</h1>
      <p>{t('enrol.intro')}</p>
      {!online && <p role="alert" className="warning">{t('enrol.offline')}</p>}
      <form className="form-card" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span className="field__label">{t('enrol.code')}</span>
          <input className="input input--code" value={code} onChange={(event) => setCode(event.target.value.toUpperCase())} autoCapitalize="characters" autoComplete="one-time-code" spellCheck={false} />
          <span className="field__hint">{t('enrol.codeHint')}</span>
        </label>
        {canScan ? (
          <div className="actions">
            <button type="button" className="button" onClick={() => setScanning((value) => !value)}>
              {scanning ? t('enrol.stopScan') : t('enrol.scan')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('enrol.scanUnavailable')}</p>
        )}
        {scanning && (
          <div>
            <p>{t('enrol.scanning')}</p>
            <video ref={videoRef} className="scanner" muted playsInline />
          </div>
        )}
        <label className="field">
          <span className="field__label">{t('enrol.deviceName')}</span>
          <input className="input" value={deviceName} maxLength={MAX_DEVICE_NAME_LENGTH} onChange={(event) => setDeviceName(event.target.value)} />
          <span className="field__hint">{t('enrol.deviceNameHint')}</span>
        </label>
        {error && (
          <p className="error" role="alert" data-testid="enrol-error">
            {error.text}
            {error.detail && <small className="muted failure-detail" lang="en">{t('detail', { message: error.detail })}</small>}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || !online}>{t('enrol.submit')}</button>
        </div>
      </form>
    </section>
  );
}
