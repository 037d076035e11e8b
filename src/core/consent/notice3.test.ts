/**
 * The consent model of notice@3 (issue 14, items 1–5): the core purpose, the explicit health item,
 * minors with a guardian, interpreters — and hash scheme 2, which covers everything the applicant
 * read before deciding.
 */
import { describe, expect, it } from 'vitest';
import englishJson from '../../../content/notices/notice@3/en.json';
import germanJson from '../../../content/notices/notice@3/de.json';
import {
  ConsentRuleError,
  appendWithdrawal,
  consentRecordSchemaFor,
  consentState,
  createConsentRecord,
  filledNotice,
  noticeArtifactSchema,
  noticeHash,
  undecidedItems,
  verifyNoticeHash,
  type ConsentCaptureInput,
  type ConsentEvidence,
  type DeploymentSettings,
  type NoticeArtifact,
} from './index';
import { settingKeys } from './settings';

const settings: DeploymentSettings = {
  id: 'deployment',
  version: 1,
  values: Object.fromEntries(settingKeys.map((key) => [key, key.endsWith('Email') ? 'datenschutz@landkreis-peine.de' : key.endsWith('Phone') ? '05171 401-0' : `Wert ${key}`])) as DeploymentSettings['values'],
} as DeploymentSettings;
const germanTemplate = noticeArtifactSchema.parse(germanJson);
const german = filledNotice(germanTemplate, settings)!;
const english = filledNotice(noticeArtifactSchema.parse(englishJson), settings)!;
const at = new Date('2026-12-05T10:00:00.000Z');
const interviewer = { id: 'staff-07', name: 'Anna Berger' };
const signature: ConsentEvidence = { kind: 'signature', strokes: [[{ x: 1, y: 2, t: 0 }, { x: 3, y: 4, t: 9 }]], png: 'data:image/png;base64,iVBORw0KGgo=' };
const all = (items: readonly { id: string }[], decision: 'accepted' | 'refused') => Object.fromEntries(items.map((item) => [item.id, decision]));

function input(overrides: Partial<ConsentCaptureInput> = {}): ConsentCaptureInput {
  return {
    record_id: '0b6f1a7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b',
    interview_id: '0b6f1a7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b',
    pii_principal_id: '0b6f1a7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b',
    parties: { interviewer },
    collection_method: 'read_by_applicant',
    purposes: all(english.purposes, 'accepted'),
    recipient_third_parties: all(english.recipients, 'accepted'),
    explicit_consents: { health: 'accepted' },
    special_categories: true,
    age_at_consent: 30,
    evidence: signature,
    ...overrides,
  };
}
const create = (overrides: Partial<ConsentCaptureInput> = {}, notice: NoticeArtifact = english) => createConsentRecord(input(overrides), notice, german, at);
function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConsentRuleError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConsentRuleError');
}

describe('notice@3', () => {
  it('names the core purpose, statistics, the health item and IHK and Handwerkskammer separately', () => {
    expect(german.corePurpose).toBe('profiling');
    expect(german.purposes.map((p) => p.id)).toEqual(['profiling', 'counselling', 'referral', 'statistics']);
    expect(german.explicitConsents?.map((item) => item.id)).toEqual(['health']);
    const ids = german.recipients.map((r) => r.id);
    expect(ids).toContain('ihk');
    expect(ids).toContain('hwk');
    expect(ids).not.toContain('ihk-hwk');
  });

  it('says in German what issue 14 asks the notice to say', () => {
    const text = germanTemplate.text;
    for (const phrase of [
      'Ein Computer entscheidet nichts über Sie',
      'Wenn ein Gesetz uns verpflichtet, Daten an eine Behörde',
      'Den Nachweis Ihrer Entscheidung bewahren wir auf',
      'Wir löschen diesen Eintrag nach 1 Jahr',
      'Wenn Sie widerrufen, löschen wir Ihre Daten',
      'Jede Stelle ist selbst für Ihre Daten verantwortlich',
      'Behörden Ihres Herkunftslandes bekommen Ihre Daten nie von uns',
      'Das kostet Sie nichts. Wir antworten Ihnen innerhalb von einem Monat.',
      'Industrie- und Handelskammer Braunschweig',
      'Handwerkskammer Braunschweig-Lüneburg-Stade',
    ]) expect(text).toContain(phrase);
  });

  it('the receipt line says how to withdraw by phone, e-mail and letter, filled from the settings', () => {
    expect(german.ui.howToWithdraw).toContain('05171 401-0');
    expect(german.ui.howToWithdraw).toContain('datenschutz@landkreis-peine.de');
    expect(german.ui.howToWithdraw).toContain('Wert withdrawalAddress');
  });
});

describe('hash scheme 2 covers everything the applicant read before deciding', () => {
  const changes: [string, (n: NoticeArtifact) => NoticeArtifact][] = [
    ['the text', (n) => ({ ...n, text: `${n.text}.` })],
    ['the title', (n) => ({ ...n, title: `${n.title}.` })],
    ['a purpose label', (n) => ({ ...n, purposes: n.purposes.map((p, i) => (i === 3 ? { ...p, label: 'Statistik!' } : p)) })],
    ['a purpose description', (n) => ({ ...n, purposes: n.purposes.map((p, i) => (i === 1 ? { ...p, description: `${p.description} ` } : p)) })],
    ['a recipient description', (n) => ({ ...n, recipients: n.recipients.map((r) => (r.id === 'hwk' ? { ...r, description: 'Bekommt alles.' } : r)) })],
    ['the health item', (n) => ({ ...n, explicitConsents: n.explicitConsents!.map((e) => ({ ...e, description: 'Egal.' })) })],
    ['a decision-screen string', (n) => ({ ...n, ui: { ...n.ui, accept: 'Ja, gern' } })],
    ['the guardian statement', (n) => ({ ...n, ui: { ...n.ui, guardianConsent: 'Ich bin einverstanden.' } })],
    ['the core purpose', (n) => ({ ...n, corePurpose: 'counselling' })],
  ];

  it.each(changes)('changing %s changes the hash', (_, change) => {
    const changed = change(germanTemplate);
    expect(verifyNoticeHash(germanTemplate)).toBe(true);
    expect(noticeHash(changed)).not.toBe(germanTemplate.sha256);
    expect(verifyNoticeHash(changed)).toBe(false);
  });

  it('the stored evidence proves what was read: the record names the filled notice by its scheme 2 hash, and a changed ui string no longer matches it', () => {
    const record = create();
    expect(record.privacy_notice).toMatchObject({ version: 3, language: 'en', hash_scheme: 2, sha256: english.sha256, settings_version: 1 });
    expect(record.reference_notice.sha256).toBe(german.sha256);
    // An auditor rebuilds the notice the applicant saw from the published template and the settings version.
    expect(noticeHash(filledNotice(noticeArtifactSchema.parse(englishJson), settings)!)).toBe(record.privacy_notice.sha256);
    const tampered = { ...english, ui: { ...english.ui, refuse: 'Maybe' } };
    expect(noticeHash(tampered)).not.toBe(record.privacy_notice.sha256);
    expect(() => createConsentRecord(input(), { ...tampered }, german, at)).toThrow(ConsentRuleError);
  });

  it('a record of scheme 2 must name its scheme', () => {
    const record = create();
    const { hash_scheme: _, ...withoutScheme } = record.privacy_notice;
    expect(consentRecordSchemaFor(english).safeParse({ ...record, privacy_notice: withoutScheme }).success).toBe(false);
  });
});

describe('the core purpose (item 1)', () => {
  it('refusing it ends as a refusal record that accepts nothing, whatever else was chosen', () => {
    const record = create({ purposes: { ...all(english.purposes, 'accepted'), profiling: 'refused' } });
    expect(record.events[0]?.event_type).toBe('refused');
    expect(Object.values(record.purposes).every((d) => d === 'refused')).toBe(true);
    expect(Object.values(record.recipient_third_parties).every((d) => d === 'refused')).toBe(true);
    expect(record.explicit_consents).toEqual({ health: 'refused' });
    expect(record.evidence).toBeUndefined();
    expect(record.age_at_consent).toBeUndefined();
    expect(record.lawful_basis).toEqual(['GDPR-6-1-a']);
  });

  it('once refused, nothing else is asked', () => {
    expect(undecidedItems(english, { purposes: { profiling: 'refused' }, recipient_third_parties: {} })).toEqual({ purposes: [], recipients: [], explicitConsents: [] });
    expect(undecidedItems(english, { purposes: { profiling: 'accepted' }, recipient_third_parties: {} }).explicitConsents).toEqual(['health']);
  });

  it('a record that refuses it but claims consent is invalid', () => {
    const record = create();
    const forged = { ...record, purposes: { ...record.purposes, profiling: 'refused' } };
    const result = consentRecordSchemaFor(english).safeParse(forged);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('refusing the core purpose makes the record a refusal');
  });

  it('withdrawing it withdraws everything', () => {
    const record = create();
    const after = appendWithdrawal(record, { scope: { purposes: ['profiling'], recipients: [] }, actor: { role: 'coordinator', id: 'c1', name: 'Jonas Weber' }, channel: 'phone', now: new Date('2026-12-06T10:00:00Z') });
    expect(consentState(after).status).toBe('withdrawn');
    const partial = appendWithdrawal(record, { scope: { purposes: ['statistics'], recipients: [] }, actor: { role: 'coordinator', id: 'c1', name: 'Jonas Weber' }, channel: 'phone', now: new Date('2026-12-06T10:00:00Z') });
    expect(consentState(partial)).toMatchObject({ status: 'given', acceptedPurposes: ['profiling', 'counselling', 'referral'] });
  });
});

describe('the explicit health item (item 2)', () => {
  it('the special-category basis follows the item, not the form', () => {
    expect(create({ explicit_consents: { health: 'accepted' }, special_categories: false }).lawful_basis).toEqual(['GDPR-6-1-a', 'GDPR-9-2-a']);
    expect(create({ explicit_consents: { health: 'refused' }, special_categories: true }).lawful_basis).toEqual(['GDPR-6-1-a']);
  });

  it('has to be decided, and a record cannot claim Art. 9 without it', () => {
    expect(problemsOf(() => create({ explicit_consents: {} })).join()).toContain('no decision for health');
    const record = create({ explicit_consents: { health: 'refused' } });
    expect(consentRecordSchemaFor(english).safeParse({ ...record, lawful_basis: ['GDPR-6-1-a', 'GDPR-9-2-a'] }).success).toBe(false);
  });
});

describe('minors (item 4)', () => {
  const guardian = { name: 'Samira Haddad', role: 'Mutter', evidence: signature } as const;
  it('the age is asked before consent', () => {
    expect(problemsOf(() => create({ age_at_consent: undefined })).join()).toContain('the age is asked before consent');
  });
  it('under 18 a guardian consents too; from 16 beside the minor\'s own signature', () => {
    expect(problemsOf(() => create({ age_at_consent: 17 })).join()).toContain('under 18 a guardian consents too');
    const record = create({ age_at_consent: 17, guardian });
    expect(record.guardian).toEqual(guardian);
    expect(record.evidence).toEqual(signature);
    expect(problemsOf(() => create({ age_at_consent: 16, guardian, evidence: undefined })).join()).toContain('consent needs a signature');
  });
  it('under 16 the guardian\'s signature is enough', () => {
    const record = create({ age_at_consent: 15, guardian, evidence: undefined });
    expect(record.evidence).toBeUndefined();
    expect(record.guardian?.name).toBe('Samira Haddad');
  });
  it('an adult has no guardian', () => {
    expect(problemsOf(() => create({ age_at_consent: 18, guardian })).join()).toContain('only for a person under 18');
  });
});

describe('interpreters (item 5)', () => {
  const interpreted = (kind: 'professional' | 'family_or_acquaintance' | undefined, confirmed: boolean) =>
    create({
      parties: { interviewer, interpreter: { name: 'Omar Said', role: kind === 'professional' ? 'Sprachmittler' : 'Cousin', ...(kind && { kind }) } },
      collection_method: 'interpreted',
      interpreted_by: 'Omar Said',
      reading_attestation: { name: 'Omar Said', role: 'interpreter' },
      ...(confirmed && { interpreter_confidentiality: { confirmed_at: at.toISOString() } }),
    });
  it('records the interpreter\'s role', () => {
    expect(interpreted('professional', false).parties.interpreter?.kind).toBe('professional');
    expect(problemsOf(() => interpreted(undefined, false)).join()).toContain('the interpreter is professional or a family member');
  });
  it('a family interpreter confirms the confidentiality note, a professional one does not', () => {
    expect(problemsOf(() => interpreted('family_or_acquaintance', false)).join()).toContain('confirm the confidentiality note');
    expect(interpreted('family_or_acquaintance', true).interpreter_confidentiality).toEqual({ confirmed_at: at.toISOString() });
    expect(problemsOf(() => interpreted('professional', true)).join()).toContain('confirm the confidentiality note');
  });
});
