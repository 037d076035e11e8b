import { describe, expect, it } from 'vitest';
import arabicJson from '../../../content/notices/notice@1/ar.json';
import germanJson from '../../../content/notices/notice@1/de.json';
import { appendWithdrawal, consentOverview, createConsentRecord, noticeArtifactSchema, type ConsentDecision, type WithdrawalRequest } from './index';

const german = noticeArtifactSchema.parse(germanJson);
const arabic = noticeArtifactSchema.parse(arabicJson);
const interviewer = { id: 'staff-07', name: 'Anna Berger' };
const coordinator = { role: 'coordinator', id: 'staff-02', name: 'Jonas Weber' } as const;
const all = (items: readonly { id: string }[], decision: ConsentDecision) => Object.fromEntries(items.map(({ id }) => [id, decision]));

const given = createConsentRecord(
  {
    record_id: '0b6f1a7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b',
    interview_id: '7d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6',
    pii_principal_id: 'person-2016-0042',
    parties: { interviewer },
    collection_method: 'read_by_applicant',
    purposes: all(arabic.purposes, 'accepted'),
    recipient_third_parties: { ...all(arabic.recipients, 'accepted'), caritas: 'refused' },
    special_categories: false,
    evidence: { kind: 'signature', strokes: [[{ x: 1, y: 2, t: 0 }]], png: 'data:image/png;base64,iVBORw0KGgo=' },
  },
  arabic,
  german,
  new Date('2016-11-21T09:30:00.000Z'),
);
const withdraw = (scope: WithdrawalRequest['scope'], at: string): WithdrawalRequest => ({ scope, actor: coordinator, channel: 'phone', now: new Date(at) });
const item = (overview: ReturnType<typeof consentOverview>, id: string) => overview.items.find((entry) => entry.id === id);

describe('consentOverview', () => {
  it('shows every purpose and recipient as given or refused when consent was given', () => {
    const overview = consentOverview(given);
    expect(overview.status).toBe('given');
    expect(overview.items.filter((entry) => entry.kind === 'purpose').map((entry) => entry.id)).toEqual(arabic.purposes.map((purpose) => purpose.id));
    expect(item(overview, 'jobcenter')).toEqual({
      kind: 'recipient',
      id: 'jobcenter',
      state: 'given',
      steps: [{ change: 'given', at: '2016-11-21T09:30:00.000Z', serverReceivedAt: null, channel: 'in_person', actor: { role: 'interviewer', name: 'Anna Berger' } }],
    });
    expect(item(overview, 'caritas')?.state).toBe('refused');
  });

  it('shows a partial withdrawal on the recipient withdrawn only, when and how', () => {
    const overview = consentOverview(appendWithdrawal(given, withdraw({ recipients: ['jobcenter'] }, '2017-02-01T10:00:00.000Z')));
    expect(overview.status).toBe('given');
    expect(item(overview, 'jobcenter')?.state).toBe('withdrawn');
    expect(item(overview, 'jobcenter')?.steps.at(-1)).toEqual({
      change: 'withdrawn',
      at: '2017-02-01T10:00:00.000Z',
      serverReceivedAt: null,
      channel: 'phone',
      actor: { role: 'coordinator', name: 'Jonas Weber' },
    });
    expect(item(overview, 'kvhs')?.state).toBe('given');
    expect(item(overview, 'caritas')?.steps).toHaveLength(1);
    expect(overview.events.map((event) => [event.change, event.stateAfter, event.scope?.recipients])).toEqual([
      ['given', 'given', undefined],
      ['withdrawn', 'given', ['jobcenter']],
    ]);
  });

  it('withdraws every recipient with the last purpose, and everything on a full withdrawal', () => {
    const partly = appendWithdrawal(given, withdraw({ recipients: ['jobcenter'] }, '2017-02-01T10:00:00.000Z'));
    const ended = consentOverview(appendWithdrawal(partly, withdraw('all', '2017-03-01T10:00:00.000Z')));
    expect(ended.status).toBe('withdrawn');
    expect(ended.items.filter((entry) => entry.state === 'given')).toEqual([]);
    expect(item(ended, 'jobcenter')?.steps.map((step) => step.at)).toEqual(['2016-11-21T09:30:00.000Z', '2017-02-01T10:00:00.000Z']);
    expect(item(ended, 'kvhs')?.steps.map((step) => step.at)).toEqual(['2016-11-21T09:30:00.000Z', '2017-03-01T10:00:00.000Z']);
    const lastPurposes = consentOverview(appendWithdrawal(given, withdraw({ purposes: arabic.purposes.map((purpose) => purpose.id) }, '2017-03-01T10:00:00.000Z')));
    expect(lastPurposes.status).toBe('withdrawn');
    expect(item(lastPurposes, 'kvhs')?.state).toBe('withdrawn');
  });
});
