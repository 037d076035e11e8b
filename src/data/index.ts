/**
 * The contract of src/data: the app imports from here only.
 */
export { database, openDatabaseNamed, type LotseDatabase, type LocalRecord, type RecordIndexRow, type RecordStatus, type OutboxEntry, type SyncIssue, type StoredArtifact, type InterviewProgress, type ConsentDraft } from './db';
export { getMeta, setMeta, type MetaValues } from './meta';
export { StorageError, asStorageError, type StorageErrorCode } from './errors';
export { listInterviews, countInterviewsByFilter, filterStatuses, type InterviewFilter, type InterviewListPage, type InterviewListQuery, type StatusCounts } from './interviews';
export { readSyncStatus, listOpenSyncIssues, readStorageState, requestPersistentStorage, isOldestUnsyncedTooOld, OLDEST_UNSYNCED_WARNING_MS, type SyncStatus, type StorageState } from './sync-status';
export {
  createInterview,
  getRecord,
  setApplicantLanguage,
  saveDraft,
  completeInterview,
  beginEdit,
  allRecords,
  indexRowOf,
  type NewInterview,
  type DraftChange,
} from './records';
export { saveConsentDraft, saveConsentDecision, postponeInterview, recordWithdrawal, type ConsentDecisionInput } from './consent-records';
export { ensureBundledArtifacts, ensureBundledContent, latestForm, formByRef, latestSettings, warmInterview, offeredNoticeTexts, openingStageOf, storedRecordForm, keptRecordForm, artifactKey, type OpeningStage, type BundledContent, type BundledFile } from './artifacts';
export { syncNow } from './sync-client';
export { enrolDevice, type EnrolOutcome } from './enrol';
export { DEFAULT_BATCH_BYTES, DEFAULT_BATCH_ENTRIES, type SyncOutcome, type SyncProblem, type SyncFailure, type SyncProgress, type SyncConfig } from './sync-types';
export { startSyncScheduler, backoffDelay, type SyncScheduler, type SyncRunState } from './sync-scheduler';
export { latestNoticeTexts, noticeVersionTexts, type NoticeTexts } from './notices';
export { noticeLabelBook, keptNoticeLabelBook, type NoticeLabelBook, type NoticeLabels } from './notice-labels';
export { watch, type Watched } from './watch';
export { latestRecoveryKey } from './recovery-key';
export { getPrivateMeta, setPrivateMeta, type PrivateMetaKey } from './sealed-rows';
export type { EncryptionRun } from './upgrade';
// The upgrade of a tablet written before encryption is a chunk of its own: it runs once, after
// an unlock, and has no place in the app's start: whether it is needed is one meta read
// (meta.ts), so an upgraded tablet never loads the chunk.
export { needsEncryption } from './meta';
export async function encryptClearRows(...args: Parameters<typeof import('./upgrade').encryptClearRows>): Promise<import('./upgrade').EncryptionRun> {
  return (await import('./upgrade')).encryptClearRows(...args);
}
export {
  keyringState,
  isUnlocked,
  configureKeyring,
  loadKeyring,
  onKeyringChange,
  setUpSecret,
  changeSecret,
  unlock,
  lock,
  unlockWithRawDataKey,
  recoveryWrapForDisplay,
  needsNewSecret,
  ensureRecoveryWrap,
  unlockDelayMs,
  MAX_UNLOCK_ATTEMPTS,
  type KeyringState,
  type UnlockResult,
} from './keyring';
export { wipeLocalData, wipedNotice, dismissWipedNotice, unsyncedSummary, type WipedNotice, type UnsyncedItem } from './wipe';
export { sealOutboxForServer, latestServerKey } from './server-seal';
export { devicePolicy } from './device-policy';
export { handoverState, startHandover, endHandover, onHandoverChange, type Handover } from './handover';
