/**
 * The consent's own writes on an interview (consent.md, issue #14): the consent stage's draft, the
 * decision, a postponement, a withdrawal, and answers erased by the server. The rules are those of
 * records.ts, whose write machinery they use; apart from it so that opening a consented form (its
 * autosave and completion) does not load them (bench/: bundle, "reach the form").
 */
import { consentState, type ConsentRecord, type WithdrawalRequest } from '../core/consent';
import type { Answers } from '../core/form';
import { answersWithout } from '../core/record';
import type { NoticeRef } from '../core/sync';
import type { ConsentDraft, LocalRecord, LotseDatabase } from './db';
import { StorageError } from './errors';
import { pruneIndex } from './record-index';
import { changeRecord, commitRevision, queued, sealForServerQuietly, unchanged } from './records';
import { openSyncIssue, sealSyncIssue } from './sealed-rows';
import { openRecord } from './sealed-records';

/**
 * Postpones an interview whose person cannot consent now (issue 14 item 4: a minor whose guardian
 * is not there, someone too unwell or upset to decide): before any decision only, it deletes the
 * interview and its consent draft from the device. Nothing of it is kept or synced — no record
 * beyond the postponement itself, which is the interviewer's to note outside the app.
 */
export async function postponeInterview(db: LotseDatabase, recordId: string): Promise<void> {
  await queued(db, async () => {
    const row = await db.records.get(recordId);
    if (!row) throw new StorageError('record_missing', `No interview ${recordId} on this device.`);
    const record = await openRecord(db, row);
    if (record.consent !== null || record.rev > 0) {
      throw new StorageError('record_locked', 'The consent decision is recorded; this interview can no longer be postponed.');
    }
    await db.transaction('rw', [db.records, db.recordIndex, db.evidence], async () => {
      if (!unchanged(await db.records.get(recordId), row)) throw new StorageError('record_locked', 'This interview changed meanwhile; try again.');
      await db.records.delete(recordId);
      await db.evidence.delete(recordId);
      await db.recordIndex.delete(recordId);
    });
    // Its name leaves the sealed index shards too (outside the transaction, as every seal).
    await pruneIndex(db);
  });
}

/**
 * Autosave of the consent stage before the decision: a draft, not evidence. Refused once the
 * decision is stored, so a late autosave cannot bring a draft back beside the evidence.
 */
export async function saveConsentDraft(db: LotseDatabase, recordId: string, state: unknown, now: string): Promise<LocalRecord> {
  return changeRecord(db, recordId, (record) => {
    if (record.consent) throw new StorageError('record_locked', 'The consent decision of this interview is already recorded.');
    const draft: ConsentDraft = { savedAt: now, state };
    return { next: { ...record, consentDraft: draft, updatedAt: now } };
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
  const done = await changeRecord(db, recordId, (record) => {
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
      return commitRevision({ ...decided, formRef: null, answers: null, interview: { ...decided.interview, completedAt: input.now } }, input.now);
    }
    return { next: { ...decided, formRef: input.formRef, answers: {}, progress: { stage: 'form', sectionId: null } } };
  });
  await sealForServerQuietly(db);
  return done;
}

/** Records a partial or full withdrawal as an appended consent event, sent as a new revision. */
export async function recordWithdrawal(db: LotseDatabase, recordId: string, request: WithdrawalRequest): Promise<LocalRecord> {
  // Loaded here, before the transaction: its schemas are not on the way to any screen.
  const { appendWithdrawal } = await import('../core/consent');
  const done = await changeRecord(db, recordId, (record) => {
    if (!record.consent) throw new StorageError('consent_required', 'There is no consent to withdraw.');
    if (record.status === 'draft') {
      // The next revision must carry exactly the answers of a completed one, not half an edit.
      throw new StorageError('record_locked', 'Complete the interview (or its open edit) before recording a withdrawal.');
    }
    const consent = appendWithdrawal(record.consent, request);
    return commitRevision({ ...record, consent }, request.now.toISOString());
  });
  await sealForServerQuietly(db);
  return done;
}

/**
 * A partial erasure from the server (issue #14, sync-pull.ts): the answers an explicit consent
 * item withdrawn on its own covered (`fields`, as the notice's storage table names them) leave this
 * device's copy — the record, completed or being edited, and the server's version a sync issue of
 * it keeps; everything else stays. No new revision: the server erased the same answers from its
 * revisions. The caller makes sure no outbox entry of the record is waiting (it would send them
 * again). Returns the keys that were found in the record.
 */
export async function eraseAnswers(db: LotseDatabase, recordId: string, fields: readonly string[], now: string): Promise<string[]> {
  let removed: string[] = [];
  await changeRecord(db, recordId, (record) => {
    removed = [];
    if (record.answers === null) return null;
    const result = answersWithout(record.answers, fields);
    if (result.removed.length === 0) return null;
    removed = result.removed;
    return { next: { ...record, answers: result.answers as Answers, updatedAt: now } };
  });
  const rows = await db.syncIssues.where('recordId').equals(recordId).toArray();
  for (const row of rows) {
    const issue = await openSyncIssue(db, row);
    const payload = issue.serverRecord?.payload as { answers?: Record<string, unknown> | null } | undefined;
    if (!payload?.answers) continue;
    const result = answersWithout(payload.answers, fields);
    if (result.removed.length === 0) continue;
    const sealed = await sealSyncIssue(db, { ...issue, serverRecord: { ...issue.serverRecord, payload: { ...payload, answers: result.answers } } });
    await db.transaction('rw', [db.syncIssues], async () => {
      if (await db.syncIssues.get(row.id!)) await db.syncIssues.put(sealed);
    });
  }
  return removed;
}
