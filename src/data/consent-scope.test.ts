/**
 * The device side of issue 14 items 1 and 4: under notice@3 an answer that no accepted purpose (or
 * the explicit health item) covers is never stored — not on autosave, not on completion — for
 * every combination of the purposes and the health item; and an interview can be postponed before
 * the decision, leaving nothing on the device.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticeRef } from '../core/consent';
import { formForConsent } from '../core/record';
import type { Answers } from '../core/form';
import { decisionLabel, everyDecision, notice3, notice3Record, profilingbogen2, v2AnswersWithEveryPart } from '../core/record/__fixtures__/notice3';
import type { LotseDatabase } from './db';
import { openedOutbox, unlockedDatabase } from './test-keyring';
import { completeInterview, createInterview, getRecord, saveDraft } from './records';
import { postponeInterview, saveConsentDecision, saveConsentDraft } from './consent-records';
import { StorageError } from './errors';

const now = '2026-12-05T10:00:00.000Z';
let db: LotseDatabase;
beforeEach(async () => {
  db = await unlockedDatabase(`consent-scope-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const newInterview = () => createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines Interviewerin' }, interviewLang: 'de', applicantLang: 'de', now });

describe('the device stores only what the accepted purposes cover (notice@3)', () => {
  it.each(everyDecision().filter((d) => d.profiling).map((d) => [decisionLabel(d), d] as const))('%s', async (_, decisions) => {
    const record = await newInterview();
    const consent = notice3Record(record.recordId, decisions, null).consent;
    await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice3.de), formRef: 'profilingbogen@2', now });
    const form = formForConsent(profilingbogen2, consent);
    const shown = new Set(form.sections.flatMap((s) => s.items.map((i) => i.id)));
    const covered: Answers = Object.fromEntries(Object.entries(v2AnswersWithEveryPart).filter(([key]) => shown.has(key)));
    const change = (answers: Answers) => ({ answers, progress: { stage: 'form' as const, sectionId: null }, displayName: 'Haddad', now });

    const everythingCovered = decisions.counselling && decisions.referral && decisions.health;
    const full = saveDraft(db, record.recordId, change(v2AnswersWithEveryPart));
    if (everythingCovered) {
      await expect(full).resolves.toBeTruthy();
    } else {
      await expect(full).rejects.toMatchObject({ code: 'purpose_not_accepted' });
      // Nothing of the refused save is kept.
      expect((await getRecord(db, record.recordId))?.answers).toEqual({});
    }
    await saveDraft(db, record.recordId, change(covered));
    const completed = await completeInterview(db, record.recordId, profilingbogen2, now);
    expect(completed.answers).toEqual(covered);
    const [entry] = await openedOutbox(db);
    expect((entry?.payload as { answers: Answers }).answers).toEqual(covered);
  });

  it('a core refusal stores a refusal and no answers', async () => {
    const record = await newInterview();
    const consent = notice3Record(record.recordId, { profiling: false, counselling: true, referral: true, statistics: true, health: true }, null).consent;
    const refused = await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice3.de), formRef: 'profilingbogen@2', now });
    expect(refused).toMatchObject({ status: 'complete', answers: null, formRef: null });
    await expect(saveDraft(db, record.recordId, { answers: { surname: 'X' }, progress: { stage: 'form', sectionId: null }, displayName: 'X', now })).rejects.toMatchObject({ code: 'consent_required' });
  });
});

describe('postponing an interview (item 4)', () => {
  it('before the decision deletes the interview and its draft, and nothing is queued', async () => {
    const record = await newInterview();
    await saveConsentDraft(db, record.recordId, { step: 'reading', lang: 'de' }, now);
    await postponeInterview(db, record.recordId);
    expect(await db.records.get(record.recordId)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.recordIndex.get(record.recordId)).toBeUndefined();
  });

  it('is refused once the decision is recorded', async () => {
    const record = await newInterview();
    const consent = notice3Record(record.recordId, { profiling: true, counselling: true, referral: true, statistics: true, health: true }, null).consent;
    await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice3.de), formRef: 'profilingbogen@2', now });
    const attempt = postponeInterview(db, record.recordId);
    await expect(attempt).rejects.toBeInstanceOf(StorageError);
    await expect(attempt).rejects.toMatchObject({ code: 'record_locked' });
    expect(await db.records.get(record.recordId)).toBeDefined();
  });
});
