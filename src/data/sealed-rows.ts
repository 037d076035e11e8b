/**
 * Rows as stored (version 3: clear index fields + one envelope) ⇄ the shapes the rest of src/data
 * and the app use (`LocalRecord`, `OutboxEntry`, `SyncIssue`). Rows written before version 3 are
 * still in clear until `encryptClearRows` reached them: opening one returns it as it is.
 *
 * Two rules (core/encryption/README.md):
 * - seal and open OUTSIDE Dexie transactions: awaiting `crypto.subtle` inside one lets IndexedDB
 *   commit it; callers read, open, seal, then write in a short transaction that checks nothing
 *   changed in between;
 * - a function `watch` may run (a live query) makes its Dexie reads BEFORE its first await of
 *   WebCrypto: the live query tracks only what it read until then (watch.test.ts proves it).
 */
import { open, seal, type EnvelopeContext } from '../core/encryption';
import type { ConsentRecord } from '../core/consent';
import type {
  EvidenceRow,
  LocalRecord,
  LotseDatabase,
  OutboxEntry,
  OutboxRow,
  RecordRow,
  RecordSecrets,
  SealedOutboxRow,
  SealedRecordRow,
  SealedSyncIssueRow,
  SyncIssue,
  SyncIssueRow,
} from './db';
import { dataKeyFor } from './keyring';
import type { MetaValues } from './meta';

export function isSealed<T extends object>(row: T): row is T & { sealed: Uint8Array } {
  return 'sealed' in row && row.sealed instanceof Uint8Array;
}

export function sealFor(db: LotseDatabase, context: EnvelopeContext, value: unknown): Promise<Uint8Array<ArrayBuffer>> {
  return seal(dataKeyFor(db), context, value);
}

export async function openFor<T>(db: LotseDatabase, context: EnvelopeContext, blob: Uint8Array): Promise<T> {
  return (await open(dataKeyFor(db), context, blob)) as T;
}

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

const outboxContext = (recordId: string, rev: number): EnvelopeContext => ({ store: 'outbox', recordId, revision: rev });

export async function sealOutboxEntry(db: LotseDatabase, entry: OutboxEntry): Promise<SealedOutboxRow> {
  const { payload, noticeRef, ...clear } = entry;
  return { ...clear, sealed: await sealFor(db, outboxContext(entry.recordId, entry.rev), { payload, noticeRef }) };
}

export async function openOutboxRow(db: LotseDatabase, row: OutboxRow): Promise<OutboxEntry> {
  if (!isSealed(row)) return row as OutboxEntry;
  const { sealed, ...clear } = row as SealedOutboxRow;
  const secrets = await openFor<Pick<OutboxEntry, 'payload' | 'noticeRef'>>(db, outboxContext(row.recordId, row.rev), sealed);
  return { ...clear, ...secrets };
}

const issueContext = (recordId: string, rev: number): EnvelopeContext => ({ store: 'syncIssues', recordId, revision: rev });

export async function sealSyncIssue(db: LotseDatabase, issue: SyncIssue): Promise<SealedSyncIssueRow> {
  const { message, serverRecord, ...clear } = issue;
  return { ...clear, sealed: await sealFor(db, issueContext(issue.recordId, issue.rev), { message, serverRecord }) };
}

export async function openSyncIssue(db: LotseDatabase, row: SyncIssueRow): Promise<SyncIssue> {
  if (!isSealed(row)) return row as SyncIssue;
  const { sealed, ...clear } = row as SealedSyncIssueRow;
  const secrets = await openFor<Pick<SyncIssue, 'message' | 'serverRecord'>>(db, issueContext(row.recordId, row.rev), sealed);
  return { ...clear, ...secrets };
}

/** The `meta` values that say something about a person (the interviewer's name, where they work): sealed. */
export type PrivateMetaKey = 'interviewer' | 'lastSite';
export const PRIVATE_META_KEYS: readonly PrivateMetaKey[] = ['interviewer', 'lastSite'];

const metaContext = (key: PrivateMetaKey): EnvelopeContext => ({ store: 'meta', recordId: key, revision: 0 });

export async function getPrivateMeta<K extends PrivateMetaKey>(db: LotseDatabase, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  if (row === undefined) return undefined;
  if (row.value instanceof Uint8Array) return openFor<MetaValues[K]>(db, metaContext(key), row.value);
  return row.value as MetaValues[K];
}

export async function sealPrivateMeta<K extends PrivateMetaKey>(db: LotseDatabase, key: K, value: MetaValues[K]): Promise<Uint8Array> {
  return sealFor(db, metaContext(key), value);
}

export async function setPrivateMeta<K extends PrivateMetaKey>(db: LotseDatabase, key: K, value: MetaValues[K]): Promise<void> {
  const sealed = await sealPrivateMeta(db, key, value);
  await db.meta.put({ key, value: sealed });
}
