/**
 * Issue #14: a recipient receives data only with the referral purpose ("Eine Stelle bekommt Ihre
 * Daten nur, wenn Sie Ja sagen und wenn Sie der Vermittlung zustimmen", notice@3). While referral
 * is refused or undecided the recipients are not asked, its refusal refuses them all, and a record
 * saying yes to a recipient without it is refused. notice@1/@2 records keep their rules.
 */
import { describe, expect, it } from 'vitest';
import germanJson from '../../../content/notices/notice@3/de.json';
import {
  ConsentRuleError,
  createConsentRecord,
  filledNotice,
  noticeArtifactSchema,
  recipientsBlocked,
  recipientsPurposeOf,
  recipientsWithoutReferral,
  undecidedItems,
  type ConsentCaptureInput,
  type DeploymentSettings,
} from './index';
import { settingKeys } from './settings';

const settings = {
  id: 'deployment',
  version: 1,
  values: Object.fromEntries(settingKeys.map((key) => [key, key.endsWith('Email') ? 'datenschutz@landkreis-peine.de' : key.endsWith('Phone') ? '05171 401-0' : `Wert ${key}`])),
} as DeploymentSettings;
const german = filledNotice(noticeArtifactSchema.parse(germanJson), settings)!;
const all = (items: readonly { id: string }[], decision: 'accepted' | 'refused') => Object.fromEntries(items.map((item) => [item.id, decision]));
const id = '0b6f1a7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b';
const input = (overrides: Partial<ConsentCaptureInput>): ConsentCaptureInput => ({
  record_id: id,
  interview_id: id,
  pii_principal_id: id,
  parties: { interviewer: { id: 'staff-07', name: 'Anna Berger' } },
  collection_method: 'read_by_applicant',
  purposes: all(german.purposes, 'accepted'),
  recipient_third_parties: all(german.recipients, 'accepted'),
  explicit_consents: { health: 'refused' },
  special_categories: false,
  age_at_consent: 30,
  evidence: { kind: 'signature', strokes: [[{ x: 1, y: 2, t: 0 }, { x: 3, y: 4, t: 9 }]], png: 'data:image/png;base64,iVBORw0KGgo=' },
  ...overrides,
});
const at = new Date('2026-12-05T10:00:00.000Z');

describe('recipients require the referral purpose (notice@3)', () => {
  it('names referral as the recipients\' purpose of notice@3 only', () => {
    expect(recipientsPurposeOf(german)).toBe('referral');
    // notice@1/@2 have no core purpose: their recipients keep their rules.
    const { corePurpose: _none, ...older } = german;
    expect(recipientsPurposeOf(older)).toBeNull();
    expect(recipientsBlocked(older, {})).toBe(false);
  });

  it('does not ask the recipients while referral is undecided or refused', () => {
    const purposes = { profiling: 'accepted', counselling: 'accepted', statistics: 'refused' } as const;
    expect(recipientsBlocked(german, purposes)).toBe(true);
    expect(undecidedItems(german, { purposes, recipient_third_parties: {}, explicit_consents: { health: 'refused' } })).toEqual({ purposes: ['referral'], recipients: [], explicitConsents: [] });
    expect(undecidedItems(german, { purposes: { ...purposes, referral: 'refused' }, recipient_third_parties: {}, explicit_consents: { health: 'refused' } })).toEqual({ purposes: [], recipients: [], explicitConsents: [] });
    // Accepted: every recipient is asked, none preselected.
    expect(recipientsBlocked(german, { ...purposes, referral: 'accepted' })).toBe(false);
    expect(undecidedItems(german, { purposes: { ...purposes, referral: 'accepted' }, recipient_third_parties: {}, explicit_consents: { health: 'refused' } }).recipients).toEqual(german.recipients.map((r) => r.id));
  });

  it('records every recipient as refused when referral is refused, and the consent stays given', () => {
    const record = createConsentRecord(input({ purposes: { ...all(german.purposes, 'accepted'), referral: 'refused' }, recipient_third_parties: {} }), german, german, at);
    expect(record.events[0]!.event_type).toBe('given');
    expect(record.purposes.referral).toBe('refused');
    expect(record.recipient_third_parties).toEqual(all(german.recipients, 'refused'));
    expect(recipientsWithoutReferral(record)).toEqual([]);
  });

  it('refuses a record that says yes to a recipient while referral is refused or undecided', () => {
    for (const referral of ['refused', undefined] as const) {
      const purposes = { ...all(german.purposes, 'accepted'), referral };
      const attempt = () => createConsentRecord(input({ purposes, recipient_third_parties: { ...all(german.recipients, 'refused'), jobcenter: 'accepted' } }), german, german, at);
      expect(attempt).toThrow(ConsentRuleError);
      expect(attempt).toThrow(/jobcenter.*referral/);
    }
  });

  it('finds the contradiction in a stored record of notice@3, not in one of notice@1/@2', () => {
    const record = createConsentRecord(input({}), german, german, at);
    expect(recipientsWithoutReferral(record)).toEqual([]);
    const contradicting = { ...record, purposes: { ...record.purposes, referral: 'refused' as const } };
    expect(recipientsWithoutReferral(contradicting)).toEqual(german.recipients.map((r) => r.id));
    const { core_purpose: _none, ...older } = contradicting;
    expect(recipientsWithoutReferral(older)).toEqual([]);
  });
});
