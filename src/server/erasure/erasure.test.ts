/**
 * Withdrawal erases, on both engines: a withdrawal synced from a tablet or entered by a
 * coordinator removes the person's data from every table in the same transaction, leaves the
 * proof, reaches the tablet that holds the record, and a late push never brings data back.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendWithdrawal } from '../../core/consent/index';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import type { InterviewRecord } from '../../core/record/index';
import { engines } from '../testing/databases';
import { enrolledDevice, jsonWithCookie, push, startSyncTestServer, stopSyncTestServer, type SyncTestServer, type TestDevice } from '../testing/api';
import { findTextAnywhere } from '../testing/scan';
import { recordsThatMayReceive } from './record-consent';

const SIGNATURE_DATA = 'iVBORw0KGgo'; // the start of every PNG's base64, as in the fixture's signature image

function personRecord(recordId: string, surname: string): InterviewRecord {
  return interviewRecord({ recordId, answers: { surname, birthDate: { year: 1990, month: 4, day: 12 }, schoolYears: 9 } });
}

function fullyWithdrawn(record: InterviewRecord): InterviewRecord {
  const consent = appendWithdrawal(record.consent, { scope: 'all', actor: { role: 'interviewer', id: 'iv-1', name: 'Ines Interviewerin' }, channel: 'in_person', now: new Date('2025-04-01T10:00:00Z') });
  return { ...record, consent };
}

describe.each(engines)('withdrawal erases on %s', (engine) => {
  let server: SyncTestServer;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    ({ app, cookie } = server);
  });
  afterAll(() => stopSyncTestServer(server));

  const pull = (device: TestDevice) => app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: `Bearer ${device.deviceToken}` } });
  const withdraw = (recordId: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/api/v1/records/${recordId}/withdrawals`, headers: jsonWithCookie(cookie), payload: payload as Record<string, unknown> });
  const detail = async (recordId: string) => (await app.inject({ method: 'GET', url: `/api/v1/records/${recordId}`, headers: { cookie } })).json();

  it('a full withdrawal synced from the tablet erases names, answers and signature everywhere, and keeps the proof', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet Erasure');
    const recordId = crypto.randomUUID();
    const record = personRecord(recordId, 'Qasimzadeh');
    const kept = personRecord(crypto.randomUUID(), 'Bleibtreu');
    await push(app, device, [pushEntryFor(record, { seq: 1 }), pushEntryFor(kept, { seq: 2 })]);
    expect(await findTextAnywhere(server.database, ['Qasimzadeh'])).not.toEqual([]);
    // The evaluation has derived its facts from it.
    expect((await app.inject({ method: 'GET', url: '/api/v1/evaluation', headers: { cookie } })).statusCode).toBe(200);

    const answer = await push(app, device, [pushEntryFor(fullyWithdrawn(record), { seq: 3, rev: 2, baseRev: 1 })]);
    expect(answer.results).toMatchObject([{ seq: 3, status: 'applied', serverRev: 2 }]);

    expect(await findTextAnywhere(server.database, ['Qasimzadeh', SIGNATURE_DATA, `person-${recordId.slice(0, 8)}`])).toEqual([
      // The other person's signature is still there, and only theirs: their record was not withdrawn.
      expect.stringContaining(SIGNATURE_DATA),
    ]);
    expect(await findTextAnywhere(server.database, ['Bleibtreu'])).not.toEqual([]);
    // The evaluation keeps only that this person was left out because they withdrew.
    const facts = await server.database.db.selectFrom('evaluation_facts').selectAll().where('record_id', '=', recordId).execute();
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ excluded: 'withdrawn', nationality: null, sex: null, municipality: null, age_band: null, week: null });
    expect(await server.database.db.selectFrom('evaluation_values').select('value').where('record_id', '=', recordId).execute()).toEqual([]);

    const shown = await detail(recordId);
    expect(shown.erasure).toMatchObject({ reason: 'withdrawn' });
    expect(shown.revisions.map((revision: { payload: unknown }) => revision.payload)).toEqual([{ erased: true }, { erased: true }]);
    // The proof: notice version and hash, decisions, both events with when the server got them.
    expect(shown.erasure.proof).toMatchObject({
      record_id: recordId,
      privacy_notice: { version: record.consent.privacy_notice.version, sha256: record.consent.privacy_notice.sha256 },
      purposes: { profiling: 'accepted', referral: 'refused' },
      recipient_third_parties: { jobcenter: 'accepted', caritas: 'refused' },
      evidence: { kind: 'signature' },
    });
    expect(shown.erasure.proof.pii_principal_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.erasure.proof.events.map((event: { event_type: string; server_received_at?: string }) => [event.event_type, typeof event.server_received_at])).toEqual([
      ['given', 'string'],
      ['withdrawn', 'string'],
    ]);
    expect(shown.consent.overview.status).toBe('withdrawn');
    expect(await recordsThatMayReceive(server.database.db, 'jobcenter', [recordId, kept.recordId])).toEqual([kept.recordId]);

    // A person asking later is matched by name and date of birth, which the server no longer holds.
    const match = await app.inject({
      method: 'POST',
      url: '/api/v1/erasures/match',
      headers: jsonWithCookie(cookie),
      payload: { surname: 'qasimzadeh ', birthDate: { year: 1990, month: 4, day: 12 } },
    });
    expect(match.json().erasures).toEqual([{ recordId, erasedAt: shown.erasure.erasedAt, reason: 'withdrawn' }]);
    const other = await app.inject({ method: 'POST', url: '/api/v1/erasures/match', headers: jsonWithCookie(cookie), payload: { surname: 'Qasimzadeh', birthDate: { year: 1991 } } });
    expect(other.json().erasures).toEqual([]);
  });

  it('a coordinator enters a withdrawal received by phone: erased at once; the tablet is told on its next pull until it confirms', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet Phone');
    const bystander = await enrolledDevice(app, cookie, 'Tablet Elsewhere');
    const record = personRecord(crypto.randomUUID(), 'Telefonova');
    await push(app, device, [pushEntryFor(record, { seq: 1 })]);

    const entered = await withdraw(record.recordId, { channel: 'phone', receivedOn: '2025-05-30', scope: 'all' });
    expect(entered.statusCode, entered.body).toBe(201);
    expect(entered.json()).toMatchObject({ status: 'withdrawn', withdrawal: { channel: 'phone', receivedOn: '2025-05-30', recipients: null, enteredBy: 'Anna' }, erasure: { reason: 'withdrawn' } });
    expect(await findTextAnywhere(server.database, ['Telefonova'])).toEqual([]);
    const shown = await detail(record.recordId);
    expect(shown.withdrawals).toMatchObject([{ channel: 'phone', receivedOn: '2025-05-30' }]);
    expect(shown.consent.overview.events.at(-1)).toMatchObject({ change: 'withdrawn', channel: 'phone', actor: { role: 'coordinator', name: 'Anna' } });

    // A second withdrawal for the same record: nothing is left to withdraw.
    expect((await withdraw(record.recordId, { channel: 'letter', receivedOn: '2025-05-30', scope: 'all' })).json().error.code).toBe('record_erased');

    // Only the tablet that created the record is told, on every pull until it confirms.
    expect((await pull(device)).json().erasures).toEqual([{ op: 'erase', recordId: record.recordId, erasedAt: expect.any(String) }]);
    expect((await pull(device)).json().erasures).toHaveLength(1);
    expect((await pull(bystander)).json().erasures).toEqual([]);
    const devices = async () => (await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } })).json().devices as { id: string; unconfirmedErasures: { count: number; first: { recordId: string }[] } }[];
    expect((await devices()).find((d) => d.id === device.deviceId)?.unconfirmedErasures).toMatchObject({ count: 1, first: [{ recordId: record.recordId }] });

    const confirm = (who: TestDevice, recordIds: string[]) =>
      app.inject({ method: 'POST', url: '/api/v1/sync/erasures', headers: { authorization: `Bearer ${who.deviceToken}` }, payload: { deviceId: who.deviceId, recordIds } });
    // Another device cannot confirm for it.
    expect((await confirm(bystander, [record.recordId])).json()).toEqual({ confirmed: 0 });
    expect((await confirm(device, [record.recordId])).json()).toEqual({ confirmed: 1 });
    expect((await confirm(device, [record.recordId])).json()).toEqual({ confirmed: 0 });
    expect((await pull(device)).json().erasures).toEqual([]);
    expect((await devices()).find((d) => d.id === device.deviceId)?.unconfirmedErasures.count).toBe(0);
  });

  it('a push arriving after the erasure is taken, stored as its hash only, and erases nothing twice', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet Late');
    const record = personRecord(crypto.randomUUID(), 'Spaetling');
    await push(app, device, [pushEntryFor(record, { seq: 1 })]);
    expect((await withdraw(record.recordId, { channel: 'letter', receivedOn: '2025-05-29', scope: 'all' })).statusCode).toBe(201);

    // The tablet had edited the interview before it heard of the erasure.
    const edited = { ...record, answers: { surname: 'Spaetling-Neu', birthDate: { year: 1990, month: 4, day: 12 }, schoolYears: 10 } };
    const late = pushEntryFor(edited, { seq: 2, rev: 2, baseRev: 1 });
    const taken = await push(app, device, [late]);
    expect(taken.results, JSON.stringify(taken.results)).toMatchObject([{ status: 'applied', serverRev: 2 }]);
    expect((await push(app, device, [late])).results).toMatchObject([{ status: 'duplicate' }]);
    expect(await findTextAnywhere(server.database, ['Spaetling'])).toEqual([]);
    const rows = await server.database.db.selectFrom('erasures').select('record_id').where('record_id', '=', record.recordId).execute();
    expect(rows).toHaveLength(1);
    const revisions = await server.database.db.selectFrom('record_revisions').select(['rev', 'payload_sha256']).where('record_id', '=', record.recordId).orderBy('rev').execute();
    expect(revisions).toEqual([
      { rev: 1, payload_sha256: pushEntryFor(record, { seq: 1 }).payloadSha256 },
      { rev: 2, payload_sha256: late.payloadSha256 },
    ]);
  });

  it('a partial withdrawal stops the recipient and erases nothing; bad input is a clear 400', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet Partial');
    const record = personRecord(crypto.randomUUID(), 'Teilweise');
    await push(app, device, [pushEntryFor(record, { seq: 1 })]);
    expect(await recordsThatMayReceive(server.database.db, 'jobcenter', [record.recordId])).toEqual([record.recordId]);

    const bad: [unknown, string][] = [
      [{ receivedOn: '2025-05-01', scope: 'all' }, 'bad_request'],
      [{ channel: 'fax', receivedOn: '2025-05-01', scope: 'all' }, 'bad_request'],
      [{ channel: 'phone', receivedOn: '01.05.2025', scope: 'all' }, 'bad_request'],
      [{ channel: 'phone', receivedOn: '2999-01-01', scope: 'all' }, 'invalid_withdrawal'],
      [{ channel: 'phone', receivedOn: '2025-05-01', scope: { recipients: [] } }, 'bad_request'],
      [{ channel: 'phone', receivedOn: '2025-05-01', scope: 'some' }, 'bad_request'],
      [{ channel: 'phone', receivedOn: '2025-05-01', scope: { recipients: ['finanzamt'] } }, 'unknown_recipient'],
      [{ channel: 'phone', receivedOn: '2025-05-01', scope: 'all', note: 'extra' }, 'bad_request'],
    ];
    for (const [payload, code] of bad) {
      const response = await withdraw(record.recordId, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code, JSON.stringify(payload)).toBe(code);
      expect(response.json().error.message).toMatch(/\w/);
    }
    expect((await withdraw('not-a-uuid', { channel: 'phone', receivedOn: '2025-05-01', scope: 'all' })).statusCode).toBe(400);
    expect((await withdraw(crypto.randomUUID(), { channel: 'phone', receivedOn: '2025-05-01', scope: 'all' })).statusCode).toBe(404);
    // Refused recipients were never given: 409, not a silent success.
    expect((await withdraw(record.recordId, { channel: 'phone', receivedOn: '2025-05-01', scope: { recipients: ['caritas'] } })).json().error.code).toBe('not_given');

    const partial = await withdraw(record.recordId, { channel: 'email', receivedOn: '2025-05-01', scope: { recipients: ['jobcenter'] } });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json()).toMatchObject({ status: 'given', erasure: null, withdrawal: { recipients: ['jobcenter'] } });
    expect(await recordsThatMayReceive(server.database.db, 'jobcenter', [record.recordId])).toEqual([]);
    expect(await findTextAnywhere(server.database, ['Teilweise'])).not.toEqual([]);
    const shown = await detail(record.recordId);
    expect(shown.erasure).toBeNull();
    expect(shown.consent.overview.items.find((item: { id: string }) => item.id === 'jobcenter')).toMatchObject({ state: 'withdrawn' });
    expect(shown.consent.overview.items.find((item: { id: string }) => item.id === 'profiling')).toMatchObject({ state: 'given' });
    expect((await withdraw(record.recordId, { channel: 'phone', receivedOn: '2025-05-02', scope: { recipients: ['jobcenter'] } })).json().error.code).toBe('not_given');
  });

  it('a revoked tablet can neither pull its erasures nor confirm them; the device list keeps showing them', async () => {
    const device = await enrolledDevice(app, cookie, 'Tablet Lost');
    const record = personRecord(crypto.randomUUID(), 'Verloren');
    await push(app, device, [pushEntryFor(record, { seq: 1 })]);
    expect((await withdraw(record.recordId, { channel: 'in_person', receivedOn: '2025-05-31', scope: 'all' })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: `/api/v1/devices/${device.deviceId}/revoke`, headers: jsonWithCookie(cookie) })).statusCode).toBe(200);
    expect((await pull(device)).statusCode).toBe(403);
    const confirm = await app.inject({ method: 'POST', url: '/api/v1/sync/erasures', headers: { authorization: `Bearer ${device.deviceToken}` }, payload: { deviceId: device.deviceId, recordIds: [record.recordId] } });
    expect(confirm.statusCode).toBe(403);
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } })).json().devices.find((d: { id: string }) => d.id === device.deviceId);
    expect(listed).toMatchObject({ revoked: true, unconfirmedErasures: { count: 1, first: [{ recordId: record.recordId }] } });

    // Found again and re-enrolled with its old token: the new device is told, and its confirmation counts for both.
    const again = await enrolledDevice(app, cookie, 'Tablet Found', device);
    expect((await pull(again)).json().erasures).toMatchObject([{ recordId: record.recordId }]);
    await app.inject({ method: 'POST', url: '/api/v1/sync/erasures', headers: { authorization: `Bearer ${again.deviceToken}` }, payload: { deviceId: again.deviceId, recordIds: [record.recordId] } });
    const after = (await app.inject({ method: 'GET', url: '/api/v1/devices', headers: { cookie } })).json().devices as { id: string; unconfirmedErasures: { count: number } }[];
    expect(after.filter((d) => d.id === device.deviceId || d.id === again.deviceId).map((d) => d.unconfirmedErasures.count)).toEqual([0, 0]);
  });
});
