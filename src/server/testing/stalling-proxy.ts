/**
 * A plain TCP proxy on 127.0.0.1 (for the database's wire protocol, unlike the HTTP-aware chaos
 * proxy of the reliability suite) that can stall: while stalled, no byte moves in either direction
 * and new connections are accepted but never answered — what a network partition looks like to
 * the server, where the peer neither answers nor closes. `resume()` lets everything held through.
 */
import net from 'node:net';

export interface StallingProxy {
  /** Port on 127.0.0.1 that forwards to the target. */
  port: number;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  let stalled = false;
  const sockets = new Set<net.Socket>();
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | undefined }>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const connect = (pair: { client: net.Socket; upstream: net.Socket | undefined }) => {
    const upstream = net.connect(target);
    track(upstream);
    pair.upstream = upstream;
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
    pair.client.on('close', () => upstream.destroy());
    upstream.on('close', () => pair.client.destroy());
    pair.client.resume();
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    const pair = { client, upstream: undefined as net.Socket | undefined };
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    if (!stalled) connect(pair);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('stalling proxy has no address');

  return {
    port: address.port,
    stall() {
      stalled = true;
      // Paused sockets read nothing, so pipe() forwards nothing and the kernel buffers fill.
      for (const pair of pairs) {
        pair.client.pause();
        pair.upstream?.pause();
      }
    },
    resume() {
      stalled = false;
      for (const pair of pairs) {
        if (!pair.upstream) connect(pair);
        else {
          pair.client.resume();
          pair.upstream.resume();
        }
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
