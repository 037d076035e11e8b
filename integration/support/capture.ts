/**
 * Captures an interview on a tablet's database the way the app does (src/data), with the
 * test fixtures' form and notice: consent given (signed, answers completed) or refused.
 */
import { createConsentRecord, noticeRef } from '../../src/core/consent';
import { testForm, testFormRef, testNotice } from '../../src/core/record/__fixtures__/interview';
import { completeInterview, createInterview, saveConsentDecision, saveDraft, type LotseDatabase } from '../../src/data';

export const testInterviewer = { id: 'iv-1', name: 'Ines' };
const notice = testNotice('de');
const form = testForm();

/** `referral`: the applicant also agrees to referral (what a partner hand-over serves); refused by default. */
export async function capturedInterview(db: LotseDatabase, surname: string, decision: 'given' | 'refused' = 'given', options: { referral?: boolean } = {}): Promise<string> {
  const now = new Date().toISOString();
  const record = await createInterview(db, { interviewer: testInterviewer, interviewLang: 'de', applicantLang: 'de', now });
  const value = decision === 'given' ? 'accepted' : 'refused';
  const consent = createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: record.recordId,
      pii_principal_id: `person-${record.recordId.slice(0, 8)}`,
      parties: { interviewer: testInterviewer },
      collection_method: 'read_by_applicant',
      purposes: { profiling: value, referral: decision === 'given' && options.referral ? 'accepted' : 'refused' },
      recipient_third_parties: { jobcenter: value, caritas: 'refused' },
      special_categories: false,
      ...(decision === 'given' && {
        evidence: { kind: 'signature' as const, strokes: [[{ x: 1, y: 2, t: 0 }, { x: 5, y: 6, t: 20 }]], png: 'data:image/png;base64,AAAA' },
      }),
    },
    notice,
    notice,
    new Date(),
  );
  await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice), formRef: testFormRef(), now });
  if (decision === 'given') {
    await saveDraft(db, record.recordId, { answers: { surname, schoolYears: 10 }, progress: { stage: 'form', sectionId: 'person' }, displayName: surname, now });
    await completeInterview(db, record.recordId, form, now);
  }
  return record.recordId;
}
