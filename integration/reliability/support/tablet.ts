/**
 * A simulated tablet: src/data on fake-indexeddb (its own Dexie database), enrolled over HTTP
 * and used the way an interviewer uses the app — interviews captured, completed, edited and
 * partly withdrawn with the data-layer functions, each completed revision remembered so the
 * test can later ask the server for exactly these.
 */
import 'fake-indexeddb/auto';
import { testForm } from '../../../src/core/record/__fixtures__/interview';
import { allRecords, beginEdit, completeInterview, enrolDevice, getMeta, openDatabaseNamed, recordWithdrawal, saveDraft, type LotseDatabase } from '../../../src/data';
import { unlockForTest } from '../../../src/data/test-keyring';
import { capturedInterview, testInterviewer as interviewer } from '../../support/capture';
import { sleep, type SeededRandom } from './seeded-random';

const form = testForm();

/** One completed revision as the tablet queued it. */
export interface CapturedRevision {
  recordId: string;
  rev: number;
  seq: number;
  payloadSha256: string;
}

export interface SimulatedTablet {
  name: string;
  /** The open database; a new instance after every `restartApp`. */
  db: LotseDatabase;
  captured: CapturedRevision[];
  recordIds: string[];
  /** Closes the database and opens it again, as a reloaded or killed-and-restarted app does. */
  restartApp(): Promise<void>;
  /**
   * Starts `sync` on the open database and kills the app `afterMs` into it: the database is
   * closed under the running sync (whatever it writes from then on fails, as in a killed app),
   * and the app starts again once the old run has given up.
   */
  killAppDuring<T>(sync: (db: LotseDatabase) => Promise<T>, afterMs: number): Promise<T | 'killed'>;
  /** One thing an interviewer does that queues a revision: a new interview, a refusal, an edit, a withdrawal. */
  captureSomething(random: SeededRandom): Promise<void>;
  deviceId(): Promise<string>;
  close(): Promise<void>;
}


async function editedInterview(db: LotseDatabase, recordId: string, surname: string): Promise<void> {
  const now = new Date().toISOString();
  await beginEdit(db, recordId, now);
  await saveDraft(db, recordId, { answers: { surname, schoolYears: 12 }, progress: { stage: 'form', sectionId: 'person' }, displayName: surname, now });
  await completeInterview(db, recordId, form, now);
}

export async function createTablet(name: string, enrolment: { code: string; baseUrl: string }): Promise<SimulatedTablet> {
  const dbName = `tablet-${crypto.randomUUID()}`;
  let db = openDatabaseNamed(dbName);
  const enrolled = await enrolDevice(db, { code: enrolment.code, deviceName: name, baseUrl: enrolment.baseUrl });
  if (!enrolled.ok) throw new Error(`enrolling ${name} failed: ${enrolled.message}`);
  // The interviewer's secret (issue #12): the key stays in memory across the simulated restarts
  // below (the same process); a real restart would ask for it again.
  await unlockForTest(db);
  const captured: CapturedRevision[] = [];
  const recordIds: string[] = [];
  const withdrawn = new Set<string>();
  let counter = 0;

  const remember = async (recordId: string) => {
    const newest = (await db.outbox.where('recordId').equals(recordId).sortBy('seq')).at(-1);
    if (!newest) throw new Error(`no outbox entry for ${recordId} after a completed revision`);
    captured.push({ recordId, rev: newest.rev, seq: newest.seq, payloadSha256: newest.payloadSha256 });
  };

  const tablet: SimulatedTablet = {
    name,
    get db() {
      return db;
    },
    captured,
    recordIds,
    async restartApp() {
      db.close();
      db = openDatabaseNamed(dbName);
      await db.open();
    },
    async killAppDuring(sync, afterMs) {
      const running = sync(db).catch(() => 'killed' as const);
      await sleep(afterMs);
      db.close();
      const outcome = await running;
      db = openDatabaseNamed(dbName);
      await db.open();
      return outcome;
    },
    async captureSomething(random) {
      counter += 1;
      const surname = `${name} Person ${counter}`;
      // Edits and withdrawals need a completed interview with consent given.
      const editable = (await allRecords(db)).filter((record) => record.answers !== null && record.status !== 'draft');
      const roll = random.next();
      if (editable.length > 0 && roll < 0.2) {
        const record = random.pick(editable);
        await editedInterview(db, record.recordId, `${surname} (edited)`);
        await remember(record.recordId);
        return;
      }
      const withdrawable = editable.filter((record) => !withdrawn.has(record.recordId));
      if (withdrawable.length > 0 && roll < 0.3) {
        const record = random.pick(withdrawable);
        await recordWithdrawal(db, record.recordId, { scope: { recipients: ['jobcenter'] }, actor: { role: 'interviewer', ...interviewer }, channel: 'phone', now: new Date() });
        withdrawn.add(record.recordId);
        await remember(record.recordId);
        return;
      }
      const recordId = await capturedInterview(db, surname, roll < 0.4 ? 'refused' : 'given');
      recordIds.push(recordId);
      await remember(recordId);
    },
    async deviceId() {
      const id = await getMeta(db, 'deviceId');
      if (!id) throw new Error(`${name} is not enrolled`);
      return id;
    },
    async close() {
      await db.delete();
    },
  };
  return tablet;
}
