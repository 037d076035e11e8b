/**
 * A real server process (`tsx src/server/main.ts`) that crashes on schedule: after a seeded
 * number of push requests have reached it, it is killed with SIGKILL — in the middle of
 * handling a batch, with no graceful shutdown — and started again on the same database
 * (the same SQLite DATA_DIR, or the same PostgreSQL schema).
 */
import { startServerProcess, type ServerProcess } from '../../../src/server/testing/processes';
import type { ProxiedRequest } from './chaos-proxy';
import { sleep, type SeededRandom } from './seeded-random';

export interface CrashingServerOptions {
  env: Record<string, string>;
  random: SeededRandom;
  /** How many times to kill and restart the server. */
  crashes: number;
  /** A crash comes after between min and max pushes have reached the running server. */
  pushesBetweenCrashes: [min: number, max: number];
  /** Told the new port after every restart (the proxy's target). */
  onRestarted(port: number): void;
}

export interface CrashingServer {
  /** The running process (a new one after every restart). */
  current(): ServerProcess;
  /** Feed every request that reached the server here (the chaos proxy's `onForwarded`). */
  onForwarded(request: ProxiedRequest): void;
  crashCount(): number;
  /** True once every planned crash happened and the server is up again. */
  isDone(): boolean;
  /** Waits for a restart in progress; throws if a restart failed. */
  settled(): Promise<void>;
  /** Everything every process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function portOf(url: string): number {
  return Number(new URL(url).port);
}

export async function startCrashingServer(options: CrashingServerOptions): Promise<CrashingServer> {
  const { random } = options;
  let server = await startServerProcess(options.env);
  const outputs: (() => string)[] = [server.output];
  let crashes = 0;
  let pushesSinceStart = 0;
  let crashAfter = random.int(...options.pushesBetweenCrashes);
  let restarting: Promise<void> | undefined;
  let failure: unknown;

  const crashAndRestart = async () => {
    // A few milliseconds in: the batch is being handled, some of its entries may be committed.
    await sleep(random.int(0, 15));
    await server.kill('SIGKILL');
    crashes += 1;
    await sleep(random.int(0, 200));
    server = await startServerProcess(options.env);
    outputs.push(server.output);
    options.onRestarted(portOf(server.url));
    pushesSinceStart = 0;
    crashAfter = random.int(...options.pushesBetweenCrashes);
  };

  return {
    current: () => server,
    onForwarded(request) {
      if (restarting || crashes >= options.crashes || !request.path.startsWith('/api/v1/sync/push')) return;
      pushesSinceStart += 1;
      if (pushesSinceStart < crashAfter) return;
      restarting = crashAndRestart()
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => {
          restarting = undefined;
        });
    },
    crashCount: () => crashes,
    isDone: () => crashes >= options.crashes && !restarting,
    async settled() {
      await restarting;
      if (failure) throw failure;
    },
    output: () => outputs.map((output, i) => `--- server process ${i + 1} ---\n${output()}`).join('\n'),
    async stop() {
      await restarting;
      await server.stop();
    },
  };
}
