import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { appendWithdrawal } from '../../core/consent/index';
import { pushResponseSchema, type PushEntry } from '../../core/sync/index';
import { interviewRecord, pushEntryFor, testFormRef } from '../../core/record/__fixtures__/interview';
import type { InterviewRecord } from '../../core/record/index';
import { engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { enrolledDevice, jsonWithCookie, push, pushBody, pushRaw, startSyncTestServer, stopSyncTestServer, storedSyncRows, type TestDevice } from '../testing/api';

const nothingStored = { records: 0, revisions: 0, outcomes: 0, conflicts: 0 };

function withWithdrawal(record: InterviewRecord): InterviewRecord {
  const consent = appendWithdrawal(record.consent, {
    scope: { recipients: ['jobcenter'], purposes: [] },
    actor: { role: 'interviewer', id: 'iv-1', name: 'Ines Interviewerin' },
    channel: 'in_person',
    now: new Date('2025-04-01T10:00:00Z'),
  });
  return { ...record, consent };
}

describe.each(engines)('push on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let device: TestDevice;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
  });
  afterAll(() => stopSyncTestServer({ database, app }));
  beforeEach(async () => {
    // Every test starts with a fresh device and no records.
    for (const table of ['conflicts', 'push_outcomes', 'record_consent', 'erasure_confirmations', 'erasures', 'consent_withdrawals', 'evaluation_values', 'evaluation_facts', 'record_search_values', 'record_search', 'record_revisions', 'records'] as const) await database.db.deleteFrom(table).execute();
    device = await enrolledDevice(app, cookie);
  });

  const lastSeqOf = async () =>
    (await database.db.selectFrom('devices').select('last_seq').where('id', '=', device.deviceId).executeTakeFirstOrThrow()).last_seq;

  /** A trigger that makes the database refuse every revision of one record. */
  const refusingRevisionsOf = (recordId: string) => ({
    install: async () => {
      if (engine === 'sqlite') {
        await sql`create trigger refuse_revision before insert on record_revisions when new.record_id = ${sql.lit(recordId)}
                  begin select raise(abort, 'refused by the test'); end`.execute(database.db);
      } else {
        await sql`create function refuse_revision() returns trigger language plpgsql as $$
                  begin raise exception 'refused by the test'; end $$`.execute(database.db);
        await sql`create trigger refuse_revision before insert on record_revisions for each row
                  when (new.record_id = ${sql.lit(recordId)}) execute function refuse_revision()`.execute(database.db);
      }
    },
    remove: async () => {
      await sql`drop trigger refuse_revision${sql.raw(engine === 'sqlite' ? '' : ' on record_revisions')}`.execute(database.db);
      if (engine !== 'sqlite') await sql`drop function refuse_revision()`.execute(database.db);
    },
  });

  describe('the rules, one by one', () => {
    it('inserts an unknown record at rev 1: applied', async () => {
      const recordId = crypto.randomUUID();
      const response = await push(app, device, [pushEntryFor(interviewRecord({ recordId }), { seq: 1 })]);
      expect(pushResponseSchema.parse(response)).toEqual({ lastSeq: 1, results: [{ seq: 1, status: 'applied', serverRev: 1 }] });
      const record = await database.db.selectFrom('records').selectAll().executeTakeFirstOrThrow();
      expect(record).toMatchObject({ record_id: recordId, device_id: device.deviceId, current_rev: 1, form_ref: testFormRef() });
      expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 1, conflicts: 0 });
    });

    it('stores the payload as the very bytes its SHA-256 covers, so anyone can check a stored revision', async () => {
      const entries = [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 })];
      entries.push(pushEntryFor(withWithdrawal(interviewRecord({ recordId: entries[0]!.recordId })), { seq: 2, rev: 2, baseRev: 1 }));
      await push(app, device, entries);
      const rows = await database.db.selectFrom('record_revisions').select(['rev', 'payload', 'payload_sha256']).orderBy('rev').execute();
      expect(rows.map((row) => row.rev)).toEqual([1, 2]);
      for (const [index, row] of rows.entries()) {
        expect(createHash('sha256').update(row.payload, 'utf8').digest('hex')).toBe(row.payload_sha256);
        expect(JSON.parse(row.payload)).toEqual(entries[index]!.payload);
      }
    });

    it('answers the same rev with the same hash as a duplicate, under a new seq too', async () => {
      const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 });
      await push(app, device, [entry]);
      const response = await push(app, device, [{ ...entry, seq: 2 }]);
      expect(response).toEqual({ lastSeq: 2, results: [{ seq: 2, status: 'duplicate', serverRev: 1 }] });
      expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 2, conflicts: 0 });
    });

    it('answers the same rev with a different hash as a conflict carrying the server version, and keeps both', async () => {
      const recordId = crypto.randomUUID();
      const first = pushEntryFor(interviewRecord({ recordId }), { seq: 1 });
      await push(app, device, [first]);
      const other = pushEntryFor(interviewRecord({ recordId, answers: { surname: 'Other' } }), { seq: 2 });
      const response = await push(app, device, [other]);
      expect(response.results).toEqual([
        {
          seq: 2,
          status: 'conflict',
          serverRev: 1,
          message: expect.stringContaining('another version of revision 1'),
          serverRecord: expect.objectContaining({ recordId, rev: 1, payloadSha256: first.payloadSha256, payload: first.payload }),
        },
      ]);
      const conflicts = await database.db.selectFrom('conflicts').selectAll().execute();
      expect(conflicts).toEqual([expect.objectContaining({ record_id: recordId, seq: 2, rev: 1, server_rev: 1, payload_sha256: other.payloadSha256 })]);
      expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 2, conflicts: 1 });
    });

    it('applies rev n+1 on base n as the next revision and keeps the previous one', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      await push(app, device, [pushEntryFor(record, { seq: 1 })]);
      const edited = { ...record, answers: { surname: 'Haddad', schoolYears: 10 } };
      const response = await push(app, device, [pushEntryFor(edited, { seq: 2, rev: 2, baseRev: 1 })]);
      expect(response.results).toEqual([{ seq: 2, status: 'applied', serverRev: 2 }]);
      const revisions = await database.db.selectFrom('record_revisions').select(['rev', 'base_rev', 'seq']).orderBy('rev').execute();
      expect(revisions).toEqual([
        { rev: 1, base_rev: 0, seq: 1 },
        { rev: 2, base_rev: 1, seq: 2 },
      ]);
      expect((await database.db.selectFrom('records').select('current_rev').executeTakeFirstOrThrow()).current_rev).toBe(2);
    });

    it('answers an entry made from an older revision as a conflict with the current record', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      await push(app, device, [
        pushEntryFor(record, { seq: 1 }),
        pushEntryFor({ ...record, answers: { surname: 'Two' } }, { seq: 2, rev: 2, baseRev: 1 }),
      ]);
      const stale = pushEntryFor({ ...record, answers: { surname: 'Four' } }, { seq: 3, rev: 4, baseRev: 3 });
      const response = await push(app, device, [stale]);
      expect(response.results).toEqual([
        expect.objectContaining({ seq: 3, status: 'conflict', serverRev: 2, serverRecord: expect.objectContaining({ rev: 2 }) }),
      ]);
      expect((await database.db.selectFrom('records').select('current_rev').executeTakeFirstOrThrow()).current_rev).toBe(2);
    });

    it('answers a later revision of a record the server never saw as a conflict without a server record', async () => {
      const entry = pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1, rev: 2, baseRev: 1 });
      const response = await push(app, device, [entry]);
      expect(response.results).toEqual([{ seq: 1, status: 'conflict', serverRev: 0, message: expect.any(String), serverRecord: null }]);
      expect(await storedSyncRows(database.db)).toEqual({ records: 0, revisions: 0, outcomes: 1, conflicts: 1 });
    });

    it("applies a mark signed by its witness and one from before witnesses signed; refuses a witness's signature that is no drawing", async () => {
      const signed = interviewRecord({ recordId: crypto.randomUUID(), markWitness: { signed: true } });
      const older = interviewRecord({ recordId: crypto.randomUUID(), markWitness: { signed: false } });
      const evidence = signed.consent.evidence as Extract<NonNullable<InterviewRecord['consent']['evidence']>, { kind: 'mark' }>;
      const broken = {
        ...signed,
        recordId: crypto.randomUUID(),
        consent: { ...signed.consent, evidence: { ...evidence, attestedBy: { ...evidence.attestedBy, signature: { strokes: [], png: 'not a png' } } } },
      };
      broken.consent = { ...broken.consent, record_id: broken.recordId, interview_id: broken.recordId };
      const response = await push(app, device, [pushEntryFor(signed, { seq: 1 }), pushEntryFor(older, { seq: 2 }), pushEntryFor(broken, { seq: 3 })]);
      expect(response.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['applied', 'applied', 'invalid_payload']);
      expect(response.results[2]).toMatchObject({ message: expect.stringContaining('attestedBy.signature') });
      const stored = await database.db.selectFrom('record_revisions').select(['record_id', 'payload']).where('record_id', '=', signed.recordId).executeTakeFirstOrThrow();
      const payload = JSON.parse(stored.payload) as InterviewRecord;
      expect(payload.consent.evidence).toMatchObject({ kind: 'mark', attestedBy: { name: 'Samira Khalil', role: 'witness', signature: { png: expect.stringMatching(/^data:image\/png;base64,/) } } });
    });

    it('rejects entries that fail validation, with a code and a message, and stores nothing of them', async () => {
      const record = interviewRecord({ recordId: crypto.randomUUID() });
      const cases: [PushEntry, string][] = [
        [pushEntryFor(record, { seq: 1, formRef: 'unknown@1' }), 'unknown_form'],
        [pushEntryFor(record, { seq: 2, noticeRef: { id: 'notice', version: 9, lang: 'de', sha256: 'a'.repeat(64) } }), 'unknown_notice'],
        [pushEntryFor(record, { seq: 3, payloadSha256: 'f'.repeat(64) }), 'hash_mismatch'],
        [pushEntryFor({ ...record, answers: { schoolYears: 99 } }, { seq: 4 }), 'invalid_payload'],
        [pushEntryFor(interviewRecord({ recordId: record.recordId, decision: 'refused', answers: { surname: 'X' } }), { seq: 5 }), 'consent_missing'],
      ];
      const response = await push(app, device, cases.map(([entry]) => entry));
      expect(response.lastSeq).toBe(5);
      expect(response.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(cases.map(([, code]) => code));
      for (const result of response.results) expect(result).toMatchObject({ status: 'rejected', message: expect.any(String) });
      expect(await storedSyncRows(database.db)).toEqual({ records: 0, revisions: 0, outcomes: 5, conflicts: 0 });
    });

    it('refuses a revision that changes synced consent evidence, and applies one that only appends an event', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      await push(app, device, [pushEntryFor(record, { seq: 1 })]);
      const recaptured = interviewRecord({ recordId, interviewerId: 'iv-1' });
      const changedEvidence = { ...recaptured, consent: { ...recaptured.consent, pii_principal_id: 'someone-else' } };
      const withdrawn = withWithdrawal(record);
      const response = await push(app, device, [
        pushEntryFor(changedEvidence, { seq: 2, rev: 2, baseRev: 1 }),
        pushEntryFor(withdrawn, { seq: 3, rev: 2, baseRev: 1 }),
      ]);
      expect(response.results).toEqual([
        { seq: 2, status: 'rejected', code: 'evidence_changed', message: expect.any(String) },
        { seq: 3, status: 'applied', serverRev: 2 },
      ]);
    });
  });

  describe('batches', () => {
    it('applies the rest of a batch around a rejected entry in the middle', async () => {
      const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      const response = await push(app, device, [
        pushEntryFor(interviewRecord({ recordId: a }), { seq: 1 }),
        pushEntryFor(interviewRecord({ recordId: b }), { seq: 2, formRef: 'nope@1' }),
        pushEntryFor(interviewRecord({ recordId: c }), { seq: 3 }),
      ]);
      expect(response.lastSeq).toBe(3);
      expect(response.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      const ids = (await database.db.selectFrom('records').select('record_id').execute()).map((r) => r.record_id).sort();
      expect(ids).toEqual([a, c].sort());
    });

    it('handles entries in seq order whatever order they arrive in', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      const response = await push(app, device, [
        pushEntryFor(withWithdrawal(record), { seq: 2, rev: 2, baseRev: 1 }),
        pushEntryFor(record, { seq: 1 }),
      ]);
      expect(response.results).toEqual([
        { seq: 1, status: 'applied', serverRev: 1 },
        { seq: 2, status: 'applied', serverRev: 2 },
      ]);
    });

    it('judges entries of one record in seq order, also when its first revision comes after a later one', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      const other = crypto.randomUUID();
      const response = await push(app, device, [
        pushEntryFor(withWithdrawal(record), { seq: 1, rev: 2, baseRev: 1 }),
        pushEntryFor(interviewRecord({ recordId: other }), { seq: 2 }),
        pushEntryFor(record, { seq: 3 }),
        pushEntryFor(record, { seq: 4 }),
      ]);
      expect(response.results).toEqual([
        { seq: 1, status: 'conflict', serverRev: 0, message: expect.any(String), serverRecord: null },
        { seq: 2, status: 'applied', serverRev: 1 },
        { seq: 3, status: 'applied', serverRev: 1 },
        { seq: 4, status: 'duplicate', serverRev: 1 },
      ]);
      expect(await storedSyncRows(database.db)).toEqual({ records: 2, revisions: 2, outcomes: 4, conflicts: 1 });
    });

    it('stops at a gap, stores nothing from there, and continues once the missing entry comes', async () => {
      const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      const entries = ids.map((recordId, i) => pushEntryFor(interviewRecord({ recordId }), { seq: i + 1 }));
      await push(app, device, [entries[0]!]);
      const gap = await push(app, device, [entries[2]!]);
      expect(gap).toEqual({ lastSeq: 1, results: [{ seq: 3, status: 'gap', expectedSeq: 2 }] });
      expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 1, conflicts: 0 });
      const resumed = await push(app, device, [entries[1]!, entries[2]!]);
      expect(resumed).toEqual({
        lastSeq: 3,
        results: [
          { seq: 2, status: 'applied', serverRev: 1 },
          { seq: 3, status: 'applied', serverRev: 1 },
        ],
      });
    });

    it('answers resent entries from the stored outcome, so a lost answer is never a different answer', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      const entries = [
        pushEntryFor(record, { seq: 1 }),
        pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 2, formRef: 'nope@1' }),
        pushEntryFor({ ...record, answers: { surname: 'Other' } }, { seq: 3 }),
        pushEntryFor(record, { seq: 4 }),
      ];
      const first = await push(app, device, entries);
      expect(first.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'conflict', 'duplicate']);
      const before = await storedSyncRows(database.db);

      const again = await push(app, device, entries);
      expect(again.lastSeq).toBe(4);
      expect(again.results).toEqual([
        { seq: 1, status: 'duplicate', serverRev: 1, original: 'applied' },
        { seq: 2, status: 'duplicate', serverRev: 0, original: 'rejected', code: 'unknown_form', message: expect.stringContaining('nope@1') },
        {
          seq: 3,
          status: 'duplicate',
          serverRev: 1,
          original: 'conflict',
          message: expect.any(String),
          serverRecord: expect.objectContaining({ recordId, rev: 1, payloadSha256: entries[0]!.payloadSha256 }),
        },
        { seq: 4, status: 'duplicate', serverRev: 1, original: 'duplicate' },
      ]);
      expect(pushResponseSchema.parse(again)).toEqual(again);
      expect(await storedSyncRows(database.db)).toEqual(before);
    });

    it('applies each entry once when the same batch arrives many times at once', async () => {
      const recordIds = Array.from({ length: 5 }, () => crypto.randomUUID());
      const entries = recordIds.flatMap((recordId, i) => {
        const record = interviewRecord({ recordId });
        return [pushEntryFor(record, { seq: 2 * i + 1 }), pushEntryFor(withWithdrawal(record), { seq: 2 * i + 2, rev: 2, baseRev: 1 })];
      });
      const responses = await Promise.all(Array.from({ length: 8 }, () => push(app, device, entries)));
      const applied = responses.flatMap((r) => r.results).filter((r) => r.status === 'applied');
      expect(applied.map((r) => r.seq).sort((x, y) => x - y)).toEqual(entries.map((e) => e.seq));
      for (const response of responses) {
        expect(response.results.map((r) => r.seq)).toEqual(entries.map((e) => e.seq));
        for (const result of response.results) expect(['applied', 'duplicate']).toContain(result.status);
        for (const result of response.results) if (result.status === 'duplicate') expect(result.original).toBe('applied');
      }
      expect(await storedSyncRows(database.db)).toEqual({ records: 5, revisions: 10, outcomes: 10, conflicts: 0 });
      expect(await lastSeqOf()).toBe(10);
    });

    it('commits the entries before one the database fails on, answers only for them, and takes the rest once it can be stored', async () => {
      const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
      const entries = [a, b, c].map((recordId, i) => pushEntryFor(interviewRecord({ recordId }), { seq: i + 1 }));
      // A real database failure on b's revision (as a full disk or a broken constraint would be).
      const refuse = refusingRevisionsOf(b);
      await refuse.install();
      try {
        const first = await push(app, device, entries);
        expect(first).toEqual({ lastSeq: 1, results: [{ seq: 1, status: 'applied', serverRev: 1 }] });
        expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 1, conflicts: 0 });

        // The device resends from b: nothing can be committed, so the whole request fails and nothing moves.
        const blocked = await pushRaw(app, device, pushBody(device, entries.slice(1)));
        expect(blocked.statusCode).toBe(500);
        expect(blocked.json()).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
        expect(await storedSyncRows(database.db)).toEqual({ records: 1, revisions: 1, outcomes: 1, conflicts: 0 });
        expect(await lastSeqOf()).toBe(1);
      } finally {
        await refuse.remove();
      }

      const resumed = await push(app, device, entries.slice(1));
      expect(resumed.lastSeq).toBe(3);
      expect(resumed.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const ids = (await database.db.selectFrom('records').select('record_id').execute()).map((r) => r.record_id).sort();
      expect(ids).toEqual([a, b, c].sort());
      expect(await storedSyncRows(database.db)).toEqual({ records: 3, revisions: 3, outcomes: 3, conflicts: 0 });
    });

    it('counts received entries and keeps the pending count the device reports', async () => {
      await push(app, device, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 })], { pendingCount: 7 });
      await push(app, device, [], { pendingCount: 0 });
      const row = await database.db.selectFrom('devices').selectAll().where('id', '=', device.deviceId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ last_seq: 1, entries_received: 1, pending_count: 0 });
      expect(row.last_sync_at).not.toBeNull();
    });
  });

  describe('whole-request failures store nothing', () => {
    const validBody = () => pushBody(device, [pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 1 })]);
    const expectNothingStored = async () => {
      expect(await storedSyncRows(database.db)).toEqual(nothingStored);
      expect(await lastSeqOf()).toBe(0);
    };

    it('400 malformed_json for a body that is not JSON', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { authorization: `Bearer ${device.deviceToken}`, 'content-type': 'application/json' },
        payload: '{"protocolVersion": 1, "entries": [',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('malformed_json');
      await expectNothingStored();
    });

    it('400 bad_request with the issues for a body that is not a push', async () => {
      for (const payload of [
        { ...validBody(), entries: 'none' },
        { ...validBody(), protocolVersion: '1' },
        { ...validBody(), entries: [{ ...validBody().entries[0], seq: 'one' }] },
        { ...validBody(), surprise: true },
        [],
      ]) {
        const response = await pushRaw(app, device, payload);
        expect(response.statusCode).toBe(400);
        expect(response.json().error).toMatchObject({ code: 'bad_request', details: expect.any(Array) });
      }
      await expectNothingStored();
    });

    it('413 payload_too_large above the configured byte limit', async () => {
      const small = await createTestServer(database, { maxPushBytes: 2000 });
      try {
        const response = await pushRaw(small, device, validBody());
        expect(response.statusCode).toBe(413);
        expect(response.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      } finally {
        await small.close();
      }
      await expectNothingStored();
    });

    it('426 for another protocol version', async () => {
      const response = await pushRaw(app, device, { ...validBody(), protocolVersion: 2, entries: 'whatever v2 sends' });
      expect(response.statusCode).toBe(426);
      expect(response.json().error.code).toBe('protocol_version');
      await expectNothingStored();
    });

    it('401 without a token or with an unknown one; 403 for a revoked device or another device id', async () => {
      const body = validBody();
      const noToken = await app.inject({ method: 'POST', url: '/api/v1/sync/push', payload: body });
      expect(noToken.statusCode).toBe(401);
      const unknown = await pushRaw(app, { ...device, deviceToken: 'x'.repeat(43) }, body);
      expect(unknown.statusCode).toBe(401);
      const mismatch = await pushRaw(app, device, { ...body, deviceId: crypto.randomUUID() });
      expect(mismatch.statusCode).toBe(403);
      expect(mismatch.json().error.code).toBe('device_mismatch');
      await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(cookie) });
      const revoked = await pushRaw(app, device, body);
      expect(revoked.statusCode).toBe(403);
      await expectNothingStored();
    });

    it('415 for a body that is not JSON at all (only application/json bodies are read)', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: { authorization: `Bearer ${device.deviceToken}`, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe('unsupported_media_type');
      await expectNothingStored();
    });
  });

  describe('what coordinators see', () => {
    it('lists records with outcome, revision and conflict counts, the sync issues, and every revision of one record', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      await push(app, device, [
        pushEntryFor(record, { seq: 1 }),
        pushEntryFor(withWithdrawal(record), { seq: 2, rev: 2, baseRev: 1 }),
        pushEntryFor({ ...record, answers: { surname: 'Other' } }, { seq: 3 }),
        pushEntryFor(interviewRecord({ recordId: crypto.randomUUID() }), { seq: 4, formRef: 'nope@1' }),
      ]);
      const listed = (await app.inject({ method: 'GET', url: `/api/v1/records?deviceId=${device.deviceId}`, headers: { cookie } })).json();
      expect(listed.records).toEqual([
        expect.objectContaining({
          recordId,
          deviceId: device.deviceId,
          deviceName: 'Tablet 1',
          currentRev: 2,
          revisionCount: 2,
          conflictCount: 1,
          lastOutcome: expect.objectContaining({ seq: 3, status: 'conflict' }),
        }),
      ]);
      expect(listed.page).toEqual({ offset: 0, limit: 50, total: 1 });
      const issues = (await app.inject({ method: 'GET', url: `/api/v1/issues?deviceId=${device.deviceId}`, headers: { cookie } })).json();
      expect(issues.page).toEqual({ offset: 0, limit: 50, total: 2 });
      expect(issues.issues.map((i: { seq: number; status: string; code?: string }) => [i.seq, i.status, i.code])).toEqual([
        [4, 'rejected', 'unknown_form'],
        [3, 'conflict', undefined],
      ]);

      const detail = (await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}`, headers: { cookie } })).json();
      expect(detail.revisions.map((r: { rev: number }) => r.rev)).toEqual([1, 2]);
      expect(detail.revisions[0].payload).toEqual(JSON.parse(JSON.stringify(record)));
      expect(detail.conflicts).toEqual([expect.objectContaining({ rev: 1, serverRev: 2, seq: 3 })]);
      expect(detail.outcomes.map((o: { status: string }) => o.status)).toEqual(['applied', 'applied', 'conflict']);
      expect((await app.inject({ method: 'GET', url: `/api/v1/records/${crypto.randomUUID()}`, headers: { cookie } })).statusCode).toBe(404);
    });

    it('shows the consent of the current revision per purpose and recipient, a partial withdrawal with when and how, named from the notice', async () => {
      const recordId = crypto.randomUUID();
      const record = interviewRecord({ recordId });
      await push(app, device, [pushEntryFor(record, { seq: 1 }), pushEntryFor(withWithdrawal(record), { seq: 2, rev: 2, baseRev: 1 })]);
      const detail = (await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}`, headers: { cookie } })).json();
      expect(detail.consent.overview.status).toBe('given');
      const jobcenter = detail.consent.overview.items.find((item: { id: string }) => item.id === 'jobcenter');
      expect(jobcenter).toMatchObject({ kind: 'recipient', state: 'withdrawn' });
      expect(jobcenter.steps.map((step: { change: string }) => step.change)).toEqual(['given', 'withdrawn']);
      expect(jobcenter.steps[1]).toMatchObject({ at: '2025-04-01T10:00:00.000Z', channel: 'in_person', actor: { role: 'interviewer', name: 'Ines Interviewerin' } });
      // When the server first stored each event: the revision that brought it.
      expect(jobcenter.steps.map((step: { serverReceivedAt: string }) => step.serverReceivedAt)).toEqual(detail.revisions.map((revision: { receivedAt: string }) => revision.receivedAt));
      expect(detail.consent.overview.items.find((item: { id: string }) => item.id === 'profiling')).toMatchObject({ kind: 'purpose', state: 'given' });
      expect(detail.consent.labels.jobcenter).toEqual({ de: 'Jobcenter', en: 'Jobcenter' });
      expect(detail.consent.labels.profiling.de).toBe('Profiling');
    });
  });
});
