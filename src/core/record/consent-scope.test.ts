/**
 * Purposes are enforced, not only recorded (issue 14 item 1, item 2's health answer): for every
 * combination of notice@3's purposes and the health item, the answers the consent covers are
 * accepted and any answer beyond them is refused with `purpose_not_accepted` — the check the
 * server runs on every push (`validateRecordEntry`) and the device on every save.
 */
import { describe, expect, it } from 'vitest';
import { payloadHash } from './payload-hash';
import { formForConsent, mappedFormFor, storageRequirements, uncoveredAnswers, validateRecordEntry } from './index';
import { requirementTables } from './consent-scope';
import { sidecars } from './mapped-form';
import { decisionLabel, everyDecision, notice3, notice3Record, profilingbogen2, v2AnswersWithEveryPart, type Notice3Decisions } from './__fixtures__/notice3';
import { interviewRecord, testNotice } from './__fixtures__/interview';
import { isRepeatGroup, parseFormDefinition, receivableFieldPaths, type Answers, type FormDefinition } from '../form/index';
import v3Json from '../../../content/forms/profilingbogen@3.json';
import type { PushEntry } from '../sync/index';

function entryOf(record: ReturnType<typeof notice3Record>): PushEntry {
  const payload = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  return {
    seq: 1,
    recordId: record.recordId,
    rev: 1,
    baseRev: 0,
    formRef: record.answers === null ? null : 'profilingbogen@2',
    noticeRef: { id: 'notice', version: 3, lang: record.consent.language, sha256: record.consent.privacy_notice.sha256, settingsVersion: 1 },
    payload,
    payloadSha256: payloadHash(payload),
  };
}
const judge = (record: ReturnType<typeof notice3Record>) =>
  validateRecordEntry(entryOf(record), { form: record.answers === null ? null : profilingbogen2, notice: notice3.de, referenceNotice: notice3.de, today: '2026-12-05' });

/** What each part needs, as the notice says it. */
const PARTS: [string, (d: Notice3Decisions) => boolean][] = [
  ['interviewerAssessment', (d) => d.counselling],
  ['recommendedMeasures', (d) => d.counselling],
  ['referrals', (d) => d.referral],
  ['workRestrictions', (d) => d.health],
];

/** The answers of `all` the form for this consent keeps (what the device lets the interviewer enter). */
function keptAnswers(form: ReturnType<typeof formForConsent>, all: Answers): Answers {
  const ids = new Set<string>();
  for (const section of form.sections) for (const item of section.items) ids.add(item.id);
  return Object.fromEntries(Object.entries(all).filter(([key]) => ids.has(key)));
}

describe('every purpose combination of notice@3', () => {
  it.each(everyDecision().map((d) => [decisionLabel(d), d] as const))('%s', (_, decisions) => {
    const id = crypto.randomUUID();
    if (!decisions.profiling) {
      // Refusing the core purpose is a refusal: no answers, and answers are refused.
      const refusal = notice3Record(id, decisions, null);
      expect(refusal.consent.events[0]?.event_type).toBe('refused');
      expect(judge(refusal)).toEqual({ ok: true });
      expect(judge(notice3Record(id, decisions, v2AnswersWithEveryPart))).toMatchObject({ ok: false, code: 'consent_missing' });
      return;
    }
    const probe = notice3Record(id, decisions, null);
    const form = formForConsent(profilingbogen2, probe.consent);
    // The device's form shows exactly the parts the decisions cover.
    const shown = new Set(form.sections.flatMap((s) => s.items.map((i) => i.id)));
    for (const [part, covered] of PARTS) expect(shown.has(part), part).toBe(covered(decisions));
    expect(shown.has('surname')).toBe(true);
    // The special-category flag follows the health item.
    expect(probe.consent.lawful_basis.includes('GDPR-9-2-a')).toBe(decisions.health);

    expect(judge(notice3Record(id, decisions, keptAnswers(form, v2AnswersWithEveryPart)))).toEqual({ ok: true });
    const full = judge(notice3Record(id, decisions, v2AnswersWithEveryPart));
    const uncoveredParts = PARTS.filter(([, covered]) => !covered(decisions)).map(([part]) => part);
    if (uncoveredParts.length === 0) {
      expect(full).toEqual({ ok: true });
    } else {
      expect(full).toMatchObject({ ok: false, code: 'purpose_not_accepted' });
      expect(full.ok ? '' : full.message).toContain(uncoveredParts[0]);
      const named = uncoveredAnswers(profilingbogen2, probe.consent, v2AnswersWithEveryPart).map((path) => path.replace(/[[(. ].*$/, ''));
      expect([...new Set(named)]).toEqual(uncoveredParts);
    }
  });
});

describe('uncoveredAnswers', () => {
  it('names each uncovered answer and what it needs, inside repeat groups too', () => {
    const record = notice3Record(crypto.randomUUID(), { profiling: true, counselling: false, referral: false, statistics: true, health: false }, null);
    expect(uncoveredAnswers(profilingbogen2, record.consent, v2AnswersWithEveryPart)).toEqual([
      'interviewerAssessment (needs counselling)',
      'recommendedMeasures (needs counselling)',
      'referrals[0].referralPartner (needs referral)',
      'referrals[0].referralPurpose (needs referral)',
      'referrals[0].referralDate (needs referral)',
      'workRestrictions (needs health)',
    ]);
  });

  it('an empty answer is no answer', () => {
    const record = notice3Record(crypto.randomUUID(), { profiling: true, counselling: false, referral: false, statistics: false, health: false }, null);
    expect(uncoveredAnswers(profilingbogen2, record.consent, { surname: 'Haddad', interviewerAssessment: '', recommendedMeasures: [], workRestrictions: null })).toEqual([]);
  });

  it('records of notices without a core purpose keep their rules: any accepted purpose covers the form', () => {
    const record = interviewRecord({ recordId: crypto.randomUUID(), notice: testNotice('de') });
    expect(record.consent.core_purpose).toBeUndefined();
    expect(uncoveredAnswers(profilingbogen2, record.consent, v2AnswersWithEveryPart)).toEqual([]);
    expect(formForConsent(profilingbogen2, record.consent)).toBe(profilingbogen2);
  });

  it('the form for a consent without counselling and referral has no next-steps section left', () => {
    const record = notice3Record(crypto.randomUUID(), { profiling: true, counselling: false, referral: false, statistics: false, health: true }, null);
    const form = formForConsent(profilingbogen2, record.consent);
    expect(form.sections.map((s) => s.id)).not.toContain('nextSteps');
    expect(form.sections.flatMap((s) => s.items).some((i) => isRepeatGroup(i) && i.id === 'referrals')).toBe(false);
  });
});

describe('Profilingbogen version 3 and the notice versions', () => {
  const v3 = (() => {
    const parsed = parseFormDefinition(v3Json);
    if (!parsed.ok) throw new Error('profilingbogen@3 does not parse');
    return parsed.definition;
  })();
  const paths = (form: FormDefinition | null, recipient: string) => (form ? receivableFieldPaths(form, recipient, ['referral']) : []);

  it('under notice@3 gives IHK and Handwerkskammer each what version 2 gives them, and the joint recipient nothing', () => {
    const mapped = mappedFormFor(v3, 'notice@3');
    const v2Mapped = mappedFormFor(profilingbogen2, 'notice@3');
    for (const recipient of ['ihk', 'hwk', 'jobcenter', 'auslaenderbehoerde']) expect(paths(mapped, recipient), recipient).toEqual(paths(v2Mapped, recipient));
    expect(paths(mapped, 'hwk')).toEqual(paths(mapped, 'ihk'));
    expect(paths(mapped, 'hwk')).toContain('workExperience[].jobTitle');
    expect(paths(mapped, 'hwk')).not.toContain('workRestrictions');
    expect(() => paths(mapped, 'ihk-hwk')).toThrow(/not a recipient/);
  });

  it('for records of notice@1/@2 keeps the joint recipient of those notices, as version 2 does', () => {
    const own = mappedFormFor(v3);
    expect(paths(own, 'ihk-hwk')).toEqual(paths(mappedFormFor(profilingbogen2), 'ihk-hwk'));
    expect(paths(own, 'ihk-hwk').length).toBeGreaterThan(0);
    expect(() => paths(own, 'hwk')).toThrow(/not a recipient/);
  });

  it('offers IHK and Handwerkskammer as separate referral partners, where version 2 had the joint one', () => {
    expect(v3.codeLists.referralPartners!.items.map((item) => item.code)).toEqual(
      profilingbogen2.codeLists.referralPartners!.items.flatMap((item) => (item.code === 'ihk-hwk' ? ['ihk', 'hwk'] : [item.code])),
    );
  });
});

describe('storage requirements (content/disclosure/notice@3.requires.json)', () => {
  it('has one table per notice version with a mapping, naming only items every form under that notice has', () => {
    const noticesWithMapping = [...new Set(sidecars.flatMap((sidecar) => (sidecar.notice === undefined ? [] : [sidecar.notice])))];
    expect(requirementTables.map((table) => table.notice).sort()).toEqual(noticesWithMapping.sort());
    for (const table of requirementTables) {
      const v3 = parseFormDefinition(v3Json);
      if (!v3.ok) throw new Error('profilingbogen@3 does not parse');
      for (const form of [profilingbogen2, v3.definition]) {
        const items = new Set(form.sections.flatMap((section) => section.items.flatMap((item) => [item.id, ...(isRepeatGroup(item) ? item.items.map((field) => `${item.id}.${field.id}`) : [])])));
        expect(Object.keys(table.requires).filter((key) => !items.has(key)), `${table.notice} on ${form.id}@${form.version}`).toEqual([]);
      }
    }
    expect(storageRequirements('notice@3').workRestrictions).toEqual(['health']);
    expect(storageRequirements('notice@3').recommendedMeasures).toEqual(['counselling']);
    // notice@1 and @2 have no table: nothing beyond the consent itself is required.
    expect(storageRequirements('notice@2')).toEqual({});
  });
});
