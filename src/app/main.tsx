/**
 * The entry chunk, kept small (issue #15): the styles, the UI strings (i18next) and the early
 * unlock screen. On a locked tablet — every start of a tablet with a passphrase — that screen is
 * drawn without React (lock/boot-unlock.ts) and the interviewer types while the app (React, Dexie,
 * start-app.tsx) loads behind it; otherwise the app starts as soon as it is loaded.
 */
// Fonts ship with the app (and are precached): Latin/Cyrillic, Arabic script, Ethiopic.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import '@fontsource-variable/noto-sans-ethiopic/index.css';
import './styles.css';
import { initI18n, namespacesAtStart } from './i18n';
import { markOnce } from './perf-marks';
import { bootUnlockFailed, lockedAtStart, lockedAtStartHinted, releaseBootUnlock, showBootUnlock } from './lock/boot-unlock';

async function start(): Promise<void> {
  markOnce('start');
  const path = window.location.pathname;
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  // The lock's state is read while the shell's strings are set up; when the tablet's hint says it
  // holds a secret, the screen is drawn before that read answers, and taken back should the read
  // disagree (then the app decides, as without the early screen).
  const locked = lockedAtStart(path);
  const hinted = lockedAtStartHinted(path);
  // The shell's strings only; the screen's own namespace (an interview's) loads beside the app.
  const i18n = await initI18n();
  markOnce('i18n');
  void i18n.loadNamespaces(namespacesAtStart(path)).catch(() => undefined);
  // Drawn before the app is even asked for, so its evaluation cannot come first.
  if (hinted) showBootUnlock(root, i18n, path);
  if ((await locked) !== hinted) {
    if (hinted) releaseBootUnlock();
    else showBootUnlock(root, i18n, path);
  }
  try {
    const { startApp } = await import('./start-app');
    startApp(i18n, root);
  } catch (error) {
    // The app's chunks are precached; failing to load them is a broken install. Said on the
    // early screen when it is up (otherwise the page stays blank, as any failed start did).
    bootUnlockFailed(i18n, error);
    throw error;
  }
}

void start();
