/**
 * Realistic interviews for the benchmarks: the real published content (content/: the
 * Profilingbogen and the notice texts in every language), answers that pass the form's own
 * validation, and consent captured with a drawn signature (vector strokes and a canvas PNG,
 * as signature_pad hands them over). Captured through src/data exactly as a tablet does:
 * create → consent → autosaves → complete, so the outbox holds what a tablet would send.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createConsentRecord, noticeArtifactSchema, noticeRef, type ConsentRecord, type NoticeArtifact } from '../../src/core/consent';
import { parseFormDefinition, type Answers, type FormDefinition } from '../../src/core/form';
import { completeInterview, createInterview, saveConsentDecision, saveDraft, type LotseDatabase } from '../../src/data';
import { repoRoot } from './paths';
import { seededRandom } from '../../src/server/demo/random';
import { drawnSignature, type DrawnSignature } from '../../src/server/demo/signature';

export { seededRandom, drawnSignature, type DrawnSignature };

export interface PublishedContent {
  form: FormDefinition;
  formRef: string;
  notices: Map<string, NoticeArtifact>;
  germanNotice: NoticeArtifact;
}

export function loadPublishedContent(): PublishedContent {
  const formJson: unknown = JSON.parse(fs.readFileSync(path.join(repoRoot, 'content/forms/profilingbogen@1.json'), 'utf8'));
  const parsed = parseFormDefinition(formJson);
  if (!parsed.ok) throw new Error(`content/forms/profilingbogen@1.json is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const noticeDir = path.join(repoRoot, 'content/notices/notice@1');
  const notices = new Map<string, NoticeArtifact>();
  for (const file of fs.readdirSync(noticeDir).filter((name) => name.endsWith('.json'))) {
    const notice = noticeArtifactSchema.parse(JSON.parse(fs.readFileSync(path.join(noticeDir, file), 'utf8')));
    notices.set(notice.lang, notice);
  }
  const germanNotice = notices.get('de');
  if (!germanNotice) throw new Error('content/notices/notice@1/de.json is missing');
  const form = parsed.definition;
  return { form, formRef: `${form.id}@${form.version}`, notices, germanNotice };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface Applicant {
  surname: string;
  givenNames: string;
  lang: string;
  nationality: string;
  motherTongue: string;
  interviewLanguage: string;
}

// Who the district's first campaign interviewed, roughly: Syria, Afghanistan, Iraq, Eritrea,
// Somalia, Turkey, Iran, Ukraine; names as the interviewer types them (mostly Latin script).
const applicantKinds: readonly Omit<Applicant, 'surname' | 'givenNames'>[] = [
  { lang: 'ar', nationality: 'SY', motherTongue: 'apc', interviewLanguage: 'arb' },
  { lang: 'ar', nationality: 'IQ', motherTongue: 'acm', interviewLanguage: 'arb' },
  { lang: 'prs', nationality: 'AF', motherTongue: 'prs', interviewLanguage: 'prs' },
  { lang: 'ps', nationality: 'AF', motherTongue: 'pus', interviewLanguage: 'pus' },
  { lang: 'fa', nationality: 'IR', motherTongue: 'pes', interviewLanguage: 'pes' },
  { lang: 'ti', nationality: 'ER', motherTongue: 'tir', interviewLanguage: 'tir' },
  { lang: 'so', nationality: 'SO', motherTongue: 'som', interviewLanguage: 'som' },
  { lang: 'tr', nationality: 'TR', motherTongue: 'tur', interviewLanguage: 'tur' },
  { lang: 'kmr', nationality: 'SY', motherTongue: 'kmr', interviewLanguage: 'kmr' },
  { lang: 'ckb', nationality: 'IQ', motherTongue: 'ckb', interviewLanguage: 'ckb' },
  { lang: 'ru', nationality: 'UA', motherTongue: 'ukr', interviewLanguage: 'rus' },
  { lang: 'de', nationality: 'AL', motherTongue: 'sqi', interviewLanguage: 'deu' },
];
const surnames = ['Haddad', 'Al-Hassan', 'Rahimi', 'Ahmadzai', 'Tesfay', 'Abdi', 'Yilmaz', 'Hosseini', 'Kaya', 'Mohammadi', 'Berhane', 'Warsame', 'Shevchenko', 'Ibrahim', 'Karimi', 'Osman', 'Qasemi', 'Mahmoud', 'Ghebremariam', 'Noori', 'حداد', 'رحیمی'];
const givenNames = ['Rania', 'Omar', 'Fatima', 'Ahmad', 'Zahra', 'Yonas', 'Amina', 'Mehmet', 'Leila', 'Hamid', 'Senait', 'Abdullahi', 'Olena', 'Mustafa', 'Maryam', 'Ali', 'Aisha', 'Farid', 'Selam', 'Dmytro'];

export function applicantFor(index: number): Applicant {
  const random = seededRandom(index * 7919 + 17);
  const kind = pick(random, applicantKinds);
  return { ...kind, surname: pick(random, surnames), givenNames: pick(random, givenNames) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A complete Profilingbogen that passes validateAnswers (the shape of the content test's record), varied per applicant. */
export function answersFor(index: number, recordId: string, applicant: Applicant, interviewer: string, site: string, today: Date): Answers {
  const random = seededRandom(index * 104729 + 3);
  const year = today.getUTCFullYear();
  const iscedLevel = pick(random, ['1', '2', '3', '4', '6']);
  const hasStudies = Number(iscedLevel) >= 5;
  return {
    interviewId: recordId,
    interviewDate: { year, month: today.getUTCMonth() + 1, day: today.getUTCDate() },
    interviewTime: `${pad(8 + Math.floor(random() * 9))}:${pad(Math.floor(random() * 60))}`,
    interviewer,
    site,
    interviewLanguage: applicant.interviewLanguage,
    applicantLanguage: applicant.lang,
    interpreter: applicant.lang === 'de' ? 'none' : 'community',
    surname: applicant.surname,
    givenNames: applicant.givenNames,
    birthDate: { year: 1965 + Math.floor(random() * 40), month: 1 + Math.floor(random() * 12), day: random() < 0.7 ? 1 + Math.floor(random() * 28) : null },
    sex: pick(random, ['female', 'male']),
    nationalityStatus: 'known',
    nationality: [applicant.nationality],
    motherTongues: [applicant.motherTongue],
    phone: `+49 15${Math.floor(random() * 10)} ${1000000 + Math.floor(random() * 8999999)}`,
    municipality: pick(random, ['peine', 'edemissen', 'hohenhameln', 'ilsede', 'lengede', 'vechelde', 'wendeburg']),
    entryDate: { year: year - 2 - Math.floor(random() * 3), month: 1 + Math.floor(random() * 12), day: null },
    assignmentDate: { year: year - 1, month: 1 + Math.floor(random() * 12), day: 1 + Math.floor(random() * 28) },
    residenceStatus: 'ae25_2_subsidiary',
    residenceValidUntil: { year: year + 1, month: 1 + Math.floor(random() * 12), day: 1 + Math.floor(random() * 28) },
    employmentPermission: 'permitted',
    benefitsBranch: 'sgb2',
    schoolYears: 4 + Math.floor(random() * 10),
    iscedLevel,
    schoolCountry: applicant.nationality,
    certificates: pick(random, ['partly', 'yes', 'no']),
    literateOwnScript: true,
    literateLatin: random() < 0.8,
    ...(hasStudies
      ? { studies: [{ studySubject: pick(random, ['Pharmazie', 'Bauingenieurwesen', 'Informatik', 'Lehramt']), studyDegree: 'bachelor', studyCountry: applicant.nationality, studyCompleted: true }], recognitionStatus: 'applied' }
      : {}),
    languageSkills: [
      { skillLanguage: applicant.motherTongue, skillLevels: { listening: 'C2', reading: 'C1', spokenInteraction: 'C2', spokenProduction: 'C2', writing: 'C1' } },
      {
        skillLanguage: 'deu',
        skillLevels: { listening: 'A2', reading: 'A2', spokenInteraction: 'A1', spokenProduction: 'A1', writing: 'A1' },
        germanEvidence: ['selfAssessment'],
        integrationCourse: 'attending',
        integrationCourseModule: 'module3',
      },
    ],
    workExperience: [
      {
        jobTitle: pick(random, ['Bäcker', 'Schweißer', 'Krankenpflegerin', 'Friseur', 'Fahrer', 'Lagerist', 'Koch']),
        occupationCode: pick(random, ['244', '813', '823', '521', '293', '513']),
        workCountry: applicant.nationality,
        workFrom: { year: year - 12, month: null, day: null },
        workTo: { year: year - 4, month: 6, day: null },
        employmentType: 'employed',
      },
    ],
    digitalSkills: ['smartphone'],
    hasDrivingLicence: true,
    drivingLicenceClasses: ['B'],
    licenceCountry: applicant.nationality,
    licenceDocumentHeld: false,
    goals: ['languageCourse', 'job'],
    commutingRadiusKm: pick(random, [10, 20, 30, 50]),
    hoursPerWeek: pick(random, [20, 30, 39]),
    recommendedMeasures: ['jobLanguageCourse', 'recognitionCounselling'],
    referrals: [{ referralPartner: 'jobcenter', referralPurpose: 'Berufssprachkurs', referralDate: { year, month: today.getUTCMonth() + 1, day: today.getUTCDate() } }],
  };
}

const signaturePool: DrawnSignature[] = [];
function signatureFor(index: number): DrawnSignature {
  // A pool: drawing a PNG costs more than the capture itself, and a signature's bytes are what matters.
  if (signaturePool.length === 0) for (let i = 0; i < 12; i++) signaturePool.push(drawnSignature(i));
  return signaturePool[index % signaturePool.length]!;
}

// ---------------------------------------------------------------- capture

export interface CaptureOptions {
  /** Every n-th applicant refuses (a minimal record without answers); 0 = nobody. */
  refusalEvery?: number;
  /** Drafts saved before completion (the form autosaves as it is filled in); 1 by default. */
  autosaves?: number;
  now?: () => Date;
}

export function consentFor(content: PublishedContent, index: number, recordId: string, decision: 'given' | 'refused', at: Date): { consent: ConsentRecord; notice: NoticeArtifact } {
  const applicant = applicantFor(index);
  const notice = content.notices.get(applicant.lang) ?? content.germanNotice;
  const value = decision === 'given' ? ('accepted' as const) : ('refused' as const);
  const interviewer = { id: 'iv-bench', name: 'Ines Interviewerin' };
  const consent = createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: recordId,
      pii_principal_id: `person-${recordId.slice(0, 8)}`,
      parties: { interviewer, ...(applicant.lang !== 'de' && { interpreter: { name: 'Samira Sprachmittlerin', role: 'Sprachmittlerin' } }) },
      collection_method: 'read_by_applicant',
      purposes: Object.fromEntries(notice.purposes.map((item, i) => [item.id, i === 0 ? value : decision === 'given' && i % 2 === 0 ? 'accepted' : 'refused'])),
      recipient_third_parties: Object.fromEntries(notice.recipients.map((item, i) => [item.id, decision === 'given' && i % 3 !== 2 ? 'accepted' : 'refused'])),
      special_categories: false,
      ...(decision === 'given' && { evidence: { kind: 'signature' as const, ...signatureFor(index) } }),
    },
    notice,
    content.germanNotice,
    at,
  );
  return { consent, notice };
}

/** Captures interview `index` through src/data; returns its record id. */
export async function captureInterview(db: LotseDatabase, content: PublishedContent, index: number, options: CaptureOptions = {}): Promise<string> {
  const clock = options.now ?? (() => new Date());
  const applicant = applicantFor(index);
  const interviewer = { id: 'iv-bench', name: 'Ines Interviewerin' };
  const site = ['Gemeinschaftsunterkunft Peine', 'Unterkunft Vechelde', 'Unterkunft Ilsede'][index % 3]!;
  const record = await createInterview(db, { interviewer, interviewLang: 'de', applicantLang: applicant.lang, site, now: clock().toISOString() });
  const refuses = Boolean(options.refusalEvery) && index % options.refusalEvery! === options.refusalEvery! - 1;
  const { consent, notice } = consentFor(content, index, record.recordId, refuses ? 'refused' : 'given', clock());
  await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice), formRef: content.formRef, now: clock().toISOString() });
  if (refuses) return record.recordId;
  const answers = answersFor(index, record.recordId, applicant, interviewer.name, site, clock());
  const displayName = `${applicant.givenNames} ${applicant.surname}`;
  // The form autosaves as it is filled in: drafts growing to the whole form, then completion.
  const keys = Object.keys(answers);
  const autosaves = Math.max(1, options.autosaves ?? 1);
  for (let save = 1; save <= autosaves; save++) {
    const partial = Object.fromEntries(keys.slice(0, Math.ceil((keys.length * save) / autosaves)).map((key) => [key, answers[key]!]));
    await saveDraft(db, record.recordId, { answers: partial as Answers, progress: { stage: 'form', sectionId: null }, displayName, now: clock().toISOString() });
  }
  await completeInterview(db, record.recordId, content.form, clock().toISOString());
  return record.recordId;
}
