/**
 * The sync client's shared vocabulary: how a run is configured, how it reports progress, and
 * how it ends. Kept apart from the runner so that `meta.ts` (which stores the last failure)
 * and the transport, push and pull modules can name these types without importing each other.
 */
import { asStorageError } from './errors';

export interface SyncProgress {
  phase: 'push' | 'pull';
  sent: number;
  total: number;
  bytesSent: number;
}

export interface SyncConfig {
  /** Origin of the server ('' = the app's own origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  maxEntries?: number;
  maxBytes?: number;
  /** How many push/pull rounds one run may take when new entries keep appearing. */
  maxPasses?: number;
  onProgress?: (progress: SyncProgress) => void;
  now?: () => Date;
}

// With real interviews (~20 KB each, a drawn signature included) the byte cap binds at about
// 50 entries; the two caps agree (bench/: batch sizes 25-200 made no measurable difference).
export const DEFAULT_BATCH_ENTRIES = 50;
export const DEFAULT_BATCH_BYTES = 1024 * 1024;

/** Why a run stopped, in terms the UI puts into the user's language (`code` plus what the sentence needs). */
export type SyncProblem =
  | { code: 'network' }
  | { code: 'server_unavailable'; status: number }
  | { code: 'device_revoked' }
  | { code: 'token_refused'; status: number }
  | { code: 'entry_too_large'; seq: number }
  | { code: 'protocol_newer' }
  | { code: 'batch_refused'; status: number }
  | { code: 'answer_unreadable' }
  | { code: 'not_cleared'; seq: number }
  | { code: 'entries_missing'; from: number; to: number }
  | { code: 'nothing_acknowledged' }
  | { code: 'pull_refused'; status: number }
  | { code: 'storage_full' }
  /** The outbox is sealed with the data key and the keyring is locked (issue #12). */
  | { code: 'locked' }
  | { code: 'unexpected' };

/** A failed run as kept on the device: the problem, and the technical detail (the server's or the browser's own words). */
export interface SyncFailure {
  problem: SyncProblem;
  message: string;
}

export type SyncOutcome =
  | { kind: 'done'; pushed: number; applied: number; duplicates: number; conflicts: number; rejected: number; pulled: number }
  | { kind: 'not_enrolled' }
  /** The device was marked lost: it pushed everything, then deleted all its data and its token. */
  | { kind: 'wiped' }
  | { kind: 'busy' }
  | ({ kind: 'auth_refused'; status: number } & SyncFailure)
  | ({ kind: 'retry_later'; retryAfterMs: number | null } & SyncFailure)
  | ({ kind: 'failed' } & SyncFailure);

/** Ends a run early with the outcome the caller gets; thrown by transport, push and pull. */
export class SyncStop extends Error {
  constructor(readonly outcome: SyncOutcome) {
    super(outcome.kind);
  }
}

/** A stored failure; devices updated from an earlier version hold a plain string. */
export function isSyncFailure(value: unknown): value is SyncFailure {
  return typeof value === 'object' && value !== null && 'problem' in value && 'message' in value;
}

/** A run that threw something else than a SyncStop: storage failing under it, or a bug. */
export function failureOf(error: unknown): SyncFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { problem: asStorageError(error).code === 'storage_full' ? { code: 'storage_full' } : { code: 'unexpected' }, message };
}
