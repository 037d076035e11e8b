/**
 * The organisation's recovery key reaches the tablets through the pull (issue #12): a tablet
 * enrolled now receives it, and so does a tablet whose cursor an earlier version of the app moved
 * past the key without receiving it (that version did not ask for the kind). On both engines,
 * over real HTTP.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { enrolDevice, getMeta, latestRecoveryKey, openDatabaseNamed, setMeta, syncNow, type LotseDatabase } from '../src/data';
import { createDataKeyMaterial, unwrapWithRecovery, wrapForRecovery } from '../src/core/encryption';
import { createTestDatabase, engines, type TestDatabase } from '../src/server/testing/databases';
import { createTestServer } from '../src/server/testing/server';
import { publishTestContent, signedInCoordinator } from '../src/server/testing/api';
import { createRecoveryKey, type CreatedRecoveryKey } from '../src/server/artifacts/recovery-key';
import { encodeCursor } from '../src/server/sync/cursor';

describe.each(engines)('the recovery key pulled by the sync client on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let baseUrl: string;
  let cookie: string;
  let created: CreatedRecoveryKey;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishTestContent(database.db);
    app = await createTestServer(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    cookie = await signedInCoordinator(app, database.db);
    created = await createRecoveryKey(database.db, { now: new Date(), replace: false, actor: 'test' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  async function enrolledTablet(): Promise<LotseDatabase> {
    const db = openDatabaseNamed(`device-${crypto.randomUUID()}`);
    const enrolment = await app.inject({ method: 'POST', url: '/api/v1/enrolments', headers: { cookie }, payload: {} });
    expect((await enrolDevice(db, { code: enrolment.json().code, deviceName: 'Tablet Süd', baseUrl })).ok).toBe(true);
    return db;
  }

  it('reaches a tablet on its first sync, and its private part unwraps what the tablet wrapped for it', async () => {
    const db = await enrolledTablet();
    try {
      expect(await latestRecoveryKey(db)).toBeNull();
      expect((await syncNow(db, { baseUrl })).kind).toBe('done');
      const pulled = await latestRecoveryKey(db);
      expect(pulled).toEqual(created.artifact);
      const material = createDataKeyMaterial();
      expect((await unwrapWithRecovery(await wrapForRecovery(material, pulled), created.privateKeyText, created.artifact)).raw).toEqual(material.raw);
    } finally {
      await db.delete();
    }
  });

  it('reaches a tablet whose cursor an earlier version moved past it, with one pull from the start', async () => {
    const db = await enrolledTablet();
    try {
      // What the earlier version left: a cursor at the end of the feed, no `pullAccepts`.
      const last = await database.db.selectFrom('artifacts').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow();
      await setMeta(db, 'pullCursor', encodeCursor(Number(last.max)));
      expect(await getMeta(db, 'pullAccepts')).toBeUndefined();

      expect((await syncNow(db, { baseUrl })).kind).toBe('done');
      expect(await latestRecoveryKey(db)).toEqual(created.artifact);
      // Every optional kind this version accepts (issue #12: the recovery key, the server's sealing key, the lock policy).
      expect(await getMeta(db, 'pullAccepts')).toBe('device-policy,recovery-key,server-key');
      // Everything else pulled once more is stored once: the form and both notices, and the key.
      expect((await db.artifacts.toArray()).filter((row) => row.source === 'server').map((row) => row.kind).sort()).toEqual(['form', 'notice', 'notice', 'recovery-key']);
    } finally {
      await db.delete();
    }
  });
});
