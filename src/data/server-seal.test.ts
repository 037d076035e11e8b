/**
 * Sync while locked (issue #12 item 3), device side: a refusal completed while unlocked gets a copy
 * sealed for the pulled server key; locked, the push builds its entry from that copy alone, and the
 * server's key opens it to exactly the payload the clear entry carried.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsentRecord, noticeRef } from '../core/consent';
import { createServerKeyPair, importServerPrivateKey, openForServer, SERVER_KEY_ARTIFACT_ID, type ServerKeyPair } from '../core/encryption';
import { canonicalJson } from '../core/sync';
import { testFormRef, testNotice } from '../core/record/__fixtures__/interview';
import { type LotseDatabase } from './db';
import { createInterview } from './records';
import { saveConsentDecision } from './consent-records';
import { lock } from './keyring';
import { pushEntryOf, pushNeedsUnlock } from './sync-push';
import { rowsFromChanges } from './artifacts';
import { openedOutbox, unlockedDatabase } from './test-keyring';

const notice = testNotice('de');
const now = '2026-12-05T10:00:00.000Z';
let db: LotseDatabase;
let pair: ServerKeyPair;

async function pullServerKey(): Promise<void> {
  const { add } = rowsFromChanges([
    { op: 'publish', changeNo: 1, kind: 'server-key', id: SERVER_KEY_ARTIFACT_ID, version: 1, lang: null, sha256: 'a'.repeat(64), reviewState: 'reviewed', publishedAt: now, body: { id: SERVER_KEY_ARTIFACT_ID, version: 1, ...pair.publicKey } },
  ]);
  await db.artifacts.bulkAdd(add);
}

async function refusedInterview(): Promise<string> {
  const record = await createInterview(db, { interviewer: { id: 'iv-1', name: 'Ines' }, interviewLang: 'de', applicantLang: 'ar', now });
  const consent = createConsentRecord(
    {
      record_id: crypto.randomUUID(),
      interview_id: record.recordId,
      pii_principal_id: `person-${record.recordId.slice(0, 8)}`,
      parties: { interviewer: { id: 'iv-1', name: 'Ines Interviewerin' } },
      collection_method: 'read_by_applicant',
      purposes: { profiling: 'refused', referral: 'refused' },
      recipient_third_parties: { jobcenter: 'refused', caritas: 'refused' },
      special_categories: false,
    },
    notice,
    notice,
    new Date(now),
  );
  await saveConsentDecision(db, record.recordId, { consent, noticeRef: noticeRef(notice), formRef: testFormRef(), now });
  return record.recordId;
}

beforeEach(async () => {
  db = await unlockedDatabase(`server-seal-${crypto.randomUUID()}`);
  pair = await createServerKeyPair();
});
afterEach(async () => {
  await db.delete();
});

describe('outbox entries sealed for the server', () => {
  it('are sealed at completion and pushed while locked, opening to the clear payload', async () => {
    await pullServerKey();
    const recordId = await refusedInterview();
    const [clear] = await openedOutbox(db);
    const [row] = await db.outbox.toArray();
    expect(row!.serverSealed?.sealed.keyId).toBe(pair.publicKey.keyId);
    expect(JSON.stringify(row!.serverSealed)).not.toContain('Ines Interviewerin');

    lock();
    expect(await pushNeedsUnlock(db)).toBe(false);
    const entry = await pushEntryOf(db, row!);
    expect('payload' in entry).toBe(false);
    expect(entry).toMatchObject({ seq: clear!.seq, recordId, rev: 1, noticeRef: clear!.noticeRef, payloadSha256: clear!.payloadSha256 });
    const opened = await openForServer((entry as { sealed: unknown }).sealed, { recordId, rev: 1 }, await importServerPrivateKey(pair));
    expect(opened).toBe(canonicalJson(clear!.payload));
  });

  it('without a pulled server key stay as before: locked, the push needs the data key', async () => {
    await refusedInterview();
    const [row] = await db.outbox.toArray();
    expect(row!.serverSealed).toBeUndefined();
    lock();
    expect(await pushNeedsUnlock(db)).toBe(true);
  });
});
