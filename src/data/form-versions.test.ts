/**
 * A draft keeps the form version it was started with (issue 14): when version 2 of the
 * Profilingbogen reaches the device, an interview begun on version 1 is still shown, validated
 * and completed with version 1, while new interviews get version 2. The same holds from version 2
 * to version 3 (IHK and Handwerkskammer separate referral partners, issue 14).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsentRecord, noticeRef } from '../core/consent';
import { validateAnswers } from '../core/form';
import { profilingbogenV1Complete, profilingbogenV2Complete } from '../core/form/__fixtures__/profilingbogen-answers';
import { testNotice } from '../core/record/__fixtures__/interview';
import { ensureBundledArtifacts, formByRef, latestForm } from './artifacts';
import { type LotseDatabase } from './db';
import { unlockedDatabase } from './test-keyring';
import { completeInterview, createInterview, saveDraft } from './records';
import { saveConsentDecision } from './consent-records';
import { StorageError } from './errors';
import v1Json from '../../content/forms/profilingbogen@1.json';
import v2Json from '../../content/forms/profilingbogen@2.json';
import v3Json from '../../content/forms/profilingbogen@3.json';

const notice = testNotice('de');
const now = '2026-11-02T10:00:00.000Z';
let db: LotseDatabase;

beforeEach(async () => {
  db = await unlockedDatabase(`form-versions-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

async function startOn(formRef: string) {
  const record = await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'ar', now });
  const consent = createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: record.recordId,
      pii_principal_id: `person-${record.recordId.slice(0, 8)}`,
      parties: { interviewer: { id: 'iv-1', name: 'Ines' } },
      collection_method: 'read_by_applicant',
      purposes: { profiling: 'accepted', referral: 'accepted' },
      recipient_third_parties: { jobcenter: 'accepted', caritas: 'refused' },
      special_categories: false,
      evidence: { kind: 'signature', strokes: [[{ x: 0, y: 0, t: 0 }, { x: 4, y: 4, t: 9 }]], png: 'data:image/png;base64,AAAA' },
    },
    notice,
    notice,
    new Date(now),
  );
  return saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice), formRef, now });
}

describe('form versions on the device', () => {
  it('a version 1 draft stays on version 1 after version 2 arrives, and completes against version 1', async () => {
    await ensureBundledArtifacts(db, { forms: [v1Json], notices: [] });
    const newest = await latestForm(db);
    expect(newest?.version).toBe(1);
    const draft = await startOn(`${newest!.id}@${newest!.version}`);
    await saveDraft(db, draft.recordId, { answers: profilingbogenV1Complete, progress: { stage: 'form', sectionId: 'goals' }, displayName: 'Haddad, Rania', now });

    // Version 2 is published and reaches the device.
    await ensureBundledArtifacts(db, { forms: [v2Json], notices: [] });
    expect((await latestForm(db))?.version).toBe(2);

    const stored = await db.records.get(draft.recordId);
    expect(stored?.formRef).toBe('profilingbogen@1');
    const own = await formByRef(db, stored!.formRef!);
    const v2 = await latestForm(db);
    expect(own?.version).toBe(1);
    // Its answers are complete for version 1, and would not be for version 2 (its one recognition status is gone).
    expect(validateAnswers(own!, profilingbogenV1Complete, { today: '2026-11-02' })).toEqual([]);
    expect(validateAnswers(v2!, profilingbogenV1Complete, { today: '2026-11-02' }).map((issue) => `${issue.path}: ${issue.code}`)).toContain('recognitionStatus: unknownField');

    await expect(completeInterview(db, draft.recordId, v2!, now)).rejects.toMatchObject({ code: 'invalid_record', message: expect.stringContaining('started with profilingbogen@1') });
    expect((await db.records.get(draft.recordId))?.status).toBe('draft');
    const completed = await completeInterview(db, draft.recordId, own!, now);
    expect(completed).toMatchObject({ status: 'complete', formRef: 'profilingbogen@1', rev: 1 });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ recordId: draft.recordId, formRef: 'profilingbogen@1' });
  });

  it('a new interview after version 2 arrived starts on version 2', async () => {
    await ensureBundledArtifacts(db, { forms: [v1Json, v2Json], notices: [] });
    const newest = await latestForm(db);
    const record = await startOn(`${newest!.id}@${newest!.version}`);
    expect(record.formRef).toBe('profilingbogen@2');
    await expect(completeInterview(db, record.recordId, (await formByRef(db, 'profilingbogen@1'))!, now)).rejects.toBeInstanceOf(StorageError);
  });

  it('a version 2 draft referring to "IHK / Handwerkskammer" stays on version 2 after version 3 arrives, and completes against version 2', async () => {
    // Version 2's complete answers are of an interview on 15 November 2026.
    const later = '2026-11-20T10:00:00.000Z';
    await ensureBundledArtifacts(db, { forms: [v1Json, v2Json], notices: [] });
    const newest = await latestForm(db);
    expect(newest?.version).toBe(2);
    const draft = await startOn(`${newest!.id}@${newest!.version}`);
    const answers = { ...profilingbogenV2Complete, referrals: [{ referralPartner: 'ihk-hwk', referralPurpose: 'Anerkennung', referralDate: { year: 2026, month: 11, day: 15 } }] };
    await saveDraft(db, draft.recordId, { answers, progress: { stage: 'form', sectionId: 'nextSteps' }, displayName: 'Haddad, Rania', now });

    // Version 3 is published and reaches the device.
    await ensureBundledArtifacts(db, { forms: [v3Json], notices: [] });
    const v3 = await latestForm(db);
    expect(v3?.version).toBe(3);

    const stored = await db.records.get(draft.recordId);
    expect(stored?.formRef).toBe('profilingbogen@2');
    const own = await formByRef(db, stored!.formRef!);
    expect(own?.version).toBe(2);
    // The combined partner is valid in version 2 only: version 3 names IHK and Handwerkskammer separately.
    expect(validateAnswers(own!, answers, { today: '2026-11-20' })).toEqual([]);
    expect(validateAnswers(v3!, answers, { today: '2026-11-20' }).map((issue) => `${issue.path}: ${issue.code}`)).toEqual(['referrals[0].referralPartner: unknownCode']);
    expect(validateAnswers(v3!, { ...answers, referrals: [{ ...answers.referrals[0]!, referralPartner: 'hwk' }] }, { today: '2026-11-20' })).toEqual([]);

    await expect(completeInterview(db, draft.recordId, v3!, later)).rejects.toMatchObject({ code: 'invalid_record', message: expect.stringContaining('started with profilingbogen@2') });
    expect((await db.records.get(draft.recordId))?.status).toBe('draft');
    const completed = await completeInterview(db, draft.recordId, own!, later);
    expect(completed).toMatchObject({ status: 'complete', formRef: 'profilingbogen@2', rev: 1 });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ recordId: draft.recordId, formRef: 'profilingbogen@2' });
  });

  it('a new interview after version 3 arrived starts on version 3', async () => {
    await ensureBundledArtifacts(db, { forms: [v1Json, v2Json, v3Json], notices: [] });
    const newest = await latestForm(db);
    const record = await startOn(`${newest!.id}@${newest!.version}`);
    expect(record.formRef).toBe('profilingbogen@3');
    await expect(completeInterview(db, record.recordId, (await formByRef(db, 'profilingbogen@2'))!, now)).rejects.toBeInstanceOf(StorageError);
  });
});
