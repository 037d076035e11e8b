/**
 * The real notice@3 (German and English, filled from a complete settings version) and Profilingbogen
 * v2, and interview records captured under it with any combination of purposes and the health item.
 * Used by the consent-scope tests on the device (core, src/data) and the server.
 */
import germanJson from '../../../../content/notices/notice@3/de.json';
import englishJson from '../../../../content/notices/notice@3/en.json';
import formJson from '../../../../content/forms/profilingbogen@2.json';
import { createConsentRecord, filledNotice, noticeArtifactSchema, settingKeys, type DeploymentSettings, type NoticeArtifact } from '../../consent/index';
import { parseFormDefinition, type Answers, type FormDefinition } from '../../form/index';
import { profilingbogenV2Complete } from '../../form/__fixtures__/profilingbogen-answers';
import type { InterviewRecord } from '../record';

export const notice3Settings: DeploymentSettings = {
  id: 'deployment',
  version: 1,
  values: {
    ...(Object.fromEntries(settingKeys.map((key) => [key, `Landkreis Peine (${key})`])) as DeploymentSettings['values']),
    dpoPhone: '05171 401-1000',
    dpoEmail: 'datenschutz@landkreis-peine.de',
    supervisoryAuthorityPhone: '0511 120-4500',
    supervisoryAuthorityEmail: 'poststelle@lfd.niedersachsen.de',
    withdrawalPhone: '05171 401-7700',
    withdrawalEmail: 'uebergang@landkreis-peine.de',
    withdrawalAddress: 'Landkreis Peine, Burgstraße 1, 31224 Peine',
  },
} as DeploymentSettings;

export const notice3Templates = { de: noticeArtifactSchema.parse(germanJson), en: noticeArtifactSchema.parse(englishJson) };
export const notice3 = { de: filledNotice(notice3Templates.de, notice3Settings)!, en: filledNotice(notice3Templates.en, notice3Settings)! };

const parsedForm = parseFormDefinition(formJson);
if (!parsedForm.ok) throw new Error('profilingbogen@2 does not parse');
export const profilingbogen2: FormDefinition = parsedForm.definition;

/** v2's complete answers plus one answer for each part a purpose or the health item governs. */
export const v2AnswersWithEveryPart: Answers = {
  ...profilingbogenV2Complete,
  interviewerAssessment: 'Motiviert, sucht eine Stelle in einer Apotheke.',
  recommendedMeasures: ['jobLanguageCourse'],
  referrals: [{ referralPartner: 'jobcenter', referralPurpose: 'Berufssprachkurs', referralDate: { year: 2026, month: 11, day: 20 } }],
  workRestrictions: false,
};

export const OPTIONAL_PURPOSES = ['counselling', 'referral', 'statistics'] as const;

export interface Notice3Decisions {
  profiling: boolean;
  counselling: boolean;
  referral: boolean;
  statistics: boolean;
  health: boolean;
}

/** Every combination of the four purposes and the health item: 32. */
export function everyDecision(): Notice3Decisions[] {
  const out: Notice3Decisions[] = [];
  for (let bits = 0; bits < 32; bits++) {
    out.push({ profiling: (bits & 1) > 0, counselling: (bits & 2) > 0, referral: (bits & 4) > 0, statistics: (bits & 8) > 0, health: (bits & 16) > 0 });
  }
  return out;
}

export const decisionLabel = (d: Notice3Decisions) =>
  Object.entries(d).map(([id, yes]) => `${id}:${yes ? 'yes' : 'no'}`).join(' ');

const SIGNATURE_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A record captured under notice@3 (German text) with these decisions and `answers` (null on a refusal unless given). */
export function notice3Record(recordId: string, decisions: Notice3Decisions, answers: Answers | null, notice: NoticeArtifact = notice3.de, german: NoticeArtifact = notice.lang === 'de' ? notice : notice3.de): InterviewRecord {
  const interviewer = { id: 'iv-1', name: 'Ines Interviewerin' };
  const yes = (value: boolean) => (value ? 'accepted' : 'refused') as 'accepted' | 'refused';
  const consent = createConsentRecord(
    {
      record_id: recordId,
      interview_id: recordId,
      pii_principal_id: recordId,
      parties: { interviewer },
      collection_method: 'read_by_applicant',
      purposes: { profiling: yes(decisions.profiling), counselling: yes(decisions.counselling), referral: yes(decisions.referral), statistics: yes(decisions.statistics) },
      recipient_third_parties: Object.fromEntries(notice.recipients.map((r) => [r.id, yes(decisions.referral)])),
      explicit_consents: { health: yes(decisions.health) },
      special_categories: true,
      age_at_consent: 37,
      evidence: { kind: 'signature', strokes: [[{ x: 1, y: 2, t: 0 }, { x: 3, y: 4, t: 16 }]], png: SIGNATURE_PNG },
    },
    notice,
    german,
    new Date('2026-11-20T09:00:00.000Z'),
  );
  return {
    recordId,
    interview: {
      interviewerId: interviewer.id,
      interviewerName: interviewer.name,
      site: 'Unterkunft Nord',
      startedAt: '2026-11-20T08:55:00.000Z',
      completedAt: '2026-11-20T09:30:00.000Z',
      applicantLang: notice.lang,
      interviewLang: 'de',
    },
    consent,
    answers,
  };
}
