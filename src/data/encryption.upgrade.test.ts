/**
 * Issue #12 item 7: a tablet in use holds clear rows of Dexie version 2. After the update it opens
 * as version 3, is asked for a secret, and the first unlock encrypts everything in resumable
 * batches — here interrupted after one batch (a closed tab) and resumed — until no clear value is
 * left in any store and everything reads back exactly as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConsentRecord, noticeRef } from '../core/consent';
import { payloadHash, type InterviewRecord } from '../core/record';
import { testForm, testFormRef, testNotice } from '../core/record/__fixtures__/interview';
import { canonicalJson } from '../core/sync';
import { openDatabaseNamed, type LocalRecord, type LotseDatabase, type OutboxEntry, type SyncIssue } from './db';
import { listInterviews } from './interviews';
import { getMeta } from './meta';
import { loadKeyring, lock, unlock } from './keyring';
import { indexRowOf } from './record-index';
import { allRecords, completeInterview, getRecord, saveDraft } from './records';
import { getPrivateMeta, isSealed } from './sealed-rows';
import { databaseAtVersion } from './test-schemas';
import { listOpenSyncIssues } from './sync-status';
import { pushEntryOf } from './sync-push';
import { openedOutbox, rawText, TEST_SECRET, unlockForTest } from './test-keyring';
import { encryptClearRows, needsEncryption } from './upgrade';

const notice = testNotice('de');
const at = '2026-11-02T10:00:00.000Z';
let db: LotseDatabase | undefined;
afterEach(async () => {
  lock();
  await db?.delete();
});

function consentFor(recordId: string, person: string) {
  return createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: recordId,
      pii_principal_id: `person-${person}`,
      parties: { interviewer: { id: 'iv-1', name: 'Ingeborg Wendeltreppe' } },
      collection_method: 'read_by_applicant',
      purposes: { profiling: 'accepted', referral: 'accepted' },
      recipient_third_parties: { jobcenter: 'accepted', caritas: 'refused' },
      special_categories: false,
      evidence: { kind: 'signature', strokes: [[{ x: 3, y: 7, t: 0 }, { x: 41, y: 43, t: 9 }]], png: `data:image/png;base64,${btoa(`signature of ${person}`)}` },
    },
    notice,
    notice,
    new Date(at),
  );
}

/** Records as the version-2 code wrote them: a draft (with a consent draft on a second one), a completed one waiting in the outbox, synced ones. */
function versionTwoRecords(): LocalRecord[] {
  const people = ['Zawadi Okonkwo-Brandt', 'Thandiwe Marchetti', 'Oluwaseun Fairweather', 'Bartholomäus Ngozi', 'Yevgenia Abernathy'];
  return people.map((name, i) => {
    const recordId = `${String(i + 1).repeat(8)}-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`;
    const status = (['draft', 'draft', 'complete', 'synced', 'synced'] as const)[i]!;
    const consent = i === 1 ? null : consentFor(recordId, name.split(' ')[0]!);
    return {
      recordId,
      rev: status === 'draft' ? 0 : 1,
      serverRev: status === 'synced' ? 1 : 0,
      status,
      editing: false,
      formRef: consent ? testFormRef() : null,
      noticeRef: consent ? noticeRef(notice) : null,
      createdAt: at,
      updatedAt: `2026-11-02T10:0${i}:00.000Z`,
      interview: { interviewerId: 'iv-1', interviewerName: 'Ingeborg Wendeltreppe', startedAt: at, applicantLang: 'ti', interviewLang: 'de', site: 'Unterkunft Kesselhausweg' },
      consent,
      answers: consent ? { surname: name.split(' ')[1]!, schoolYears: 9 + i } : null,
      progress: { stage: status === 'draft' ? 'form' : 'done', sectionId: null },
      displayName: consent ? name : '',
      ...(i === 1 && { consentDraft: { savedAt: at, state: { witness: { name: 'Hieronymus Quappendorf' } } } }),
    } satisfies LocalRecord;
  });
}

function outboxEntryOf(record: LocalRecord, seq: number): OutboxEntry {
  const payload = JSON.parse(canonicalJson({ recordId: record.recordId, interview: record.interview, consent: record.consent!, answers: record.answers } satisfies InterviewRecord)) as Record<string, unknown>;
  const entry = { seq, recordId: record.recordId, rev: record.rev, baseRev: record.rev - 1, formRef: record.formRef, noticeRef: record.noticeRef!, payload, payloadSha256: payloadHash(payload), createdAt: at };
  return { ...entry, bytes: canonicalJson(entry).length };
}

const SECRETS = ['Zawadi', 'Okonkwo', 'Oluwaseun', 'Fairweather', 'Bartholom', 'Ngozi', 'Yevgenia', 'Abernathy', 'Hieronymus', 'Quappendorf', 'Ingeborg', 'Wendeltreppe', 'Kesselhausweg', 'data:image/png', btoa('signature of Zawadi'), 'person-', 'jobcenter'];

describe('encrypting a version-2 tablet on its first unlock', () => {
  it('seals everything in resumable batches, interrupted after one, and loses nothing', async () => {
    const name = `upgrade-v3-${crypto.randomUUID()}`;
    const records = versionTwoRecords();
    const waiting = outboxEntryOf(records[2]!, 7);
    const issue: SyncIssue = { id: 1, recordId: records[3]!.recordId, seq: 5, rev: 1, kind: 'conflict', code: null, message: 'conflict with the server', serverRecord: { answers: { surname: 'Fairweather' } }, at, resolvedAt: null };
    const before = databaseAtVersion(name, 2);
    await before.table('records').bulkPut(records);
    await before.table('recordIndex').bulkPut(records.map(indexRowOf));
    await before.table('outbox').put(waiting);
    await before.table('syncIssues').put(issue);
    await before.table('meta').bulkPut([
      { key: 'deviceId', value: 'device-1' },
      { key: 'nextSeq', value: 8 },
      { key: 'interviewer', value: { id: 'iv-1', name: 'Ingeborg Wendeltreppe' } },
      { key: 'lastSite', value: 'Unterkunft Kesselhausweg' },
    ]);
    before.close();

    // The update: version 3 opens the same database; nothing is lost by opening it.
    db = openDatabaseNamed(name);
    expect(await db.records.count()).toBe(records.length);
    expect(await loadKeyring(db)).toBe('no-secret');
    expect(await needsEncryption(db)).toBe(true);
    // (The check below sees clear values where there are some.)
    for (const value of SECRETS) expect(await rawText(db), value).toContain(value);
    await unlockForTest(db);

    // One batch (two records), then the tab is closed.
    expect(await encryptClearRows(db, { batchSize: 2, maxBatches: 1 })).toEqual({ done: false, sealed: 2 });
    const halfway = await db.records.toArray();
    expect(halfway.filter((row) => isSealed(row))).toHaveLength(2);
    // Halfway, every reader takes both shapes: nothing is missing from the list or a record.
    expect((await listInterviews(db, { filter: 'all', search: '', offset: 0, limit: 10 })).rows.map((row) => row.displayName).sort()).toEqual(records.map((r) => r.displayName).sort());
    expect(await getRecord(db, records[4]!.recordId)).toEqual(records[4]);
    db.close();
    lock();

    // Reopened, unlocked: the run continues where it stopped.
    db = openDatabaseNamed(name);
    expect(await loadKeyring(db)).toBe('locked');
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });
    expect(await getMeta(db, 'encryptionProgress')).toMatchObject({ step: 'records' });
    const rest = await encryptClearRows(db, { batchSize: 2 });
    expect(rest.done).toBe(true);
    // 3 records, the outbox entry, the issue, 5 index rows, 2 meta values.
    expect(rest.sealed).toBe(3 + 1 + 1 + 5 + 2);
    expect(await needsEncryption(db)).toBe(false);

    // No clear value left in any store.
    const raw = await rawText(db);
    for (const value of SECRETS) expect(raw, value).not.toContain(value);
    expect((await db.records.toArray()).every((row) => isSealed(row))).toBe(true);
    expect((await db.recordIndex.toArray()).every((row) => !('displayName' in row))).toBe(true);

    // Everything reads back exactly as it was.
    expect((await allRecords(db)).sort((a, b) => a.recordId.localeCompare(b.recordId))).toEqual(records);
    expect(await openedOutbox(db)).toEqual([waiting]);
    const [sealedEntry] = await db.outbox.toArray();
    const { bytes: _bytes, createdAt: _createdAt, ...sent } = waiting;
    expect(await pushEntryOf(db, sealedEntry!)).toEqual(sent);
    expect(await listOpenSyncIssues(db)).toEqual([issue]);
    expect(await getPrivateMeta(db, 'interviewer')).toEqual({ id: 'iv-1', name: 'Ingeborg Wendeltreppe' });
    expect(await getPrivateMeta(db, 'lastSite')).toBe('Unterkunft Kesselhausweg');
    expect((await listInterviews(db, { filter: 'all', search: 'fairweath', offset: 0, limit: 10 })).rows.map((row) => row.recordId)).toEqual([records[2]!.recordId]);
    expect((await listInterviews(db, { filter: 'draft', search: '', offset: 0, limit: 10 })).total).toBe(2);

    // And the tablet goes on: the draft completes into the next sequence number, sealed.
    await saveDraft(db, records[0]!.recordId, { answers: { surname: 'Okonkwo-Brandt', schoolYears: 9 }, progress: { stage: 'form', sectionId: null }, displayName: records[0]!.displayName, now: '2026-11-03T09:00:00.000Z' });
    await completeInterview(db, records[0]!.recordId, testForm(), '2026-11-03T09:01:00.000Z');
    expect((await openedOutbox(db)).map((entry) => [entry.seq, entry.recordId])).toEqual([
      [7, records[2]!.recordId],
      [8, records[0]!.recordId],
    ]);
    for (const value of SECRETS) expect(await rawText(db), value).not.toContain(value);
  });

  it('a second run after it finished does nothing', async () => {
    db = openDatabaseNamed(`upgrade-v3-${crypto.randomUUID()}`);
    await unlockForTest(db);
    expect(await encryptClearRows(db)).toEqual({ done: true, sealed: 0 });
    expect(await encryptClearRows(db)).toEqual({ done: true, sealed: 0 });
  });
});
