/**
 * The checks of a deployment setting's value (settings.ts describes the settings): what the admin
 * may enter and a published settings artifact must hold. Not needed to fill a notice, so not on
 * the way to an interview's form (issue #15).
 */
import { settingKeys, type SettingKey } from './settings';

/** What kind of value a setting holds; decides its check. */
export const settingKinds: Readonly<Record<SettingKey, 'phone' | 'email' | 'line'>> = {
  withdrawalPhone: 'phone',
  withdrawalEmail: 'email',
  withdrawalAddress: 'line',
  controllerName: 'line',
  controllerAddress: 'line',
  dpoName: 'line',
  dpoAddress: 'line',
  dpoPhone: 'phone',
  dpoEmail: 'email',
  supervisoryAuthorityName: 'line',
  supervisoryAuthorityAddress: 'line',
  supervisoryAuthorityPhone: 'phone',
  supervisoryAuthorityEmail: 'email',
};

/** Machine codes of a setting's problem; the UI translates them. */
export type SettingProblemCode = 'too_long' | 'not_one_line' | 'not_trimmed' | 'invalid_phone' | 'invalid_email';

export const MAX_SETTING_LENGTH = 200;

// A value is inserted into a notice text, whose format is line-based (notice.ts): a line break or
// tab would change the blocks the applicant sees, and a space at either end would make it
// non-canonical. Phone: digits with the separators people write, optionally international.
const PHONE = /^\+?[0-9](?:[0-9 ()/-]*[0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why `value` cannot be the setting `key`; null when it can. An empty value is allowed (not set). */
export function settingProblem(key: SettingKey, value: string): SettingProblemCode | null {
  if (value === '') return null;
  if (value.length > MAX_SETTING_LENGTH) return 'too_long';
  if ([...value].some((char) => char < ' ' || char === '\u007f' || char === '\u2028' || char === '\u2029')) return 'not_one_line';
  if (value.trim() !== value || /\s{2,}/.test(value)) return 'not_trimmed';
  const kind = settingKinds[key];
  if (kind === 'phone' && (!PHONE.test(value) || value.replace(/\D/g, '').length < 5)) return 'invalid_phone';
  if (kind === 'email' && !EMAIL.test(value)) return 'invalid_email';
  return null;
}

/** Per-field problems of entered values, keyed by setting; empty when all can be published. */
export function settingValuesProblems(values: Readonly<Record<string, unknown>>): Partial<Record<SettingKey, SettingProblemCode | 'missing'>> {
  const problems: Partial<Record<SettingKey, SettingProblemCode | 'missing'>> = {};
  for (const key of settingKeys) {
    const value = values[key];
    if (typeof value !== 'string') {
      problems[key] = 'missing';
      continue;
    }
    const problem = settingProblem(key, value);
    if (problem) problems[key] = problem;
  }
  return problems;
}
