/**
 * Property tests of push handling over an unreliable network: a device's
 * sequence of entries (new records, edits, conflicting edits, invalid entries)
 * is delivered in batches that are cut, duplicated, reordered, start after a
 * gap, or whose answers are lost so the client resends. Whatever happens, the
 * server must end where handling every entry exactly once, in seq order, ends,
 * and every answer it gave must agree with that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { PushEntry, PushResponse, PushResult } from '../../core/sync/index';
import type { InterviewRecord } from '../../core/record/index';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, push, startSyncTestServer, stopSyncTestServer, type TestDevice } from '../testing/api';

type Intent =
  | { kind: 'new' }
  | { kind: 'edit'; pick: number }
  | { kind: 'conflict'; pick: number }
  | { kind: 'repeat'; pick: number }
  | { kind: 'invalid' };

const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'new' as const }) },
  { weight: 3, arbitrary: fc.nat(20).map((pick) => ({ kind: 'edit' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(20).map((pick) => ({ kind: 'conflict' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(20).map((pick) => ({ kind: 'repeat' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalid' as const }) },
);

/** One delivery attempt by the client: which part of its outbox it sends, and how the network treats it. */
interface Delivery {
  /** Entries of the outbox skipped at the front (> 0: the batch starts after a gap). */
  skip: number;
  size: number;
  /** Entries sent twice in the same batch. */
  duplicate: number[];
  /** Sort keys that reorder the batch. */
  order: number[];
  /** The answer never reaches the client, which therefore resends. */
  answerLost: boolean;
}

const deliveryArb: fc.Arbitrary<Delivery> = fc.record({
  skip: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  size: fc.integer({ min: 1, max: 6 }),
  duplicate: fc.array(fc.nat(5), { maxLength: 2 }),
  order: fc.array(fc.nat(100), { minLength: 8, maxLength: 8 }),
  answerLost: fc.boolean(),
});

type Expected =
  | { status: 'applied' | 'duplicate' | 'conflict'; serverRev: number }
  | { status: 'rejected'; code: string };

/** Builds the device's entries from intents; record ids are fresh per run, so runs never share records. */
function entriesFrom(intents: Intent[]): PushEntry[] {
  const records: { base: InterviewRecord; localRev: number; latest: InterviewRecord }[] = [];
  return intents.map((intent, index): PushEntry => {
    const seq = index + 1;
    if (intent.kind === 'invalid') {
      return pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq, formRef: 'unknown@1' });
    }
    if (intent.kind === 'new' || records.length === 0) {
      const base = interviewRecord({ recordId: crypto.randomUUID(), answers: { surname: `R${records.length}` } });
      records.push({ base, localRev: 1, latest: base });
      return pushEntryFor(base, { seq });
    }
    const record = records[intent.pick % records.length]!;
    if (intent.kind === 'edit') {
      record.localRev += 1;
      record.latest = { ...record.base, answers: { surname: `R${seq}v${record.localRev}` } };
      return pushEntryFor(record.latest, { seq, rev: record.localRev, baseRev: record.localRev - 1 });
    }
    if (intent.kind === 'repeat') {
      // The same revision again under a new seq (an outbox replayed after a restore).
      return pushEntryFor(record.latest, { seq, rev: record.localRev, baseRev: record.localRev - 1 });
    }
    // Another version of the revision the device already made (e.g. restored from a backup).
    const payload = { ...record.base, answers: { surname: `Conflict${seq}` } };
    return pushEntryFor(payload, { seq, rev: record.localRev, baseRev: record.localRev - 1 });
  });
}

/** The protocol's rules applied once to each entry, in seq order: what the server must end with. */
function referenceOutcome(entries: PushEntry[]) {
  const server = new Map<string, { current: number; revs: Map<number, string> }>();
  const expected = new Map<number, Expected>();
  for (const entry of entries) {
    const record = server.get(entry.recordId);
    let outcome: Expected;
    if (entry.formRef === 'unknown@1') outcome = { status: 'rejected', code: 'unknown_form' };
    else if (!record) {
      if (entry.rev === 1) {
        server.set(entry.recordId, { current: 1, revs: new Map([[1, entry.payloadSha256]]) });
        outcome = { status: 'applied', serverRev: 1 };
      } else outcome = { status: 'conflict', serverRev: 0 };
    } else if (record.revs.has(entry.rev)) {
      outcome = { status: record.revs.get(entry.rev) === entry.payloadSha256 ? 'duplicate' : 'conflict', serverRev: record.current };
    } else if (record.current === entry.baseRev) {
      record.current = entry.rev;
      record.revs.set(entry.rev, entry.payloadSha256);
      outcome = { status: 'applied', serverRev: entry.rev };
    } else outcome = { status: 'conflict', serverRev: record.current };
    expected.set(entry.seq, outcome);
  }
  return { server, expected };
}

function batchFor(outbox: PushEntry[], delivery: Delivery): PushEntry[] {
  const slice = outbox.slice(Math.min(delivery.skip, outbox.length - 1), Math.min(delivery.skip, outbox.length - 1) + delivery.size);
  const withCopies = [...slice, ...delivery.duplicate.map((i) => slice[i % slice.length]!)];
  return withCopies
    .map((entry, i) => ({ entry, key: delivery.order[i % delivery.order.length]! * 100 + i }))
    .sort((a, b) => a.key - b.key)
    .map(({ entry }) => entry);
}

/** Every answer must agree with the reference: first the outcome itself, afterwards its replay. */
function checkAnswer(result: PushResult, expected: Map<number, Expected>, answered: Map<number, PushResult[]>): void {
  const want = expected.get(result.seq);
  expect(want, `an answer for seq ${result.seq}, which the device never made`).toBeDefined();
  if (!want || result.status === 'gap') return;
  const earlier = answered.get(result.seq) ?? [];
  answered.set(result.seq, [...earlier, result]);
  const replayed = result.status === 'duplicate' && result.original !== undefined;
  const status = replayed ? result.original : result.status;
  expect(status, `seq ${result.seq}`).toBe(want.status);
  if (want.status === 'rejected') expect(result).toMatchObject({ code: want.code });
  else expect(result).toMatchObject({ serverRev: want.serverRev });
  // The first answer for a seq is the outcome; every later one replays it.
  if (earlier.length > 0) expect(replayed, `seq ${result.seq} answered twice without replay`).toBe(true);
}

describe.each(engines)('push over an unreliable network on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
  });
  afterAll(() => stopSyncTestServer({ database, app }));

  it('ends with every record once, every revision once, and answers that agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(intentArb, { minLength: 1, maxLength: 12 }), fc.array(deliveryArb, { maxLength: 8 }), async (intents, deliveries) => {
        const device: TestDevice = await enrolledDevice(app, cookie);
        const entries = entriesFrom(intents);
        const { server, expected } = referenceOutcome(entries);
        const answered = new Map<number, PushResult[]>();
        let ackedSeq = 0;

        const deliver = async (batch: PushEntry[], answerLost: boolean) => {
          const response: PushResponse = await push(app, device, batch);
          const gaps = response.results.filter((r) => r.status === 'gap');
          expect(gaps.length).toBeLessThanOrEqual(1);
          if (gaps[0]?.status === 'gap') {
            expect(response.results.at(-1)).toEqual(gaps[0]);
            // Nothing from the gap on was handled; lastSeq may stay lower (it only covers answered entries).
            expect(gaps[0].expectedSeq).toBeGreaterThanOrEqual(response.lastSeq + 1);
            expect(gaps[0].expectedSeq).toBeLessThan(gaps[0].seq);
          }
          for (const result of response.results) checkAnswer(result, expected, answered);
          if (!answerLost) ackedSeq = Math.max(ackedSeq, response.lastSeq);
        };

        for (const delivery of deliveries) {
          const outbox = entries.filter((e) => e.seq > ackedSeq);
          if (outbox.length === 0) break;
          await deliver(batchFor(outbox, delivery), delivery.answerLost);
        }
        // The network heals: the client drains its outbox in order.
        for (let pass = 0; pass < entries.length + 1 && ackedSeq < entries.length; pass += 1) {
          await deliver(entries.filter((e) => e.seq > ackedSeq).slice(0, 4), false);
        }
        expect(ackedSeq).toBe(entries.length);

        for (const [seq, want] of expected) {
          const answers = answered.get(seq) ?? [];
          expect(answers.length, `seq ${seq} was never answered`).toBeGreaterThan(0);
          expect(answers.filter((a) => a.status === 'applied').length).toBe(want.status === 'applied' ? 1 : 0);
        }

        const { db } = database;
        const row = await db.selectFrom('devices').selectAll().where('id', '=', device.deviceId).executeTakeFirstOrThrow();
        expect(row.last_seq).toBe(entries.length);
        expect(row.entries_received).toBe(entries.length);
        const outcomes = await db.selectFrom('push_outcomes').select('seq').where('device_id', '=', device.deviceId).orderBy('seq').execute();
        expect(outcomes.map((o) => o.seq)).toEqual(entries.map((e) => e.seq));

        const records = await db.selectFrom('records').select(['record_id', 'current_rev']).where('device_id', '=', device.deviceId).execute();
        expect(new Map(records.map((r) => [r.record_id, r.current_rev]))).toEqual(new Map([...server].map(([id, r]) => [id, r.current])));
        const revisions = await db
          .selectFrom('record_revisions')
          .select(['record_id', 'rev', 'payload_sha256'])
          .where('device_id', '=', device.deviceId)
          .execute();
        const expectedRevisions = [...server].flatMap(([id, r]) => [...r.revs].map(([rev, hash]) => `${id}/${rev}/${hash}`));
        expect(revisions.map((r) => `${r.record_id}/${r.rev}/${r.payload_sha256}`).sort()).toEqual(expectedRevisions.sort());
        const conflicts = await db.selectFrom('conflicts').select('seq').where('device_id', '=', device.deviceId).execute();
        expect(conflicts.length).toBe([...expected.values()].filter((e) => e.status === 'conflict').length);
      }),
      { numRuns: 100 },
    );
  });
});
