import { describe, expect, it } from 'vitest';
import { ConsentRuleError, consentState, createConsentRecord, noticeArtifactSchema, noticeBlocks, sha256Hex, undecidedItems } from '../../../core/consent';
import deJson from '../../../../content/notices/notice@1/de.json';
import faJson from '../../../../content/notices/notice@1/fa.json';
import tiJson from '../../../../content/notices/notice@1/ti.json';
import { notice3 } from '../../../core/record/__fixtures__/notice3';
import {
  EMPTY_CAPTURE,
  EMPTY_STAGE,
  NO_DECISIONS,
  captureInput,
  checkNotices,
  confirmationProblems,
  decideAll,
  decideItem,
  decisionOutcome,
  languageChoices,
  readingProblems,
  restoreStage,
  shortHash,
  strokesFromPointGroups,
  type CaptureDraft,
  type Decisions,
  type StageSnapshot,
} from './consent-draft';

const de = noticeArtifactSchema.parse(deJson);
const fa = noticeArtifactSchema.parse(faJson);
const ti = noticeArtifactSchema.parse(tiJson);
const interviewer = { id: 'iv-1', name: 'Ines Interviewerin' };
const recordId = '3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const signature = { strokes: [[{ x: 1, y: 2, t: 0 }, { x: 5, y: 6, t: 16 }]], png: PNG };

describe('checkNotices', () => {
  it('shows a notice whose text matches its SHA-256, parsed from exactly that text', () => {
    const check = checkNotices(fa, de);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.shown.blocks).toEqual(noticeBlocks(fa.text));
    expect(check.german.notice).toBe(de);
  });

  it('refuses a notice whose text was tampered with, even by one character', () => {
    const tampered = { ...fa, text: fa.text.replace('شهرستان', 'شهرستانِ') };
    expect(tampered.text).not.toBe(fa.text);
    expect(checkNotices(tampered, de)).toEqual({ ok: false, problem: 'hash_mismatch', details: ['notice@1/fa'] });
  });

  it('refuses when the German reference was tampered with', () => {
    const tamperedGerman = { ...de, text: `${de.text} ` };
    expect(checkNotices(fa, tamperedGerman)).toMatchObject({ ok: false, problem: 'hash_mismatch', details: ['notice@1/de'] });
  });

  it('refuses a translation that does not name the German recipients', () => {
    const fewer = { ...fa, recipients: fa.recipients.slice(1) };
    expect(checkNotices(fewer, de)).toMatchObject({ ok: false, problem: 'not_a_translation' });
  });

  it('refuses without a German reference', () => {
    expect(checkNotices(fa, undefined)).toMatchObject({ ok: false, problem: 'german_missing' });
  });
});

describe('languageChoices', () => {
  it('puts the most frequent mother tongues first and German last', () => {
    const order = languageChoices([de, ti, fa]).map((n) => n.lang);
    expect(order).toEqual(['fa', 'ti', 'de']);
  });
});

describe('decisions', () => {
  it('starts with nothing decided', () => {
    expect(undecidedItems(fa, NO_DECISIONS)).toEqual({ purposes: fa.purposes.map((p) => p.id), recipients: fa.recipients.map((r) => r.id), explicitConsents: [] });
    expect(decisionOutcome(fa, NO_DECISIONS, undecidedItems(fa, NO_DECISIONS))).toBe('undecided');
  });

  it('accept all and refuse all decide every item', () => {
    const all = decideAll(fa, 'accepted');
    expect(undecidedItems(fa, all)).toEqual({ purposes: [], recipients: [], explicitConsents: [] });
    expect(decisionOutcome(fa, all, undecidedItems(fa, all))).toBe('consent');
    const none = decideAll(fa, 'refused');
    expect(decisionOutcome(fa, none, undecidedItems(fa, none))).toBe('refusal');
  });

  it('does not let recipients be accepted without any purpose', () => {
    const none = decideAll(fa, 'refused');
    const decisions: Decisions = { ...none, recipient_third_parties: { ...none.recipient_third_parties, jobcenter: 'accepted' } };
    expect(decisionOutcome(fa, decisions, undecidedItems(fa, decisions))).toBe('recipients_without_purpose');
  });
});

describe('what the steps ask for', () => {
  it('the reading step needs the mode, and the interpreter when interpreted', () => {
    expect(readingProblems(EMPTY_CAPTURE)).toEqual(['modeMissing']);
    expect(readingProblems({ ...EMPTY_CAPTURE, mode: 'read_by_applicant' })).toEqual([]);
    expect(readingProblems({ ...EMPTY_CAPTURE, mode: 'interpreted' })).toEqual(['interpreterMissing']);
    expect(readingProblems({ ...EMPTY_CAPTURE, mode: 'interpreted', interpreter: { name: 'Samir', role: 'Sprachmittler' } })).toEqual([]);
  });

  it('consent needs a signature that is not empty and the interviewer confirmation', () => {
    const draft: CaptureDraft = { ...EMPTY_CAPTURE, mode: 'read_by_applicant', evidenceKind: 'signature' };
    expect(confirmationProblems(draft, 'consent', interviewer)).toEqual(['signatureEmpty', 'interviewerNotConfirmed']);
    expect(confirmationProblems({ ...draft, drawing: signature, interviewerConfirmed: true }, 'consent', interviewer)).toEqual([]);
  });

  it('a notice read aloud needs an interpreter or witness, never the interviewer alone', () => {
    const draft: CaptureDraft = { ...EMPTY_CAPTURE, mode: 'read_aloud', evidenceKind: 'signature', drawing: signature, interviewerConfirmed: true };
    expect(confirmationProblems(draft, 'consent', interviewer)).toEqual(['readingAttesterMissing']);
    const byInterviewer = { ...draft, readingAttester: 'witness' as const, witness: { name: ' ines interviewerin ', role: 'Interviewerin' } };
    expect(confirmationProblems(byInterviewer, 'consent', interviewer)).toEqual(['attesterIsInterviewer']);
    const byWitness = { ...draft, readingAttester: 'witness' as const, witness: { name: 'Wiebke Zeugin', role: 'Sozialarbeiterin' } };
    expect(confirmationProblems(byWitness, 'consent', interviewer)).toEqual([]);
  });

  it('a mark needs its witness named and signing, not only named', () => {
    const draft: CaptureDraft = {
      ...EMPTY_CAPTURE,
      mode: 'read_by_applicant',
      evidenceKind: 'mark',
      markAttester: 'witness',
      witness: { name: 'Wiebke Zeugin', role: 'Sozialarbeiterin' },
      interviewerConfirmed: true,
    };
    expect(confirmationProblems(draft, 'consent', interviewer)).toEqual(['markAttesterUnsigned']);
    expect(confirmationProblems({ ...draft, attesterDrawing: { strokes: [], png: PNG } }, 'consent', interviewer)).toEqual(['markAttesterUnsigned']);
    expect(confirmationProblems({ ...draft, attesterDrawing: signature }, 'consent', interviewer)).toEqual([]);
  });

  it('a refusal needs only the interviewer confirmation', () => {
    expect(confirmationProblems({ ...EMPTY_CAPTURE, mode: 'read_aloud' }, 'refusal', interviewer)).toEqual(['interviewerNotConfirmed']);
  });
});

describe('captureInput → createConsentRecord', () => {
  const context = { recordId, interviewer, specialCategories: true };
  const decisions: Decisions = {
    purposes: decideAll(fa, 'accepted').purposes,
    recipient_third_parties: { ...decideAll(fa, 'accepted').recipient_third_parties, jobcenter: 'refused', caritas: 'refused' },
    explicit_consents: {},
  };

  it('builds a valid consent record with a signature', () => {
    const draft: CaptureDraft = { ...EMPTY_CAPTURE, mode: 'read_by_applicant', evidenceKind: 'signature', drawing: signature, interviewerConfirmed: true };
    const record = createConsentRecord(captureInput(draft, decisions, context), fa, de, new Date('2025-03-01T09:00:00Z'));
    expect(record.privacy_notice).toEqual({ id: 'notice', version: 1, language: 'fa', sha256: sha256Hex(fa.text) });
    expect(record.recipient_third_parties.jobcenter).toBe('refused');
    expect(record.recipient_third_parties.caritas).toBe('refused');
    expect(record.evidence).toEqual({ kind: 'signature', ...signature });
    expect(record.lawful_basis).toEqual(['GDPR-6-1-a', 'GDPR-9-2-a']);
    expect(consentState(record).acceptedRecipients).toHaveLength(fa.recipients.length - 2);
  });

  it('builds an interpreted consent with an attested mark', () => {
    const draft: CaptureDraft = {
      ...EMPTY_CAPTURE,
      mode: 'interpreted',
      interpreter: { name: 'Samir Sprachmittler', role: 'Sprachmittler' },
      readingAttester: 'interpreter',
      evidenceKind: 'mark',
      markAttester: 'interpreter',
      attesterDrawing: signature,
      interviewerConfirmed: true,
    };
    const record = createConsentRecord(captureInput(draft, decisions, context), fa, de, new Date('2025-03-01T09:00:00Z'));
    expect(record.interpreted_by).toBe('Samir Sprachmittler');
    expect(record.evidence).toEqual({ kind: 'mark', attestedBy: { name: 'Samir Sprachmittler', role: 'interpreter', signature } });
    expect(record.reading_attestation).toMatchObject({ name: 'Samir Sprachmittler', role: 'interpreter' });
  });

  it('a refusal of everything becomes a minimal record, whatever else was entered', () => {
    const draft: CaptureDraft = { ...EMPTY_CAPTURE, mode: 'interpreted', interpreter: { name: 'Samir', role: 'Sprachmittler' }, interviewerConfirmed: true };
    const record = createConsentRecord(captureInput(draft, decideAll(fa, 'refused'), context), fa, de, new Date('2025-03-01T09:00:00Z'));
    expect(record.events.map((e) => e.event_type)).toEqual(['refused']);
    expect(record.evidence).toBeUndefined();
    expect(record.parties).toEqual({ interviewer });
    expect(record.interpreted_by).toBeUndefined();
  });

  it('a tampered notice cannot be recorded', () => {
    const draft: CaptureDraft = { ...EMPTY_CAPTURE, mode: 'read_by_applicant', evidenceKind: 'signature', drawing: signature, interviewerConfirmed: true };
    const tampered = { ...fa, text: `${fa.text}!` };
    expect(() => createConsentRecord(captureInput(draft, decisions, context), tampered, de, new Date())).toThrow(ConsentRuleError);
  });
});

describe('strokesFromPointGroups', () => {
  it('keeps x and y, rounded, and times from the first point', () => {
    const strokes = strokesFromPointGroups([
      { points: [{ x: 10.04, y: 20.06, time: 1000 }, { x: 12, y: 22, time: 1016 }] },
      { points: [] },
      { points: [{ x: 30, y: 40, time: 1500 }] },
    ]);
    expect(strokes).toEqual([[{ x: 10, y: 20.1, t: 0 }, { x: 12, y: 22, t: 16 }], [{ x: 30, y: 40, t: 500 }]]);
  });
});

it('shortHash is the first 16 hex digits', () => {
  expect(shortHash(fa.sha256)).toBe(fa.sha256.slice(0, 16));
  expect(shortHash(fa.sha256)).toHaveLength(16);
});

describe('restoreStage', () => {
  const twoDecided: Decisions = { purposes: { profiling: 'accepted' }, recipient_third_parties: { jobcenter: 'refused' }, explicit_consents: {} };
  const saved: StageSnapshot = {
    step: 'decision',
    lang: 'fa',
    noticeSha256: fa.sha256,
    decisions: twoDecided,
    capture: { ...EMPTY_CAPTURE, mode: 'read_aloud', witness: { name: 'Wiebke Zeugin', role: 'Nachbarin' }, drawing: signature },
  };

  it('continues exactly where the stage was: step, language, decisions, reading mode and drawing', () => {
    expect(restoreStage(JSON.parse(JSON.stringify(saved)), [de, fa, ti])).toEqual(saved);
  });

  it('starts afresh from nothing, from an unknown shape, and at the language step for a language no longer offered', () => {
    expect(restoreStage(undefined, [de, fa])).toEqual(EMPTY_STAGE);
    expect(restoreStage({ step: 'somewhere', lang: 'fa' }, [de, fa])).toEqual(EMPTY_STAGE);
    expect(restoreStage(saved, [de, ti])).toEqual({ ...EMPTY_STAGE, capture: saved.capture });
  });

  it('drops decisions made on another text of the language and goes back to reading it', () => {
    const newer = { ...fa, version: 2, sha256: 'b'.repeat(64) };
    expect(restoreStage(saved, [de, newer])).toEqual({ ...saved, step: 'reading', noticeSha256: newer.sha256, decisions: NO_DECISIONS });
  });

  it('never restores the confirmation step with decisions still open', () => {
    expect(restoreStage({ ...saved, step: 'confirmation' }, [de, fa]).step).toBe('decision');
    const all = decideAll(fa, 'accepted');
    expect(restoreStage({ ...saved, step: 'confirmation', decisions: all }, [de, fa])).toMatchObject({ step: 'confirmation', decisions: all });
  });
});

describe('notice@3 on the decision and confirmation steps', () => {
  // The real notice@3 German text, filled; what the screens ask follows from it.
  const de3 = notice3.de;
  const interviewer3 = { id: 'iv-1', name: 'Ines Interviewerin' };
  const signed = signature;
  const ready: CaptureDraft = { ...EMPTY_CAPTURE, mode: 'read_by_applicant', evidenceKind: 'signature', drawing: signed, interviewerConfirmed: true, age: '30' };

  it('the health item is its own decision: accept all leaves it open', () => {
    const all = decideAll(de3, 'accepted');
    expect(undecidedItems(de3, all).explicitConsents).toEqual(['health']);
    expect(decisionOutcome(de3, all, undecidedItems(de3, all))).toBe('undecided');
    const decided = { ...all, explicit_consents: { health: 'refused' as const } };
    expect(decisionOutcome(de3, decided, undecidedItems(de3, decided))).toBe('consent');
  });

  it('recipients follow referral: not asked before it is accepted, all refused with its refusal, asked afresh after', () => {
    let decisions = decideItem(de3, NO_DECISIONS, 'purposes', 'profiling', 'accepted');
    decisions = decideItem(de3, decisions, 'purposes', 'counselling', 'accepted');
    decisions = decideItem(de3, decisions, 'purposes', 'statistics', 'accepted');
    decisions = decideItem(de3, decisions, 'explicit_consents', 'health', 'refused');
    // Referral undecided: it is the only open item; the recipients are not asked.
    expect(undecidedItems(de3, decisions)).toEqual({ purposes: ['referral'], recipients: [], explicitConsents: [] });
    const refused = decideItem(de3, decisions, 'purposes', 'referral', 'refused');
    expect(Object.values(refused.recipient_third_parties)).toEqual(de3.recipients.map(() => 'refused'));
    expect(decisionOutcome(de3, refused, undecidedItems(de3, refused))).toBe('consent');
    // Accepted after the refusal: each recipient is asked again, none preselected.
    const accepted = decideItem(de3, refused, 'purposes', 'referral', 'accepted');
    expect(accepted.recipient_third_parties).toEqual({});
    expect(undecidedItems(de3, accepted).recipients).toEqual(de3.recipients.map((r) => r.id));
    // A yes to a recipient beside a refused referral cannot be stored.
    const contradicting = { ...refused, recipient_third_parties: { ...refused.recipient_third_parties, jobcenter: 'accepted' as const } };
    expect(decisionOutcome(de3, contradicting, undecidedItems(de3, contradicting))).toBe('recipients_without_purpose');
  });

  it('refusing the core purpose is a refusal, whatever else was chosen', () => {
    const decisions = { ...decideAll(de3, 'accepted'), purposes: { ...decideAll(de3, 'accepted').purposes, profiling: 'refused' as const } };
    expect(decisionOutcome(de3, decisions, undecidedItems(de3, decisions))).toBe('refusal');
  });

  it('asks the age before the decision, and under 18 for the guardian', () => {
    expect(readingProblems({ ...ready, age: '' }, de3)).toEqual(['ageMissing']);
    expect(readingProblems({ ...ready, age: 'zwölf' }, de3)).toEqual(['ageMissing']);
    expect(confirmationProblems({ ...ready, age: '17' }, 'consent', interviewer3, de3)).toEqual(['guardianMissing', 'guardianUnsigned']);
    const withGuardian = { ...ready, age: '17', guardian: { name: 'Samira Haddad', role: 'Mutter' }, guardianDrawing: signed };
    expect(confirmationProblems(withGuardian, 'consent', interviewer3, de3)).toEqual([]);
    // Under 16 the guardian's signature is enough; from 16 the person signs too.
    expect(confirmationProblems({ ...withGuardian, age: '15', evidenceKind: null, drawing: null }, 'consent', interviewer3, de3)).toEqual([]);
    expect(confirmationProblems({ ...withGuardian, evidenceKind: null, drawing: null }, 'consent', interviewer3, de3)).toEqual(['evidenceKindMissing']);
  });

  it('a family interpreter confirms the confidentiality note before the decision', () => {
    const interpreted = { ...ready, mode: 'interpreted' as const, interpreter: { name: 'Omar Said', role: 'Cousin' } };
    expect(readingProblems(interpreted, de3)).toEqual(['interpreterKindMissing']);
    expect(readingProblems({ ...interpreted, interpreterKind: 'family_or_acquaintance' }, de3)).toEqual(['confidentialityNotConfirmed']);
    expect(readingProblems({ ...interpreted, interpreterKind: 'family_or_acquaintance', confidentialityConfirmedAt: '2026-12-05T10:00:00.000Z' }, de3)).toEqual([]);
    expect(readingProblems({ ...interpreted, interpreterKind: 'professional' }, de3)).toEqual([]);
  });

  it('builds a valid notice@3 record for a 17-year-old with a guardian, interpreted by a family member', () => {
    const draft: CaptureDraft = {
      ...ready,
      age: '17',
      mode: 'interpreted',
      interpreter: { name: 'Omar Said', role: 'Cousin' },
      interpreterKind: 'family_or_acquaintance',
      confidentialityConfirmedAt: '2026-12-05T10:00:00.000Z',
      readingAttester: 'interpreter',
      guardian: { name: 'Samira Haddad', role: 'Mutter' },
      guardianDrawing: signed,
    };
    const decisions = { ...decideAll(de3, 'accepted'), explicit_consents: { health: 'accepted' as const } };
    const record = createConsentRecord(captureInput(draft, decisions, { recordId, interviewer: interviewer3, specialCategories: true, notice: de3 }), de3, de3, new Date('2026-12-05T10:05:00.000Z'));
    expect(record).toMatchObject({
      age_at_consent: 17,
      guardian: { name: 'Samira Haddad', role: 'Mutter' },
      explicit_consents: { health: 'accepted' },
      lawful_basis: ['GDPR-6-1-a', 'GDPR-9-2-a'],
      interpreter_confidentiality: { confirmed_at: '2026-12-05T10:00:00.000Z' },
      parties: { interpreter: { name: 'Omar Said', role: 'Cousin', kind: 'family_or_acquaintance' } },
    });
  });
});
