/**
 * Interviews on this device: create, autosave, complete, edit — and the write machinery the
 * consent's own writes use too (consent-records.ts: draft, decision, postponement, withdrawal,
 * erased answers).
 *
 * Rules kept here (sync-protocol.md, consent.md):
 * - no answer is stored before consent was given; a refusal ends as a minimal record;
 * - completing writes the record AND its outbox entry in one transaction;
 * - a completed interview is locked; editing it produces the next revision;
 * - a withdrawal is an appended consent event and a new revision, never an edit;
 * - (issue #12) every row is sealed before its transaction, which then checks that the row is
 *   still the one the change was computed from; the keyring must be unlocked
 *   (`StorageError('locked')` otherwise, and nothing is written).
 */
import { consentState, type ConsentRecord } from '../core/consent';
import { validateAnswers, type Answers, type FormDefinition } from '../core/form';
import { uncoveredAnswers, type Interview } from '../core/record';
import { writeChecked, type CheckedRead } from './checked-write';
import type { InterviewProgress, LocalRecord, LotseDatabase, MetaRow, OutboxRow, RecordRow, SealedRecordRow } from './db';
import type { SendableRecord } from './outbox-entry';
import { asStorageError, StorageError } from './errors';
import { onKeyringChange } from './keyring';
import { forgetIndex, IndexConflict, indexWriteOf, prepareIndexWrite } from './record-index';
import { isSealed, sealOutboxEntry } from './sealed-rows';
import { openRecord, sealEvidence, sealRecord } from './sealed-records';

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

/**
 * Right after a revision entered the outbox (the app is unlocked then), its payload is sealed for
 * the server too (issue #12 item 3, server-seal.ts), so it can be pushed later with the app locked.
 * A failure leaves the entry as it was (pushed once unlocked, or sealed at the next chance). Loaded
 * when an entry is first sealed: opening a form (autosave) does not need it (issue #15).
 */
export async function sealForServerQuietly(db: LotseDatabase): Promise<void> {
  try {
    const { sealOutboxForServer } = await import('./server-seal');
    await sealOutboxForServer(db);
  } catch {
    // Nothing is lost: the entry is in the outbox either way.
  }
}

/** The row changed between reading and writing it (a sync answer, another tab): read it again. */
class RecordChanged extends Error {
  constructor() {
    super('the record changed while it was being saved');
    this.name = 'RecordChanged';
  }
}

// One write at a time per database in this tab: each reads, seals outside the transaction, then
// writes; in a row they never make each other retry. Other tabs are caught by the checks below.
const writeQueues = new Map<string, Promise<unknown>>();
export function queued<T>(db: LotseDatabase, work: () => Promise<T>): Promise<T> {
  const run = (writeQueues.get(db.name) ?? Promise.resolve()).then(work, work);
  writeQueues.set(db.name, run.catch(() => undefined));
  return run;
}

/** The clear fields a save checks: the record row's, and its index row's copy of them (`clearIndexRowOf`). */
type RecordState = Pick<RecordRow, 'updatedAt' | 'rev' | 'serverRev' | 'status' | 'editing'>;

export function unchanged(current: RecordState | undefined, base: RecordRow | null): boolean {
  if (!base) return current === undefined;
  return current !== undefined && current.updatedAt === base.updatedAt && current.rev === base.rev && current.serverRev === base.serverRev && current.status === base.status && current.editing === base.editing;
}

/**
 * The record's index row cannot vouch for the record: it has no revision fields (written before
 * they were kept), or they differ from the row the change was computed from. The record row
 * itself decides (the save runs again asking it); an index row out of step is rewritten by that save.
 */
class AskTheRecord extends Error {
  constructor() {
    super('the index row cannot tell whether the record changed');
    this.name = 'AskTheRecord';
  }
}

/**
 * Inside a write transaction holding `records` and `recordIndex`: is the stored record still the
 * row the change was computed from? Asked of the record's index row, which every writer of a
 * record writes in the same transaction with the record's revision, server revision, editing flag,
 * status and time (`clearIndexRowOf`): reading that small row instead of the record's sealed blob
 * (~17 KB with a drawn signature before the evidence was sealed apart) took about a third off an autosave's transaction (bench/:
 * autosave). A record being created is checked against its record row; so is one whose index row
 * does not vouch for it (`AskTheRecord`: no revision fields, or different ones — a change by
 * another writer, or an index row out of step): the transaction is given up and the save runs
 * again asking the record row, which is authoritative. Either read is issued before the writes.
 */
function stillAsRead(recordId: string, base: RecordRow | null, askRecord: boolean): CheckedRead {
  if (!base || askRecord) {
    return {
      store: 'records',
      key: recordId,
      then(current) {
        if (!unchanged(current as RecordState | undefined, base)) throw new RecordChanged();
      },
    };
  }
  return {
    store: 'recordIndex',
    key: recordId,
    then(index) {
      if (!index || !('rev' in (index as object)) || !unchanged(index as RecordState, base)) throw new AskTheRecord();
    },
  };
}

export interface Decision {
  next: LocalRecord;
  /** The next revision is complete: its outbox entry is written in the same transaction. */
  complete?: boolean;
}

/**
 * The record this tab wrote last, per database, opened, with the row it was written as. Autosave
 * changes one record many times in a row: the next change starts from this copy instead of reading
 * and opening the row again (one IndexedDB transaction and one decrypt less per keystroke). The
 * write's transaction still checks the stored row is this one (`unchanged`), so a change by a sync,
 * another tab or a wipe is never overwritten: it fails with `RecordChanged` and the change is
 * computed again from the stored row. Forgotten when the keyring locks (it holds the person's data
 * in clear, as the open form does) and whenever a write fails.
 */
const lastWritten = new Map<string, { row: RecordRow; record: LocalRecord }>();
onKeyringChange((state) => {
  if (state !== 'unlocked') lastWritten.clear();
});

/**
 * Stores a record's next state: sealed (record, outbox entry, index shard) OUTSIDE the
 * transaction, then written in one transaction that first checks the row is still the one the
 * change was computed from (`RecordChanged` otherwise). The transaction holds only the stores the
 * write needs. It is made with plain IndexedDB (`checked-write.ts`: Dexie's scope took about twice
 * as long for the same requests, bench/README.md autosave): requests in one transaction are
 * answered in the order they were made, and a failed check aborts the transaction before it can
 * commit, so the checks and the writes go out together and the writes are rolled back with a
 * failed check. A completion's outbox entry takes its sequence number from `meta` in the same
 * transaction, once the record's check passed.
 */
async function store(db: LotseDatabase, base: RecordRow | null, previous: LocalRecord | null, { next, complete }: Decision, askRecord = false): Promise<LocalRecord> {
  // The outbox entry (canonical JSON, its hash) is built by a module loaded at the completion, not with the form (issue #15).
  const outbox = complete ? await import('./outbox-entry') : null;
  const entry = outbox ? outbox.outboxEntryOf(sendable(next), next.updatedAt) : null;
  const evidence = evidenceOf(base, previous, next);
  const [row, evidenceRow, sealedEntry, index] = await Promise.all([
    sealRecord(db, next, evidence?.version),
    evidence?.write && next.consent ? sealEvidence(db, next.recordId, evidence.version, next.consent) : null,
    entry ? sealOutboxEntry(db, { ...entry, seq: 0, bytes: 0 }) : null,
    prepareIndexWrite(db, next),
  ]);
  const stores = ['records', 'recordIndex', ...(evidenceRow ? ['evidence'] : []), ...(index.shard ? ['indexShards'] : []), ...(entry ? ['outbox', 'meta'] : [])];
  const indexWrite = indexWriteOf(index);
  const reads = [stillAsRead(next.recordId, base, askRecord), ...indexWrite.reads];
  if (outbox && entry && sealedEntry) reads.push(nextSeqRead((seq) => ({ ...sealedEntry, seq, bytes: outbox.entryBytes(entry, seq) })));
  lastWritten.delete(db.name);
  await writeChecked(db, stores, reads, [{ store: 'records', value: row }, ...(evidenceRow ? [{ store: 'evidence', value: evidenceRow }] : []), ...indexWrite.writes]);
  index.commit();
  lastWritten.set(db.name, { row, record: next });
  return next;
}

/**
 * Where the next state's consent record goes (version 4, db.ts `evidence`): none without one; the
 * stored evidence row, untouched, when the decision kept the consent it was computed from (the
 * same object: every change but a decision and a withdrawal spreads the record it was given), so
 * an autosave seals and writes only the record; otherwise a new version of the evidence row,
 * written with the record — also the first write of a record stored with its consent inline.
 */
function evidenceOf(base: RecordRow | null, previous: LocalRecord | null, next: LocalRecord): { version: number; write: boolean } | undefined {
  if (next.consent === null) return undefined;
  const stored = base && isSealed(base) ? (base as SealedRecordRow).evidence : undefined;
  if (stored !== undefined && previous !== null && previous.consent === next.consent) return { version: stored, write: false };
  return { version: (stored ?? 0) + 1, write: true };
}

/** A decision on this tab's copy; null (decide again on the stored row) where it found nothing to write or refused. */
function decideOrNull(decide: (record: LocalRecord) => Decision | null, record: LocalRecord): Decision | null {
  try {
    return decide(record);
  } catch {
    return null;
  }
}

/** Read, open, decide, seal, write — again when the row changed meanwhile. */
export async function changeRecord(db: LotseDatabase, recordId: string, decide: (record: LocalRecord) => Decision | null): Promise<LocalRecord> {
  return queued(db, async () => {
    let askRecord = false;
    for (let attempt = 0; ; attempt++) {
      try {
        const last = attempt === 0 ? lastWritten.get(db.name) : undefined;
        const cached = last?.record.recordId === recordId ? last : undefined;
        const row = cached ? cached.row : await db.records.get(recordId);
        if (!row) throw new StorageError('record_missing', `No interview ${recordId} on this device.`);
        const record = cached ? cached.record : await openRecord(db, row);
        // Only a write is checked against the stored row: an answer without one (nothing to
        // change, or a refusal) comes from the stored row, not from this tab's copy.
        const decision = cached ? decideOrNull(decide, record) : decide(record);
        if (!decision) {
          if (cached) continue;
          return record;
        }
        return await store(db, row, record, decision, askRecord);
      } catch (error) {
        lastWritten.delete(db.name);
        if (error instanceof AskTheRecord && !askRecord) {
          askRecord = true;
          continue;
        }
        if ((error instanceof RecordChanged || error instanceof IndexConflict) && attempt < 4) {
          if (error instanceof IndexConflict) forgetIndex(db);
          continue;
        }
        throw asStorageError(error);
      }
    }
  });
}

export async function getRecord(db: LotseDatabase, recordId: string): Promise<LocalRecord | undefined> {
  const row = await db.records.get(recordId);
  if (!row) return undefined;
  // The open interview screen reads its record again after each autosave: when the stored row is
  // byte for byte the one this tab just wrote, its opened copy is the answer (no decrypt of it).
  const last = lastWritten.get(db.name);
  if (last && sameStoredRow(row, last.row)) return last.record;
  return openRecord(db, row);
}

function sameStoredRow(a: RecordRow, b: RecordRow): boolean {
  if (!isSealed(a) || !isSealed(b) || a.recordId !== b.recordId || !unchanged(a, b) || a.formRef !== b.formRef || a.createdAt !== b.createdAt) return false;
  if ((a as SealedRecordRow).evidence !== (b as SealedRecordRow).evidence) return false;
  if (JSON.stringify(a.progress) !== JSON.stringify(b.progress) || a.sealed.length !== b.sealed.length) return false;
  for (let i = 0; i < a.sealed.length; i++) if (a.sealed[i] !== b.sealed[i]) return false;
  return true;
}

/** Every record on this device, opened (the reliability suite and the upgrade test compare them). */
export async function allRecords(db: LotseDatabase): Promise<LocalRecord[]> {
  const rows = await db.records.toArray();
  return Promise.all(rows.map((row) => openRecord(db, row)));
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
  return queued(db, async () => {
    try {
      return await store(db, null, null, { next: record });
    } catch (error) {
      throw asStorageError(error);
    }
  });
}

/**
 * Changes the applicant's language shown beside the interviewer's. Allowed at any time: the
 * answers stay as they are, and the consent record keeps the language the notice was shown in.
 */
export async function setApplicantLanguage(db: LotseDatabase, recordId: string, applicantLang: string, now: string): Promise<LocalRecord> {
  return changeRecord(db, recordId, (record) => ({ next: { ...record, interview: { ...record.interview, applicantLang }, updatedAt: now } }));
}

/** A record that can be sent: it has its consent decision and the notice it was decided on. */
function sendable(record: LocalRecord): SendableRecord {
  if (!record.consent || !record.noticeRef) throw new StorageError('consent_required', 'An interview without a consent decision cannot be sent.');
  return record as SendableRecord;
}

/** Inside the completion's transaction: the next outbox sequence number, taken, and the entry added under it. */
function nextSeqRead(entryAt: (seq: number) => OutboxRow): CheckedRead {
  return {
    store: 'meta',
    key: 'nextSeq',
    then(stored) {
      const value = (stored as MetaRow | undefined)?.value;
      const seq = typeof value === 'number' ? value : 1;
      return [
        { store: 'meta', value: { key: 'nextSeq', value: seq + 1 } satisfies MetaRow },
        { store: 'outbox', value: entryAt(seq), add: true },
      ];
    },
  };
}

/** Completes a revision: locks the record; its outbox entry is appended in the same transaction (`store`). */
export function commitRevision(record: LocalRecord, now: string): Decision {
  const completed: LocalRecord = {
    ...record,
    rev: record.rev + 1,
    status: 'complete',
    editing: false,
    updatedAt: now,
    progress: { ...record.progress, stage: 'done' },
  };
  // Checked here, before anything is sealed: a completion without consent is refused as before.
  sendable(completed);
  return { next: completed, complete: true };
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
  return changeRecord(db, recordId, (record) => {
    if (!record.consent || consentState(record.consent).status !== 'given' || record.answers === null) {
      throw new StorageError('consent_required', 'No answer can be stored before consent was given.');
    }
    if (record.status !== 'draft') {
      throw new StorageError('record_locked', 'This interview is completed; start an edit to change it.');
    }
    refuseUncovered(record.consent, change.answers);
    return { next: { ...record, answers: change.answers, progress: change.progress, displayName: change.displayName, updatedAt: change.now } };
  });
}

/** Completion: the whole form must validate; the record is locked and queued for sync. */
export async function completeInterview(db: LotseDatabase, recordId: string, form: FormDefinition, now: string): Promise<LocalRecord> {
  const done = await changeRecord(db, recordId, (record) => {
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
    return commitRevision({ ...record, interview: { ...record.interview, completedAt: now } }, now);
  });
  await sealForServerQuietly(db);
  return done;
}

/** Reopens a completed interview for its next revision; the completed one stays in the outbox or on the server. */
export async function beginEdit(db: LotseDatabase, recordId: string, now: string): Promise<LocalRecord> {
  return changeRecord(db, recordId, (record) => {
    if (record.status === 'draft') return null;
    if (!record.consent || record.answers === null || consentState(record.consent).status !== 'given') {
      throw new StorageError('consent_required', 'Only an interview with consent given has answers to edit.');
    }
    return { next: { ...record, status: 'draft', editing: true, updatedAt: now, progress: { stage: 'form', sectionId: record.progress.sectionId } } };
  });
}
