/**
 * The deployment settings' keys and shape, and a notice's placeholders (`{{withdrawalPhone}}`) and
 * their filling — apart from settings.ts, which fills and hashes whole notices: the form stage
 * fills the few notice strings it shows (a language's draft mark, the names of the explicit
 * consents) without hashing the notice as the consent stage must, and loads none of that (issue #15).
 */

/** Every setting, in the order the admin form shows them. */
export const settingKeys = [
  'withdrawalPhone',
  'withdrawalEmail',
  'withdrawalAddress',
  'controllerName',
  'controllerAddress',
  'dpoName',
  'dpoAddress',
  'dpoPhone',
  'dpoEmail',
  'supervisoryAuthorityName',
  'supervisoryAuthorityAddress',
  'supervisoryAuthorityPhone',
  'supervisoryAuthorityEmail',
] as const;

export type SettingKey = (typeof settingKeys)[number];

/** Values as an admin enters them: every key present, '' for not set. */
export type SettingValues = Readonly<Record<SettingKey, string>>;

export const DEPLOYMENT_SETTINGS_ID = 'deployment';

/** The published settings artifact (its schema, `deploymentSettingsSchema`, is in settings-schema.ts). */
export interface DeploymentSettings {
  id: typeof DEPLOYMENT_SETTINGS_ID;
  version: number;
  values: SettingValues;
}

const PLACEHOLDER = /\{\{([A-Za-z]+)\}\}/g;

/** The names inside `{{…}}` in `text`, known or not. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** `text` with each known placeholder replaced by its value; an unknown one is left as it is. */
export function fillPlaceholders(text: string, values: SettingValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as SettingKey] : whole));
}
