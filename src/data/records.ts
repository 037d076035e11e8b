/**
 * Interviews on this device: create, autosave, consent, complete, edit, withdraw.
 *
 * Rules kept here (sync-protocol.md, consent.md):
 * - no answer is stored before consent was given; a refusal ends as a minimal record;
 * - completing writes the record AND its outbox entry in one transaction;
 * - a completed interview is locked; editing it produces the next revision;
 * - a withdrawal is an appended consent event and a new revision, never an edit.
 */
import { consentState, type ConsentRecord, type WithdrawalRequest } from '../core/consent';
import { validateAnswers, type Answers, type FormDefinition } from '../core/form';
import { payloadHash, uncoveredAnswers, type Interview, type InterviewRecord } from '../core/record';
import { canonicalJson, type NoticeRef } from '../core/sync';
import type { ConsentDraft, InterviewProgress, LocalRecord, LotseDatabase, OutboxEntry } from './db';
import { asStorageError, StorageError } from './errors';
import { indexRowOf } from './record-index';

export interface NewInterview {
  interviewer: { id: string; name: string };
  interviewLang: 'de' | 'en';
  applicantLang: string;
  site?: string;
  now: string;
}

/** The device's local calendar date: the date the interviewer sees and fills in. */
function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export { indexRowOf } from './record-index';

async function writeRecord(db: LotseDatabase, record: LocalRecord): Promise<void> {
  await db.records.put(record);
  await db.recordIndex.put(indexRowOf(record));
}

async function inTransaction<T>(db: LotseDatabase, work: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction('rw', [db.records, db.recordIndex, db.outbox, db.meta], work);
  } catch (error) {
    throw asStorageError(error);
  }
}

async function loadRecord(db: LotseDatabase, recordId: string): Promise<LocalRecord> {
  const record = await db.records.get(recordId);
  if (!record) throw new StorageError('record_missing', `No interview ${recordId} on this device.`);
  return record;
}

export async function getRecord(db: LotseDatabase, recordId: string): Promise<LocalRecord | undefined> {
  return db.records.get(recordId);
}

export async function createInterview(db: LotseDatabase, input: NewInterview): Promise<LocalRecord> {
  const interview: Interview = {
    interviewerId: input.interviewer.id,
    interviewerName: input.interviewer.name,
    startedAt: input.now,
    applicantLang: input.applicantLang,
    interviewLang: input.interviewLang,
    ...(input.site ? { site: input.site } : {}),
  };
  const record: LocalRecord = {
    recordId: crypto.randomUUID(),
    rev: 0,
    serverRev: 0,
    status: 'draft',
    editing: false,
    formRef: null,
    noticeRef: null,
    createdAt: input.now,
    updatedAt: input.now,
    interview,
    consent: null,
    answers: null,
    progress: { stage: 'consent', sectionId: null },
    displayName: '',
  };
  await inTransaction(db, () => writeRecord(db, record));
  return record;
}

/**
 * Changes the applicant's language shown beside the interviewer's. Allowed at any time: the
 * answers stay as they are, and the consent record keeps the language the notice was shown in.
 */
export async function setApplicantLanguage(db: LotseDatabase, recordId: string, applicantLang: string, now: string): Promise<LocalRecord> {
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    const next: LocalRecord = { ...record, interview: { ...record.interview, applicantLang }, updatedAt: now };
    await writeRecord(db, next);
    return next;
  });
}

function nextOutboxEntry(record: LocalRecord, seq: number, now: string): OutboxEntry {
  if (!record.consent || !record.noticeRef) throw new StorageError('consent_required', 'An interview without a consent decision cannot be sent.');
  const payload: InterviewRecord = {
    recordId: record.recordId,
    interview: record.interview,
    consent: record.consent,
    answers: record.answers,
  };
  // Plain JSON: what is hashed is exactly what will be sent.
  const plain = JSON.parse(canonicalJson(payload)) as Record<string, unknown>;
  const entry: Omit<OutboxEntry, 'bytes'> = {
    seq,
    recordId: record.recordId,
    rev: record.rev,
    baseRev: record.rev - 1,
    formRef: record.formRef,
    noticeRef: record.noticeRef,
    payload: plain,
    payloadSha256: payloadHash(plain),
    createdAt: now,
  };
  return { ...entry, bytes: canonicalJson(entry).length };
}

async function takeNextSeq(db: LotseDatabase): Promise<number> {
  const row = await db.meta.get('nextSeq');
  const seq = typeof row?.value === 'number' ? row.value : 1;
  await db.meta.put({ key: 'nextSeq', value: seq + 1 });
  return seq;
}

/** Completes a revision: locks the record and appends its outbox entry, atomically. */
async function commitRevision(db: LotseDatabase, record: LocalRecord, now: string): Promise<LocalRecord> {
  const completed: LocalRecord = {
    ...record,
    rev: record.rev + 1,
    status: 'complete',
    editing: false,
    updatedAt: now,
    progress: { ...record.progress, stage: 'done' },
  };
  const seq = await takeNextSeq(db);
  await db.outbox.add(nextOutboxEntry(completed, seq, now));
  await writeRecord(db, completed);
  return completed;
}

/**
 * Postpones an interview whose person cannot consent now (issue 14 item 4: a minor whose guardian
 * is not there, someone too unwell or upset to decide): before any decision only, it deletes the
 * interview and its consent draft from the device. Nothing of it is kept or synced — no record
 * beyond the postponement itself, which is the interviewer's to note outside the app.
 */
export async function postponeInterview(db: LotseDatabase, recordId: string): Promise<void> {
  await inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (record.consent !== null || record.rev > 0) {
      throw new StorageError('record_locked', 'The consent decision is recorded; this interview can no longer be postponed.');
    }
    await db.records.delete(recordId);
    await db.recordIndex.delete(recordId);
  });
}

/**
 * Autosave of the consent stage before the decision: a draft, not evidence. Refused once the
 * decision is stored, so a late autosave cannot bring a draft back beside the evidence.
 */
export async function saveConsentDraft(db: LotseDatabase, recordId: string, state: unknown, now: string): Promise<LocalRecord> {
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (record.consent) throw new StorageError('record_locked', 'The consent decision of this interview is already recorded.');
    const draft: ConsentDraft = { savedAt: now, state };
    const next: LocalRecord = { ...record, consentDraft: draft, updatedAt: now };
    await writeRecord(db, next);
    return next;
  });
}

export interface ConsentDecisionInput {
  consent: ConsentRecord;
  noticeRef: NoticeRef;
  /** The form the interview will use if consent was given (`id@version`). */
  formRef: string;
  now: string;
}

/**
 * Stores the applicant's decision. Given: the Profilingbogen opens. Refused: the record is
 * completed at once as a minimal record (no answers), so the refusal is kept and synced.
 */
export async function saveConsentDecision(db: LotseDatabase, recordId: string, input: ConsentDecisionInput): Promise<LocalRecord> {
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (record.consent) throw new StorageError('record_locked', 'The consent decision of this interview is already recorded.');
    const state = consentState(input.consent);
    // The draft held names and a drawing that are now in the evidence (or, on a refusal, must not be kept).
    const { consentDraft: _draft, ...withoutDraft } = record;
    const decided: LocalRecord = {
      ...withoutDraft,
      consent: input.consent,
      noticeRef: input.noticeRef,
      interview: { ...record.interview, applicantLang: input.noticeRef.lang },
      updatedAt: input.now,
    };
    if (state.status !== 'given') {
      return commitRevision(db, { ...decided, formRef: null, answers: null, interview: { ...decided.interview, completedAt: input.now } }, input.now);
    }
    const opened: LocalRecord = { ...decided, formRef: input.formRef, answers: {}, progress: { stage: 'form', sectionId: null } };
    await writeRecord(db, opened);
    return opened;
  });
}

export interface DraftChange {
  answers: Answers;
  progress: InterviewProgress;
  displayName: string;
  now: string;
}

/**
 * From notice@3 on each purpose covers exactly what it names: an answer no accepted purpose or
 * explicit consent covers is never stored on the device either (`core/record` `uncoveredAnswers`,
 * the same check the server runs on every push).
 */
function refuseUncovered(consent: ConsentRecord, answers: Answers, form: FormDefinition | null = null): void {
  const uncovered = uncoveredAnswers(form, consent, answers);
  if (uncovered.length > 0) {
    throw new StorageError('purpose_not_accepted', `No accepted purpose covers these answers: ${uncovered.join(', ')}`);
  }
}

/** Autosave of the Profilingbogen while it is being filled in. */
export async function saveDraft(db: LotseDatabase, recordId: string, change: DraftChange): Promise<LocalRecord> {
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (!record.consent || consentState(record.consent).status !== 'given' || record.answers === null) {
      throw new StorageError('consent_required', 'No answer can be stored before consent was given.');
    }
    if (record.status !== 'draft') {
      throw new StorageError('record_locked', 'This interview is completed; start an edit to change it.');
    }
    refuseUncovered(record.consent, change.answers);
    const next: LocalRecord = { ...record, answers: change.answers, progress: change.progress, displayName: change.displayName, updatedAt: change.now };
    await writeRecord(db, next);
    return next;
  });
}

/** Completion: the whole form must validate; the record is locked and queued for sync. */
export async function completeInterview(db: LotseDatabase, recordId: string, form: FormDefinition, now: string): Promise<LocalRecord> {
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (record.status !== 'draft') throw new StorageError('record_locked', 'This interview is already completed.');
    if (!record.consent || consentState(record.consent).status !== 'given' || record.answers === null) {
      throw new StorageError('consent_required', 'No answer can be stored before consent was given.');
    }
    if (record.formRef !== `${form.id}@${form.version}`) {
      throw new StorageError('invalid_record', `This interview was started with ${record.formRef}, not ${form.id}@${form.version}.`);
    }
    refuseUncovered(record.consent, record.answers, form);
    const issues = validateAnswers(form, record.answers, { today: localDate(new Date(now)) });
    if (issues.length > 0) {
      throw new StorageError('invalid_record', `The form is not complete: ${issues.map((issue) => `${issue.path} (${issue.code})`).join(', ')}`);
    }
    return commitRevision(db, { ...record, interview: { ...record.interview, completedAt: now } }, now);
  });
}

/** Reopens a completed interview for its next revision; the completed one stays in the outbox or on the server. */
export async function beginEdit(db: LotseDatabase, recordId: string, now: string): Promise<LocalRecord> {
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (record.status === 'draft') return record;
    if (!record.consent || record.answers === null || consentState(record.consent).status !== 'given') {
      throw new StorageError('consent_required', 'Only an interview with consent given has answers to edit.');
    }
    const next: LocalRecord = { ...record, status: 'draft', editing: true, updatedAt: now, progress: { stage: 'form', sectionId: record.progress.sectionId } };
    await writeRecord(db, next);
    return next;
  });
}

/** Records a partial or full withdrawal as an appended consent event, sent as a new revision. */
export async function recordWithdrawal(db: LotseDatabase, recordId: string, request: WithdrawalRequest): Promise<LocalRecord> {
  // Loaded here, before the transaction: its schemas are not on the way to any screen.
  const { appendWithdrawal } = await import('../core/consent');
  return inTransaction(db, async () => {
    const record = await loadRecord(db, recordId);
    if (!record.consent) throw new StorageError('consent_required', 'There is no consent to withdraw.');
    if (record.status === 'draft') {
      // The next revision must carry exactly the answers of a completed one, not half an edit.
      throw new StorageError('record_locked', 'Complete the interview (or its open edit) before recording a withdrawal.');
    }
    const consent = appendWithdrawal(record.consent, request);
    return commitRevision(db, { ...record, consent }, request.now.toISOString());
  });
}
