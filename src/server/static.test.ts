import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from './testing/databases';
import { createTestServer } from './testing/server';

describe('serving the built app', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-static-'));
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Lotse</title>');
    fs.writeFileSync(path.join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc.js'), 'export {};');
    database = await createTestDatabase('sqlite');
    app = await createTestServer(database, { staticDir });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers client-side routes with the app shell, revalidated', async () => {
    for (const url of ['/', '/sync', '/interviews/8b0e5a52-3a63-4d8e-9d55-3f4c2b7a9e10/receipt']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('<title>Lotse</title>');
    }
  });

  it('serves hashed assets as immutable and the service worker as no-cache', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    const worker = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(worker.headers['cache-control']).toBe('no-cache');
  });

  it('a file added after start (an in-place deployment) is served', async () => {
    fs.writeFileSync(path.join(staticDir, 'assets', 'index-new.js'), 'export const v = 2;');
    const response = await app.inject({ method: 'GET', url: '/assets/index-new.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('v = 2');
  });

  it('a missing script or file is a 404, never the app shell in its place', async () => {
    for (const url of ['/assets/index-old.js', '/missing.css', '/icons/nope.png']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/json/);
    }
  });
});
