/**
 * Lists scale (issue 16, item 5): with 50,000 records the coordinator lists answered 500
 * `too many SQL variables` (an IN list of every id). Now they are paged on the server; the
 * records are seeded with multi-row inserts, not 50,000 pushes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import type { Database } from '../db/schema';
import { engines } from '../testing/databases';
import { enrolledDevice, startSyncTestServer, stopSyncTestServer, type SyncTestServer } from '../testing/api';

const RECORDS = 50_000;
const ON_SECOND_DEVICE = 5_000;
const DAYS = 100;
const notice = JSON.stringify({ id: 'datenschutz', version: 1, lang: 'de', sha256: 'a'.repeat(64) });

/** Record i: received on day i % DAYS of 2026 (several per second, so ties in time are common), every 10th refused. */
function seededRecord(i: number, deviceId: string) {
  const day = new Date(Date.UTC(2026, 0, 1 + (i % DAYS), 8, 0, Math.floor(i / DAYS) % 60)).toISOString();
  return {
    record_id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    device_id: deviceId,
    current_rev: 1,
    form_ref: i % 10 === 0 ? null : 'testbogen@1',
    notice,
    received_at: day,
    updated_at: day,
  };
}

async function insertInChunks<T extends 'records' | 'record_revisions' | 'push_outcomes' | 'conflicts'>(server: SyncTestServer, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  // 500 rows of at most 11 columns stay below both engines' limits on bound parameters.
  await server.database.db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += 500) {
      await trx.insertInto(table).values(rows.slice(start, start + 500) as never).execute();
    }
  });
}

describe.each(engines)('lists scale: 50,000 records on %s', (engine) => {
  let server: SyncTestServer;
  let app: FastifyInstance;
  let cookie: string;
  let first: string;
  let second: string;
  let records: ReturnType<typeof seededRecord>[];

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    server = await startSyncTestServer(engine);
    ({ app, cookie } = server);
    first = (await enrolledDevice(app, cookie, 'Tablet Nord')).deviceId;
    second = (await enrolledDevice(app, cookie, 'Tablet Süd')).deviceId;
    records = Array.from({ length: RECORDS }, (_, i) => seededRecord(i, i < ON_SECOND_DEVICE ? second : first));
    await insertInChunks(server, 'records', records);
    await insertInChunks(
      server,
      'record_revisions',
      records.map((r, i) => ({ record_id: r.record_id, rev: 1, base_rev: 0, form_ref: r.form_ref, notice, payload: '{}', payload_sha256: 'b'.repeat(64), device_id: r.device_id, seq: i + 1, received_at: r.received_at })),
    );
    // Every entry that made a record was answered, and each 100th record also had a conflicting entry.
    const outcomes = records.map((r, i) => ({ device_id: r.device_id, seq: i + 1, record_id: r.record_id, rev: 1, status: 'applied', result: '{"status":"applied","serverRev":1}', processed_at: r.received_at }));
    const conflicted = records.filter((_, i) => i % 100 === 7);
    const conflictOutcomes = conflicted.map((r, k) => ({ device_id: r.device_id, seq: RECORDS + k + 1, record_id: r.record_id, rev: 1, status: 'conflict', result: '{"status":"conflict","message":"m","serverRev":1}', processed_at: r.received_at }));
    await insertInChunks(server, 'push_outcomes', [...outcomes, ...conflictOutcomes]);
    await insertInChunks(
      server,
      'conflicts',
      conflicted.map((r, k) => ({ device_id: r.device_id, seq: RECORDS + k + 1, record_id: r.record_id, rev: 1, base_rev: 0, form_ref: r.form_ref, notice, payload: '{}', payload_sha256: 'c'.repeat(64), server_rev: 1, created_at: r.received_at })),
    );
  }, 240_000);
  afterAll(() => stopSyncTestServer(server));

  it('answers the first page promptly with the total, newest first', async () => {
    const started = performance.now();
    const page = await get('/api/v1/records');
    const ms = performance.now() - started;
    expect(page.page).toEqual({ offset: 0, limit: 50, total: RECORDS });
    expect(page.records).toHaveLength(50);
    const newest = [...records].sort((a, b) => b.received_at.localeCompare(a.received_at) || b.record_id.localeCompare(a.record_id)).slice(0, 50);
    expect(page.records.map((r: { recordId: string }) => r.recordId)).toEqual(newest.map((r) => r.record_id));
    expect(page.records[0]).toMatchObject({ revisionCount: 1, lastOutcome: { status: 'applied' } });
    expect(ms).toBeLessThan(5_000);
  });

  /** Walks every page of a list; checks each page's size and that the order is total (newest first, then id). */
  async function walk(path: string, total: number): Promise<string[]> {
    const seen: string[] = [];
    let previous: { receivedAt: string; recordId: string } | undefined;
    for (let offset = 0; offset < total; offset += 200) {
      const page = await get(`${path}${path.includes('?') ? '&' : '?'}limit=200&offset=${offset}`);
      expect(page.page).toEqual({ offset, limit: 200, total });
      expect(page.records).toHaveLength(Math.min(200, total - offset));
      for (const record of page.records as { recordId: string; receivedAt: string }[]) {
        if (previous) {
          const ordered = record.receivedAt < previous.receivedAt || (record.receivedAt === previous.receivedAt && record.recordId < previous.recordId);
          expect(ordered, `${record.recordId} after ${previous.recordId}`).toBe(true);
        }
        previous = record;
        seen.push(record.recordId);
      }
    }
    return seen;
  }

  it("walks every page of one device's 5,000: together they hold each of its records exactly once", async () => {
    const seen = await walk(`/api/v1/records?deviceId=${second}`, ON_SECOND_DEVICE);
    expect(new Set(seen).size).toBe(ON_SECOND_DEVICE);
    expect([...seen].sort()).toEqual(records.filter((r) => r.device_id === second).map((r) => r.record_id).sort());
  }, 240_000);

  it('reaches the last page of all 50,000 and nothing past it; neighbouring pages do not overlap', async () => {
    const sorted = [...records].sort((a, b) => b.received_at.localeCompare(a.received_at) || b.record_id.localeCompare(a.record_id));
    for (const offset of [24_800, 25_000, RECORDS - 200]) {
      const page = await get(`/api/v1/records?limit=200&offset=${offset}`);
      expect(page.page.total).toBe(RECORDS);
      expect(page.records.map((r: { recordId: string }) => r.recordId)).toEqual(sorted.slice(offset, offset + 200).map((r) => r.record_id));
    }
    const past = await get(`/api/v1/records?limit=200&offset=${RECORDS}`);
    expect(past).toEqual({ records: [], page: { offset: RECORDS, limit: 200, total: RECORDS } });
  });

  it('filters by device, state and period, each with its own total', async () => {
    expect((await get(`/api/v1/records?deviceId=${second}&limit=1`)).page.total).toBe(ON_SECOND_DEVICE);
    expect((await get(`/api/v1/devices/${first}/records?limit=1`)).page.total).toBe(RECORDS - ON_SECOND_DEVICE);
    expect((await get('/api/v1/records?state=refused&limit=1')).page.total).toBe(RECORDS / 10);
    expect((await get('/api/v1/records?state=consented&limit=1')).page.total).toBe(RECORDS - RECORDS / 10);
    const conflicted = await get('/api/v1/records?state=conflicted&limit=200');
    expect(conflicted.page.total).toBe(RECORDS / 100);
    expect(conflicted.records.every((r: { conflictCount: number }) => r.conflictCount === 1)).toBe(true);
    // Days 0–9 of 100: a tenth of the records; a single day, a hundredth.
    expect((await get('/api/v1/records?from=2026-01-01&to=2026-01-10&limit=1')).page.total).toBe(RECORDS / 10);
    const oneDay = await get(`/api/v1/records?from=2026-01-05&to=2026-01-05&deviceId=${second}&limit=200`);
    expect(oneDay.page.total).toBe(ON_SECOND_DEVICE / DAYS);
    expect(oneDay.records.every((r: { receivedAt: string; deviceId: string }) => r.receivedAt.startsWith('2026-01-05') && r.deviceId === second)).toBe(true);
  });

  it('pages the issues list the same way', async () => {
    const all = await get('/api/v1/issues?limit=200');
    expect(all.page).toEqual({ offset: 0, limit: 200, total: RECORDS / 100 });
    expect(all.issues.every((i: { status: string }) => i.status === 'conflict')).toBe(true);
    const seen: string[] = [];
    for (let offset = 0; offset < RECORDS / 100; offset += 30) {
      const page = await get(`/api/v1/issues?limit=30&offset=${offset}`);
      seen.push(...page.issues.map((i: { deviceId: string; seq: number }) => `${i.deviceId}:${i.seq}`));
    }
    expect(new Set(seen).size).toBe(RECORDS / 100);
    expect((await get('/api/v1/issues?status=rejected')).page.total).toBe(0);
    expect((await get(`/api/v1/issues?deviceId=${second}&limit=1`)).page.total).toBe(ON_SECOND_DEVICE / 100);
  });

  it('refuses a page size over 200, a negative offset, an unknown state or date, and unknown parameters, with a clear 400', async () => {
    for (const query of ['limit=201', 'limit=0', 'offset=-1', 'state=lost', 'from=2026-13-01', 'to=yesterday', 'devceId=x', 'limit=abc']) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/records?${query}`, headers: { cookie } });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'bad_request', message: 'The query is not valid.' });
    }
  });
});
