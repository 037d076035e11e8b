/**
 * The autosave benchmark's page while the Profilingbogen form is still a scaffold: src/data's
 * `saveDraft` (what the form calls on every change) in a real Chromium IndexedDB, beside a raw
 * IndexedDB `put` of the same record and index row in the same page. Since issue #12 the save
 * seals the record (and, when the name changed, its index shard) before it writes; the raw put
 * is the clear record — today's save without encryption.
 */
import { configureKeyring, createInterview, getRecord, indexRowOf, openDatabaseNamed, saveConsentDecision, saveDraft, setUpSecret, type LocalRecord, type LotseDatabase } from '../../../src/data';
import type { ConsentRecord } from '../../../src/core/consent';
import type { Answers } from '../../../src/core/form';
import type { NoticeRef } from '../../../src/core/sync';

export interface HarnessSeed {
  consent: ConsentRecord;
  noticeRef: NoticeRef;
  formRef: string;
  answers: Answers;
  displayName: string;
}

export interface AutosaveSample {
  lotseMs: number;
  rawMs: number;
  bytes: number;
}

let db: LotseDatabase | undefined;
let raw: IDBDatabase | undefined;
let recordId = '';
let seed: HarnessSeed | undefined;

function openRaw(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('bench-raw-autosave', 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('records', { keyPath: 'recordId' });
      request.result.createObjectStore('recordIndex', { keyPath: 'recordId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawPut(record: LocalRecord): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = raw!.transaction(['records', 'recordIndex'], 'readwrite');
    transaction.objectStore('records').put(record);
    transaction.objectStore('recordIndex').put(indexRowOf(record));
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
}

const harness = {
  async prepare(input: HarnessSeed): Promise<void> {
    seed = input;
    db = openDatabaseNamed(`bench-autosave-${crypto.randomUUID()}`);
    // Encrypted at rest (issue #12): the keyring set up and unlocked (the lightest Argon2id: the
    // key derivation is not what this measures).
    configureKeyring({ parameters: { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 } });
    await setUpSecret(db, 'Bench-Passphrase für das Tablet');
    raw = await openRaw();
    const now = new Date().toISOString();
    const record = await createInterview(db, { interviewer: { id: 'iv-bench', name: 'Ines Interviewerin' }, interviewLang: 'de', applicantLang: input.noticeRef.lang, now });
    recordId = record.recordId;
    await saveConsentDecision(db, recordId, { consent: input.consent, noticeRef: input.noticeRef, formRef: input.formRef, now });
  },

  /** One field change (the surname), saved the app's way and the raw way, alternating which goes first. */
  async change(round: number): Promise<AutosaveSample> {
    const answers = { ...seed!.answers, surname: `${String(seed!.answers.surname)} ${round}` };
    const change = { answers, progress: { stage: 'form' as const, sectionId: 'person' }, displayName: seed!.displayName, now: new Date().toISOString() };
    const lotse = async () => {
      const start = performance.now();
      const saved = await saveDraft(db!, recordId, change);
      return { ms: performance.now() - start, saved };
    };
    const rawSave = async (record: LocalRecord) => {
      const start = performance.now();
      await rawPut(record);
      return performance.now() - start;
    };
    if (round % 2 === 0) {
      const { ms, saved } = await lotse();
      return { lotseMs: ms, rawMs: await rawSave(saved), bytes: JSON.stringify(saved).length };
    }
    // The raw put goes first here: it needs the record's bytes, which the previous round produced.
    const previous = (await getRecord(db!, recordId))!;
    const rawMs = await rawSave({ ...previous, answers, updatedAt: change.now });
    const { ms, saved } = await lotse();
    return { lotseMs: ms, rawMs, bytes: JSON.stringify(saved).length };
  },

  async cleanUp(): Promise<void> {
    raw?.close();
    await db?.delete();
    indexedDB.deleteDatabase('bench-raw-autosave');
  },
};

declare global {
  interface Window {
    autosaveHarness: typeof harness;
  }
}

window.autosaveHarness = harness;
document.getElementById('state')!.textContent = 'ready';
