/**
 * A small published world for tests of records and sync: a form, a German
 * notice with an English translation, and builders for interview records and
 * push entries that the server must accept. Used by src/core/record and
 * src/server tests alike.
 */
import { createConsentRecord, noticeArtifactSchema, sha256Hex, type NoticeArtifact } from '../../consent/index';
import { parseFormDefinition, type Answers, type FormDefinition } from '../../form/index';
import type { PushEntry } from '../../sync/index';
import { payloadHash } from '../record';
import type { InterviewRecord } from '../record';

const t = (de: string, en: string): Record<string, string> => ({ de, en });

export const TEST_FORM_ID = 'testbogen';

export function testFormJson(version = 1): Record<string, unknown> {
  return {
    id: TEST_FORM_ID,
    version,
    title: t('Testbogen', 'Test form'),
    languages: ['de', 'en'],
    translations: { de: { reviewState: 'reviewed' }, en: { reviewState: 'draft' } },
    sections: [
      {
        id: 'person',
        label: t('Person', 'Person'),
        items: [
          { id: 'surname', type: 'text', label: t('Familienname', 'Surname'), required: true, constraints: [{ kind: 'maxLength', value: 40, message: t('Zu lang', 'Too long') }] },
          { id: 'birthDate', type: 'date', label: t('Geburtsdatum', 'Date of birth'), allowUnknownDay: true, allowUnknownMonth: true,
            constraints: [{ kind: 'notFuture', message: t('Nicht in der Zukunft', 'Not in the future') }] },
          { id: 'schoolYears', type: 'number', integer: true, label: t('Schuljahre', 'Years of schooling'),
            constraints: [{ kind: 'max', value: 25, message: t('Höchstens 25', 'At most 25') }] },
        ],
      },
    ],
    codeLists: {},
  };
}

export function testForm(version = 1): FormDefinition {
  const parsed = parseFormDefinition(testFormJson(version));
  if (!parsed.ok) throw new Error(`test form is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.definition;
}

export const testFormRef = (version = 1) => `${TEST_FORM_ID}@${version}`;

const uiTexts = (lang: 'de' | 'en') =>
  Object.fromEntries(
    [
      'accept', 'refuse', 'acceptAll', 'refuseAll', 'decisionQuestion', 'purposesHeading', 'recipientsHeading', 'readAloud',
      'signHere', 'markHere', 'clearSignature', 'confirm', 'receiptTitle', 'receiptAccepted', 'receiptRefused', 'receiptWithdrawn',
      'receiptNothingAccepted', 'receiptDate', 'receiptNoticeVersion', 'howToWithdraw', 'draftTranslation',
    ].map((key) => [key, `${key} (${lang})`]),
  );

export function testNoticeJson(lang: 'de' | 'en', options: { version?: number; text?: string } = {}): Record<string, unknown> {
  const version = options.version ?? 1;
  const text =
    options.text ??
    (lang === 'de'
      ? `## Datenschutzerklärung ${version}\n\nDer Landkreis verarbeitet Ihre Angaben.\n\n- Profiling\n- Vermittlung`
      : `## Privacy notice ${version}\n\nThe district processes your data.\n\n- Profiling\n- Referral`);
  const item = (id: string, label: string) => ({ id, label, description: `${label} (${lang})` });
  return {
    id: 'notice',
    version,
    lang,
    dir: 'ltr',
    script: 'Latn',
    languageName: lang === 'de' ? 'Deutsch' : 'English',
    reviewState: lang === 'de' ? 'reviewed' : 'draft',
    ...(lang === 'de' && { reviewedBy: 'Referat Migration und Teilhabe' }),
    title: lang === 'de' ? 'Datenschutzerklärung' : 'Privacy notice',
    text,
    purposes: [item('profiling', 'Profiling'), item('referral', 'Referral')],
    recipients: [item('jobcenter', 'Jobcenter'), item('caritas', 'Caritas')],
    ui: uiTexts(lang),
    sha256: sha256Hex(text),
  };
}

export function testNotice(lang: 'de' | 'en', options: { version?: number } = {}): NoticeArtifact {
  return noticeArtifactSchema.parse(testNoticeJson(lang, options));
}

const SIGNATURE_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export interface InterviewRecordOptions {
  recordId: string;
  /** The notice shown (default: German). */
  notice?: NoticeArtifact;
  germanNotice?: NoticeArtifact;
  /** `refused`: a minimal refusal without answers. */
  decision?: 'given' | 'refused';
  answers?: Answers | null;
  interviewerId?: string;
  /**
   * Consent by the applicant's mark, attested by a witness instead of a signature; `signed`:
   * whether the witness signed too (records from before that was asked for have no signature).
   */
  markWitness?: { signed: boolean };
}

/** A complete, valid interview record (consent captured with `createConsentRecord`, as the tablet does). */
export function interviewRecord(options: InterviewRecordOptions): InterviewRecord {
  const germanNotice = options.germanNotice ?? testNotice('de');
  const notice = options.notice ?? germanNotice;
  const decision = options.decision ?? 'given';
  const interviewer = { id: options.interviewerId ?? 'iv-1', name: 'Ines Interviewerin' };
  const accepted = decision === 'given' ? 'accepted' : 'refused';
  const witness = { name: 'Samira Khalil', role: 'Sozialarbeiterin der Unterkunft' };
  const strokes = [[{ x: 1, y: 2, t: 0 }, { x: 3, y: 4, t: 16 }]];
  const consent = createConsentRecord(
    {
      record_id: options.recordId,
      interview_id: options.recordId,
      pii_principal_id: `person-${options.recordId.slice(0, 8)}`,
      parties: options.markWitness ? { interviewer, witness } : { interviewer },
      collection_method: 'read_by_applicant',
      purposes: { profiling: accepted, referral: 'refused' },
      recipient_third_parties: { jobcenter: accepted, caritas: 'refused' },
      special_categories: false,
      evidence: options.markWitness
        ? {
            kind: 'mark',
            attestedBy: { name: witness.name, role: 'witness', ...(options.markWitness.signed && { signature: { strokes, png: SIGNATURE_PNG } }) },
          }
        : { kind: 'signature', strokes, png: SIGNATURE_PNG },
    },
    notice,
    germanNotice,
    new Date('2025-03-01T09:00:00.000Z'),
  );
  return {
    recordId: options.recordId,
    interview: {
      interviewerId: interviewer.id,
      interviewerName: interviewer.name,
      site: 'Unterkunft Nord',
      startedAt: '2025-03-01T08:55:00.000Z',
      completedAt: '2025-03-01T09:30:00.000Z',
      applicantLang: notice.lang,
      interviewLang: 'de',
    },
    consent,
    answers: options.answers !== undefined ? options.answers : decision === 'given' ? { surname: 'Haddad', schoolYears: 9 } : null,
  };
}

/** A push entry for `payload` with a correct hash (override anything to break it). */
export function pushEntryFor(
  payload: InterviewRecord | Record<string, unknown>,
  entry: Partial<PushEntry> & { seq: number },
  notice: NoticeArtifact = testNotice('de'),
): PushEntry {
  const recordId = (payload as { recordId?: unknown }).recordId;
  const plain = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  return {
    recordId: typeof recordId === 'string' ? recordId : '00000000-0000-4000-8000-000000000000',
    rev: 1,
    baseRev: 0,
    formRef: (payload as { answers?: unknown }).answers === null ? null : testFormRef(),
    noticeRef: { id: notice.id, version: notice.version, lang: notice.lang, sha256: notice.sha256 },
    payload: plain,
    payloadSha256: payloadHash(plain),
    ...entry,
  };
}
