import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { asStorageError, StorageError } from './errors';

describe('storage errors', () => {
  it('a quota error, bare or wrapped by Dexie, becomes "storage_full"', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(asStorageError(quota).code).toBe('storage_full');
    const wrapped = new Dexie.AbortError('Transaction aborted', quota);
    expect(asStorageError(wrapped).code).toBe('storage_full');
  });

  it('anything else becomes "storage_failed" with the cause kept, and StorageErrors pass through', () => {
    const other = new Error('disk on fire');
    const converted = asStorageError(other);
    expect(converted).toMatchObject({ code: 'storage_failed', cause: other });
    expect(converted.message).toContain('disk on fire');
    const own = new StorageError('record_locked', 'locked');
    expect(asStorageError(own)).toBe(own);
  });
});
