import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { serverVersion } from '../version';

describe.each(engines)('health on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('reports the version and a database that answers and commits a write', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', version: serverVersion, database: { engine, reachable: true, writable: true } });
    // The write probe leaves nothing behind.
    expect(await database.db.selectFrom('server_meta').select('key').where('key', 'like', 'health_probe%').execute()).toEqual([]);
  });

  it('answers unknown API routes with a JSON 404, never the app shell', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.json().error.code).toBe('not_found');
  });

  it('reports the database as unreachable once it is closed', async () => {
    const other = await createTestDatabase(engine);
    const otherApp = await createTestServer(other);
    await other.close();
    const response = await otherApp.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', database: { reachable: false, writable: false } });
    await otherApp.close();
    await other.drop().catch(() => undefined);
  });
});
