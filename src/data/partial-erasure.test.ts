/**
 * Issue #14: an explicit consent item (health) withdrawn on its own at the office reaches the
 * tablet as a partial erasure in the pull (`erasureChangeSchema` with `fields` and `id`). The real
 * sync client against a fake server: the named answer leaves the sealed local copy, the rest of the
 * record stays as it was (no new revision), the device confirms the id; while the app is locked
 * nothing is erased and nothing confirmed, the next run while unlocked does it. The test form has
 * no health question: `schoolYears` stands for the answer the server names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsentRecord, noticeRef } from '../core/consent';
import { testForm, testFormRef, testNotice } from '../core/record/__fixtures__/interview';
import { PARTIAL_ERASURES, type ErasureChange } from '../core/sync';
import type { LotseDatabase } from './db';
import { lock, unlock } from './keyring';
import { setMeta, getMeta } from './meta';
import { beginEdit, completeInterview, createInterview, getRecord, saveDraft } from './records';
import { saveConsentDecision } from './consent-records';
import { syncNow } from './sync-client';
import { openedText, rawText, TEST_SECRET, unlockedDatabase } from './test-keyring';

const notice = testNotice('de');
const now = '2026-11-02T10:00:00.000Z';
const deviceId = crypto.randomUUID();
let db: LotseDatabase;

beforeEach(async () => {
  db = await unlockedDatabase(`partial-erasure-${crypto.randomUUID()}`);
  await setMeta(db, 'deviceId', deviceId);
  await setMeta(db, 'deviceToken', 'x'.repeat(40));
});
afterEach(async () => {
  await db.delete();
});

async function capturedInterview(): Promise<string> {
  const record = await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'de', now });
  const consent = createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: record.recordId,
      pii_principal_id: `person-${record.recordId.slice(0, 8)}`,
      parties: { interviewer: { id: 'iv-1', name: 'Ines' } },
      collection_method: 'read_by_applicant',
      purposes: { profiling: 'accepted', referral: 'refused' },
      recipient_third_parties: { jobcenter: 'accepted', caritas: 'refused' },
      special_categories: false,
      evidence: { kind: 'signature' as const, strokes: [[{ x: 0, y: 0, t: 0 }, { x: 4, y: 4, t: 9 }]], png: 'data:image/png;base64,AAAA' },
    },
    notice,
    notice,
    new Date(now),
  );
  await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice), formRef: testFormRef(), now });
  await saveDraft(db, record.recordId, { answers: { surname: 'Musterfrau', schoolYears: 10 }, progress: { stage: 'form', sectionId: 'person' }, displayName: 'Musterfrau', now });
  await completeInterview(db, record.recordId, testForm(), now);
  return record.recordId;
}

/** A server that takes every push and lists `erasures` until the device confirms them. */
function fakeServer(erasures: ErasureChange[]) {
  const pulls: string[] = [];
  const confirmations: unknown[] = [];
  let waiting = [...erasures];
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    if (url.includes('/api/v1/sync/push')) {
      const body = JSON.parse(String(init?.body)) as { entries: { seq: number; rev: number }[] };
      return json({ lastSeq: Math.max(0, ...body.entries.map((entry) => entry.seq)), results: body.entries.map((entry) => ({ seq: entry.seq, status: 'applied', serverRev: entry.rev })) });
    }
    if (url.includes('/api/v1/sync/pull')) {
      pulls.push(url);
      return json({ changes: [], cursor: '0', hasMore: false, erasures: waiting });
    }
    if (url.includes('/api/v1/sync/erasures')) {
      const body = JSON.parse(String(init?.body)) as { partialIds?: string[] };
      confirmations.push(body);
      waiting = waiting.filter((erasure) => !(body.partialIds ?? []).includes(erasure.id ?? ''));
      return json({ confirmed: body.partialIds?.length ?? 0 });
    }
    return new Response('{}', { status: 404 });
  };
  return { fetch: fetch as typeof globalThis.fetch, pulls, confirmations, waiting: () => waiting };
}

describe('a partial erasure pulled by the tablet', () => {
  it('erases the named answer from the sealed local record, keeps the rest, and confirms', async () => {
    const recordId = await capturedInterview();
    const before = await getRecord(db, recordId);
    const partialId = crypto.randomUUID();
    const server = fakeServer([{ op: 'erase', recordId, erasedAt: now, fields: ['schoolYears'], id: partialId }]);

    const outcome = await syncNow(db, { fetch: server.fetch });
    expect(outcome.kind).toBe('done');
    // The pull said it applies partial erasures (an older client is never sent one).
    expect(decodeURIComponent(server.pulls[0]!)).toContain(PARTIAL_ERASURES);

    const after = await getRecord(db, recordId);
    expect(after?.answers).toEqual({ surname: 'Musterfrau' });
    expect(after).toMatchObject({ status: 'synced', rev: before!.rev, serverRev: 1, displayName: 'Musterfrau' });
    expect(after?.consent).toEqual(before?.consent);
    // Nothing of it anywhere on the tablet (record, outbox, index, sync issues), no new revision queued.
    expect(await db.outbox.count()).toBe(0);
    expect(await openedText(db)).not.toContain('schoolYears');
    // Still sealed: the name is not readable without the key.
    expect(await rawText(db)).not.toContain('Musterfrau');

    expect(server.confirmations).toEqual([{ deviceId, recordIds: [], partialIds: [partialId] }]);
    expect(server.waiting()).toEqual([]);
    expect(await getMeta(db, 'partialErasuresToConfirm')).toEqual([]);
  });

  it('while locked erases nothing and confirms nothing; the next run while unlocked does', async () => {
    const recordId = await capturedInterview();
    const first = fakeServer([]);
    expect((await syncNow(db, { fetch: first.fetch })).kind).toBe('done');
    expect(await db.outbox.count()).toBe(0);

    const partialId = crypto.randomUUID();
    const server = fakeServer([{ op: 'erase', recordId, erasedAt: now, fields: ['schoolYears'], id: partialId }]);
    lock();
    expect((await syncNow(db, { fetch: server.fetch })).kind).toBe('done');
    expect(server.confirmations).toEqual([]);
    expect((await unlock(db, TEST_SECRET)).ok).toBe(true);
    expect((await getRecord(db, recordId))?.answers).toEqual({ surname: 'Musterfrau', schoolYears: 10 });

    expect((await syncNow(db, { fetch: server.fetch })).kind).toBe('done');
    expect((await getRecord(db, recordId))?.answers).toEqual({ surname: 'Musterfrau' });
    expect(server.confirmations).toEqual([{ deviceId, recordIds: [], partialIds: [partialId] }]);
  });

  it('a whole-record erasure beside it still deletes its record', async () => {
    const kept = await capturedInterview();
    const gone = await capturedInterview();
    const partialId = crypto.randomUUID();
    const server = fakeServer([
      { op: 'erase', recordId: gone, erasedAt: now },
      { op: 'erase', recordId: kept, erasedAt: now, fields: ['schoolYears'], id: partialId },
    ]);
    expect((await syncNow(db, { fetch: server.fetch })).kind).toBe('done');
    expect(await getRecord(db, gone)).toBeUndefined();
    // Its consent evidence (kept apart from the record since version 4) goes with it.
    expect(await db.evidence.get(gone)).toBeUndefined();
    expect((await getRecord(db, kept))?.answers).toEqual({ surname: 'Musterfrau' });
    expect((await getRecord(db, kept))?.consent?.evidence).toMatchObject({ kind: 'signature' });
    expect(server.confirmations).toEqual([{ deviceId, recordIds: [gone], partialIds: [partialId] }]);
  });

  it('erases it from an interview being edited too; completing the edit sends no such answer', async () => {
    const recordId = await capturedInterview();
    expect((await syncNow(db, { fetch: fakeServer([]).fetch })).kind).toBe('done');
    await beginEdit(db, recordId, now);
    const server = fakeServer([{ op: 'erase', recordId, erasedAt: now, fields: ['schoolYears'], id: crypto.randomUUID() }]);
    expect((await syncNow(db, { fetch: server.fetch })).kind).toBe('done');
    const edited = await getRecord(db, recordId);
    expect(edited).toMatchObject({ status: 'draft', editing: true, answers: { surname: 'Musterfrau' } });
    expect(edited?.answers).not.toHaveProperty('schoolYears');
    expect(server.confirmations).toHaveLength(1);
  });
});
