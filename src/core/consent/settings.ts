/**
 * Deployment settings: the contact details a notice and a receipt name (where to withdraw, who is
 * responsible, the data-protection officer, the supervisory authority). They differ per
 * deployment and change more often than a notice text, so they are their own versioned artifact
 * (kind `settings`, id `deployment`) that an admin enters on the server and tablets pull.
 *
 * A notice names a setting by a placeholder, `{{withdrawalPhone}}`. What the applicant sees is the
 * filled text, so the consent record's hash covers the filled text and names the settings version
 * it was filled with (see README: "Deployment settings").
 *
 * No zod here: filling a notice is on the way to every interview screen; the schema that checks a
 * settings artifact when it arrives is in settings-schema.ts, the checks of entered values in
 * setting-values.ts.
 */
import { canonicalJson } from '../sync';
import { sha256Hex } from './sha256';
import { noticeHash } from './notice-hash';
import type { NoticeArtifact } from './notice-schema';
import { fillPlaceholders, placeholdersIn, settingKeys, type DeploymentSettings, type SettingKey } from './settings-keys';

export { DEPLOYMENT_SETTINGS_ID, fillPlaceholders, placeholdersIn, settingKeys } from './settings-keys';
export type { DeploymentSettings, SettingKey, SettingValues } from './settings-keys';

/** The settings' hash: over the canonical JSON of the whole artifact, as published. */
export function settingsSha256(settings: DeploymentSettings): string {
  return sha256Hex(canonicalJson(settings));
}

/** Every applicant-facing string of a notice: what placeholders may appear in. */
function noticeStrings(notice: NoticeArtifact): string[] {
  return [
    notice.title,
    notice.text,
    ...notice.purposes.flatMap((item) => [item.label, item.description]),
    ...notice.recipients.flatMap((item) => [item.label, item.description]),
    ...(notice.explicitConsents ?? []).flatMap((item) => [item.label, item.description]),
    ...Object.values(notice.ui),
  ];
}

/** The settings a notice uses, in the order of `settingKeys`, and any placeholder that names no setting. */
export function noticePlaceholders(notice: NoticeArtifact): { used: SettingKey[]; unknown: string[] } {
  const names = new Set(noticeStrings(notice).flatMap(placeholdersIn));
  const known = new Set<string>(settingKeys);
  return {
    used: settingKeys.filter((key) => names.has(key)),
    unknown: [...names].filter((name) => !known.has(name)).sort(),
  };
}

/** The settings `notice` uses that are empty (or all it uses, without settings). */
export function missingSettings(notice: NoticeArtifact, settings: DeploymentSettings | null): SettingKey[] {
  return noticePlaceholders(notice).used.filter((key) => !settings || settings.values[key] === '');
}

/**
 * The notice as the applicant sees it: every string filled from `settings`, and its `sha256` the
 * hash of the filled text, with `settings` naming the version used. A notice without placeholders
 * is returned unchanged (its text is what was published). Null when a setting it uses is empty:
 * such a notice must not be shown.
 */
export function filledNotice(notice: NoticeArtifact, settings: DeploymentSettings | null): NoticeArtifact | null {
  const { used } = noticePlaceholders(notice);
  if (used.length === 0) return notice;
  if (!settings || missingSettings(notice, settings).length > 0) return null;
  const fill = (text: string) => fillPlaceholders(text, settings.values);
  const fillItems = (items: NoticeArtifact['purposes']) => items.map((item) => ({ ...item, label: fill(item.label), description: fill(item.description) }));
  const filled: NoticeArtifact = {
    ...notice,
    title: fill(notice.title),
    text: fill(notice.text),
    purposes: fillItems(notice.purposes),
    recipients: fillItems(notice.recipients),
    ...(notice.explicitConsents && { explicitConsents: fillItems(notice.explicitConsents) }),
    ui: Object.fromEntries(Object.entries(notice.ui).map(([key, value]) => [key, fill(value)])) as NoticeArtifact['ui'],
    settings: { version: settings.version, sha256: settingsSha256(settings) },
  };
  // The hash of what the applicant reads, under the notice's own scheme.
  return { ...filled, sha256: noticeHash(filled) };
}
