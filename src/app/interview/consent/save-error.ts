/**
 * Why saving failed, in a form the UI can explain: the consent rules that were broken (each one
 * sentence from the domain), a storage problem by its code, or anything else by its message.
 */
import { ConsentRuleError } from '../../../core/consent';
import { StorageError, type StorageErrorCode } from '../../../data';

export type SaveError =
  | { readonly kind: 'rules'; readonly problems: readonly string[] }
  | { readonly kind: 'storage'; readonly code: StorageErrorCode; readonly message: string }
  | { readonly kind: 'unexpected'; readonly message: string };

export function saveErrorOf(error: unknown): SaveError {
  if (error instanceof ConsentRuleError) return { kind: 'rules', problems: error.problems };
  if (error instanceof StorageError) {
    // A rule broken inside the storage transaction arrives wrapped; its problems are the useful part.
    if (error.cause instanceof ConsentRuleError) return { kind: 'rules', problems: error.cause.problems };
    return { kind: 'storage', code: error.code, message: error.message };
  }
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}
