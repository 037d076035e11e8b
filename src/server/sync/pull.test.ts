import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pullResponseSchema, type ArtifactChange, type PullResponse } from '../../core/sync/index';
import { testNoticeJson } from '../../core/record/__fixtures__/interview';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, startSyncTestServer, stopSyncTestServer, type TestDevice } from '../testing/api';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import { encodeCursor } from './cursor';

describe.each(engines)('pull on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let device: TestDevice;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
    device = await enrolledDevice(app, cookie);
    for (let version = 2; version <= 4; version += 1) {
      const prepared = prepareArtifact('notice', testNoticeJson('de', { version }));
      if (!prepared.ok) throw new Error(prepared.problems.join('; '));
      await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    }
  });
  afterAll(() => stopSyncTestServer({ database, app }));

  const pull = async (query: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/sync/pull${query}`, headers: { authorization: `Bearer ${device.deviceToken}` } });
    return response;
  };
  async function pullAll(limit: number, cursor?: string): Promise<{ changes: ArtifactChange[]; pages: PullResponse[] }> {
    const pages: PullResponse[] = [];
    let next = cursor;
    for (;;) {
      const response = await pull(`?limit=${limit}${next === undefined ? '' : `&cursor=${next}`}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = pullResponseSchema.parse(response.json());
      pages.push(page);
      next = page.cursor;
      if (!page.hasMore) return { changes: pages.flatMap((p) => p.changes), pages };
    }
  }

  it('pages through every published artifact in change order', async () => {
    const { changes, pages } = await pullAll(2);
    expect(changes.map((c) => c.changeNo)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages.map((p) => p.changes.length)).toEqual([2, 2, 2]);
    expect(changes.map((c) => `${c.kind} ${c.id}@${c.version}/${c.lang}`)).toEqual([
      'form testbogen@1/null',
      'notice notice@1/de',
      'notice notice@1/en',
      'notice notice@2/de',
      'notice notice@3/de',
      'notice notice@4/de',
    ]);
    const german = changes[1];
    expect(german).toMatchObject({ op: 'publish', reviewState: 'reviewed', sha256: testNoticeJson('de').sha256 });
    expect(german?.op === 'publish' && german.body).toEqual(testNoticeJson('de'));
  });

  it('gives everything in one page when the limit allows, and an empty page at the end with the same cursor', async () => {
    const { changes, pages } = await pullAll(50);
    expect(pages).toHaveLength(1);
    expect(changes).toHaveLength(6);
    const end = (await pull(`?cursor=${pages[0]!.cursor}`)).json();
    expect(end).toEqual({ changes: [], cursor: pages[0]!.cursor, hasMore: false, erasures: [] });
  });

  it('continues from a saved cursor with what was published or retired since, a retirement as a tombstone', async () => {
    const { pages } = await pullAll(50);
    const saved = pages[0]!.cursor;
    const prepared = prepareArtifact('notice', testNoticeJson('de', { version: 5 }));
    if (!prepared.ok) throw new Error('fixture');
    await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    const retired = await app.inject({
      method: 'POST',
      url: '/api/v1/artifacts/retire',
      headers: { cookie },
      payload: { kind: 'notice', id: 'notice', version: 2, lang: 'de' },
    });
    expect(retired.statusCode).toBe(200);

    const { changes } = await pullAll(50, saved);
    expect(changes).toEqual([
      expect.objectContaining({ op: 'publish', changeNo: 7, version: 5 }),
      { op: 'retire', changeNo: 8, kind: 'notice', id: 'notice', version: 2, lang: 'de' },
    ]);
    // From the start, the retired text appears only as its tombstone, at its new place.
    const fromStart = (await pullAll(50)).changes;
    expect(fromStart.filter((c) => c.op === 'retire')).toHaveLength(1);
    expect(fromStart.map((c) => c.changeNo)).toEqual([1, 2, 3, 5, 6, 7, 8]);
  });

  it('refuses a cursor it did not hand out, and a bad limit', async () => {
    // A change number past the database's 32-bit integer was never handed out (PostgreSQL would fail the query).
    for (const cursor of ['nonsense', encodeCursor(3).slice(0, -1), Buffer.from('c-1').toString('base64url'), Buffer.from('c01').toString('base64url'), encodeCursor(2 ** 31), encodeCursor(10 ** 15 - 1)]) {
      const response = await pull(`?cursor=${cursor}`);
      expect(response.statusCode, cursor).toBe(400);
      expect(response.json().error.code).toBe('bad_cursor');
    }
    expect((await pull('?limit=0')).statusCode).toBe(400);
    expect((await pull('?limit=abc')).statusCode).toBe(400);
  });

  it('needs a device token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/sync/pull' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/sync/pull', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
  });
});
