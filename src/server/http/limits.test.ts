/**
 * Slow and large requests (issue 16, item 6), reproduced over real sockets on loopback: a body
 * trickled byte by byte, many slow connections from one address, a large body to a route the
 * sender may not call, and a push of thousands of tiny entries. Every loop is bounded.
 *
 * These limits act on the HTTP connection before any database work, so one engine (SQLite) is
 * enough here.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { MAX_PUSH_ENTRIES } from '../../core/sync/index';
import type { ServerConfig } from '../config';
import { createTestDatabase, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { enrolledDevice, pushBody, pushRaw, signedInCoordinator, storedSyncRows } from '../testing/api';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RawExchange {
  /** Everything the server sent, as text. */
  received(): string;
  /** Resolves when the server has closed the connection (or it was reset). */
  closed: Promise<void>;
  isClosed(): boolean;
  socket: net.Socket;
}

/** A raw TCP connection to the server, optionally from another loopback address. */
function openRaw(port: number, localAddress?: string): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, ...(localAddress && { localAddress }) });
    let text = '';
    let closed = false;
    const closedPromise = new Promise<void>((done) => socket.once('close', () => {
      closed = true;
      done();
    }));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ received: () => text, closed: closedPromise, isClosed: () => closed, socket }));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(20);
  }
  return condition();
}

describe('slow and large requests', () => {
  let database: TestDatabase;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  afterAll(async () => {
    await database.drop();
  });

  async function listening(overrides: Partial<ServerConfig>): Promise<{ app: FastifyInstance; port: number }> {
    const app = await createTestServer(database, overrides);
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    return { app, port: address.port };
  }

  it('cuts off a body trickled byte by byte once the request timeout has passed', async () => {
    const { port } = await listening({ requestTimeoutMs: 1_000, headersTimeoutMs: 1_000 });
    const client = await openRaw(port);
    const started = Date.now();
    client.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n');
    let sent = 0;
    // One byte every 100 ms would take 20 s; the server must end it after about one.
    while (!client.isClosed() && sent < 60) {
      client.socket.write('{');
      sent += 1;
      await sleep(100);
    }
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sent).toBeLessThan(30);
  });

  it('refuses connections beyond the cap from one address while another address is still answered', async () => {
    const { port } = await listening({ maxConnectionsPerAddress: 5 });
    // Slow clients from 127.0.0.2: each sends half a request head and then nothing.
    const slow = await Promise.all(Array.from({ length: 20 }, () => openRaw(port, '127.0.0.2')));
    for (const client of slow) client.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n');
    expect(await until(() => slow.filter((client) => client.isClosed()).length >= 15, 5_000)).toBe(true);
    const refused = slow.filter((client) => client.isClosed());
    const held = slow.filter((client) => !client.isClosed());
    expect(refused).toHaveLength(15);
    expect(held).toHaveLength(5);
    for (const client of refused) {
      expect(client.received()).toMatch(/^HTTP\/1\.1 503 /);
      expect(client.received()).toContain('"code":"too_many_connections"');
    }

    // 127.0.0.1 still gets its answer, and so does 127.0.0.2 once a slot is free.
    const other = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(other.status).toBe(200);
    held[0]!.socket.destroy();
    // The server notices the close a moment after the client: a few tries, bounded.
    let answer = '';
    for (let attempt = 0; attempt < 20 && !answer.startsWith('HTTP/1.1 200 '); attempt++) {
      const again = await openRaw(port, '127.0.0.2');
      again.socket.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await again.closed;
      answer = again.received();
      if (!answer.startsWith('HTTP/1.1 200 ')) await sleep(50);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    for (const client of held) client.socket.destroy();
  });

  it('refuses a large unauthenticated POST to coordinator and device routes before its body is read', async () => {
    const { port } = await listening({});
    const fourMegabytes = 4 * 1024 * 1024;
    for (const [path, status, code] of [
      ['/api/v1/artifacts', 401, 'unauthenticated'],
      ['/api/v1/devices/00000000-0000-4000-8000-000000000000/revoke', 401, 'unauthenticated'],
      ['/api/v1/sync/push', 401, 'unauthenticated'],
      // Sign-in needs no credential, but takes 64 KB at most: the announced length is refused.
      ['/api/v1/auth/login', 413, 'payload_too_large'],
    ] as const) {
      const client = await openRaw(port);
      // Only the head and the first kilobyte: an answer can only come if the body is not awaited.
      client.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${fourMegabytes}\r\n\r\n`);
      client.socket.write(`{"padding":"${'x'.repeat(1024)}`);
      expect(await until(() => /\r\n\r\n\{.*\}\}$/s.test(client.received()), 3_000), `${path}: ${client.received()}`).toBe(true);
      expect(client.received()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(client.received()).toContain(`"code":"${code}"`);
      client.socket.destroy();
    }
  });

  it('refuses a push of 10,000 tiny entries at once, before validating any', async () => {
    const app = await createTestServer(database);
    apps.push(app);
    const cookie = await signedInCoordinator(app, database.db, 'Ben');
    const device = await enrolledDevice(app, cookie);
    const junk = Array.from({ length: 10_000 }, (_, i) => ({ seq: i + 1, junk: true }));
    const started = performance.now();
    const response = await pushRaw(app, device, pushBody(device, junk as never));
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: { code: 'too_many_entries', message: expect.stringContaining(`${MAX_PUSH_ENTRIES}`) } });
    // Parsing 200 KB of JSON and counting: tens of milliseconds (bound set for a loaded machine),
    // not the seconds validating every entry took.
    expect(elapsed).toBeLessThan(1_000);
    expect(await storedSyncRows(database.db)).toEqual({ records: 0, revisions: 0, outcomes: 0, conflicts: 0 });

    // One over the limit is refused the same way; the limit itself is only validated.
    const justOver = await pushRaw(app, device, pushBody(device, junk.slice(0, MAX_PUSH_ENTRIES + 1) as never));
    expect(justOver.json().error.code).toBe('too_many_entries');
    // At the limit the junk is validated, but only up to the first bad entry (all issues of all
    // entries took about a second to collect).
    const atLimitStarted = performance.now();
    const atLimit = await pushRaw(app, device, pushBody(device, junk.slice(0, MAX_PUSH_ENTRIES) as never));
    expect(performance.now() - atLimitStarted).toBeLessThan(1_000);
    expect(atLimit.statusCode).toBe(400);
    expect(atLimit.json().error).toMatchObject({ code: 'bad_request', details: expect.arrayContaining([expect.objectContaining({ path: ['entries', 0, 'recordId'] })]) });
  });
});
