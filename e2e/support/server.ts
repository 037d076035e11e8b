/**
 * A server process of its own for tests that need to change what it serves (app updates)
 * or need a fresh database, next to the one playwright.config.ts starts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/server/testing/processes';

export interface TestServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startServer(options: { staticDir: string; env?: Record<string, string> }): Promise<TestServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-e2e-server-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: options.staticDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the server exited (${code}) before it answered:\n${output}`));
    child.once('exit', onExit);
    const poll = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (response.ok) {
          child.off('exit', onExit);
          return resolve();
        }
      } catch {
        // not listening yet
      }
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
