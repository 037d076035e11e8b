import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabaseNamed, type LotseDatabase, type SyncIssue } from './db';
import { listOpenSyncIssues } from './sync-status';
import { collect } from './test-watch';
import { createInterview, setApplicantLanguage } from './records';
import { listInterviews } from './interviews';
import { shortReference } from '../core/record';
import { unlockForTest } from './test-keyring';

let db: LotseDatabase;

beforeEach(() => {
  db = openDatabaseNamed(`watch-${crypto.randomUUID()}`);
});

afterEach(async () => {
  await db.delete();
});

function issue(seq: number, resolvedAt: string | null): SyncIssue {
  return { recordId: crypto.randomUUID(), seq, rev: 1, kind: 'rejected', code: 'invalid_payload', message: `entry ${seq}`, serverRecord: null, at: '2026-11-01T09:00:00.000Z', resolvedAt };
}

describe('watch', () => {
  it('reports the open sync issues now and again when a new one is stored, newest first', async () => {
    await db.syncIssues.add(issue(1, null));
    const watched = collect(() => listOpenSyncIssues(db));
    expect((await watched.next()).map((open) => open.seq)).toEqual([1]);
    await db.syncIssues.bulkAdd([issue(2, '2026-11-01T10:00:00.000Z'), issue(3, null)]);
    expect((await watched.next()).map((open) => open.seq)).toEqual([3, 1]);
    watched.stop();
  });

  it('reports nothing more once stopped', async () => {
    const watched = collect(() => listOpenSyncIssues(db));
    expect(await watched.next()).toEqual([]);
    watched.stop();
    await db.syncIssues.add(issue(4, null));
    // A read after the write has settled: had the watch still run, its new value would be in by now.
    expect(await listOpenSyncIssues(db)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(watched.values).toEqual([[]]);
  });

  it('reports sealed records again after a change (WebCrypto inside the watched read keeps it live)', async () => {
    await unlockForTest(db);
    const created = await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'ar', now: '2026-11-01T09:00:00.000Z' });
    const watched = collect(() => listInterviews(db, { filter: 'all', search: '', offset: 0, limit: 10 }));
    expect((await watched.next()).rows.map((row) => row.applicantLang)).toEqual(['ar']);
    await setApplicantLanguage(db, created.recordId, 'ti', '2026-11-01T09:05:00.000Z');
    expect((await watched.next()).rows.map((row) => row.applicantLang)).toEqual(['ti']);
    watched.stop();
  });
  it('reports a search (with a filter) again after a change: the keys it reads past Dexie do not take it out of the watch', async () => {
    await unlockForTest(db);
    const created = await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'ar', now: '2026-11-01T09:00:00.000Z' });
    await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'fa', now: '2026-11-01T09:01:00.000Z' });
    const watched = collect(() => listInterviews(db, { filter: 'draft', search: shortReference(created.recordId), offset: 0, limit: 10 }));
    expect((await watched.next()).rows.map((row) => [row.recordId, row.applicantLang])).toEqual([[created.recordId, 'ar']]);
    await setApplicantLanguage(db, created.recordId, 'ti', '2026-11-01T09:05:00.000Z');
    expect((await watched.next()).rows.map((row) => [row.recordId, row.applicantLang])).toEqual([[created.recordId, 'ti']]);
    watched.stop();
  });
});
