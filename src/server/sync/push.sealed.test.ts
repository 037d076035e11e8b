/**
 * Sync while locked (issue #12 item 3): entries sealed for the server's key are opened and then
 * judged and stored exactly like a clear payload; what does not open is that entry's rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerKeyPair, sealForServer, type ServerSealed } from '../../core/encryption/index';
import { canonicalJson, type PushEntry, type SealedPushEntry } from '../../core/sync/index';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { engines } from '../testing/databases';
import { countRows, enrolledDevice, push, pushBody, pushRaw, startSyncTestServer, stopSyncTestServer, type SyncTestServer, type TestDevice } from '../testing/api';
import { ensureServerKey } from '../artifacts/server-key';

async function sealed(entry: PushEntry, serverKey: unknown, context = { recordId: entry.recordId, rev: entry.rev }): Promise<SealedPushEntry> {
  const { payload, ...rest } = entry;
  return { ...rest, sealed: (await sealForServer(canonicalJson(payload), context, serverKey)) as unknown as SealedPushEntry['sealed'] };
}

describe.each(engines)('sealed push entries on %s', (engine) => {
  let server: SyncTestServer;
  let device: TestDevice;
  let serverKey: unknown;

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    serverKey = await ensureServerKey(server.database.db, new Date('2026-12-05T10:00:00Z'));
    device = await enrolledDevice(server.app, server.cookie);
  });
  afterAll(() => stopSyncTestServer(server));

  it('publishes one server key, the same on every start, to devices that accept it; the private part is not in the artifact', async () => {
    const again = await ensureServerKey(server.database.db, new Date('2027-01-01T00:00:00Z'));
    expect(again).toEqual(serverKey);
    const pull = (accept: string) => server.app.inject({ method: 'GET', url: `/api/v1/sync/pull?accept=${accept}`, headers: { authorization: `Bearer ${device.deviceToken}` } });
    const withKey = (await pull('server-key')).json();
    const keys = withKey.changes.filter((change: { kind: string }) => change.kind === 'server-key');
    expect(keys).toEqual([expect.objectContaining({ op: 'publish', id: 'server', version: 1, body: serverKey })]);
    expect((await pull('recovery-key')).json().changes.some((change: { kind: string }) => change.kind === 'server-key')).toBe(false);
    const stored = await server.database.db.selectFrom('server_meta').select('value').where('key', '=', 'server_sealing_key').executeTakeFirstOrThrow();
    const { d } = JSON.parse(stored.value) as { d: string };
    const artifacts = await server.database.db.selectFrom('artifacts').select('body').execute();
    expect(JSON.stringify(artifacts)).not.toContain(d);
  });

  it('stores a sealed entry exactly as the clear one, once; a resend is a duplicate', async () => {
    const recordId = crypto.randomUUID();
    const clear = pushEntryFor(interviewRecord({ recordId }), { seq: 1 });
    const entry = await sealed(clear, serverKey);
    expect(JSON.stringify(entry)).not.toContain('Samira');
    const first = await push(server.app, device, [entry]);
    expect(first.results).toEqual([{ seq: 1, status: 'applied', serverRev: 1 }]);
    const stored = await server.database.db.selectFrom('record_revisions').select(['payload', 'payload_sha256']).where('record_id', '=', recordId).execute();
    expect(stored).toEqual([{ payload: canonicalJson(clear.payload), payload_sha256: clear.payloadSha256 }]);
    // What push derives from a clear payload (the record list's search row) it derives from a sealed one.
    const search = await server.database.db.selectFrom('record_search').select('record_id').where('record_id', '=', recordId).execute();
    expect(search).toHaveLength(1);

    const resent = await push(server.app, device, [entry]);
    expect(resent.results).toEqual([expect.objectContaining({ seq: 1, status: 'duplicate' })]);
    // The same revision sealed again (another ephemeral key) under a new seq: the server holds it already.
    const again = await push(server.app, device, [{ ...(await sealed(clear, serverKey)), seq: 2 }]);
    expect(again.results).toEqual([{ seq: 2, status: 'duplicate', serverRev: 1 }]);
    expect(await server.database.db.selectFrom('record_revisions').select('rev').where('record_id', '=', recordId).execute()).toHaveLength(1);
  });

  it('rejects, entry by entry, a sealed copy moved to another record, one sealed for another key and an unknown envelope version; the clear and sealed entries beside them are stored', async () => {
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    const entries = ids.map((recordId, index) => pushEntryFor(interviewRecord({ recordId }), { seq: 3 + index }));
    const moved = await sealed(entries[1]!, serverKey, { recordId: ids[0]!, rev: 1 });
    const otherServer = (await createServerKeyPair()).publicKey;
    const foreign = await sealed(entries[2]!, { ...otherServer });
    const future = { ...(await sealed(entries[3]!, serverKey)), sealed: { v: 3, alg: 'X25519+HPKE' } as unknown as SealedPushEntry['sealed'] };
    const before = await countRows(server.database.db, 'records');
    const answer = await push(server.app, device, [entries[0]!, moved, foreign, future, await sealed(entries[4]!, serverKey)]);
    expect(answer.results).toEqual([
      { seq: 3, status: 'applied', serverRev: 1 },
      { seq: 4, status: 'rejected', code: 'sealed_unreadable', message: expect.stringMatching(/does not open/) },
      { seq: 5, status: 'rejected', code: 'sealed_unreadable', message: expect.stringMatching(/another server key|not this server/) },
      { seq: 6, status: 'rejected', code: 'unsupported_envelope', message: expect.stringMatching(/version 3/) },
      { seq: 7, status: 'applied', serverRev: 1 },
    ]);
    expect(answer.lastSeq).toBe(7);
    expect(await countRows(server.database.db, 'records')).toBe(before + 2);
    // The rejection is stored like any other: a lost answer is answered the same.
    const replay = await push(server.app, device, [moved]);
    expect(replay.results).toEqual([expect.objectContaining({ seq: 4, status: 'duplicate', original: 'rejected', code: 'sealed_unreadable' })]);
  });

  it('refuses a sealed entry without a numeric version, or with both payload and sealed, as a malformed batch naming the field', async () => {
    const recordId = crypto.randomUUID();
    const clear = pushEntryFor(interviewRecord({ recordId }), { seq: 8 });
    const entry = await sealed(clear, serverKey);
    const noVersion = await pushRaw(server.app, device, pushBody(device, [{ ...entry, sealed: { ...(entry.sealed as unknown as ServerSealed), v: 'one' } } as unknown as PushEntry]));
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.details).toEqual([expect.objectContaining({ path: ['entries', 0, 'sealed', 'v'] })]);
    const both = await pushRaw(server.app, device, pushBody(device, [{ ...entry, payload: clear.payload } as unknown as PushEntry]));
    expect(both.statusCode).toBe(400);
    const stored = await server.database.db.selectFrom('records').select('record_id').where('record_id', '=', recordId).execute();
    expect(stored).toEqual([]);
  });
});
