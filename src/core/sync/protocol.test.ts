import { describe, expect, it } from 'vitest';
import { formRefSchema, pullQuerySchema, pushRequestSchema, pushResponseSchema } from './protocol';

const recordId = '3f1c2a4e-8b7d-4c1e-9f00-1a2b3c4d5e6f';
const hash = 'a'.repeat(64);
const entry = {
  seq: 1,
  recordId,
  rev: 1,
  baseRev: 0,
  formRef: 'profilingbogen@3',
  noticeRef: { id: 'notice', version: 2, lang: 'ar', sha256: hash },
  payload: { recordId },
  payloadSha256: hash,
};

describe('push request', () => {
  it('accepts the documented example shape', () => {
    const body = { protocolVersion: 1, deviceId: recordId, batchId: recordId, entries: [entry], pendingCount: 3 };
    expect(pushRequestSchema.parse(body)).toEqual(body);
  });

  it('refuses unknown fields and malformed entries', () => {
    const base = { protocolVersion: 1, deviceId: recordId, batchId: recordId };
    expect(pushRequestSchema.safeParse({ ...base, entries: [{ ...entry, extra: 1 }] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ ...base, entries: [{ ...entry, seq: 0 }] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ ...base, entries: [{ ...entry, payloadSha256: 'A'.repeat(64) }] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ ...base, deviceId: 'not-a-uuid', entries: [] }).success).toBe(false);
  });

  it('accepts every form id the form schema accepts', () => {
    expect(formRefSchema.safeParse('mini_form@1').success).toBe(true);
    expect(formRefSchema.safeParse('Profilingbogen@12').success).toBe(true);
    expect(formRefSchema.safeParse('profilingbogen@0').success).toBe(false);
    expect(formRefSchema.safeParse('profilingbogen').success).toBe(false);
  });
});

describe('push response', () => {
  it('carries the first answer of a replayed entry', () => {
    const response = {
      lastSeq: 4,
      results: [
        { seq: 1, status: 'applied', serverRev: 1 },
        { seq: 2, status: 'duplicate', serverRev: 1, original: 'rejected', code: 'invalid_payload', message: 'answers.surname: required' },
        { seq: 3, status: 'duplicate', serverRev: 2, original: 'conflict', message: 'm', serverRecord: null },
        { seq: 4, status: 'conflict', serverRev: 0, message: 'm', serverRecord: null },
        { seq: 6, status: 'gap', expectedSeq: 5 },
      ],
    };
    expect(pushResponseSchema.parse(response)).toEqual(response);
  });
});

describe('pull query', () => {
  it('defaults and bounds the page size', () => {
    expect(pullQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(pullQuerySchema.parse({ limit: '10', cursor: 'YzE' })).toEqual({ limit: 10, cursor: 'YzE' });
    expect(pullQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(pullQuerySchema.safeParse({ limit: '201' }).success).toBe(false);
  });
});
