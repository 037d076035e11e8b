import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsentRecord, noticeRef } from '../core/consent';
import { testForm, testFormRef, testNotice } from '../core/record/__fixtures__/interview';
import { payloadHash, shortReference, validateRecordEntry } from '../core/record';
import { listInterviews } from './interviews';
import { type IndexRow, type LotseDatabase } from './db';
import { beginEdit, completeInterview, createInterview, getRecord, saveDraft } from './records';
import { recordWithdrawal, saveConsentDecision, saveConsentDraft } from './consent-records';
import { StorageError } from './errors';
import { sealRecord } from './sealed-records';
import { clearIndexRowOf } from './record-index';
import { setMeta } from './meta';
import { syncNow } from './sync-client';
import { lock, unlock } from './keyring';
import { watch } from './watch';
import { openedIndexRow, openedOutbox, rawText, TEST_SECRET, unlockedDatabase } from './test-keyring';

const notice = testNotice('de');
const form = testForm();
const now = '2026-11-02T10:00:00.000Z';
let db: LotseDatabase;

beforeEach(async () => {
  db = await unlockedDatabase(`records-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

function consentFor(recordId: string, decision: 'accepted' | 'refused') {
  return createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: recordId,
      pii_principal_id: `person-${recordId.slice(0, 8)}`,
      parties: { interviewer: { id: 'iv-1', name: 'Ines' } },
      collection_method: 'read_by_applicant',
      purposes: { profiling: decision, referral: decision },
      recipient_third_parties: { jobcenter: decision, caritas: 'refused' },
      special_categories: false,
      ...(decision === 'accepted' && { evidence: { kind: 'signature' as const, strokes: [[{ x: 0, y: 0, t: 0 }, { x: 4, y: 4, t: 9 }]], png: 'data:image/png;base64,AAAA' } }),
    },
    notice,
    notice,
    new Date(now),
  );
}

async function newInterview() {
  return createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'ar', now });
}

/** Another tab's write of a record and its index row (sealed outside the transaction, as the app does). */
async function writeAsAnotherTab(record: Awaited<ReturnType<typeof saveDraft>>, indexRow: IndexRow) {
  const row = await sealRecord(db, record);
  await db.transaction('rw', [db.records, db.recordIndex], async () => {
    await db.records.put(row);
    await db.recordIndex.put(indexRow);
  });
}

async function expectStorageError(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toBeInstanceOf(StorageError);
  await expect(promise).rejects.toMatchObject({ code });
}

describe('interviews on the device', () => {
  it('stores no answer before consent was given', async () => {
    const record = await newInterview();
    await expectStorageError(saveDraft(db, record.recordId, { answers: { surname: 'X' }, progress: { stage: 'form', sectionId: null }, displayName: 'X', now }), 'consent_required');
    expect((await getRecord(db, record.recordId))?.answers).toBeNull();
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps the consent stage draft until the decision is stored, then removes it and refuses more', async () => {
    const record = await newInterview();
    const state = { step: 'decision', lang: 'ar', decisions: { purposes: { profiling: 'accepted' } }, witness: { name: 'Samira K.', role: 'Nachbarin' } };
    await saveConsentDraft(db, record.recordId, state, now);
    expect((await getRecord(db, record.recordId))?.consentDraft).toEqual({ savedAt: now, state });

    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    const decided = await getRecord(db, record.recordId);
    expect(decided?.consent).not.toBeNull();
    expect(decided).not.toHaveProperty('consentDraft');
    await expectStorageError(saveConsentDraft(db, record.recordId, state, now), 'record_locked');
    expect(await getRecord(db, record.recordId)).not.toHaveProperty('consentDraft');
  });

  it('a refusal is completed at once as a minimal record and queued; it can never take answers', async () => {
    const record = await newInterview();
    const refused = await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'refused'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    expect(refused).toMatchObject({ status: 'complete', rev: 1, answers: null, formRef: null });
    const [entry] = await openedOutbox(db);
    expect(entry).toMatchObject({ seq: 1, recordId: record.recordId, rev: 1, baseRev: 0, formRef: null });
    expect(entry!.payload.answers).toBeNull();
    await expectStorageError(saveDraft(db, record.recordId, { answers: { surname: 'X' }, progress: { stage: 'form', sectionId: null }, displayName: 'X', now }), 'consent_required');
  });

  it('lists a refusal as a refusal with its short reference, apart from a nameless draft, and finds it by that reference', async () => {
    const draft = await newInterview();
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'refused'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    const reference = shortReference(record.recordId);
    expect(await openedIndexRow(db, record.recordId)).toMatchObject({ displayName: '', refused: true, shortReference: reference });
    expect(await openedIndexRow(db, draft.recordId)).toMatchObject({ displayName: '', refused: false });
    const found = await listInterviews(db, { filter: 'all', search: reference.toLowerCase(), offset: 0, limit: 10 });
    expect(found.rows.map((row) => row.recordId)).toEqual([record.recordId]);
  });

  it('completion validates, locks and appends exactly one outbox entry the server would accept', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { schoolYears: 30 }, progress: { stage: 'form', sectionId: 'person' }, displayName: '', now });
    await expectStorageError(completeInterview(db, record.recordId, form, now), 'invalid_record');
    expect(await db.outbox.count()).toBe(0);

    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 9 }, progress: { stage: 'form', sectionId: 'person' }, displayName: 'Haddad', now });
    const completed = await completeInterview(db, record.recordId, form, now);
    expect(completed).toMatchObject({ status: 'complete', rev: 1 });
    expect((await db.recordIndex.get(record.recordId))?.status).toBe('complete');
    const entries = await openedOutbox(db);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry.payloadSha256).toBe(payloadHash(entry.payload));
    const { bytes: _bytes, createdAt: _createdAt, ...pushEntry } = entry;
    expect(validateRecordEntry(pushEntry, { form, notice, referenceNotice: notice, today: '2026-11-02' })).toEqual({ ok: true });
    await expectStorageError(saveDraft(db, record.recordId, { answers: { surname: 'Later' }, progress: { stage: 'form', sectionId: null }, displayName: 'Later', now }), 'record_locked');
  });

  it('editing a completed interview produces the next revision with its own sequence number', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad' }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    await completeInterview(db, record.recordId, form, now);
    await beginEdit(db, record.recordId, now);
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 12 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    await completeInterview(db, record.recordId, form, now);
    const entries = await openedOutbox(db);
    expect(entries.map(({ seq, rev, baseRev }) => ({ seq, rev, baseRev }))).toEqual([
      { seq: 1, rev: 1, baseRev: 0 },
      { seq: 2, rev: 2, baseRev: 1 },
    ]);
    expect((entries[1]!.payload.answers as Record<string, unknown>).schoolYears).toBe(12);
  });

  it('a withdrawal is an appended event in a new revision; the original evidence is untouched', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad' }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    const completed = await completeInterview(db, record.recordId, form, now);
    const withdrawn = await recordWithdrawal(db, record.recordId, {
      scope: { recipients: ['jobcenter'] },
      actor: { role: 'interviewer', id: 'iv-1', name: 'Ines' },
      channel: 'phone',
      now: new Date('2026-11-10T08:00:00.000Z'),
    });
    expect(withdrawn.rev).toBe(2);
    expect(withdrawn.consent!.events.map((event) => event.event_type)).toEqual(['given', 'withdrawn']);
    expect(withdrawn.consent!.evidence).toEqual(completed.consent!.evidence);
    expect(await db.outbox.count()).toBe(2);
  });

  it('stores nothing that names or describes the person in clear: names, answers, the witness, the drawing, the interviewer', async () => {
    const record = await newInterview();
    await saveConsentDraft(db, record.recordId, { witness: { name: 'Samira Kouyaté' } }, now);
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { surname: 'Qarawiyyin', schoolYears: 9 }, progress: { stage: 'form', sectionId: 'person' }, displayName: 'Qarawiyyin', now });
    await completeInterview(db, record.recordId, form, now);
    const raw = await rawText(db);
    for (const value of ['Qarawiyyin', 'qarawiyyin', 'Samira', 'Ines', 'data:image/png', 'person-', '"ar"', 'jobcenter']) expect(raw, value).not.toContain(value);
    // …and everything reads back after the key was forgotten and the secret given again.
    lock();
    await expectStorageError(getRecord(db, record.recordId), 'locked');
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });
    expect(await getRecord(db, record.recordId)).toMatchObject({ displayName: 'Qarawiyyin', answers: { surname: 'Qarawiyyin', schoolYears: 9 }, status: 'complete' });
    expect((await listInterviews(db, { filter: 'all', search: 'qarawi', offset: 0, limit: 10 })).rows.map((row) => row.displayName)).toEqual(['Qarawiyyin']);
  });

  it('refuses to save while locked and loses nothing', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad' }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    lock();
    await expectStorageError(saveDraft(db, record.recordId, { answers: { surname: 'Later' }, progress: { stage: 'form', sectionId: null }, displayName: 'Later', now }), 'locked');
    await unlock(db, TEST_SECRET);
    expect((await getRecord(db, record.recordId))?.answers).toEqual({ surname: 'Haddad' });
  });
  it('an autosave after another writer changed the stored record (a sync, another tab) keeps that change', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    const first = await saveDraft(db, record.recordId, { answers: { surname: 'Haddad' }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    // Another tab writes the same record: a site filled in, a later time. This tab's last copy is stale now.
    const other = { ...first, interview: { ...first.interview, site: 'Gemeinschaftsunterkunft Peine' }, updatedAt: '2026-11-02T10:00:05.000Z' };
    // As every writer of a record does, with its index row in the same transaction.
    await writeAsAnotherTab(other, clearIndexRowOf(other));
    const saved = await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 9 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now: '2026-11-02T10:00:09.000Z' });
    expect(saved.interview.site).toBe('Gemeinschaftsunterkunft Peine');
    expect(await getRecord(db, record.recordId)).toMatchObject({ interview: { site: 'Gemeinschaftsunterkunft Peine' }, answers: { surname: 'Haddad', schoolYears: 9 }, updatedAt: '2026-11-02T10:00:09.000Z' });
  });

  it('an autosave after a push was acknowledged during an edit keeps the server revision it learnt', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 9 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    await completeInterview(db, record.recordId, form, now);
    await beginEdit(db, record.recordId, now);
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 10 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    // The tablet syncs while the interviewer edits: the server takes revision 1 (only the clear
    // server revision of the record changes, not its time).
    await setMeta(db, 'deviceId', crypto.randomUUID());
    await setMeta(db, 'deviceToken', 'x'.repeat(40));
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.includes('/sync/push')) {
        const body = JSON.parse(String(init?.body)) as { entries: { seq: number; rev: number }[] };
        return json({ lastSeq: Math.max(0, ...body.entries.map((entry) => entry.seq)), results: body.entries.map((entry) => ({ seq: entry.seq, status: 'applied', serverRev: entry.rev })) });
      }
      if (url.includes('/sync/pull')) return json({ changes: [], cursor: '0', hasMore: false });
      return new Response('{}', { status: 404 });
    }) as typeof globalThis.fetch;
    expect((await syncNow(db, { fetch })).kind).toBe('done');
    expect(await getRecord(db, record.recordId)).toMatchObject({ serverRev: 1, status: 'draft', editing: true });
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 11 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now: '2026-11-02T10:00:09.000Z' });
    expect(await getRecord(db, record.recordId)).toMatchObject({ serverRev: 1, rev: 1, editing: true, answers: { schoolYears: 11 } });
  });

  it('the interview screen\'s live read of the record and the list\'s live read see every autosave', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    const seen = { record: [] as (string | undefined)[], list: [] as string[][] };
    let changed: (() => void) | null = null;
    const next = () => new Promise<void>((resolve) => (changed = resolve));
    const onError = (error: unknown) => {
      throw error;
    };
    const stopRecord = watch(() => getRecord(db, record.recordId)).subscribe((value) => {
      seen.record.push(value?.answers?.surname as string | undefined);
      changed?.();
    }, onError);
    const stopList = watch(() => listInterviews(db, { filter: 'all', search: '', offset: 0, limit: 10 })).subscribe((value) => {
      seen.list.push(value.rows.map((row) => row.displayName));
      changed?.();
    }, onError);
    const until = async (done: () => boolean) => {
      while (!done()) await next();
    };
    await until(() => seen.record.length > 0 && seen.list.length > 0);
    for (const surname of ['Haddad', 'Haddad-Sahin']) {
      await saveDraft(db, record.recordId, { answers: { surname }, progress: { stage: 'form', sectionId: null }, displayName: surname, now });
      await until(() => seen.record.at(-1) === surname && seen.list.at(-1)?.[0] === surname);
    }
    stopRecord();
    stopList();
    expect(seen.record.at(-1)).toBe('Haddad-Sahin');
    expect(seen.list.at(-1)).toEqual(['Haddad-Sahin']);
  });

  it('an index row written before it carried the record\'s revision: the save checks the record row itself', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    const first = await saveDraft(db, record.recordId, { answers: { surname: 'Haddad' }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    // An older version of the app (another tab) wrote the record and an index row without the revision fields.
    const other = { ...first, interview: { ...first.interview, site: 'Gemeinschaftsunterkunft Peine' }, updatedAt: '2026-11-02T10:00:05.000Z' };
    await writeAsAnotherTab(other, { recordId: other.recordId, status: other.status, createdAt: other.createdAt, updatedAt: first.updatedAt });
    const saved = await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 9 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now: '2026-11-02T10:00:09.000Z' });
    expect(saved.interview.site).toBe('Gemeinschaftsunterkunft Peine');
    expect(await db.recordIndex.get(record.recordId)).toMatchObject({ rev: 0, serverRev: 0, editing: false, updatedAt: '2026-11-02T10:00:09.000Z' });
  });

  it('an index row out of step with its record (it says another revision) does not block saving, and is set right by the save', async () => {
    const record = await newInterview();
    await saveConsentDecision(db, record.recordId, { consent: consentFor(record.recordId, 'accepted'), noticeRef: noticeRef(notice), formRef: testFormRef(), now });
    await saveDraft(db, record.recordId, { answers: { surname: 'Haddad' }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now });
    const index = await db.recordIndex.get(record.recordId);
    await db.recordIndex.put({ ...index!, rev: 5, serverRev: 4 });
    const saved = await saveDraft(db, record.recordId, { answers: { surname: 'Haddad', schoolYears: 9 }, progress: { stage: 'form', sectionId: null }, displayName: 'Haddad', now: '2026-11-02T10:00:09.000Z' });
    expect(saved.answers).toEqual({ surname: 'Haddad', schoolYears: 9 });
    expect(await getRecord(db, record.recordId)).toMatchObject({ rev: 0, answers: { schoolYears: 9 } });
    expect(await db.recordIndex.get(record.recordId)).toMatchObject({ rev: 0, serverRev: 0, updatedAt: '2026-11-02T10:00:09.000Z' });
  });
});
