/**
 * Real server processes (`tsx src/server/main.ts`) for tests that need several
 * instances against one database, as behind a load balancer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { testFormJson, testNoticeJson } from '../../core/record/__fixtures__/interview';

export interface ServerProcess {
  url: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Sends `signal` (SIGKILL: a crash, no graceful shutdown) and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A TCP port on the loopback interface that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A content directory with the test form and the German and English test notices. */
export function writeTestContentDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-content-'));
  fs.mkdirSync(path.join(dir, 'forms'));
  fs.mkdirSync(path.join(dir, 'notices', 'notice@1'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'forms', 'testbogen@1.json'), JSON.stringify(testFormJson()));
  for (const lang of ['de', 'en'] as const) {
    fs.writeFileSync(path.join(dir, 'notices', 'notice@1', `${lang}.json`), JSON.stringify(testNoticeJson(lang)));
  }
  return dir;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Starts `src/server/main.ts` with `env` and waits until it answers its health check. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    // Readiness waits for health; on a loaded test machine its write probe can take longer than
    // the production bound, so tests that are not about that bound give it room.
    env: { ...process.env, LOG_LEVEL: 'warn', STATIC_DIR: '/nonexistent', HOST: '127.0.0.1', PORT: String(port), HEALTH_TIMEOUT_MS: '10000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited(child);
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server process exited with ${child.exitCode}:\n${output}`);
    // Ready once the start-up (migrations, content publication) has finished and the port answers.
    if (output.includes('Lotse is running')) {
      const healthy = await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false);
      if (healthy) return { url, output: () => output, stop, kill };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`server process did not start within ${timeoutMs} ms:\n${output}`);
}
