/**
 * Lotse's local persistence: the ONLY module that opens IndexedDB through Dexie (boot.ts reads
 * `meta` once, raw, at the app's start before Dexie is loaded).
 *
 * What is stored where (database "lotse"):
 * - `records`     one row per interview (recordId = UUID made on this device): its status
 *                 (draft → complete → synced, or conflict / rejected), revision numbers,
 *                 the exact form and notice references, and the payload (answers + where
 *                 the interviewer was; the consent record in `evidence` from version 4), and
 *                 before the consent decision the consent stage's draft (`consentDraft`, never sent).
 * - `recordIndex` a thin copy of what the interview list shows (name, status, dates), so the
 *                 list and its search never read the large payloads.
 * - `outbox`      what still has to reach the server: one row per completed revision, with a
 *                 per-device sequence number that is never reused (see sync-protocol.md).
 * - `syncIssues`  conflicts and rejections with the server's answer, shown to the user.
 * - `artifacts`   pulled (or bundled) form definitions and notice texts.
 * - `meta`        device identity, the next sequence number, cursors and last sync times.
 *
 * - `indexShards` (version 3) the interview list's names, references and languages, in 64 sealed
 *                 shards (by record id), opened once after unlock into memory (record-index.ts).
 * - `evidence`    (version 4) a record's consent record — the decision, its events, the drawn
 *                 signatures (most of a record's bytes) — sealed apart from the record, written
 *                 only when the consent changes (decision, withdrawal), in the record's transaction.
 *                 An autosave of a draft then seals and writes about 1 KB, not the 17 KB of a
 *                 record with a signed consent every time (bench/README.md, autosave).
 *
 * Every save that must reach the server writes the record AND its outbox row in one
 * transaction: either both are there after a crash, or neither.
 *
 * Encryption at rest (issue #12, version 3): what identifies a person or says anything about them
 * is stored as ONE envelope per row (`sealed`, core/encryption, with store, record id and revision
 * as associated data); only the fields the indexes and the sync bookkeeping need stay in clear
 * (ids, revisions, states, timestamps, form version, progress, sizes, hashes). `sealed-rows.ts`
 * turns rows into the shapes below and back. Rows written before version 3 are in clear until the
 * first unlock encrypts them (`encryptClearRows`); readers accept both until then.
 */
import Dexie, { type Table } from 'dexie';
import type { NoticeRef } from '../core/sync';
import type { ServerSealed } from '../core/encryption';
import type { ConsentRecord } from '../core/consent';
import { indexRowOf } from './record-index';
import type { Answers } from '../core/form';
import type { Interview } from '../core/record';

export type RecordStatus = 'draft' | 'complete' | 'synced' | 'conflict' | 'rejected';

/** Where the interviewer was, so a reopened draft continues there. */
export interface InterviewProgress {
  stage: 'consent' | 'form' | 'summary' | 'done';
  sectionId: string | null;
}

export interface LocalRecord {
  recordId: string;
  /** Last completed revision: 0 while the interview was never completed, then 1, 2, … */
  rev: number;
  /** Revision the server has acknowledged (0 = none). */
  serverRev: number;
  status: RecordStatus;
  /** True while a completed interview is being edited into its next revision. */
  editing: boolean;
  formRef: string | null;
  noticeRef: NoticeRef | null;
  createdAt: string;
  updatedAt: string;
  interview: Interview;
  /** The consent record; null until the applicant has decided. */
  consent: ConsentRecord | null;
  /** Profilingbogen answers; null until consent was given (and forever after a refusal). */
  answers: Answers | null;
  progress: InterviewProgress;
  displayName: string;
  /**
   * The consent stage's work in progress (language, reading mode, decisions, attestations, a
   * signature being drawn), so a reload continues where it was. Not evidence: never sent, and
   * removed in the transaction that stores the consent decision. Absent when there is none.
   */
  consentDraft?: ConsentDraft;
}

/** What the consent stage saved; `state` is the stage's own shape, which it checks on restore. */
export interface ConsentDraft {
  savedAt: string;
  state: unknown;
}

/** A record as stored from version 3: the clear fields, the rest sealed (`RecordSecrets`). */
export interface SealedRecordRow {
  recordId: string;
  rev: number;
  serverRev: number;
  status: RecordStatus;
  editing: boolean;
  formRef: string | null;
  createdAt: string;
  updatedAt: string;
  progress: InterviewProgress;
  /**
   * From version 4: the version of the record's `evidence` row, which holds its consent record
   * (the envelope holds the same number; a row whose two differ does not open). Absent on rows
   * written before, whose envelope holds the consent itself; their next write moves it out.
   */
  evidence?: number;
  /** Envelope of `RecordSecrets`, context {store 'records', recordId, revision rev}. */
  sealed: Uint8Array;
}

/**
 * What a record's envelope holds: with `consent` in it (rows written before version 4, and any
 * record without a consent yet), or with `evidence`, the version of the evidence row holding it.
 */
export type RecordSecrets = Pick<LocalRecord, 'interview' | 'answers' | 'displayName' | 'noticeRef' | 'consentDraft'> &
  ({ consent: LocalRecord['consent']; evidence?: undefined } | { evidence: number; consent?: undefined });

/** A record's consent record, sealed apart from it (version 4), context {store 'evidence', recordId, revision version}. */
export interface EvidenceRow {
  recordId: string;
  /** Counts the record's consent changes: 1 for the decision, +1 for every withdrawal. */
  version: number;
  sealed: Uint8Array;
}

/** A `records` row: sealed, or in clear as written before version 3 (until `encryptClearRows` reached it). */
export type RecordRow = SealedRecordRow | LocalRecord;

/** The interview list's clear row from version 3: what its indexes need, nothing about the person. */
export interface ClearIndexRow {
  recordId: string;
  status: RecordStatus;
  createdAt: string;
  updatedAt: string;
  /**
   * The record row's revision, server revision and editing flag as last written with it (rows
   * written before these were kept have none). With `status` and `updatedAt` they are what a save
   * checks to know the record did not change since it was read, from this small row instead of
   * the record's sealed blob (records.ts `store`).
   */
  rev?: number;
  serverRev?: number;
  editing?: boolean;
}

/** A `recordIndex` row: clear, or with the name in it as written before version 3. */
export type IndexRow = ClearIndexRow | RecordIndexRow;

/** What the list shows of a record beside its clear row: kept in the sealed shards. */
export type IndexSecrets = Pick<RecordIndexRow, 'displayName' | 'searchText' | 'shortReference' | 'refused' | 'applicantLang'>;

/** One sealed shard of the interview list: record id → `IndexSecrets`. */
export interface IndexShardRow {
  shard: number;
  /** Grows with every write; part of the envelope's context, and checked so two writers cannot lose each other's change. */
  version: number;
  sealed: Uint8Array;
}

export interface RecordIndexRow {
  recordId: string;
  status: RecordStatus;
  /** Display name of the applicant (as typed, may be in any script). */
  displayName: string;
  /**
   * What the search runs over (`nameSearchText`): the folded name and short reference, then the
   * name's transliteration skeletons. Rows written before the skeletons get them on the fly.
   */
  searchText: string;
  /** `K7QM-3XPA`: what the receipt prints and a person quotes on the phone. */
  shortReference: string;
  /** The applicant refused consent: a minimal record without a name, not an unfinished draft. */
  refused: boolean;
  applicantLang: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * An outbox entry's payload sealed for the server (issue #12 item 3). The notice reference stays
 * beside it in clear (the push sends it in clear too): the server-sealed row is pushed without the
 * data key. It names the notice version and language shown — not the person.
 */
export interface ServerSealedCopy {
  sealed: ServerSealed;
  noticeRef: NoticeRef;
}

export interface OutboxEntry {
  seq: number;
  recordId: string;
  rev: number;
  baseRev: number;
  formRef: string | null;
  noticeRef: NoticeRef;
  payload: Record<string, unknown>;
  payloadSha256: string;
  /** Size of the entry as sent, for batching by bytes. */
  bytes: number;
  createdAt: string;
  /**
   * The payload sealed for the server's key (issue #12 item 3, server-seal.ts): sent instead of
   * `payload` when present, so the push needs no data key and runs while the app is locked.
   */
  serverSealed?: ServerSealedCopy;
}

/** An outbox row from version 3: the payload and notice reference sealed ({store 'outbox', recordId, revision rev}). */
export interface SealedOutboxRow extends Omit<OutboxEntry, 'payload' | 'noticeRef'> {
  sealed: Uint8Array;
}

export type OutboxRow = SealedOutboxRow | OutboxEntry;

/** A sync issue from version 3: the server's message and record sealed ({store 'syncIssues', recordId, revision rev}). */
export interface SealedSyncIssueRow extends Omit<SyncIssue, 'message' | 'serverRecord'> {
  sealed: Uint8Array;
}

export type SyncIssueRow = SealedSyncIssueRow | SyncIssue;

export interface SyncIssue {
  id?: number;
  recordId: string;
  seq: number;
  rev: number;
  kind: 'conflict' | 'rejected';
  code: string | null;
  message: string;
  serverRecord: Record<string, unknown> | null;
  at: string;
  resolvedAt: string | null;
}

export interface StoredArtifact {
  /** `kind:id@version:lang` (lang `*` for forms and settings). */
  key: string;
  kind: 'form' | 'notice' | 'settings' | 'recovery-key' | 'server-key' | 'device-policy';
  id: string;
  version: number;
  lang: string;
  sha256: string;
  reviewState: 'draft' | 'reviewed';
  retired: 0 | 1;
  changeNo: number;
  source: 'bundled' | 'server';
  /**
   * The verdict of the checks made when the row was stored (artifact-checks.ts): 'valid' rows are
   * read without checking them again, 'invalid' ones are never used. Absent on rows stored by
   * earlier versions, until `checkStoredArtifacts` has given them one.
   */
  check?: ArtifactCheck;
  body: Record<string, unknown>;
}

export type ArtifactCheck = 'valid' | 'invalid';

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * 'strict': a transaction counts as done only once it is flushed to disk, so a completed
 * interview or an acknowledged sync survives a power cut or a dead battery, not only a crashed
 * tab (Chromium's default may report success before the flush). Dexie's transactions and the
 * records' own (`checked-write.ts`) both use it.
 */
export const TRANSACTION_DURABILITY: IDBTransactionDurability = 'strict';

export class LotseDatabase extends Dexie {
  records!: Table<RecordRow, string>;
  recordIndex!: Table<IndexRow, string>;
  outbox!: Table<OutboxRow, number>;
  syncIssues!: Table<SyncIssueRow, number>;
  indexShards!: Table<IndexShardRow, number>;
  evidence!: Table<EvidenceRow, string>;
  artifacts!: Table<StoredArtifact, string>;
  meta!: Table<MetaRow, string>;

  constructor(name = 'lotse') {
    super(name, { chromeTransactionDurability: TRANSACTION_DURABILITY });
    this.version(1).stores({
      records: 'recordId, status, updatedAt',
      recordIndex: 'recordId, status, updatedAt, [status+updatedAt]',
      outbox: 'seq, recordId',
      syncIssues: '++id, recordId, kind, resolvedAt',
      artifacts: 'key, [kind+id], kind, changeNo',
      meta: 'key',
    });
    // Index rows gained the short reference and the refusal mark: rebuilt once from the records.
    this.version(2).stores({}).upgrade(async (transaction) => {
      const records = await transaction.table<LocalRecord, string>('records').toArray();
      await transaction.table<RecordIndexRow, string>('recordIndex').bulkPut(records.map(indexRowOf));
    });
    // Encryption at rest (issue #12): only adds the sealed index shards. Sealing needs the data
    // key, which no upgrade has: the first unlock after the update encrypts the clear rows in
    // batches (`encryptClearRows`, upgrade.ts); readers accept both shapes until then.
    this.version(3).stores({ indexShards: 'shard' });
    // The consent evidence apart from the record (see above). Nothing to move here either (sealed
    // rows need the key): a record's next write moves its consent out; until then it is read inline.
    this.version(4).stores({ evidence: 'recordId' });
  }
}

let instance: LotseDatabase | undefined;

/** The app's database, opened lazily once per page. */
export function database(): LotseDatabase {
  instance ??= new LotseDatabase();
  return instance;
}

/** Tests and the benchmark open databases of their own. */
export function openDatabaseNamed(name: string): LotseDatabase {
  return new LotseDatabase(name);
}
