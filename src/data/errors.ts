/**
 * Errors of the storage layer that the UI must tell the user about in plain words.
 * Each carries a stable `code` the UI translates; nothing else is lost when one is thrown.
 */
export type StorageErrorCode = 'storage_full' | 'record_missing' | 'record_locked' | 'consent_required' | 'purpose_not_accepted' | 'invalid_record' | 'storage_failed';

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.code = code;
  }
}

function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const inner = (error as { inner?: unknown }).inner;
  return (
    error.name === 'QuotaExceededError' ||
    (error as { code?: number }).code === 22 ||
    /quota/i.test(error.message) ||
    (inner !== undefined && inner !== error && isQuotaError(inner))
  );
}

/** Turns IndexedDB/Dexie failures into StorageErrors the UI can explain. */
export function asStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError('storage_full', 'The device storage is full; the last change was not saved.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError('storage_failed', `Saving failed: ${message}`, { cause: error });
}
