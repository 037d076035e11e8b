import { describe, expect, it } from 'vitest';
import arabicJson from '../../../content/notices/notice@1/ar.json';
import germanJson from '../../../content/notices/notice@1/de.json';
import {
  ConsentRuleError,
  appendWithdrawal,
  consentRecordSchema,
  consentRecordSchemaFor,
  consentState,
  createConsentRecord,
  isEvidenceUnchanged,
  mayProcess,
  mayReceive,
  noticeArtifactSchema,
  toConsentReceipt,
  undecidedItems,
  withServerReceivedAt,
  type ConsentCaptureInput,
  type ConsentDecision,
  type ConsentEvidence,
  type ConsentRecord,
  type NoticeArtifact,
  type WithdrawalRequest,
} from './index';

const german = noticeArtifactSchema.parse(germanJson);
const arabic = noticeArtifactSchema.parse(arabicJson);
const capturedAt = new Date('2016-11-21T09:30:00.000Z');

const interviewer = { id: 'staff-07', name: 'Anna Berger' };
const signature: ConsentEvidence = {
  kind: 'signature',
  strokes: [[{ x: 10, y: 20, t: 0 }, { x: 30, y: 25, t: 16 }]],
  png: 'data:image/png;base64,iVBORw0KGgo=',
};

function decideAll(items: NoticeArtifact['purposes'], decision: ConsentDecision): Record<string, ConsentDecision> {
  return Object.fromEntries(items.map(({ id }) => [id, decision]));
}

/** An Arabic-reading applicant who signs, accepts every purpose and all recipients but Caritas. */
function capture(overrides: Partial<ConsentCaptureInput> = {}): ConsentCaptureInput {
  return {
    record_id: '0b6f1a7e-3c2d-4e5f-8a9b-1c2d3e4f5a6b',
    interview_id: '7d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6',
    pii_principal_id: 'person-2016-0042',
    parties: { interviewer },
    collection_method: 'read_by_applicant',
    purposes: decideAll(arabic.purposes, 'accepted'),
    recipient_third_parties: { ...decideAll(arabic.recipients, 'accepted'), caritas: 'refused' },
    special_categories: false,
    evidence: signature,
    ...overrides,
  };
}

const create = (overrides: Partial<ConsentCaptureInput> = {}) => createConsentRecord(capture(overrides), arabic, german, capturedAt);

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConsentRuleError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConsentRuleError');
}

const coordinator = { role: 'coordinator', id: 'staff-02', name: 'Jonas Weber' } as const;
const withdrawal = (scope: WithdrawalRequest['scope']): WithdrawalRequest => ({
  scope,
  actor: coordinator,
  channel: 'phone',
  now: new Date('2017-02-01T10:00:00.000Z'),
});

describe('createConsentRecord', () => {
  it('records who was shown which text, how, and every decision', () => {
    const record = create();
    expect(record).toMatchObject({
      privacy_notice: { id: 'notice', version: 1, language: 'ar', sha256: arabic.sha256 },
      reference_notice: { version: 1, sha256: german.sha256 },
      language: 'ar',
      collection_method: 'read_by_applicant',
      lawful_basis: ['GDPR-6-1-a'],
      jurisdiction: 'DE-NI',
      withdrawal_method: german.ui.howToWithdraw,
      interviewer_attestation: { name: 'Anna Berger', at: '2016-11-21T09:30:00.000Z' },
      events: [{ event_type: 'given', event_state: 'given', event_time: '2016-11-21T09:30:00.000Z', channel: 'in_person' }],
    });
    expect(Object.keys(record.recipient_third_parties)).toEqual(arabic.recipients.map((r) => r.id));
    expect(record.recipient_third_parties.caritas).toBe('refused');
    expect(consentRecordSchemaFor(arabic).safeParse(record).success).toBe(true);
    expect(consentState(record)).toEqual({
      status: 'given',
      acceptedPurposes: ['profiling', 'counselling', 'referral'],
      acceptedRecipients: arabic.recipients.map((r) => r.id).filter((id) => id !== 'caritas'),
    });
  });

  it('survives a trip through JSON (as stored and synced)', () => {
    const record = create();
    expect(consentRecordSchemaFor(arabic).parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('adds Art. 9(2)(a) only where special categories occur', () => {
    expect(create({ special_categories: true }).lawful_basis).toEqual(['GDPR-6-1-a', 'GDPR-9-2-a']);
  });

  it('refuses a missing decision for a recipient or a purpose', () => {
    const { jobcenter: _jobcenter, ...recipients } = capture().recipient_third_parties;
    expect(problemsOf(() => create({ recipient_third_parties: recipients }))).toEqual([
      'recipient_third_parties.jobcenter: no decision for jobcenter',
    ]);
    const { counselling: _counselling, ...purposes } = capture().purposes;
    expect(problemsOf(() => create({ purposes })).join()).toContain('no decision for counselling');
  });

  it('has no default and nothing preselected: an undecided item is refused, not assumed', () => {
    const nothingDecided = { purposes: {}, recipient_third_parties: {} };
    expect(undecidedItems(arabic, nothingDecided)).toEqual({
      purposes: ['profiling', 'counselling', 'referral'],
      recipients: arabic.recipients.map((r) => r.id),
      explicitConsents: [],
    });
    const undecided = { ...capture().recipient_third_parties, kvhs: undefined };
    expect(problemsOf(() => create({ recipient_third_parties: undecided })).join()).toContain('no decision for kvhs');

    const record = create();
    const parse = (recipients: unknown) =>
      consentRecordSchemaFor(arabic).safeParse({ ...record, recipient_third_parties: recipients }).success;
    const { kvhs: _kvhs, ...withoutKvhs } = record.recipient_third_parties;
    expect(parse(withoutKvhs)).toBe(false);
    expect(parse({ ...record.recipient_third_parties, kvhs: true })).toBe(false);
    expect(parse({ ...record.recipient_third_parties, kvhs: null })).toBe(false);
    expect(parse({ ...record.recipient_third_parties, kvhs: 'default' })).toBe(false);
  });

  it('refuses a decision about something the notice does not name', () => {
    const recipients = { ...capture().recipient_third_parties, diakonie: 'accepted' as const };
    expect(problemsOf(() => create({ recipient_third_parties: recipients })).join()).toContain(
      'diakonie is not named by the notice',
    );
  });

  it('refuses to give consent without an accepted purpose', () => {
    const problems = problemsOf(() => create({ purposes: decideAll(arabic.purposes, 'refused') }));
    expect(problems.join()).toContain('consent needs at least one accepted purpose');
  });

  it('stores a refusal of everything as a minimal record', () => {
    const record = create({
      purposes: decideAll(arabic.purposes, 'refused'),
      recipient_third_parties: decideAll(arabic.recipients, 'refused'),
      collection_method: 'interpreted',
      interpreted_by: 'Samir Haddad',
      parties: { interviewer, interpreter: { name: 'Samir Haddad', role: 'Sprachmittler' } },
      reading_attestation: { name: 'Samir Haddad', role: 'interpreter' },
    });
    expect(consentState(record)).toEqual({ status: 'refused', acceptedPurposes: [], acceptedRecipients: [] });
    expect(record.events).toMatchObject([{ event_type: 'refused', event_state: 'refused' }]);
    expect(record.parties).toEqual({ interviewer });
    for (const key of ['evidence', 'reading_attestation', 'interpreted_by'] as const) expect(record[key]).toBeUndefined();
    expect(consentRecordSchema.safeParse({ ...record, evidence: signature }).success).toBe(false);
    expect(mayProcess(record, 'profiling')).toBe(false);
  });

  it('refuses a notice whose text does not match its hash, or a translation of another version', () => {
    const tampered = { ...arabic, text: arabic.text.replace('كاريتاس', 'كنيسة') };
    expect(problemsOf(() => createConsentRecord(capture(), tampered, german, capturedAt))).toEqual([
      'the ar notice text does not match its sha256',
    ]);
    expect(problemsOf(() => createConsentRecord(capture(), { ...arabic, version: 2 }, german, capturedAt)).join()).toContain(
      'the reference is notice@1',
    );
  });

  it('needs a signature or an attested mark for consent', () => {
    expect(problemsOf(() => create({ evidence: undefined })).join()).toContain('consent needs a signature or an attested mark');
  });
});

describe('applicants who cannot read the notice', () => {
  const witness = { name: 'Fatima Omar', role: 'Sozialarbeiterin der Unterkunft' };

  it('refuses a notice read aloud by the interviewer alone', () => {
    expect(problemsOf(() => create({ collection_method: 'read_aloud' })).join()).toContain(
      'a notice read aloud or interpreted needs an interpreter or witness attestation',
    );
    const interviewerAsWitness = { name: interviewer.name, role: 'Beraterin' };
    const problems = problemsOf(() =>
      create({
        collection_method: 'read_aloud',
        parties: { interviewer, witness: interviewerAsWitness },
        reading_attestation: { name: interviewer.name, role: 'witness' },
      }),
    );
    expect(problems.join()).toContain('other than the interviewer');
  });

  it('refuses an attestation by someone who is not a listed witness or interpreter', () => {
    const problems = problemsOf(() =>
      create({ collection_method: 'read_aloud', reading_attestation: { name: 'Fatima Omar', role: 'witness' } }),
    );
    expect(problems.join()).toContain('must be a listed interpreter or witness');
  });

  it('accepts a notice read aloud with a witness who attests', () => {
    const record = create({
      collection_method: 'read_aloud',
      parties: { interviewer, witness },
      reading_attestation: { name: witness.name, role: 'witness' },
    });
    expect(record.reading_attestation).toEqual({ name: witness.name, role: 'witness', at: '2016-11-21T09:30:00.000Z' });
  });

  it('names the interpreter of an interpreted notice', () => {
    const interpreter = { name: 'Samir Haddad', role: 'Sprachmittler' };
    const interpreted = {
      collection_method: 'interpreted' as const,
      parties: { interviewer, interpreter },
      reading_attestation: { name: interpreter.name, role: 'interpreter' as const },
    };
    expect(problemsOf(() => create(interpreted)).join()).toContain('interpreted_by must name the listed interpreter');
    expect(create({ ...interpreted, interpreted_by: 'Samir Haddad' }).interpreted_by).toBe('Samir Haddad');
  });

  it('accepts a mark only with a witness or interpreter attestation', () => {
    const mark = (name: string): ConsentEvidence => ({ kind: 'mark', attestedBy: { name, role: 'witness' } });
    const readAloud = {
      collection_method: 'read_aloud' as const,
      parties: { interviewer, witness },
      reading_attestation: { name: witness.name, role: 'witness' as const },
    };
    expect(create({ ...readAloud, evidence: mark(witness.name) }).evidence).toEqual(mark(witness.name));
    expect(problemsOf(() => create({ ...readAloud, evidence: mark(interviewer.name) })).join()).toContain(
      'whoever attests a mark must be a listed interpreter or witness',
    );
    expect(problemsOf(() => create({ evidence: mark(witness.name) })).join()).toContain('whoever attests a mark');
  });
});

describe('withdrawal', () => {
  it('withdraws single recipients from then on and keeps the rest', () => {
    const record = create();
    const snapshot = structuredClone(record);
    const withdrawn = appendWithdrawal(record, withdrawal({ recipients: ['jobcenter'] }));

    expect(record).toEqual(snapshot);
    expect(withdrawn.events).toHaveLength(2);
    expect(withdrawn.events[1]).toEqual({
      event_type: 'withdrawn',
      event_time: '2017-02-01T10:00:00.000Z',
      event_state: 'given',
      actor: coordinator,
      channel: 'phone',
      scope: { recipients: ['jobcenter'], purposes: [] },
    });
    expect(mayReceive(record, 'jobcenter')).toBe(true);
    expect(mayReceive(withdrawn, 'jobcenter')).toBe(false);
    expect(mayReceive(withdrawn, 'kvhs')).toBe(true);
    expect(mayReceive(withdrawn, 'caritas')).toBe(false);
    expect(consentState(withdrawn).status).toBe('given');
  });

  it('ends everything on a full withdrawal', () => {
    const withdrawn = appendWithdrawal(create(), withdrawal('all'));
    expect(withdrawn.events[1]).toMatchObject({ event_type: 'withdrawn', event_state: 'withdrawn' });
    expect(withdrawn.events[1]!.scope).toBeUndefined();
    expect(consentState(withdrawn)).toEqual({ status: 'withdrawn', acceptedPurposes: [], acceptedRecipients: [] });
    for (const { id } of arabic.recipients) expect(mayReceive(withdrawn, id)).toBe(false);
    expect(mayProcess(withdrawn, 'profiling')).toBe(false);
  });

  it('ends everything when the last accepted purpose is withdrawn', () => {
    const onlyProfiling = create({ purposes: { profiling: 'accepted', counselling: 'refused', referral: 'refused' } });
    const withdrawn = appendWithdrawal(onlyProfiling, withdrawal({ purposes: ['profiling'] }));
    expect(withdrawn.events[1]!.event_state).toBe('withdrawn');
    expect(mayReceive(withdrawn, 'kvhs')).toBe(false);
  });

  it('refuses withdrawing twice, withdrawing what was never accepted, and withdrawing nothing', () => {
    const record = create();
    const partly = appendWithdrawal(record, withdrawal({ recipients: ['jobcenter'] }));
    expect(problemsOf(() => appendWithdrawal(partly, withdrawal({ recipients: ['jobcenter'] }))).join()).toContain(
      'recipient jobcenter is not accepted, it cannot be withdrawn',
    );
    expect(problemsOf(() => appendWithdrawal(record, withdrawal({ recipients: ['caritas'] }))).join()).toContain(
      'recipient caritas is not accepted',
    );
    expect(problemsOf(() => appendWithdrawal(record, withdrawal({}))).join()).toContain('a partial withdrawal names nothing');
    const ended = appendWithdrawal(partly, withdrawal('all'));
    expect(problemsOf(() => appendWithdrawal(ended, withdrawal('all')))).toEqual(['nothing to withdraw, consent is withdrawn']);
    expect(problemsOf(() => appendWithdrawal(ended, withdrawal({ purposes: ['referral'] })))).toEqual([
      'nothing to withdraw, consent is withdrawn',
    ]);
  });

  it('refuses a withdrawal before consent was given', () => {
    const refusal = create({
      purposes: decideAll(arabic.purposes, 'refused'),
      recipient_third_parties: decideAll(arabic.recipients, 'refused'),
    });
    expect(problemsOf(() => appendWithdrawal(refusal, withdrawal('all')))).toEqual(['nothing to withdraw, consent is refused']);
  });
});

describe('consentState', () => {
  const given = create();
  const event = (overrides: Partial<ConsentRecord['events'][number]>): ConsentRecord['events'][number] => ({
    event_type: 'withdrawn',
    event_time: '2017-01-01T00:00:00.000Z',
    event_state: 'given',
    actor: coordinator,
    channel: 'email',
    ...overrides,
  });
  const replay = (events: ConsentRecord['events']) => consentRecordSchema.safeParse({ ...given, events });

  it('replays partial withdrawals in order', () => {
    const record = [
      { recipients: ['jobcenter'] },
      { purposes: ['referral'], recipients: ['massnahmetraeger'] },
      { recipients: ['kvhs', 'gemeinde'] },
    ].reduce((current, scope) => appendWithdrawal(current, withdrawal(scope)), given);
    expect(consentState(record)).toEqual({
      status: 'given',
      acceptedPurposes: ['profiling', 'counselling'],
      acceptedRecipients: ['auslaenderbehoerde', 'fachdienst-soziales', 'agentur-fuer-arbeit', 'ihk-hwk'],
    });
  });

  it('refuses a history that does not replay', () => {
    const [first] = given.events;
    expect(replay([first!, event({ event_type: 'given' })]).success).toBe(false);
    expect(replay([event({ scope: { recipients: ['jobcenter'], purposes: [] } })]).success).toBe(false);
    expect(replay([first!, event({ scope: { recipients: ['jobcenter'], purposes: [] }, event_state: 'withdrawn' })]).success).toBe(false);
    expect(replay([first!, event({ event_state: 'withdrawn' }), event({ event_state: 'withdrawn' })]).success).toBe(false);
    expect(replay([]).success).toBe(false);
    expect(() => consentState({ ...given, events: [first!, event({ event_type: 'refused', event_state: 'refused' })] })).toThrow(
      ConsentRuleError,
    );
  });
});

describe('isEvidenceUnchanged', () => {
  const before = create();

  it('allows appending events, in any key order and with the server stamps', () => {
    const after = appendWithdrawal(before, withdrawal({ recipients: ['jobcenter'] }));
    expect(isEvidenceUnchanged(before, after)).toBe(true);
    expect(isEvidenceUnchanged(before, before)).toBe(true);
    // As a database may give it back: same JSON, every object's keys in another order.
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]))
          : value;
    const reordered = reverseKeys(JSON.parse(JSON.stringify(after))) as ConsentRecord;
    expect(Object.keys(reordered)[0]).toBe('events');
    expect(isEvidenceUnchanged(withServerReceivedAt(before, new Date('2016-11-22T08:00:00Z')), reordered)).toBe(true);
  });

  it('refuses any edit of evidence, decisions or earlier events', () => {
    const edits: ConsentRecord[] = [
      { ...before, evidence: { ...signature, png: 'data:image/png;base64,AAAA' } },
      { ...before, recipient_third_parties: { ...before.recipient_third_parties, caritas: 'accepted' } },
      { ...before, privacy_notice: { ...before.privacy_notice, sha256: german.sha256 } },
      { ...before, parties: { interviewer, witness: { name: 'Nachgetragen', role: 'Zeuge' } } },
      { ...before, events: [{ ...before.events[0]!, event_time: '2016-11-20T09:30:00.000Z' }] },
      { ...before, events: [] },
    ];
    for (const after of edits) expect(isEvidenceUnchanged(before, after)).toBe(false);
  });
});

describe('withServerReceivedAt', () => {
  it('stamps only events the server has not stamped yet', () => {
    const stamped = withServerReceivedAt(create(), new Date('2016-11-22T08:00:00Z'));
    const later = withServerReceivedAt(appendWithdrawal(stamped, withdrawal('all')), new Date('2017-02-02T08:00:00Z'));
    expect(later.events.map((e) => e.server_received_at)).toEqual(['2016-11-22T08:00:00.000Z', '2017-02-02T08:00:00.000Z']);
    expect(consentRecordSchema.safeParse(later).success).toBe(true);
  });
});

describe('toConsentReceipt', () => {
  it('exports the ISO/IEC TS 27560 fields with what holds now, and no signature', () => {
    const record = appendWithdrawal(create(), withdrawal({ recipients: ['jobcenter'] }));
    const receipt = toConsentReceipt(record);
    expect(receipt).toMatchObject({
      schema: { standard: 'ISO/IEC TS 27560:2023' },
      record_id: record.record_id,
      pii_principal_id: 'person-2016-0042',
      language: 'ar',
      jurisdiction: 'DE-NI',
      privacy_notice: { id: 'notice', version: 1, language: 'ar', sha256: arabic.sha256 },
      collection_method: 'read_by_applicant',
      lawful_basis: ['GDPR-6-1-a'],
      consent_status: 'given',
      withdrawal_method: german.ui.howToWithdraw,
    });
    expect(receipt.recipient_third_parties).toContainEqual({ id: 'jobcenter', decision: 'accepted', status: 'withdrawn' });
    expect(receipt.recipient_third_parties).toContainEqual({ id: 'caritas', decision: 'refused', status: 'refused' });
    expect(receipt.recipient_third_parties).toContainEqual({ id: 'kvhs', decision: 'accepted', status: 'accepted' });
    expect(receipt.events.map((e) => e.event_type)).toEqual(['given', 'withdrawn']);
    const json = JSON.stringify(receipt);
    expect(json).not.toContain('data:image/png');
    expect(json).not.toContain('strokes');
    expect(json).not.toContain(interviewer.name);
  });
});
