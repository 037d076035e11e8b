/**
 * A completion's outbox entry: the record's payload as canonical JSON, its SHA-256 and its size.
 * Loaded when an interview (or a consent decision, a withdrawal) is completed (records.ts `store`),
 * not with the form: canonical JSON and hashing are not needed to show or autosave it (issue #15).
 */
import { payloadHash, type InterviewRecord } from '../core/record';
import { canonicalJson } from '../core/sync';
import type { LocalRecord, OutboxEntry } from './db';

/** A record with its consent decision and the notice it was decided on (records.ts `sendable`). */
export type SendableRecord = LocalRecord & { consent: NonNullable<LocalRecord['consent']>; noticeRef: NonNullable<LocalRecord['noticeRef']> };

export type NewOutboxEntry = Omit<OutboxEntry, 'bytes' | 'seq'>;

export function outboxEntryOf(record: SendableRecord, now: string): NewOutboxEntry {
  const payload: InterviewRecord = {
    recordId: record.recordId,
    interview: record.interview,
    consent: record.consent,
    answers: record.answers,
  };
  // Plain JSON: what is hashed is exactly what will be sent.
  const plain = JSON.parse(canonicalJson(payload)) as Record<string, unknown>;
  return {
    recordId: record.recordId,
    rev: record.rev,
    baseRev: record.rev - 1,
    formRef: record.formRef,
    noticeRef: record.noticeRef,
    payload: plain,
    payloadSha256: payloadHash(plain),
    createdAt: now,
  };
}

/** The entry's size as sent (canonical JSON) under its sequence number: what the sync screen counts. */
export function entryBytes(entry: NewOutboxEntry, seq: number): number {
  return canonicalJson({ ...entry, seq }).length;
}
