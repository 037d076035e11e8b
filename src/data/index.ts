/**
 * The contract of src/data: the app imports from here only.
 */
export { database, openDatabaseNamed, type LotseDatabase, type LocalRecord, type RecordIndexRow, type RecordStatus, type OutboxEntry, type SyncIssue, type StoredArtifact } from './db';
export { getMeta, setMeta, type MetaValues } from './meta';
export { listInterviews, countInterviewsByFilter, filterStatuses, type InterviewFilter, type InterviewListPage, type InterviewListQuery, type StatusCounts } from './interviews';
export { readSyncStatus, readStorageState, requestPersistentStorage, isOldestUnsyncedTooOld, OLDEST_UNSYNCED_WARNING_MS, type SyncStatus, type StorageState } from './sync-status';
