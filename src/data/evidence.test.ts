/**
 * Version 4: a record's consent record (its signature strokes and image are most of its bytes) is
 * sealed in its own `evidence` row, written with the record only when the consent changes. What a
 * user would notice: an autosave does not rewrite the evidence, a withdrawal does, the record reads
 * back whole, and evidence that does not belong to its record is refused with a clear error —
 * never a record with someone else's signature.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeRef } from '../core/consent';
import { testForm, testFormRef } from '../core/record/__fixtures__/interview';
import type { EvidenceRow, LotseDatabase, SealedRecordRow } from './db';
import { StorageError } from './errors';
import { lock, unlock } from './keyring';
import { completeInterview, createInterview, getRecord, saveDraft } from './records';
import { recordWithdrawal, saveConsentDecision } from './consent-records';
import { EvidenceMismatch, openRecord } from './sealed-records';
import { signedConsent, TEST_NOTICE as notice } from './test-consent';
import { rawText, TEST_SECRET, unlockedDatabase } from './test-keyring';

const now = '2026-11-02T10:00:00.000Z';
let db: LotseDatabase;

beforeEach(async () => {
  db = await unlockedDatabase(`evidence-${crypto.randomUUID()}`);
});
afterEach(async () => {
  lock();
  await db.delete();
});

async function consentedInterview(person: string): Promise<string> {
  const record = await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'ar', now });
  await saveConsentDecision(db, record.recordId, { consent: signedConsent(record.recordId, person, { points: 400 }), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
  return record.recordId;
}

const draft = (surname: string, at = now) => ({ answers: { surname }, progress: { stage: 'form' as const, sectionId: 'person' }, displayName: surname, now: at });

describe('consent evidence apart from the record (version 4)', () => {
  it('the decision writes the evidence once; autosaves write only the record, a few KB; the record reads back whole', async () => {
    const recordId = await consentedInterview('Haddad');
    const evidence = (await db.evidence.get(recordId))!;
    const row = (await db.records.get(recordId)) as SealedRecordRow;
    expect(evidence.version).toBe(1);
    expect(row.evidence).toBe(1);
    // The signature is in the evidence row, not in the record's envelope.
    expect(evidence.sealed.length).toBeGreaterThan(5_000);
    expect(row.sealed.length).toBeLessThan(2_000);

    for (const [i, name] of ['H', 'Ha', 'Had', 'Hadd', 'Haddad'].entries()) await saveDraft(db, recordId, draft(name, `2026-11-02T10:00:0${i}.000Z`));
    const after = (await db.evidence.get(recordId))!;
    expect(after.version).toBe(1);
    expect(after.sealed).toEqual(evidence.sealed);
    const record = (await getRecord(db, recordId))!;
    expect(record.answers).toEqual({ surname: 'Haddad' });
    expect(record.consent?.evidence).toEqual(signedConsent(recordId, 'Haddad', { points: 400 }).evidence);
    expect((await db.records.get(recordId) as SealedRecordRow).sealed.length).toBeLessThan(2_000);
    // Sealed: no name, no drawing in clear.
    const raw = await rawText(db);
    for (const value of ['Haddad', 'data:image/png', btoa('signature of Haddad').slice(0, 16), 'person-']) expect(raw, value).not.toContain(value);
  });

  it('a withdrawal writes the next version of the evidence with its record; the evidence reads back after a lock', async () => {
    const recordId = await consentedInterview('Haddad');
    await saveDraft(db, recordId, draft('Haddad'));
    await completeInterview(db, recordId, testForm(), now);
    await recordWithdrawal(db, recordId, { scope: { recipients: ['jobcenter'] }, actor: { role: 'interviewer', id: 'iv-1', name: 'Ines' }, channel: 'phone', now: new Date('2026-11-10T08:00:00.000Z') });
    expect((await db.evidence.get(recordId))!.version).toBe(2);
    expect(((await db.records.get(recordId)) as SealedRecordRow).evidence).toBe(2);
    lock();
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });
    const record = (await getRecord(db, recordId))!;
    expect(record.consent!.events.map((event) => event.event_type)).toEqual(['given', 'withdrawn']);
    expect(record.rev).toBe(2);
  });

  it("another person's evidence put under this record is refused with a clear error, never opened as this person's", async () => {
    const mine = await consentedInterview('Haddad');
    const theirs = await consentedInterview('Okonkwo');
    const stolen = (await db.evidence.get(theirs))!;
    await db.evidence.put({ ...stolen, recordId: mine } satisfies EvidenceRow);
    const read = getRecord(db, mine);
    await expect(read).rejects.toThrow();
    await expect(read).rejects.not.toBeInstanceOf(EvidenceMismatch); // the envelope itself refuses: its context names the other record
    // A save of the record is refused as a storage failure and writes nothing.
    const before = await db.records.get(mine);
    await expect(saveDraft(db, mine, draft('X'))).rejects.toBeInstanceOf(StorageError);
    expect(await db.records.get(mine)).toEqual(before);
    // The other record is untouched.
    expect((await getRecord(db, theirs))?.consent?.evidence).toEqual(signedConsent(theirs, 'Okonkwo', { points: 400 }).evidence);
  });

  it('an older version of the evidence, or a record that names another version, or none, is refused', async () => {
    const recordId = await consentedInterview('Haddad');
    await saveDraft(db, recordId, draft('Haddad'));
    await completeInterview(db, recordId, testForm(), now);
    const first = (await db.evidence.get(recordId))!;
    await recordWithdrawal(db, recordId, { scope: 'all', actor: { role: 'interviewer', id: 'iv-1', name: 'Ines' }, channel: 'phone', now: new Date('2026-11-10T08:00:00.000Z') });
    const row = (await db.records.get(recordId)) as SealedRecordRow;
    // A new unlock: this tab's copy of what it wrote last is gone, every read opens what is stored.
    lock();
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });

    // The first version put back (the withdrawal undone): its version differs from the record's.
    await db.evidence.put(first);
    await expect(getRecord(db, recordId)).rejects.toBeInstanceOf(EvidenceMismatch);
    // …with its version number changed to match: the envelope's context refuses it.
    await db.evidence.put({ ...first, version: 2 });
    await expect(getRecord(db, recordId)).rejects.toThrow();
    // The record's clear version changed to the old evidence: its own envelope names version 2.
    await db.evidence.put(first);
    await db.records.put({ ...row, evidence: 1 });
    await expect(openRecord(db, (await db.records.get(recordId))!)).rejects.toBeInstanceOf(EvidenceMismatch);
    // No evidence row at all.
    await db.records.put(row);
    await db.evidence.delete(recordId);
    await expect(getRecord(db, recordId)).rejects.toBeInstanceOf(EvidenceMismatch);
  });
});
