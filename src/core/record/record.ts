/**
 * The interview record: what one interview produces and what the tablet pushes
 * as the payload of an outbox entry. The device builds it, the server checks
 * it with `validateRecordEntry` before storing a revision; both parse it with
 * the same schema here.
 */
import { z } from 'zod';
import { consentRecordSchema, consentRecordSchemaFor, recipientsWithoutReferral, RECIPIENTS_PURPOSE, sha256Hex, type ConsentRecord, type NoticeArtifact } from '../consent/index';
import { validateAnswers, type Answers, type FormDefinition } from '../form/index';
import { canonicalJson, uuidSchema, type PushEntry, type RejectionCode } from '../sync/index';
import { languageTagSchema } from '../text/index';
import { uncoveredAnswers } from './consent-scope';

const isoTime = z.iso.datetime({ offset: true });
const shortText = z.string().trim().min(1).max(200);

/** Who interviewed, where, when (device time: informative, never used for ordering), in which languages. */
export const interviewSchema = z.strictObject({
  interviewerId: shortText,
  interviewerName: shortText,
  /** The accommodation site. */
  site: shortText.optional(),
  startedAt: isoTime,
  completedAt: isoTime.optional(),
  /** The applicant's language (BCP 47), in which the notice and the questions were shown beside German. */
  applicantLang: languageTagSchema,
  /** The interviewer's UI language. */
  interviewLang: z.enum(['de', 'en']),
});

/** The answers as JSON; their meaning is checked against the form with `validateAnswers`. */
const answersSchema = z.record(z.string(), z.unknown());

/**
 * The payload of an interview record. `answers` is null when consent was
 * refused: nothing of the questionnaire may be stored then.
 */
export const interviewRecordSchema = z.strictObject({
  recordId: uuidSchema,
  interview: interviewSchema,
  consent: consentRecordSchema,
  answers: answersSchema.nullable(),
});

const recordSchemasByNotice = new WeakMap<NoticeArtifact, typeof interviewRecordSchema>();

/**
 * The payload schema with the consent checked against the notice it names, in one pass: the
 * consent (signature strokes and PNG included) is the larger part of a record, and the server
 * parses every entry it receives.
 */
function interviewRecordSchemaFor(notice: NoticeArtifact): typeof interviewRecordSchema {
  let schema = recordSchemasByNotice.get(notice);
  if (!schema) {
    schema = interviewRecordSchema.extend({ consent: consentRecordSchemaFor(notice) });
    recordSchemasByNotice.set(notice, schema);
  }
  return schema;
}

export type Interview = z.infer<typeof interviewSchema>;
/** The payload of an interview record, as pushed and stored. */
export type InterviewRecord = Omit<z.infer<typeof interviewRecordSchema>, 'consent' | 'answers'> & {
  consent: ConsentRecord;
  answers: Answers | null;
};

/** SHA-256 of a string's UTF-8 bytes as lower-case hex. */
export type Sha256Hex = (text: string) => string;

export { payloadHash } from './payload-hash';

/** The published artifacts an entry refers to, looked up by the caller (null: not published). */
export interface RecordEntryContext {
  /** The form named by `entry.formRef`; null when unknown or when the entry names none. */
  form: FormDefinition | null;
  /** The notice text named by `entry.noticeRef` (id, version, lang). */
  notice: NoticeArtifact | null;
  /** The German text of the same notice id and version. */
  referenceNotice: NoticeArtifact | null;
  /** Today's date (`YYYY-MM-DD`) for "not in the future" rules. */
  today: string;
  /** The SHA-256 to check `payloadSha256` with (default: core's portable one; the server passes node:crypto's). */
  sha256?: Sha256Hex;
  /** `canonicalJson(entry.payload)`, when the caller has it already (the server stores it). */
  canonicalPayload?: string;
}

export type RecordEntryVerdict = { ok: true } | { ok: false; code: RejectionCode; message: string };

const MAX_ISSUES_IN_MESSAGE = 5;

/** The form's validation of JSON from outside; a shape the validator cannot even walk is an issue too. */
function answerIssues(form: FormDefinition, answers: Answers, today: string): { path: string; code: string }[] {
  try {
    return validateAnswers(form, answers, { today });
  } catch {
    return [{ path: '(root)', code: 'type' }];
  }
}

function rejected(code: RejectionCode, message: string): RecordEntryVerdict {
  return { ok: false, code, message };
}

function listed(problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_ISSUES_IN_MESSAGE).join('; ');
  const more = problems.length - MAX_ISSUES_IN_MESSAGE;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
}

function refLabel(ref: { id: string; version: number; lang: string }): string {
  return `${ref.id}@${ref.version}/${ref.lang}`;
}

/**
 * Whether one push entry may be stored as a revision: its payload is intact,
 * refers to published artifacts, is a well-formed interview record whose
 * consent matches the notice shown, holds answers only after consent was given,
 * and the answers pass the form's validation. The first failure decides, with
 * a machine-readable code and a message a coordinator can act on; messages
 * name fields and rules, never answer values.
 *
 * The revision rules (duplicates, conflicts, immutable evidence) need the
 * stored record and are the server's.
 */
export function validateRecordEntry(entry: PushEntry, context: RecordEntryContext): RecordEntryVerdict {
  return validatedRecordEntry(entry, context).verdict;
}

/**
 * `validateRecordEntry`, and for an entry that passes the payload as its schema read it (the
 * server keeps its consent rather than parsing the consent a second time). `record` is set
 * exactly when the verdict is ok.
 */
export function validatedRecordEntry(entry: PushEntry, context: RecordEntryContext): { verdict: RecordEntryVerdict; record: InterviewRecord | null } {
  const read: { record: InterviewRecord | null } = { record: null };
  const verdict = judgeRecordEntry(entry, context, read);
  return { verdict, record: verdict.ok ? read.record : null };
}

function judgeRecordEntry(entry: PushEntry, context: RecordEntryContext, read: { record: InterviewRecord | null }): RecordEntryVerdict {
  // Integrity first: judging a payload that is not what the device meant to send tells nobody anything.
  const canonical = context.canonicalPayload ?? canonicalJson(entry.payload);
  if ((context.sha256 ?? sha256Hex)(canonical) !== entry.payloadSha256) {
    return rejected('hash_mismatch', 'payloadSha256 is not the SHA-256 of the canonical JSON of the payload.');
  }
  if (entry.rev !== entry.baseRev + 1) {
    return rejected('invalid_payload', `rev ${entry.rev} does not follow baseRev ${entry.baseRev}: a revision is made from the one before it.`);
  }

  const { form, notice, referenceNotice } = context;
  if (entry.formRef !== null && form === null) return rejected('unknown_form', `The form ${entry.formRef} is not published on this server.`);
  if (form !== null && entry.formRef !== `${form.id}@${form.version}`) {
    return rejected('unknown_form', `The form given for ${String(entry.formRef)} is ${form.id}@${form.version}.`);
  }
  if (notice === null) return rejected('unknown_notice', `The notice ${refLabel(entry.noticeRef)} is not published on this server.`);
  if (referenceNotice === null) {
    return rejected('unknown_notice', `The German reference text ${refLabel({ ...entry.noticeRef, lang: 'de' })} is not published on this server.`);
  }
  if (notice.sha256 !== entry.noticeRef.sha256) {
    return rejected('hash_mismatch', `The notice text shown is not the published ${refLabel(entry.noticeRef)}: its SHA-256 differs.`);
  }

  const shape = interviewRecordSchemaFor(notice).safeParse(entry.payload);
  if (!shape.success) return rejected('invalid_payload', listed(zodProblems(shape.error)));

  const record = shape.data;
  const problems: string[] = [];
  if (record.recordId !== entry.recordId) problems.push('recordId: is not the entry\'s recordId');
  if (record.consent.interview_id !== entry.recordId) problems.push('consent.interview_id: is not the record\'s recordId');
  if (record.consent.parties.interviewer.id !== record.interview.interviewerId) {
    problems.push('consent.parties.interviewer.id: is not the interview\'s interviewerId');
  }
  if (problems.length > 0) return rejected('invalid_payload', listed(problems));

  const reference = record.consent.reference_notice;
  if (reference.version !== referenceNotice.version || reference.sha256 !== referenceNotice.sha256) {
    return rejected('hash_mismatch', `The consent's German reference is not the published ${refLabel(referenceNotice)}.`);
  }

  // From notice@3 on a recipient receives data only with the referral purpose: a record saying
  // yes to one while that purpose is refused contradicts itself (the device never makes one).
  const withoutReferral = recipientsWithoutReferral(record.consent);
  if (withoutReferral.length > 0) {
    return rejected('recipients_without_referral', `The consent accepts recipients (${listed(withoutReferral)}) while the purpose ${RECIPIENTS_PURPOSE} they require is not accepted.`);
  }

  if (record.answers !== null) {
    // Consent decides at capture: a later withdrawal works for the future and
    // must still sync together with the answers it concerns.
    if (record.consent.events[0]?.event_type !== 'given') {
      return rejected('consent_missing', 'The record holds answers, but consent was not given.');
    }
    if (form === null) return rejected('invalid_payload', 'The record holds answers but names no form (formRef is null).');
    // From notice@3 on each purpose covers exactly what it names: an answer no accepted purpose
    // (or explicit consent) covers must not be stored, here as on the device.
    const uncovered = uncoveredAnswers(form, record.consent, record.answers as Answers);
    if (uncovered.length > 0) {
      return rejected('purpose_not_accepted', `The record holds answers that no accepted purpose covers: ${listed(uncovered)}.`);
    }
    const issues = answerIssues(form, record.answers as Answers, context.today);
    if (issues.length > 0) {
      return rejected('invalid_payload', listed(issues.map((issue) => `answers.${issue.path}: ${issue.code}`)));
    }
  }
  read.record = record as InterviewRecord;
  return { ok: true };
}
