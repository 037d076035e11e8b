/**
 * A record's rows as stored ⇄ `LocalRecord` (issue #12; the consent evidence apart from the record
 * since Dexie version 4). Apart from sealed-rows.ts, which the app's first chunk needs (keyring,
 * interview list): these are needed only where records are read or written, a chunk of their own.
 */
import type { ConsentRecord } from '../core/consent';
import type { EnvelopeContext } from '../core/encryption';
import type { EvidenceRow, LocalRecord, LotseDatabase, RecordRow, RecordSecrets, SealedRecordRow } from './db';
import { isSealed, openFor, sealFor } from './sealed-rows';

const recordContext = (recordId: string, rev: number): EnvelopeContext => ({ store: 'records', recordId, revision: rev });
const evidenceContext = (recordId: string, version: number): EnvelopeContext => ({ store: 'evidence', recordId, revision: version });

/**
 * Seals a record. `evidence`: the version of the evidence row that holds its consent record
 * (`sealEvidence`, written in the same transaction or before); without it the consent is sealed
 * inside the record's envelope (a record with no consent yet, or rows written before version 4).
 */
export async function sealRecord(db: LotseDatabase, record: LocalRecord, evidence?: number): Promise<SealedRecordRow> {
  const { interview, consent, answers, displayName, noticeRef, consentDraft, ...clear } = record;
  const secrets: RecordSecrets = { interview, answers, displayName, noticeRef, ...(consentDraft && { consentDraft }), ...(evidence === undefined ? { consent } : { evidence }) };
  const { recordId, rev, serverRev, status, editing, formRef, createdAt, updatedAt, progress } = clear;
  const sealed = await sealFor(db, recordContext(recordId, rev), secrets);
  return { recordId, rev, serverRev, status, editing, formRef, createdAt, updatedAt, progress, ...(evidence !== undefined && { evidence }), sealed };
}

/** A record's consent record, sealed apart from it as version `version` of its evidence. */
export async function sealEvidence(db: LotseDatabase, recordId: string, version: number, consent: ConsentRecord): Promise<EvidenceRow> {
  return { recordId, version, sealed: await sealFor(db, evidenceContext(recordId, version), consent) };
}

/**
 * Opens a record row; one that names an evidence row is opened with it. The evidence row is asked
 * for before anything is decrypted (a live query tracks only what it read until its first
 * WebCrypto await); `evidence` gives it when the caller read it with the row already. A row and an
 * evidence row of different versions were read across a write (the record changed meanwhile):
 * both are read again together; a pair that still differs, or whose envelopes disagree, was not
 * written by this app and is refused (`EvidenceMismatch`).
 */
export async function openRecord(db: LotseDatabase, row: RecordRow, evidence?: EvidenceRow | null): Promise<LocalRecord> {
  if (!isSealed(row)) return row as LocalRecord;
  const { sealed, evidence: version, ...clear } = row as SealedRecordRow;
  const evidenceRow = version === undefined ? undefined : evidence !== undefined ? evidence : db.evidence.get(row.recordId);
  const [secrets, stored] = await Promise.all([openFor<RecordSecrets>(db, recordContext(row.recordId, row.rev), sealed), evidenceRow]);
  const { evidence: sealedVersion, ...rest } = secrets;
  if (sealedVersion !== version) throw new EvidenceMismatch(row.recordId);
  if (version === undefined) return { ...clear, ...rest, consent: secrets.consent ?? null };
  if (stored?.version !== version) {
    if (evidence !== undefined) throw new EvidenceMismatch(row.recordId);
    const [again, againEvidence] = await db.transaction('r', [db.records, db.evidence], () => Promise.all([db.records.get(row.recordId), db.evidence.get(row.recordId)]));
    if (!again) throw new EvidenceMismatch(row.recordId);
    return openRecord(db, again, againEvidence ?? null);
  }
  const consent = await openFor<ConsentRecord>(db, evidenceContext(row.recordId, version), stored.sealed);
  return { ...clear, ...rest, consent };
}

/** A record whose evidence row is missing or of another version than the record names. */
export class EvidenceMismatch extends Error {
  constructor(recordId: string) {
    super(`The consent evidence of interview ${recordId} does not belong to its record.`);
    this.name = 'EvidenceMismatch';
  }
}
