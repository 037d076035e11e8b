/**
 * The shell's German strings without i18next (issue #15): on a German tablet the start draws the
 * unlock screen from the bundled `locales/de/translation.json` at once, and i18next (its own
 * chunk, ~18 KB gzip of script to evaluate and an initialisation) loads behind the screen. Only
 * what i18next would do for those strings: a dotted key looked up, `{{name}}` filled in; the
 * React screens use i18next itself. shell-text.test.ts holds every key the early screen uses
 * against i18next's answer.
 */
import translation from '../../locales/de/translation.json';

/** The shell strings' lookup the early screen draws with: German here, i18next's `t` in any other language. */
export type ShellText = (key: string, values?: Readonly<Record<string, string>>) => string;

export const germanShellText: ShellText = (key, values = {}) => {
  const found = key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), translation);
  if (typeof found !== 'string') return key;
  return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
};
