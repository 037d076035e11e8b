/**
 * The interviewer's UI language as stored on this device, readable before i18next is loaded: the
 * start draws the unlock screen in German from the shell's bundled strings without it
 * (shell-text.ts, main.tsx), and waits for i18next only for another language (issue #15).
 */
export const uiLanguages = ['de', 'en'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

export const UI_LANGUAGE_KEY = 'lotse.uiLanguage';

function isUiLanguage(value: string | null): value is UiLanguage {
  return value !== null && (uiLanguages as readonly string[]).includes(value);
}

export function storedUiLanguage(): UiLanguage {
  try {
    const stored = localStorage.getItem(UI_LANGUAGE_KEY);
    if (isUiLanguage(stored)) return stored;
  } catch {
    // Storage can be blocked; German is the default.
  }
  return 'de';
}
