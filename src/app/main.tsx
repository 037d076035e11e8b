/**
 * The entry chunk, kept small (issue #15): the styles, the shell's German strings and the early
 * unlock screen (i18next is a chunk of its own, loaded behind it). On a locked tablet — every start
 * of a tablet with a passphrase — that screen is drawn without React (lock/boot-unlock.ts) and the
 * interviewer types while the app (React, Dexie, start-app.tsx) loads behind it; otherwise the app
 * starts as soon as it is loaded.
 */
// Fonts ship with the app (and are precached): Latin/Cyrillic, Arabic script, Ethiopic.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import '@fontsource-variable/noto-sans-ethiopic/index.css';
import './styles.css';
import { markOnce } from './perf-marks';
import { germanShellText, type ShellText } from './shell-text';
import { storedUiLanguage } from './ui-language';
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
  // Drawn before the app is even asked for, so its evaluation cannot come first; on a German
  // tablet before i18next too (its chunk loads and initialises behind the screen).
  const early: ShellText | null = storedUiLanguage() === 'de' ? germanShellText : null;
  if (hinted && early) showBootUnlock(root, early, path);
  let text: ShellText = early ?? germanShellText;
  try {
    // The shell's strings only; the screen's own namespace (an interview's) loads beside the app.
    const { initI18n, namespacesAtStart } = await import('./i18n');
    const i18n = await initI18n();
    markOnce('i18n');
    text = (key, values) => String(i18n.t(key as never, values as never));
    void i18n.loadNamespaces(namespacesAtStart(path)).catch(() => undefined);
    if (hinted && !early) showBootUnlock(root, text, path);
    if ((await locked) !== hinted) {
      if (hinted) releaseBootUnlock();
      else showBootUnlock(root, text, path);
    }
    const { startApp } = await import('./start-app');
    startApp(i18n, root);
  } catch (error) {
    // The app's chunks are precached; failing to load them is a broken install. Said on the
    // early screen when it is up (otherwise the page stays blank, as any failed start did).
    bootUnlockFailed(text, error);
    throw error;
  }
}

void start();
