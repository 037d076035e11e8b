/**
 * Version 3 → 4 (the consent evidence apart from the record): a tablet in use holds sealed records
 * whose envelopes carry the consent record. After the update the database opens as version 4 with
 * an empty `evidence` store; nothing is moved at the upgrade (sealed rows need the key). Every
 * record reads back exactly as it was; a record's next write moves its consent out (version 1 of
 * its evidence row), and the completion sent to the server carries the same consent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { noticeRef } from '../core/consent';
import { testForm, testFormRef } from '../core/record/__fixtures__/interview';
import { openDatabaseNamed, type LocalRecord, type LotseDatabase, type SealedRecordRow } from './db';
import { listInterviews } from './interviews';
import { loadKeyring, lock, unlock } from './keyring';
import { allRecords, completeInterview, createInterview, getRecord, saveDraft } from './records';
import { recordWithdrawal, saveConsentDecision, saveConsentDraft } from './consent-records';
import { sealRecord } from './sealed-records';
import { signedConsent, TEST_NOTICE as notice } from './test-consent';
import { openedOutbox, rawText, TEST_SECRET, unlockedDatabase } from './test-keyring';
import { databaseAtVersion } from './test-schemas';

const at = '2026-11-02T10:00:00.000Z';
const databases: LotseDatabase[] = [];
afterEach(async () => {
  lock();
  for (const db of databases.splice(0)) await db.delete();
});

const SECRETS = ['Zawadi', 'Okonkwo', 'Thandiwe', 'Marchetti', 'Oluwaseun', 'Hieronymus', 'Ingeborg', 'data:image/png', 'person-', 'jobcenter'];

/**
 * A version-3 tablet: its interviews captured by the app, then every record row written back as
 * version 3 wrote it (the consent inside the record's envelope, no evidence row), and all rows
 * copied into a database of the version-3 schema under `name`.
 */
async function versionThreeTablet(name: string): Promise<{ records: LocalRecord[]; ids: { draft: string; outbox: string; synced: string; undecided: string } }> {
  const source = await unlockedDatabase(`evidence-source-${crypto.randomUUID()}`);
  databases.push(source);
  const interviewer = { id: 'iv-1', name: 'Ingeborg Wendeltreppe' };
  const capture = async (person: string) => {
    const { recordId } = await createInterview(source, { interviewer, interviewLang: 'de', applicantLang: 'ti', site: 'Unterkunft Kesselhausweg', now: at });
    await saveConsentDecision(source, recordId, { consent: signedConsent(recordId, person, { interviewer: 'Ingeborg Wendeltreppe' }), noticeRef: noticeRef(notice), formRef: testFormRef(), now: at });
    await saveDraft(source, recordId, { answers: { surname: person.split(' ')[1]!, schoolYears: 9 }, progress: { stage: 'form', sectionId: null }, displayName: person, now: at });
    return recordId;
  };
  const draft = await capture('Zawadi Okonkwo');
  const outbox = await capture('Thandiwe Marchetti');
  await completeInterview(source, outbox, testForm(), at);
  const synced = await capture('Oluwaseun Fairweather');
  await completeInterview(source, synced, testForm(), at);
  const undecided = (await createInterview(source, { interviewer, interviewLang: 'de', applicantLang: 'ar', now: at })).recordId;
  await saveConsentDraft(source, undecided, { witness: { name: 'Hieronymus Quappendorf' } }, at);

  const records = (await allRecords(source)).sort((a, b) => a.recordId.localeCompare(b.recordId));
  // As version 3 stored them: one envelope per record, the consent in it.
  const rows = await Promise.all(records.map((record) => sealRecord(source, record)));
  expect(rows.every((row) => row.evidence === undefined)).toBe(true);
  const before = databaseAtVersion(name, 3);
  await before.table('records').bulkPut(rows);
  for (const table of ['recordIndex', 'indexShards', 'outbox', 'meta', 'artifacts'] as const) await before.table(table).bulkPut(await source.table(table).toArray());
  before.close();
  return { records, ids: { draft, outbox, synced, undecided } };
}

describe('a version-3 tablet after the update to version 4', () => {
  it('reads every record as it was; each record\'s next write moves its consent out; nothing is lost or in clear', async () => {
    const name = `upgrade-v4-${crypto.randomUUID()}`;
    const { records, ids } = await versionThreeTablet(name);
    lock();

    // The update: version 4 opens the same database; the evidence store is there and empty.
    const db = openDatabaseNamed(name);
    databases.push(db);
    expect(await db.records.count()).toBe(records.length);
    expect(db.verno).toBe(4);
    expect(await db.evidence.count()).toBe(0);
    expect(await loadKeyring(db)).toBe('locked');
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });

    // Every record, the list and the outbox read back exactly as version 3 wrote them.
    expect((await allRecords(db)).sort((a, b) => a.recordId.localeCompare(b.recordId))).toEqual(records);
    expect((await listInterviews(db, { filter: 'all', search: 'marchet', offset: 0, limit: 10 })).rows.map((row) => row.recordId)).toEqual([ids.outbox]);
    const [waiting] = await openedOutbox(db);
    expect(waiting!.payload.consent).toEqual(JSON.parse(JSON.stringify(records.find((r) => r.recordId === ids.outbox)!.consent)));

    // The draft's next autosave moves its consent to version 1 of its evidence row.
    const draftBefore = records.find((r) => r.recordId === ids.draft)!;
    await saveDraft(db, ids.draft, { answers: { surname: 'Okonkwo', schoolYears: 10 }, progress: { stage: 'form', sectionId: null }, displayName: 'Zawadi Okonkwo', now: '2026-11-03T09:00:00.000Z' });
    expect(((await db.records.get(ids.draft)) as SealedRecordRow).evidence).toBe(1);
    expect((await db.evidence.get(ids.draft))?.version).toBe(1);
    lock();
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });
    const draftAfter = (await getRecord(db, ids.draft))!;
    expect(draftAfter.consent).toEqual(draftBefore.consent);
    expect(draftAfter.answers).toEqual({ surname: 'Okonkwo', schoolYears: 10 });

    // Its completion sends the same consent as before the update.
    await completeInterview(db, ids.draft, testForm(), '2026-11-03T09:01:00.000Z');
    const sent = (await openedOutbox(db)).find((entry) => entry.recordId === ids.draft)!;
    expect(sent.payload.consent).toEqual(JSON.parse(JSON.stringify(draftBefore.consent)));

    // A completed record untouched since the update stays as it was, and a withdrawal moves it out.
    expect(((await db.records.get(ids.synced)) as SealedRecordRow).evidence).toBeUndefined();
    await recordWithdrawal(db, ids.synced, { scope: { recipients: ['jobcenter'] }, actor: { role: 'interviewer', id: 'iv-1', name: 'Ines' }, channel: 'phone', now: new Date('2026-11-10T08:00:00.000Z') });
    expect((await db.evidence.get(ids.synced))?.version).toBe(1);
    lock();
    expect(await unlock(db, TEST_SECRET)).toEqual({ ok: true });
    const withdrawn = (await getRecord(db, ids.synced))!;
    expect(withdrawn.consent!.evidence).toEqual(records.find((r) => r.recordId === ids.synced)!.consent!.evidence);
    expect(withdrawn.consent!.events.map((event) => event.event_type)).toEqual(['given', 'withdrawn']);

    // The consent stage's draft of the undecided interview is still there; it has no evidence row.
    expect((await getRecord(db, ids.undecided))?.consentDraft).toEqual({ savedAt: at, state: { witness: { name: 'Hieronymus Quappendorf' } } });
    expect(await db.evidence.get(ids.undecided)).toBeUndefined();

    const raw = await rawText(db);
    for (const value of SECRETS) expect(raw, value).not.toContain(value);
  });
});
