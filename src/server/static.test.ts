import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from './testing/databases';
import { createTestServer } from './testing/server';
import { CONTENT_SECURITY_POLICY } from './http/browser-guards';
import { precompressDirectory } from '../../scripts/precompress';

// Big and repetitive enough that compression pays, as the real chunks are.
const entryScript = `export const labels = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `Frage ${i}: Welche Sprachen sprechen Sie?`))};\n`;
const styles = Array.from({ length: 200 }, (_, i) => `.field-${i} { margin: 0 0 ${i}px; color: #1f4e79; }`).join('\n');
const fontFile = Buffer.from('OTTO' + 'glyf'.repeat(3000));

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
    fs.writeFileSync(path.join(staticDir, 'assets', 'entry-big.js'), entryScript);
    fs.writeFileSync(path.join(staticDir, 'assets', 'index-big.css'), styles);
    fs.writeFileSync(path.join(staticDir, 'assets', 'noto-sans.ttf'), fontFile);
    fs.writeFileSync(path.join(staticDir, 'assets', 'entry-big.js.map'), '{"version":3,"sources":["src/app/main.tsx"]}');
    // What the build does last (vite.config.ts).
    precompressDirectory(staticDir);
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

  it('sends JS, CSS and fonts precompressed (brotli, else gzip) with Vary, the same bytes once decoded', async () => {
    for (const [url, original] of [
      ['/assets/entry-big.js', Buffer.from(entryScript)],
      ['/assets/index-big.css', Buffer.from(styles)],
      ['/assets/noto-sans.ttf', fontFile],
    ] as const) {
      const brotli = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
      expect(brotli.statusCode, url).toBe(200);
      expect(brotli.headers['content-encoding'], url).toBe('br');
      expect(brotli.headers.vary, url).toMatch(/accept-encoding/i);
      expect(brotli.headers['cache-control'], url).toContain('immutable');
      expect(brotli.rawPayload.length, url).toBeLessThan(original.length / 2);
      expect(zlib.brotliDecompressSync(brotli.rawPayload).equals(original), url).toBe(true);

      const gzip = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(gzip.headers['content-encoding'], url).toBe('gzip');
      expect(gzip.headers.vary, url).toMatch(/accept-encoding/i);
      expect(zlib.gunzipSync(gzip.rawPayload).equals(original), url).toBe(true);

      const identity = await app.inject({ method: 'GET', url });
      expect(identity.headers['content-encoding'], url).toBeUndefined();
      expect(identity.headers.vary, url).toMatch(/accept-encoding/i);
      expect(identity.rawPayload.equals(original), url).toBe(true);
    }
    expect((await app.inject({ method: 'GET', url: '/assets/entry-big.js', headers: { 'accept-encoding': 'br' } })).headers['content-type']).toMatch(/javascript/);
  });

  it('keeps the service worker and the app shell revalidated when sent compressed', async () => {
    fs.writeFileSync(path.join(staticDir, 'sw.js'), `self.__WB_MANIFEST = ${JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ url: `/assets/chunk-${i}.js`, revision: null })))};`);
    precompressDirectory(staticDir);
    const worker = await app.inject({ method: 'GET', url: '/sw.js', headers: { 'accept-encoding': 'br' } });
    expect(worker.headers['content-encoding']).toBe('br');
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['content-type']).toMatch(/javascript/);
    for (const url of ['/', '/sync']) {
      const shell = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(shell.statusCode, url).toBe(200);
      expect(shell.headers['cache-control'], url).toBe('no-cache');
      expect(shell.headers['content-type'], url).toMatch(/text\/html/);
    }
  });

  it('never serves a source map', async () => {
    expect(fs.existsSync(path.join(staticDir, 'assets', 'entry-big.js.map'))).toBe(true);
    const map = await app.inject({ method: 'GET', url: '/assets/entry-big.js.map' });
    expect(map.statusCode).toBe(404);
    expect(map.body).not.toContain('src/app/main.tsx');
  });

  it('sets the security headers on the app shell, static files and 404s', async () => {
    for (const url of ['/', '/sync', '/assets/entry-big.js', '/sw.js', '/assets/index-old.js', '/missing.css']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(response.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
  });
});
