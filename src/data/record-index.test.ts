import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { shortReference } from '../core/record';
import { openDatabaseNamed, type LotseDatabase } from './db';

let db: LotseDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

describe('the interview index after an update', () => {
  it('marks a refusal stored by the version before and makes its reference searchable', async () => {
    const name = `upgrade-${Math.random()}`;
    // The database as the release before wrote it: version 1, index rows without reference or refusal mark.
    const before = new Dexie(name);
    before.version(1).stores({
      records: 'recordId, status, updatedAt',
      recordIndex: 'recordId, status, updatedAt, [status+updatedAt]',
      outbox: 'seq, recordId',
      syncIssues: '++id, recordId, kind, resolvedAt',
      artifacts: 'key, [kind+id], kind, changeNo',
      meta: 'key',
    });
    const recordId = '5b0c2f0e-8d7a-4c1b-9e3f-2a1b0c9d8e7f';
    const at = '2026-11-02T10:00:00.000Z';
    await before.table('records').put({
      recordId, rev: 1, serverRev: 0, status: 'complete', editing: false, formRef: null, noticeRef: null,
      createdAt: at, updatedAt: at, displayName: '', answers: null, progress: { stage: 'done', sectionId: null },
      interview: { interviewerId: 'iv-1', interviewerName: 'Ines', startedAt: at, applicantLang: 'ar', interviewLang: 'de' },
      consent: { events: [{ event_type: 'refused' }] },
    });
    await before.table('recordIndex').put({ recordId, status: 'complete', displayName: '', searchText: '', applicantLang: 'ar', createdAt: at, updatedAt: at });
    before.close();

    db = openDatabaseNamed(name);
    const row = await db.recordIndex.get(recordId);
    expect(row).toMatchObject({ refused: true, shortReference: shortReference(recordId) });
    expect(row!.searchText).toContain(shortReference(recordId).toLowerCase());
  });
});
