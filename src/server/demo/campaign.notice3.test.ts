/**
 * A demo campaign captured under notice@3 (issue 14): its records carry the age, the health
 * decision and the interpreter's kind, hold only what the accepted purposes cover, and pass the
 * same validation as a tablet's push.
 */
import { describe, expect, it } from 'vitest';
import { noticeRef } from '../../core/consent/index';
import { payloadHash, validateRecordEntry } from '../../core/record/index';
import { notice3, profilingbogen2 } from '../../core/record/__fixtures__/notice3';
import { demoCampaign } from './campaign';

describe('a demo campaign under notice@3', () => {
  it('makes records a push accepts, in German and English', () => {
    const content = { forms: [profilingbogen2], notices: new Map([[3, new Map([['de', notice3.de], ['en', notice3.en]])]]) };
    const campaign = demoCampaign(content, { count: 60, seed: 7, start: new Date('2026-11-02T00:00:00Z'), weeks: 4, devices: 2 });
    let withoutCounselling = 0;
    for (const interview of campaign) {
      const record = interview.revisions[0]!;
      const payload = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
      const verdict = validateRecordEntry(
        { seq: 1, recordId: record.recordId, rev: 1, baseRev: 0, formRef: interview.formRef, noticeRef: noticeRef(interview.notice), payload, payloadSha256: payloadHash(payload) },
        { form: interview.formRef ? profilingbogen2 : null, notice: interview.notice, referenceNotice: notice3.de, today: '2026-12-31' },
      );
      expect(verdict, record.recordId).toEqual({ ok: true });
      if (record.consent.events[0]?.event_type === 'given') {
        expect(record.consent.age_at_consent).toBeGreaterThanOrEqual(18);
        expect(Object.keys(record.consent.explicit_consents ?? {})).toEqual(['health']);
        if (record.consent.purposes.counselling === 'refused') {
          withoutCounselling++;
          expect(record.answers).not.toHaveProperty('recommendedMeasures');
        }
      }
    }
    expect(withoutCounselling).toBeGreaterThan(0);
  });
});
