/**
 * UI translations (interviewer side): German is the source locale, English the second.
 * Locale files are loaded lazily (each is its own chunk, precached by the service worker),
 * and the choice is persisted on this device.
 * Applicant-facing texts (notice, form labels) are versioned content, not UI strings.
 */
import i18next, { type BackendModule } from 'i18next';
import translation from '../../locales/de/translation.json';
import type interview from '../../locales/de/interview.json';
import type consent from '../../locales/de/consent.json';
import type form from '../../locales/de/form.json';
import type formParts from '../../locales/de/formParts.json';
import type sync from '../../locales/de/sync.json';
import type coordinator from '../../locales/de/coordinator.json';
import type lock from '../../locales/de/lock.json';

import { storedUiLanguage, UI_LANGUAGE_KEY, uiLanguages, type UiLanguage } from './ui-language';

export { storedUiLanguage, uiLanguages, type UiLanguage } from './ui-language';

/**
 * One namespace per area of the app, one file per language and namespace (locales/<lang>/<ns>.json).
 * `lock` holds the tablet's protection screens that rarely show (setting the passphrase, the
 * recovery procedure, wiping, the wiped notice): they load with those screens, not with the shell
 * on every start (issue #15); the unlock screen's own strings stay in the shell's. `formParts`
 * holds the strings of the form stage's parts that load after its first section (the summary, the
 * repeated groups: `deferredPart`'s `strings`), so that the section does not wait for them.
 */
export const namespaces = ['translation', 'interview', 'consent', 'form', 'formParts', 'sync', 'coordinator', 'lock'] as const;
export type UiNamespace = (typeof namespaces)[number];

// Each file becomes its own chunk: loaded when first needed, precached for offline use.
const localeFiles = import.meta.glob<{ default: Record<string, unknown> }>(['../../locales/*/*.json', '!../../locales/de/translation.json']);

const lazyLocales: BackendModule = {
  type: 'backend',
  init() {},
  read(language, namespace, callback) {
    const load = localeFiles[`../../locales/${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`no UI locale "${language}/${namespace}"`), null);
      return;
    }
    load().then((module) => callback(null, module.default), (error: unknown) => callback(error as Error, null));
  },
};

/** The namespaces a screen needs besides the shell's, loaded with it at start when the app opens on that screen. */
export function namespacesAtStart(path: string): (typeof namespaces)[number][] {
  if (/^\/interviews\//.test(path)) return ['translation', 'interview'];
  return ['translation'];
}

export async function initI18n(ns: readonly (typeof namespaces)[number][] = ['translation']): Promise<typeof i18next> {
  // Without react-i18next: the start shows the unlock screen with these strings before React is
  // loaded (lock/boot-unlock.ts); start-app.tsx binds the same instance to React.
  await i18next
    .use(lazyLocales)
    .init({
      lng: storedUiLanguage(),
      fallbackLng: 'de',
      supportedLngs: [...uiLanguages],
      // Only the shell's namespace is needed to show the home screen; each screen's own
      // namespace loads with it (its Suspense boundary waits for it), or at start when the app
      // opens on that screen (`namespacesAtStart`).
      ns: [...ns],
      defaultNS: 'translation',
      // The shell's German strings are always needed (German is also every language's fallback), so
      // they ship in the entry chunk and are given here: with them, a German start initialises
      // synchronously instead of through the backend's queue (issue #15: the unlock screen is drawn
      // from these strings before anything else loads); every other file comes from the backend.
      resources: { de: { translation } },
      partialBundledLanguages: true,
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      react: { useSuspense: true },
    });
  applyDocumentLanguage(i18next.language as UiLanguage);
  return i18next;
}

function applyDocumentLanguage(language: UiLanguage): void {
  document.documentElement.lang = language;
  document.documentElement.dir = 'ltr';
}

export async function changeUiLanguage(language: UiLanguage): Promise<void> {
  await i18next.changeLanguage(language);
  try {
    localStorage.setItem(UI_LANGUAGE_KEY, language);
  } catch {
    // Not persisted when storage is blocked; the switch still applies to this session.
  }
  applyDocumentLanguage(language);
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof translation;
      interview: typeof interview;
      consent: typeof consent;
      form: typeof form;
      formParts: typeof formParts;
      sync: typeof sync;
      coordinator: typeof coordinator;
      lock: typeof lock;
    };
  }
}
