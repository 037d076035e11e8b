/**
 * Withdrawal erases everywhere, whatever the order: two tablets (the real src/data sync client
 * on fake-indexeddb) capture, edit and withdraw interviews, a coordinator enters withdrawals
 * received by phone, and the tablets sync, in any interleaving fast-check makes up, against the
 * real server over HTTP, on embedded SQLite and on PostgreSQL. Afterwards — once each tablet has
 * synced twice more — no name, answer or person reference of a withdrawn record is left in any
 * table of the server or on either tablet, its proof remains exactly once, and every record that
 * was not withdrawn is still there with its last name. Coordinators also hand data over to the
 * Jobcenter in between: no hand-over made after a withdrawal for the Jobcenter (partial or whole)
 * reached the server contains that record, and every hand-over holds only records that agreed.
 */
import 'fake-indexeddb/auto';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testForm, testFormJson, testNoticeJson } from '../src/core/record/__fixtures__/interview';
import { prepareArtifact, publishArtifact } from '../src/server/artifacts/store';
import { beginEdit, completeInterview, enrolDevice, getRecord, openDatabaseNamed, recordWithdrawal, saveDraft, syncNow, type LotseDatabase } from '../src/data';
import { openedText, rawText, unlockForTest } from '../src/data/test-keyring';
import { createTestDatabase, engines, type TestDatabase } from '../src/server/testing/databases';
import { createTestServer } from '../src/server/testing/server';
import { jsonWithCookie, signedInCoordinator } from '../src/server/testing/api';
import { findTextAnywhere } from '../src/server/testing/scan';
import { capturedInterview, testInterviewer } from './support/capture';

const form = testForm();

type Command =
  | { kind: 'capture'; tablet: 0 | 1; refusal: boolean; referral?: boolean }
  | { kind: 'edit'; tablet: 0 | 1; pick: number; leaveOpen: boolean }
  | { kind: 'tabletWithdraws'; tablet: 0 | 1; pick: number; all: boolean }
  | { kind: 'coordinatorWithdraws'; pick: number; all: boolean }
  | { kind: 'sync'; tablet: 0 | 1 }
  | { kind: 'handover' };

const tabletArb = fc.constantFrom<0 | 1>(0, 1);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('capture' as const), tablet: tabletArb, refusal: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('handover' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), tablet: tabletArb, pick: fc.nat(20), leaveOpen: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tabletWithdraws' as const), tablet: tabletArb, pick: fc.nat(20), all: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('coordinatorWithdraws' as const), pick: fc.nat(20), all: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), tablet: tabletArb }) },
);

interface Tablet {
  db: LotseDatabase;
  recordIds: string[];
}

/** What the test knows of one interview: every name it ever had, and whether it was withdrawn as a whole. */
interface Known {
  tablet: 0 | 1;
  names: string[];
  personRef: string;
  withdrawn: boolean;
}

describe.each(engines)('withdrawal erases on the server and both tablets, on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    // The test form with a recipient mapping: the person section goes to the Jobcenter for referral.
    const mappedForm = testFormJson() as Record<string, unknown> & { sections: { disclosure?: unknown }[] };
    mappedForm.disclosure = { purposes: ['profiling', 'referral'], recipients: ['jobcenter', 'caritas'] };
    mappedForm.sections[0]!.disclosure = { purposes: ['referral'], recipients: ['jobcenter'] };
    for (const [kind, json] of [['form', mappedForm], ['notice', testNoticeJson('de')], ['notice', testNoticeJson('en')]] as const) {
      const prepared = prepareArtifact(kind, json);
      if (!prepared.ok) throw new Error(prepared.problems.join('; '));
      await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    }
    app = await createTestServer(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function newTablet(): Promise<Tablet> {
    const db = openDatabaseNamed(`erasure-${crypto.randomUUID()}`);
    const created = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
    const enrolled = await enrolDevice(db, { code: created.json().code, deviceName: 'Tablet', baseUrl });
    if (!enrolled.ok) throw new Error(enrolled.message);
    await unlockForTest(db);
    return { db, recordIds: [] };
  }

  it('leaves no personal data of a withdrawn record anywhere, and its proof exactly once', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 4, maxLength: 14 }), async (commands) => {
        run += 1;
        const tablets = [await newTablet(), await newTablet()] as const;
        const known = new Map<string, Known>();
        let names = 0;
        const nameFor = () => `Qz${engine[0]}${run}n${(names += 1)}x`;
        const pickOn = (tablet: Tablet, pick: number) => tablet.recordIds[pick % Math.max(1, tablet.recordIds.length)];
        // Withdrawals for the Jobcenter (partial or whole) the server knows of, and those still on a tablet.
        const jobcenterStopped = new Set<string>();
        const pendingOn: [Set<string>, Set<string>] = [new Set(), new Set()];
        try {
          for (const command of commands) {
            const now = new Date().toISOString();
            if (command.kind === 'capture') {
              const tablet = tablets[command.tablet];
              const name = nameFor();
              const id = await capturedInterview(tablet.db, name, command.refusal ? 'refused' : 'given', { referral: true });
              tablet.recordIds.push(id);
              known.set(id, { tablet: command.tablet, names: command.refusal ? [] : [name], personRef: `person-${id.slice(0, 8)}`, withdrawn: false });
            } else if (command.kind === 'edit') {
              const tablet = tablets[command.tablet];
              const id = pickOn(tablet, command.pick);
              const record = id && (await getRecord(tablet.db, id));
              if (!record || !record.answers || record.status === 'draft' || record.consent?.events.at(-1)?.event_state !== 'given') continue;
              const name = nameFor();
              known.get(id)!.names.push(name);
              await beginEdit(tablet.db, id, now);
              await saveDraft(tablet.db, id, { answers: { surname: name, schoolYears: 11 }, progress: { stage: 'form', sectionId: 'person' }, displayName: name, now });
              if (!command.leaveOpen) await completeInterview(tablet.db, id, form, now);
            } else if (command.kind === 'tabletWithdraws') {
              const tablet = tablets[command.tablet];
              const id = pickOn(tablet, command.pick);
              const record = id && (await getRecord(tablet.db, id));
              if (!record || record.status === 'draft' || record.consent?.events.at(-1)?.event_state !== 'given') continue;
              const jobcenterGiven = record.consent.events.every((event) => !event.scope?.recipients.includes('jobcenter'));
              if (!command.all && !jobcenterGiven) continue;
              await recordWithdrawal(tablet.db, id, {
                scope: command.all ? 'all' : { recipients: ['jobcenter'] },
                actor: { role: 'interviewer', id: testInterviewer.id, name: testInterviewer.name },
                channel: 'in_person',
                now: new Date(),
              });
              if (command.all) known.get(id)!.withdrawn = true;
              pendingOn[command.tablet].add(id);
            } else if (command.kind === 'coordinatorWithdraws') {
              const ids = [...known.keys()];
              const id = ids[command.pick % Math.max(1, ids.length)];
              if (!id) continue;
              const response = await app.inject({
                method: 'POST',
                url: `/api/v1/records/${id}/withdrawals`,
                headers: jsonWithCookie(cookie),
                payload: { channel: 'phone', receivedOn: now.slice(0, 10), scope: command.all ? 'all' : { recipients: ['jobcenter'] } },
              });
              // 404: not synced yet; 409: refused, erased, or nothing left to withdraw — all fine here.
              expect([201, 404, 409], response.body).toContain(response.statusCode);
              if (response.statusCode === 201 && response.json().status === 'withdrawn') known.get(id)!.withdrawn = true;
              if (response.statusCode === 201) jobcenterStopped.add(id);
            } else if (command.kind === 'handover') {
              const response = await app.inject({ method: 'GET', url: '/api/v1/exports/partners/jobcenter.csv', headers: { cookie } });
              expect(response.statusCode, response.body).toBe(200);
              const rows = parseCsv(new TextDecoder().decode(unzipSync(new Uint8Array(response.rawPayload))['records.csv']), { bom: true }) as string[][];
              // This run's records (the database outlives the runs).
              const ids = rows.slice(1).map((row) => row[0]!).filter((id) => known.has(id));
              // Nothing withdrawn for the Jobcenter before this hand-over is in it; nothing refused either.
              for (const id of ids) {
                expect(jobcenterStopped.has(id), `hand-over holds ${id}, withdrawn for the Jobcenter before`).toBe(false);
                expect(known.get(id)!.names.length, `hand-over holds ${id}, which never agreed`).toBeGreaterThan(0);
              }
            } else {
              const outcome = await syncNow(tablets[command.tablet].db, { baseUrl });
              expect(outcome.kind, JSON.stringify(outcome)).toBe('done');
              // What the tablet withdrew has reached the server now.
              for (const id of pendingOn[command.tablet]) jobcenterStopped.add(id);
              pendingOn[command.tablet].clear();
            }
          }
          // Everyone syncs until nothing moves: the erasures reach the tablets and are confirmed.
          for (let round = 0; round < 2; round++) {
            for (const tablet of tablets) expect((await syncNow(tablet.db, { baseUrl })).kind).toBe('done');
          }
          for (const pending of pendingOn) for (const id of pending) jobcenterStopped.add(id);

          // A last hand-over: none of what was withdrawn for the Jobcenter, all that agreed and is held.
          const last = await app.inject({ method: 'GET', url: '/api/v1/exports/partners/jobcenter.csv', headers: { cookie } });
          const lastIds = (parseCsv(new TextDecoder().decode(unzipSync(new Uint8Array(last.rawPayload))['records.csv']), { bom: true }) as string[][]).slice(1).map((row) => row[0]!);
          for (const id of lastIds) expect(jobcenterStopped.has(id), `the last hand-over holds ${id}`).toBe(false);
          const stored = new Set((await database.db.selectFrom('records').select('record_id').where('erased_at', 'is', null).execute()).map((r) => r.record_id));
          const agreeing = [...known].filter(([id, k]) => k.names.length > 0 && !jobcenterStopped.has(id) && stored.has(id)).map(([id]) => id);
          // (The database outlives the runs: records of earlier runs are in the file too.)
          expect(lastIds.filter((id) => known.has(id)).sort()).toEqual(agreeing.sort());
          // The hand-over is a stored disclosure of exactly the records in its file.
          const disclosed = await database.db.selectFrom('disclosure_records').select('record_id').where('disclosure_id', '=', String(last.headers['x-lotse-disclosure'])).execute();
          expect(disclosed.map((d) => d.record_id).sort()).toEqual([...lastIds].sort());

          const erasedRows = await database.db.selectFrom('erasures').select(['record_id', 'proof']).where('record_id', 'in', [...known.keys(), crypto.randomUUID()]).execute();
          const erasedIds = erasedRows.map((row) => row.record_id).sort();
          const withdrawn = [...known].filter(([, k]) => k.withdrawn).map(([id]) => id).sort();
          // A refusal cannot be withdrawn, so every withdrawn record was erased and nothing else was.
          expect(erasedIds).toEqual(withdrawn);
          for (const row of erasedRows) expect(JSON.parse(row.proof!)).toMatchObject({ record_id: expect.any(String), events: expect.any(Array) });

          const gone = withdrawn.flatMap((id) => [...known.get(id)!.names, known.get(id)!.personRef]);
          if (gone.length > 0) expect(await findTextAnywhere(database, gone)).toEqual([]);
          for (const [index, tablet] of tablets.entries()) {
            // What the tablet holds, opened with its key (sealed index shards included), and as stored.
            const held = (await openedText(tablet.db)) + (await rawText(tablet.db));
            for (const id of withdrawn) expect(held.includes(id), `tablet ${index} still holds ${id}`).toBe(false);
            for (const text of gone) expect(held.includes(text), `tablet ${index} still holds ${text}`).toBe(false);
          }
          const devices = (await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } })).json().devices as { unconfirmedErasures: { count: number } }[];
          expect(devices.map((device) => device.unconfirmedErasures.count)).toEqual(devices.map(() => 0));

          // The records nobody withdrew are all still there, on the server with their last completed name.
          for (const [id, k] of known) {
            if (k.withdrawn) continue;
            expect(await getRecord(tablets[k.tablet].db, id), `record ${id} vanished from its tablet`).toBeDefined();
            const current = await database.db
              .selectFrom('records as r')
              .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
              .select('rr.payload')
              .where('r.record_id', '=', id)
              .executeTakeFirst();
            expect(current, `record ${id} is missing on the server`).toBeDefined();
            expect(current!.payload).toContain(k.personRef);
          }
        } finally {
          for (const tablet of tablets) await tablet.db.delete();
        }
      }),
      {
        numRuns: 12,
        // Always also this interleaving: a hand-over, then a withdrawal for the Jobcenter by phone
        // (which changes no revision), then the next hand-over.
        examples: [
          [
            [
              { kind: 'capture', tablet: 0, refusal: false },
              { kind: 'capture', tablet: 0, refusal: false },
              { kind: 'sync', tablet: 0 },
              { kind: 'handover' },
              { kind: 'coordinatorWithdraws', pick: 0, all: false },
              { kind: 'handover' },
              { kind: 'tabletWithdraws', tablet: 0, pick: 1, all: false },
              { kind: 'handover' },
              { kind: 'sync', tablet: 0 },
              { kind: 'handover' },
            ],
          ],
        ],
      },
    );
  }, 240_000);
});
