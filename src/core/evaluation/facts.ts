/**
 * What the evaluation counts of one interview: coded, non-identifying facts (no name, no free
 * text, no exact date of birth), derived from the record's current revision. The server keeps
 * them beside the record so that the steering committee's figures are GROUP BY queries over
 * short rows instead of parsing every payload (with its signature image) for every figure.
 */
import { consentState, type ConsentRecord } from '../consent/index';
import type { Answers, DateAnswer, RepeatInstance } from '../form/index';

/** The purpose an evaluation serves under a notice: statistics where the notice names it, else the competence profile. */
export const STATISTICS_PURPOSE = 'statistics';
export const PROFILE_PURPOSE = 'profiling';

export function evaluationPurposeOf(noticePurposeIds: readonly string[]): string {
  return noticePurposeIds.includes(STATISTICS_PURPOSE) ? STATISTICS_PURPOSE : PROFILE_PURPOSE;
}

/** Why a record is not counted. */
export type ExclusionReason = 'refused' | 'withdrawn' | 'purposeRefused';

/** Single-valued dimensions: every counted person is in exactly one value (a partition). */
export const singleDimensions = [
  'week', 'nationality', 'ageBand', 'sex', 'municipality', 'residenceStatus', 'isced',
  'germanListening', 'germanReading', 'germanSpokenInteraction', 'germanSpokenProduction', 'germanWriting',
  'vocationalTraining', 'studies', 'occupationArea', 'occupationGroup', 'workYears', 'drivingLicence',
] as const;
export type SingleDimension = (typeof singleDimensions)[number];

/** Multi-valued dimensions: a person may count under several values, or none. */
export const multiDimensions = ['otherLanguage', 'goal', 'measure'] as const;
export type MultiDimension = (typeof multiDimensions)[number];

/**
 * Multi-valued dimensions kept only as rows of `evaluation_values` (server), without a column of
 * their own in the facts row: the referral partners (`referrals[].referralPartner`; a code of any
 * form version — `ihk-hwk` of versions 1 and 2, `ihk` and `hwk` from version 3 on).
 */
export const valueDimensions = ['referralPartner'] as const;
export type ValueDimension = (typeof valueDimensions)[number];

export interface EvaluationFacts {
  /** `YYYY-MM-DD` of the interview (the form's interview date, else the device's start time). */
  interviewDate: string;
  /** Null when the record is counted. */
  excluded: ExclusionReason | null;
  /** Each recipient's state under the current consent. */
  recipients: Record<string, 'given' | 'refused' | 'withdrawn'>;
  /** Empty for a refusal (there are no answers). */
  single: Partial<Record<SingleDimension, string>>;
  multi: Partial<Record<MultiDimension | ValueDimension, string[]>>;
}

/** "Not stated": a person without an answer is counted too, so a partition adds up to everyone. */
export const NOT_STATED = 'notStated';
/** The key of people who have no entry of a kind (no work experience, no German entry). */
export const NONE = 'none';

const pad = (n: number) => String(n).padStart(2, '0');

function isDate(value: unknown): value is DateAnswer {
  return typeof value === 'object' && value !== null && typeof (value as DateAnswer).year === 'number';
}

/** The Monday of the ISO week of a `YYYY-MM-DD` day, as `YYYY-MM-DD`. */
export function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

function interviewDayOf(answers: Answers | null, startedAt: string): string {
  const date = answers?.interviewDate;
  if (isDate(date) && date.month !== null && date.day !== null) return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  return startedAt.slice(0, 10);
}

function ageBandOf(birth: unknown, interviewDay: string): string {
  if (!isDate(birth)) return NOT_STATED;
  const [year, month, day] = interviewDay.split('-').map(Number) as [number, number, number];
  // An unknown month or day counts as the middle of the unknown span: the age is then off by a year at most.
  const birthMonth = birth.month ?? 7;
  const birthDay = birth.day ?? 1;
  const age = year - birth.year - (month < birthMonth || (month === birthMonth && day < birthDay) ? 1 : 0);
  if (age < 18) return 'under18';
  for (const [upTo, band] of [[24, '18-24'], [34, '25-34'], [44, '35-44'], [54, '45-54'], [64, '55-64']] as const) if (age <= upTo) return band;
  return '65plus';
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const instances = (value: unknown): RepeatInstance[] => (Array.isArray(value) ? (value as RepeatInstance[]).filter((v) => typeof v === 'object' && v !== null) : []);

function yearsOf(from: unknown, to: unknown, interviewYear: number): number {
  if (!isDate(from)) return 0;
  const end = isDate(to) ? to : { year: interviewYear, month: null, day: null };
  const months = (end.year - from.year) * 12 + ((end.month ?? 6) - (from.month ?? 6));
  return Math.max(0, months / 12);
}

function workYearsBand(years: number, jobs: number): string {
  if (jobs === 0) return NONE;
  if (years < 1) return 'under1';
  if (years < 3) return '1-2';
  if (years < 6) return '3-5';
  if (years <= 10) return '6-10';
  return 'over10';
}

/** The job that ended last (an open one counts as now); ties: the one listed first. */
function latestJob(jobs: readonly RepeatInstance[]): RepeatInstance | undefined {
  let latest: RepeatInstance | undefined;
  let latestKey = -Infinity;
  for (const job of jobs) {
    const to = job.workTo;
    const from = job.workFrom;
    const key = isDate(to) ? to.year * 12 + (to.month ?? 12) : isDate(from) ? Infinity : -1;
    if (key > latestKey) {
      latest = job;
      latestKey = key;
    }
  }
  return latest;
}

function completionOf(entries: readonly RepeatInstance[], completedField: string): string {
  if (entries.length === 0) return NONE;
  if (entries.some((entry) => entry[completedField] === true)) return 'completed';
  if (entries.some((entry) => entry[completedField] === false)) return 'notCompleted';
  return NOT_STATED;
}

const germanSkills = [
  ['germanListening', 'listening'],
  ['germanReading', 'reading'],
  ['germanSpokenInteraction', 'spokenInteraction'],
  ['germanSpokenProduction', 'spokenProduction'],
  ['germanWriting', 'writing'],
] as const;

/** The facts of a record's current revision. `noticePurposeIds`: the purposes its notice names. */
export function evaluationFactsOf(
  record: { consent: ConsentRecord; answers: Answers | null; interview: { startedAt: string } },
  noticePurposeIds: readonly string[],
): EvaluationFacts {
  const state = consentState(record.consent);
  const purpose = evaluationPurposeOf(noticePurposeIds);
  const excluded: ExclusionReason | null =
    state.status === 'refused' ? 'refused' : state.status === 'withdrawn' ? 'withdrawn' : state.acceptedPurposes.includes(purpose) ? null : 'purposeRefused';
  const withdrawnRecipients = new Set(
    record.consent.events.flatMap((event) => (event.event_type === 'withdrawn' ? event.scope?.recipients ?? Object.keys(record.consent.recipient_third_parties) : [])),
  );
  const recipients = Object.fromEntries(
    Object.entries(record.consent.recipient_third_parties).map(([id, decision]) => [
      id,
      decision === 'refused' ? 'refused' : withdrawnRecipients.has(id) || state.status === 'withdrawn' ? 'withdrawn' : 'given',
    ]),
  ) as EvaluationFacts['recipients'];

  const { answers } = record;
  const interviewDate = interviewDayOf(answers, record.interview.startedAt);
  if (!answers) return { interviewDate, excluded, recipients, single: { week: weekOf(interviewDate) }, multi: {} };

  const skills = instances(answers.languageSkills);
  const german = skills.find((entry) => entry.skillLanguage === 'deu');
  const germanLevels = (german?.skillLevels ?? {}) as Record<string, unknown>;
  const motherTongues = new Set(list(answers.motherTongues));
  const jobs = instances(answers.workExperience);
  const interviewYear = Number(interviewDate.slice(0, 4));
  const workYears = jobs.reduce((sum, job) => sum + yearsOf(job.workFrom, job.workTo, interviewYear), 0);
  const latestCode = text(latestJob(jobs)?.occupationCode);
  const licence = answers.hasDrivingLicence;

  const single: EvaluationFacts['single'] = {
    week: weekOf(interviewDate),
    nationality: answers.nationalityStatus === 'known' ? list(answers.nationality)[0] ?? NOT_STATED : text(answers.nationalityStatus) ?? NOT_STATED,
    ageBand: ageBandOf(answers.birthDate, interviewDate),
    sex: text(answers.sex) ?? NOT_STATED,
    municipality: text(answers.municipality) ?? NOT_STATED,
    residenceStatus: text(answers.residenceStatus) ?? NOT_STATED,
    isced: text(answers.iscedLevel) ?? NOT_STATED,
    vocationalTraining: completionOf(instances(answers.vocationalTraining), 'vtCompleted'),
    studies: completionOf(instances(answers.studies), 'studyCompleted'),
    occupationArea: jobs.length === 0 ? NONE : latestCode ? latestCode.slice(0, 1) : NOT_STATED,
    occupationGroup: jobs.length === 0 ? NONE : latestCode ? latestCode.slice(0, 2) : NOT_STATED,
    workYears: workYearsBand(workYears, jobs.length),
    drivingLicence: licence === true ? 'yes' : licence === false ? 'no' : NOT_STATED,
  };
  for (const [dimension, skill] of germanSkills) single[dimension] = german ? text(germanLevels[skill]) ?? NOT_STATED : NONE;

  return {
    interviewDate,
    excluded,
    recipients,
    single,
    multi: {
      otherLanguage: [...new Set(skills.map((entry) => text(entry.skillLanguage)).filter((code): code is string => code !== null && code !== 'deu' && !motherTongues.has(code)))],
      goal: list(answers.goals),
      measure: list(answers.recommendedMeasures),
      referralPartner: [...new Set(instances(answers.referrals).map((entry) => text(entry.referralPartner)).filter((code): code is string => code !== null))],
    },
  };
}
