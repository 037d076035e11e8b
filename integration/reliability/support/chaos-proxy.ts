/**
 * A TCP proxy on 127.0.0.1 that speaks just enough HTTP/1.1 to find where one request
 * ends, and then, by a seeded schedule, does to each request what a bad mobile network does:
 *
 * - `drop_request`   the request never reaches the server; the client's connection is reset;
 * - `drop_response`  the server handles the request, its answer is lost (connection reset);
 * - `delay`          the request waits before it is sent on;
 * - `duplicate`      the same bytes go to the server twice, on two connections, racing;
 * - `reorder`        the request is held and sent after the next request (or after `holdMs`);
 * - `cut_request`    only a prefix of the request reaches the server, then both ends are cut;
 * - `cut_response`   the client gets only a prefix of the answer, then its connection is cut.
 *
 * Every request gets a fresh connection to the server, so a request's fate never depends on a
 * neighbour's. Every exchange ends within `exchangeTimeoutMs`: no client waits forever, and
 * `close()` leaves nothing running. When the server is down (killed), the client's connection
 * is reset, as a real one would be.
 */
import net from 'node:net';
import type { SeededRandom } from './seeded-random';
import { sleep } from './seeded-random';

export const chaosFaults = ['drop_request', 'drop_response', 'delay', 'duplicate', 'reorder', 'cut_request', 'cut_response'] as const;
export type ChaosFault = (typeof chaosFaults)[number];

export interface ProxiedRequest {
  method: string;
  path: string;
  bytes: Buffer;
  /** Where the body starts in `bytes`. */
  bodyOffset: number;
}

export interface ChaosProxyOptions {
  random: SeededRandom;
  /** Port of the server on 127.0.0.1 (change it with `setTarget` after a restart). */
  targetPort: number;
  /** Probability of each fault per request; the remainder passes untouched. */
  faultRates: Record<ChaosFault, number>;
  maxDelayMs?: number;
  /** How long a held (`reorder`) request waits for the next request before it goes anyway. */
  holdMs?: number;
  exchangeTimeoutMs?: number;
  /** Called when a request's bytes have been handed to the server. */
  onForwarded?: (request: ProxiedRequest) => void;
}

export interface ChaosStats {
  requests: number;
  faults: Record<ChaosFault, number>;
  /** Exchanges that failed because the server was unreachable or went away. */
  serverGone: number;
}

export interface ChaosProxy {
  /** `http://127.0.0.1:<port>` for the clients. */
  url: string;
  setTarget(port: number): void;
  stats(): ChaosStats;
  close(): Promise<void>;
}

const MAX_HEAD_BYTES = 64 * 1024;
const CRLF2 = Buffer.from('\r\n\r\n');

function headerValue(head: string, name: string): string | undefined {
  const match = new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head);
  return match?.[1]?.trim();
}

type Taken = { kind: 'request'; request: ProxiedRequest; rest: Buffer } | { kind: 'incomplete' } | { kind: 'unsupported'; reason: string };

/** Splits one complete request off the front of `buffer`. */
function takeRequest(buffer: Buffer): Taken {
  const headEnd = buffer.indexOf(CRLF2);
  if (headEnd < 0) return buffer.length > MAX_HEAD_BYTES ? { kind: 'unsupported', reason: 'head too large' } : { kind: 'incomplete' };
  const head = buffer.subarray(0, headEnd).toString('latin1');
  const [method = '', path = ''] = head.slice(0, head.indexOf('\r\n') >>> 0).split(' ');
  if (headerValue(head, 'transfer-encoding')) return { kind: 'unsupported', reason: 'chunked request bodies are not proxied' };
  const length = Number(headerValue(head, 'content-length') ?? '0');
  if (!Number.isInteger(length) || length < 0) return { kind: 'unsupported', reason: 'bad content-length' };
  const total = headEnd + CRLF2.length + length;
  if (buffer.length < total) return { kind: 'incomplete' };
  return {
    kind: 'request',
    request: { method, path, bytes: Buffer.from(buffer.subarray(0, total)), bodyOffset: headEnd + CRLF2.length },
    rest: buffer.subarray(total),
  };
}

/** The length of the complete response at the front of `buffer`, or undefined while more is needed. */
function completeResponseLength(buffer: Buffer, ended: boolean): number | undefined {
  const headEnd = buffer.indexOf(CRLF2);
  if (headEnd < 0) return undefined;
  const head = buffer.subarray(0, headEnd).toString('latin1');
  const status = Number(head.split(' ')[1]);
  const bodyStart = headEnd + CRLF2.length;
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) return bodyStart;
  const contentLength = headerValue(head, 'content-length');
  if (contentLength !== undefined) {
    const total = bodyStart + Number(contentLength);
    return buffer.length >= total ? total : undefined;
  }
  if (/chunked/i.test(headerValue(head, 'transfer-encoding') ?? '')) {
    let offset = bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', offset);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.subarray(offset, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return buffer.length;
      if (size === 0) {
        const trailerEnd = buffer.indexOf(CRLF2, lineEnd);
        return trailerEnd < 0 ? undefined : trailerEnd + CRLF2.length;
      }
      offset = lineEnd + 2 + size + 2;
      if (offset > buffer.length) return undefined;
    }
  }
  return ended ? buffer.length : undefined;
}

export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const { random } = options;
  const maxDelayMs = options.maxDelayMs ?? 250;
  const holdMs = options.holdMs ?? 300;
  const exchangeTimeoutMs = options.exchangeTimeoutMs ?? 20_000;
  let targetPort = options.targetPort;
  let closing = false;
  const stats: ChaosStats = { requests: 0, faults: Object.fromEntries(chaosFaults.map((fault) => [fault, 0])) as Record<ChaosFault, number>, serverGone: 0 };
  const sockets = new Set<net.Socket>();
  const work = new Set<Promise<unknown>>();
  // The first requests go through every fault once, in a seeded order, so each run exercises all of them.
  const coverage: ChaosFault[] = random.shuffle(chaosFaults);
  let held: { release(): void } | undefined;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    work.add(promise);
    void promise.finally(() => work.delete(promise)).catch(() => undefined);
    return promise;
  };

  const connectUpstream = (): net.Socket => {
    const socket = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    return socket;
  };

  /** Sends a request on a fresh connection and resolves with the complete response bytes. */
  const exchange = (request: ProxiedRequest): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const upstream = connectUpstream();
      let received = Buffer.alloc(0);
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        upstream.destroy();
        if (error) reject(error);
        else resolve(received);
      };
      const timer = setTimeout(() => finish(new Error('exchange timed out')), exchangeTimeoutMs);
      upstream.on('connect', () => upstream.write(request.bytes, () => options.onForwarded?.(request)));
      upstream.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const length = completeResponseLength(received, false);
        if (length !== undefined) {
          received = received.subarray(0, length);
          finish();
        }
      });
      upstream.on('end', () => {
        const length = completeResponseLength(received, true);
        if (length !== undefined && length > 0) finish();
        else finish(new Error('server closed the connection without an answer'));
      });
      upstream.on('error', (error) => finish(error));
      upstream.on('close', () => finish(new Error('server connection closed')));
    });

  /** Sends only the first `length` bytes of a request, then cuts the connection. */
  const sendPrefix = (request: ProxiedRequest, length: number): Promise<void> =>
    new Promise((resolve) => {
      const upstream = connectUpstream();
      const timer = setTimeout(() => upstream.destroy(), 1_000);
      upstream.on('connect', () =>
        upstream.write(request.bytes.subarray(0, length), () => {
          // Give the server a moment to read the partial request before the cut.
          setTimeout(() => upstream.destroy(), 20);
        }),
      );
      upstream.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const decide = (): ChaosFault | 'pass' => {
    const covering = coverage.shift();
    if (covering) return covering;
    let roll = random.next();
    for (const fault of chaosFaults) {
      roll -= options.faultRates[fault];
      if (roll < 0) return fault;
    }
    return 'pass';
  };

  const answerClient = async (client: net.Socket, request: ProxiedRequest, fault: ChaosFault | 'pass') => {
    let response: Buffer;
    try {
      response = await exchange(request);
    } catch {
      stats.serverGone += 1;
      client.destroy();
      return;
    } finally {
      // A held request goes once the one after it has been answered (or has failed).
      if (fault !== 'reorder') held?.release();
    }
    if (fault === 'drop_response') {
      client.destroy();
      return;
    }
    if (fault === 'cut_response') {
      const cut = random.int(1, Math.max(1, response.length - 1));
      client.write(response.subarray(0, cut), () => client.destroy());
      return;
    }
    client.write(response);
  };

  const handle = async (client: net.Socket, request: ProxiedRequest) => {
    stats.requests += 1;
    let fault = decide();
    if (fault === 'reorder' && held) fault = 'pass';
    if (fault !== 'pass') stats.faults[fault] += 1;
    switch (fault) {
      case 'drop_request':
        client.destroy();
        return;
      case 'cut_request': {
        await sendPrefix(request, random.int(1, request.bytes.length - 1));
        client.destroy();
        return;
      }
      case 'delay':
        await sleep(random.int(1, maxDelayMs));
        break;
      case 'duplicate':
        // The copy races the original; its answer goes nowhere.
        void track(sleep(random.int(0, 50)).then(() => exchange(request)).catch(() => undefined));
        break;
      case 'reorder':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => release(), holdMs);
          const release = () => {
            clearTimeout(timer);
            if (held === holder) held = undefined;
            resolve();
          };
          const holder = { release };
          held = holder;
        });
        break;
      default:
        break;
    }
    await answerClient(client, request, fault);
  };

  const server = net.createServer((client) => {
    if (closing) {
      client.destroy();
      return;
    }
    sockets.add(client);
    client.setNoDelay(true);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buffer: Buffer = Buffer.alloc(0);
    let pumping = false;
    const pump = async () => {
      if (pumping) return;
      pumping = true;
      try {
        while (!client.destroyed) {
          const taken = takeRequest(buffer);
          if (taken.kind === 'incomplete') break;
          if (taken.kind === 'unsupported') {
            client.destroy(new Error(taken.reason));
            break;
          }
          buffer = taken.rest;
          await handle(client, taken.request);
        }
      } finally {
        pumping = false;
      }
    };
    client.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      void track(pump());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('chaos proxy has no address');

  return {
    url: `http://127.0.0.1:${address.port}`,
    setTarget(port) {
      targetPort = port;
    },
    stats: () => structuredClone(stats),
    async close() {
      closing = true;
      held?.release();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...work]);
    },
  };
}
