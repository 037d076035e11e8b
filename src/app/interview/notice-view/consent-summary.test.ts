import { describe, expect, it } from 'vitest';
import { appendWithdrawal, createConsentRecord, noticeArtifactSchema } from '../../../core/consent';
import deJson from '../../../../content/notices/notice@1/de.json';
import faJson from '../../../../content/notices/notice@1/fa.json';
import { consentSummary, isRefusalRecord, itemLabel, recordNotices } from './consent-summary';

const de = noticeArtifactSchema.parse(deJson);
const fa = noticeArtifactSchema.parse(faJson);
const interviewer = { id: 'iv-1', name: 'Ines Interviewerin' };
const actor = { role: 'interviewer' as const, ...interviewer };
const recordId = '3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function record(decision: 'mixed' | 'refused') {
  const all = (list: typeof fa.purposes, value: 'accepted' | 'refused') => Object.fromEntries(list.map((item) => [item.id, value]));
  return createConsentRecord(
    {
      record_id: recordId,
      interview_id: recordId,
      pii_principal_id: recordId,
      parties: { interviewer },
      collection_method: 'read_by_applicant',
      purposes: all(fa.purposes, decision === 'mixed' ? 'accepted' : 'refused'),
      recipient_third_parties: decision === 'mixed' ? { ...all(fa.recipients, 'accepted'), caritas: 'refused' } : all(fa.recipients, 'refused'),
      special_categories: true,
      evidence: { kind: 'signature', strokes: [[{ x: 1, y: 1, t: 0 }]], png: PNG },
    },
    fa,
    de,
    new Date('2025-03-01T09:00:00Z'),
  );
}

describe('consentSummary', () => {
  it('shows accepted and refused items as decided', () => {
    const summary = consentSummary(record('mixed'));
    expect(summary.status).toBe('given');
    expect(summary.decidedAt).toBe('2025-03-01T09:00:00.000Z');
    expect(summary.recipients.find((item) => item.id === 'caritas')?.status).toBe('refused');
    expect(summary.recipients.find((item) => item.id === 'jobcenter')?.status).toBe('accepted');
  });

  it('shows what was withdrawn since, and when', () => {
    const withdrawn = appendWithdrawal(record('mixed'), { scope: { recipients: ['jobcenter'] }, actor, channel: 'phone', now: new Date('2025-04-02T10:00:00Z') });
    const summary = consentSummary(withdrawn);
    expect(summary.recipients.find((item) => item.id === 'jobcenter')).toEqual({ kind: 'recipient', id: 'jobcenter', status: 'withdrawn', withdrawnAt: '2025-04-02T10:00:00.000Z' });
    expect(summary.withdrawals).toEqual([{ at: '2025-04-02T10:00:00.000Z', full: false, channel: 'phone' }]);

    const ended = appendWithdrawal(withdrawn, { scope: 'all', actor, channel: 'letter', now: new Date('2025-05-03T10:00:00Z') });
    const after = consentSummary(ended);
    expect(after.status).toBe('withdrawn');
    expect(after.recipients.find((item) => item.id === 'jobcenter')?.withdrawnAt).toBe('2025-04-02T10:00:00.000Z');
    expect(after.purposes.every((item) => item.status === 'withdrawn' && item.withdrawnAt === '2025-05-03T10:00:00.000Z')).toBe(true);
    expect(after.recipients.find((item) => item.id === 'caritas')?.status).toBe('refused');
  });

  it('recognises a refusal record', () => {
    expect(isRefusalRecord(record('refused'))).toBe(true);
    expect(isRefusalRecord(record('mixed'))).toBe(false);
  });
});

describe('recordNotices', () => {
  it('finds the exact texts the record was shown', () => {
    expect(recordNotices([de, fa], record('mixed'))).toEqual({ shown: fa, german: de });
  });

  it('does not substitute another text of the same language', () => {
    const other = { ...fa, sha256: '0'.repeat(64) };
    expect(recordNotices([de, other], record('mixed'))).toBeNull();
    expect(recordNotices([fa], record('mixed'))).toBeNull();
  });
});

it('itemLabel names the item in the notice language', () => {
  expect(itemLabel(de, 'recipient', 'caritas')).toBe('Caritas');
  expect(itemLabel(fa, 'purpose', 'profiling')).toBe(fa.purposes[0]?.label);
  expect(itemLabel(de, 'recipient', 'unknown')).toBe('unknown');
});
