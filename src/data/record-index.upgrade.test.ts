import { afterEach, describe, expect, it } from 'vitest';
import { shortReference } from '../core/record';
import { openDatabaseNamed, type LotseDatabase, type RecordIndexRow } from './db';
import { databaseAtVersion } from './test-schemas';

let db: LotseDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

describe('the interview index after an update', () => {
  it('marks a refusal stored by the version before and makes its reference searchable', async () => {
    const name = `upgrade-${Math.random()}`;
    // The database as the release before wrote it: version 1, index rows without reference or refusal mark.
    const before = databaseAtVersion(name, 1);
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
    expect((row as RecordIndexRow).searchText).toContain(shortReference(recordId).toLowerCase());
  });

  it('keeps drafts, outbox entries and synced records of the version before exactly as they were', async () => {
    const name = `upgrade-${Math.random()}`;
    const before = databaseAtVersion(name, 1);
    const at = '2026-11-02T10:00:00.000Z';
    const interview = { interviewerId: 'iv-1', interviewerName: 'Ines', startedAt: at, applicantLang: 'ar', interviewLang: 'de' };
    const consent = { events: [{ event_type: 'given' }] };
    const records = [
      { recordId: '11111111-1111-4111-8111-111111111111', status: 'draft', displayName: 'Rania Haddad', answers: { surname: 'Haddad' } },
      { recordId: '22222222-2222-4222-8222-222222222222', status: 'complete', displayName: 'Omar Ibrahim', answers: { surname: 'Ibrahim' } },
      { recordId: '33333333-3333-4333-8333-333333333333', status: 'synced', displayName: 'Yonas Tesfay', answers: { surname: 'Tesfay' } },
    ].map((r) => ({ ...r, rev: 1, serverRev: r.status === 'synced' ? 1 : 0, editing: false, formRef: 'profilingbogen@1', noticeRef: null, createdAt: at, updatedAt: at, progress: { stage: 'form', sectionId: null }, interview, consent }));
    for (const record of records) {
      await before.table('records').put(record);
      await before.table('recordIndex').put({ recordId: record.recordId, status: record.status, displayName: record.displayName, searchText: record.displayName.toLowerCase(), applicantLang: 'ar', createdAt: at, updatedAt: at });
    }
    const outboxEntry = { seq: 1, recordId: records[1]!.recordId, rev: 1, payload: { recordId: records[1]!.recordId }, payloadSha256: 'a'.repeat(64) };
    await before.table('outbox').put(outboxEntry);
    await before.table('meta').put({ key: 'deviceId', value: 'device-1' });
    before.close();

    db = openDatabaseNamed(name);
    for (const record of records) {
      expect(await db.records.get(record.recordId)).toEqual(record);
      const row = await db.recordIndex.get(record.recordId);
      expect(row).toMatchObject({ status: record.status, displayName: record.displayName, refused: false, shortReference: shortReference(record.recordId) });
    }
    expect(await db.outbox.toArray()).toEqual([outboxEntry]);
    expect(await db.meta.get('deviceId')).toEqual({ key: 'deviceId', value: 'device-1' });
  });
});
