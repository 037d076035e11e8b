import { describe, expect, it } from 'vitest';
import { appendWithdrawal } from '../consent/index';
import { interviewRecordSchema, payloadHash, validateRecordEntry, type RecordEntryContext } from './index';
import { parseFormDefinition } from '../form/index';
import { interviewRecord, pushEntryFor, testForm, testFormJson, testFormRef, testNotice } from './__fixtures__/interview';

const recordId = '3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f';
const german = testNotice('de');
const english = testNotice('en');

function context(overrides: Partial<RecordEntryContext> = {}): RecordEntryContext {
  return { form: testForm(), notice: german, referenceNotice: german, today: '2025-06-01', ...overrides };
}

describe('payloadHash', () => {
  it('does not depend on key order', () => {
    expect(payloadHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(payloadHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(payloadHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('interviewRecordSchema', () => {
  it('accepts what the fixture builds, and refuses unknown keys', () => {
    const record = interviewRecord({ recordId });
    expect(interviewRecordSchema.safeParse(record).success).toBe(true);
    expect(interviewRecordSchema.safeParse({ ...record, religion: 'x' }).success).toBe(false);
  });
});

describe('validateRecordEntry', () => {
  it('accepts a record with consent and valid answers', () => {
    expect(validateRecordEntry(pushEntryFor(interviewRecord({ recordId }), { seq: 1 }), context())).toEqual({ ok: true });
  });

  it('accepts a minimal refusal without answers and without a form', () => {
    const entry = pushEntryFor(interviewRecord({ recordId, decision: 'refused' }), { seq: 1 });
    expect(entry.formRef).toBeNull();
    expect(validateRecordEntry(entry, context({ form: null }))).toEqual({ ok: true });
  });

  it('accepts a translated notice checked against its German reference', () => {
    const entry = pushEntryFor(interviewRecord({ recordId, notice: english }), { seq: 1 }, english);
    expect(validateRecordEntry(entry, context({ notice: english }))).toEqual({ ok: true });
  });

  it('accepts a later revision that appends a withdrawal while keeping the answers', () => {
    const record = interviewRecord({ recordId });
    const withdrawn = appendWithdrawal(record.consent, {
      scope: 'all',
      actor: { role: 'interviewer', id: 'iv-1', name: 'Ines Interviewerin' },
      channel: 'in_person',
      now: new Date('2025-04-01T10:00:00Z'),
    });
    const entry = pushEntryFor({ ...record, consent: withdrawn }, { seq: 2, rev: 2, baseRev: 1 });
    expect(validateRecordEntry(entry, context())).toEqual({ ok: true });
  });

  it('accepts "not stated" where the form allows it and refuses it where it does not (what the server runs)', () => {
    const json = testFormJson(2) as { sections: { items: Record<string, unknown>[] }[] };
    json.sections[0]!.items.find((item) => item.id === 'birthDate')!.allowNotStated = true;
    const parsed = parseFormDefinition(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const record = { ...interviewRecord({ recordId }), answers: { surname: 'Haddad', birthDate: { notStated: true } } };
    expect(validateRecordEntry(pushEntryFor(record, { seq: 1, formRef: testFormRef(2) }), context({ form: parsed.definition }))).toEqual({ ok: true });
    expect(validateRecordEntry(pushEntryFor(record, { seq: 1 }), context())).toMatchObject({ ok: false, code: 'invalid_payload', message: expect.stringContaining('answers.birthDate: type') });
  });

  it('refuses a payload whose hash is not the canonical hash', () => {
    const entry = pushEntryFor(interviewRecord({ recordId }), { seq: 1, payloadSha256: 'a'.repeat(64) });
    expect(validateRecordEntry(entry, context())).toMatchObject({ ok: false, code: 'hash_mismatch' });
  });

  it('refuses a revision that does not follow its base', () => {
    const entry = pushEntryFor(interviewRecord({ recordId }), { seq: 1, rev: 3, baseRev: 1 });
    expect(validateRecordEntry(entry, context())).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('refuses unknown forms and notices', () => {
    const entry = pushEntryFor(interviewRecord({ recordId }), { seq: 1 });
    expect(validateRecordEntry(entry, context({ form: null }))).toMatchObject({ ok: false, code: 'unknown_form' });
    expect(validateRecordEntry(entry, context({ form: testForm(2) }))).toMatchObject({ ok: false, code: 'unknown_form' });
    expect(validateRecordEntry(entry, context({ notice: null }))).toMatchObject({ ok: false, code: 'unknown_notice' });
    expect(validateRecordEntry(entry, context({ referenceNotice: null }))).toMatchObject({ ok: false, code: 'unknown_notice' });
  });

  it('refuses a notice text that is not the published one', () => {
    const entry = pushEntryFor(interviewRecord({ recordId }), { seq: 1, noticeRef: { id: 'notice', version: 1, lang: 'de', sha256: 'b'.repeat(64) } });
    expect(validateRecordEntry(entry, context())).toMatchObject({ ok: false, code: 'hash_mismatch' });
  });

  it('refuses a consent whose German reference is not the published one', () => {
    const record = interviewRecord({ recordId, notice: english });
    const consent = { ...record.consent, reference_notice: { version: 1, sha256: 'c'.repeat(64) } };
    const entry = pushEntryFor({ ...record, consent }, { seq: 1 }, english);
    expect(validateRecordEntry(entry, context({ notice: english }))).toMatchObject({ ok: false, code: 'hash_mismatch' });
  });

  it('refuses payloads that are not interview records, naming the fields', () => {
    const { interview: _dropped, ...withoutInterview } = interviewRecord({ recordId });
    const verdict = validateRecordEntry(pushEntryFor(withoutInterview, { seq: 1, recordId }), context());
    expect(verdict).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(verdict.ok === false && verdict.message).toContain('interview');
  });

  it('refuses consent decisions that do not match the notice', () => {
    const record = interviewRecord({ recordId });
    const { caritas: _undecided, ...recipients } = record.consent.recipient_third_parties;
    const entry = pushEntryFor({ ...record, consent: { ...record.consent, recipient_third_parties: recipients } }, { seq: 1 });
    const verdict = validateRecordEntry(entry, context());
    expect(verdict).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(verdict.ok === false && verdict.message).toContain('caritas');
  });

  it('refuses a payload for another record', () => {
    const entry = pushEntryFor(interviewRecord({ recordId }), { seq: 1, recordId: '9f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f' });
    expect(validateRecordEntry(entry, context())).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('refuses answers without consent', () => {
    const entry = pushEntryFor(interviewRecord({ recordId, decision: 'refused', answers: { surname: 'Haddad' } }), { seq: 1 });
    expect(validateRecordEntry(entry, context())).toMatchObject({ ok: false, code: 'consent_missing' });
  });

  it("refuses answers that fail the form's validation, naming fields but never values", () => {
    const entry = pushEntryFor(interviewRecord({ recordId, answers: { birthDate: { year: 2031, month: 1, day: 1 }, schoolYears: 99 } }), { seq: 1 });
    const verdict = validateRecordEntry(entry, context());
    expect(verdict).toMatchObject({ ok: false, code: 'invalid_payload' });
    if (verdict.ok) return;
    expect(verdict.message).toContain('answers.surname: required');
    expect(verdict.message).toContain('answers.birthDate: notFuture');
    expect(verdict.message).toContain('answers.schoolYears: max');
    expect(verdict.message).not.toContain('2031');
  });

  it('refuses answers of a shape the validator cannot use', () => {
    const entry = pushEntryFor(interviewRecord({ recordId, answers: { surname: { nested: ['x'] } } as never }), { seq: 1 });
    expect(validateRecordEntry(entry, context())).toMatchObject({ ok: false, code: 'invalid_payload' });
  });
});
