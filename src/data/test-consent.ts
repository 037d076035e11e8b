/** For the tests of src/data: a consent record as the consent stage stores it, signed with a drawing. */
import { createConsentRecord, type ConsentRecord } from '../core/consent';
import { testNotice } from '../core/record/__fixtures__/interview';

export const TEST_NOTICE = testNotice('de');

/**
 * Profiling and referral accepted, the Jobcenter accepted and Caritas refused, signed by `person`
 * (its name is in the principal id and the PNG, so a test can look for it in clear); `points`
 * makes the drawing as large as a real one.
 */
export function signedConsent(recordId: string, person: string, options: { at?: string; interviewer?: string; points?: number } = {}): ConsentRecord {
  const points = options.points ?? 2;
  const stroke = Array.from({ length: points }, (_, i) => ({ x: (3 + i * 38) % 300, y: (7 + i * 36) % 120, t: i * 9 }));
  return createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: recordId,
      pii_principal_id: `person-${person}`,
      parties: { interviewer: { id: 'iv-1', name: options.interviewer ?? 'Ines' } },
      collection_method: 'read_by_applicant',
      purposes: { profiling: 'accepted', referral: 'accepted' },
      recipient_third_parties: { jobcenter: 'accepted', caritas: 'refused' },
      special_categories: false,
      evidence: { kind: 'signature', strokes: [stroke], png: `data:image/png;base64,${btoa(`signature of ${person}`.padEnd(points * 8, '.'))}` },
    },
    TEST_NOTICE,
    TEST_NOTICE,
    new Date(options.at ?? '2026-11-02T10:00:00.000Z'),
  );
}
