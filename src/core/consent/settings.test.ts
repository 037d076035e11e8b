import { describe, expect, it } from 'vitest';
import german from '../../../content/notices/notice@1/de.json';
import { noticeRef, verifyNoticeHash, type NoticeArtifact } from './notice';
import { noticeArtifactSchema } from './notice-schema';
import {
  filledNotice,
  missingSettings,
  noticePlaceholders,
  settingKeys,
  type DeploymentSettings,
  type SettingValues,
} from './settings';
import { settingProblem, settingValuesProblems } from './setting-values';
import { deploymentSettingsSchema } from './settings-schema';
import { sha256Hex } from './sha256';
import { districtSettingValues } from './__fixtures__/district-settings';

const values: SettingValues = districtSettingValues;
const settings: DeploymentSettings = deploymentSettingsSchema.parse({ id: 'deployment', version: 3, values });

/** The German notice@1 with its withdrawal sentence naming settings, hashed again. */
function templateNotice(): NoticeArtifact {
  const notice = noticeArtifactSchema.parse(german);
  const text = notice.text.replace('Landkreis Peine, Referat Migration und Teilhabe, Burgstraße 1, 31224 Peine', '{{withdrawalAddress}}')
    + '\n\n- Telefon: {{withdrawalPhone}}\n- E-Mail: {{withdrawalEmail}}';
  return { ...notice, text, sha256: sha256Hex(text), ui: { ...notice.ui, withdrawByPhone: 'Telefon: {{withdrawalPhone}}' } };
}

describe('setting values', () => {
  it('accepts the values of a real deployment, and an empty value as not set', () => {
    expect(settingValuesProblems(values)).toEqual({});
    expect(settingValuesProblems({ ...values, dpoPhone: '' })).toEqual({});
  });

  it('names each field that cannot be published and why', () => {
    const { dpoName: _left, ...withoutName } = values;
    expect(settingValuesProblems({
      ...withoutName,
      withdrawalPhone: 'call us',
      withdrawalEmail: 'uebergang at landkreis',
      controllerAddress: 'Burgstraße 1\n31224 Peine',
      supervisoryAuthorityName: ' Niedersachsen',
      dpoAddress: 'x'.repeat(201),
    })).toEqual({
      withdrawalPhone: 'invalid_phone',
      withdrawalEmail: 'invalid_email',
      controllerAddress: 'not_one_line',
      supervisoryAuthorityName: 'not_trimmed',
      dpoAddress: 'too_long',
      dpoName: 'missing',
    });
  });

  it('takes phone numbers as people write them, not a date or four digits', () => {
    for (const phone of ['05171 401-0', '+49 (5171) 401 7700', '05171/401-7700']) expect(settingProblem('dpoPhone', phone), phone).toBeNull();
    for (const phone of ['1234', '05171 401-', 'Tel. 05171']) expect(settingProblem('dpoPhone', phone), phone).toBe('invalid_phone');
  });

  it('publishes only complete value sets', () => {
    expect(deploymentSettingsSchema.safeParse({ id: 'deployment', version: 1, values: { withdrawalPhone: '05171 401-0' } }).success).toBe(false);
    expect(deploymentSettingsSchema.safeParse({ id: 'deployment', version: 1, values: { ...values, withdrawalPhone: 'x' } }).success).toBe(false);
  });
});

describe('filledNotice', () => {
  it('leaves a notice without placeholders as it was published', () => {
    const notice = noticeArtifactSchema.parse(german);
    expect(noticePlaceholders(notice)).toEqual({ used: [], unknown: [] });
    expect(filledNotice(notice, null)).toBe(notice);
  });

  it('names the settings a notice uses and any placeholder that is no setting', () => {
    const notice = templateNotice();
    expect(noticePlaceholders(notice).used).toEqual(['withdrawalPhone', 'withdrawalEmail', 'withdrawalAddress']);
    expect(noticePlaceholders({ ...notice, title: '{{officeHours}}' }).unknown).toEqual(['officeHours']);
    expect(settingKeys).toContain('supervisoryAuthorityEmail');
  });

  it('shows the applicant the values, and its hash and reference prove that filled text', () => {
    const filled = filledNotice(templateNotice(), settings)!;
    expect(filled.text).toContain('schreiben Sie an den Landkreis Peine, Referat Migration und Teilhabe, Burgstraße 1, 31224 Peine.');
    expect(filled.text).toContain(`- Telefon: ${districtSettingValues.withdrawalPhone}`);
    expect(filled.text).not.toContain('{{');
    expect(filled.ui.withdrawByPhone).toBe(`Telefon: ${districtSettingValues.withdrawalPhone}`);
    expect(verifyNoticeHash(filled)).toBe(true);
    expect(filled.sha256).not.toBe(templateNotice().sha256);
    expect(noticeRef(filled)).toMatchObject({ settingsVersion: 3, sha256: sha256Hex(filled.text) });
    // Other settings give another text, so another hash: the record cannot be matched to the wrong one.
    const other = filledNotice(templateNotice(), { ...settings, version: 4, values: { ...values, withdrawalPhone: '05171 401-1' } })!;
    expect(other.sha256).not.toBe(filled.sha256);
    expect(noticeArtifactSchema.safeParse(filled).success).toBe(true);
  });

  it('refuses to fill a notice while a setting it uses is empty', () => {
    const emptyPhone = { ...settings, values: { ...values, withdrawalPhone: '' } };
    expect(missingSettings(templateNotice(), emptyPhone)).toEqual(['withdrawalPhone']);
    expect(missingSettings(templateNotice(), null)).toEqual(['withdrawalPhone', 'withdrawalEmail', 'withdrawalAddress']);
    expect(filledNotice(templateNotice(), emptyPhone)).toBeNull();
    expect(filledNotice(templateNotice(), null)).toBeNull();
  });
});
