/**
 * Production builds for the browser benchmarks, made by the benchmark itself with Vite:
 * - the app (the project's vite.config.ts, service worker included) into a temporary outDir;
 * - the baselines: a minimal React 19 "hello" page and the bare offline page;
 * - the autosave harness, a tiny page that imports src/data (used while the form UI is a scaffold).
 * Builds are keyed by a hash of their inputs and reused while nothing changed, so `--quick`
 * and `--only` runs do not pay for a build that is already there.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build, type InlineConfig } from 'vite';
import { benchDir, repoRoot } from './paths';

export interface AppBuild {
  /** The app's production build (what `npm run build` makes). */
  appDir: string;
  /** The minimal React 19 page built with the same Vite and React plugin. */
  helloDir: string;
  /** The bare HTML page with a ten-line service worker (the cold-start baseline). */
  bareDir: string;
  /** The autosave harness (src/data in a page). */
  harnessDir: string;
  /** Seconds the builds took in this run (0 when reused). */
  buildSeconds: number;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const stat = fs.statSync(dir);
  if (stat.isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .flatMap((entry) => filesUnder(path.join(dir, entry.name)))
    .sort();
}

function hashOf(inputs: readonly string[]): string {
  const hash = crypto.createHash('sha256');
  for (const input of inputs) {
    for (const file of filesUnder(input)) {
      hash.update(path.relative(repoRoot, file));
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

const cacheRoot = path.join(os.tmpdir(), 'lotse-bench-builds');

/** Builds with `config` into a directory named by the inputs' hash, unless it is there already. */
async function cachedBuild(name: string, inputs: readonly string[], config: (outDir: string) => InlineConfig, log: (message: string) => void): Promise<{ dir: string; seconds: number }> {
  const dir = path.join(cacheRoot, `${name}-${hashOf(inputs)}`);
  const marker = path.join(dir, '.bench-complete');
  if (fs.existsSync(marker)) return { dir, seconds: 0 };
  // Older builds of the same kind are stale now.
  if (fs.existsSync(cacheRoot)) {
    for (const entry of fs.readdirSync(cacheRoot)) if (entry.startsWith(`${name}-`)) fs.rmSync(path.join(cacheRoot, entry), { recursive: true, force: true });
  }
  log(`  vite build: ${name} → ${dir}`);
  const start = performance.now();
  await build({ ...config(dir), logLevel: 'error', clearScreen: false });
  fs.writeFileSync(marker, new Date().toISOString());
  return { dir, seconds: (performance.now() - start) / 1000 };
}

const appInputs = ['src', 'locales', 'content', 'public', 'index.html', 'vite.config.ts', 'scripts/precompress.ts', 'package-lock.json'].map((entry) => path.join(repoRoot, entry));

export async function buildAll(log: (message: string) => void): Promise<AppBuild> {
  const app = await cachedBuild('app', appInputs, (outDir) => ({
    root: repoRoot,
    configFile: path.join(repoRoot, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  }), log);
  const pageConfig = (page: string, extraInputs: string[] = []) =>
    [
      `page-${page}`,
      [path.join(benchDir, 'pages', page), path.join(repoRoot, 'package-lock.json'), ...extraInputs],
      (outDir: string): InlineConfig => ({
        root: path.join(benchDir, 'pages', page),
        configFile: false,
        publicDir: fs.existsSync(path.join(benchDir, 'pages', page, 'public')) ? path.join(benchDir, 'pages', page, 'public') : false,
        plugins: [react()],
        // src/data's unlock worker loads Argon2id as a chunk of its own: a module worker, as in vite.config.ts.
        worker: { format: 'es' },
        build: { outDir, emptyOutDir: true, target: 'es2022' },
      }),
    ] as const;
  const hello = await cachedBuild(...pageConfig('react-hello'), log);
  const bare = await cachedBuild(...pageConfig('bare'), log);
  const harness = await cachedBuild(...pageConfig('autosave-harness', [path.join(repoRoot, 'src/data'), path.join(repoRoot, 'src/core')]), log);
  return { appDir: app.dir, helloDir: hello.dir, bareDir: bare.dir, harnessDir: harness.dir, buildSeconds: app.seconds + hello.seconds + bare.seconds + harness.seconds };
}

/**
 * One page of bench/pages built on its own (inputs: the page and `sources`), for a benchmark that
 * needs no app build — the unlock harness (src/core/encryption only).
 */
export async function buildBenchPage(page: string, sources: readonly string[], log: (message: string) => void): Promise<{ dir: string; seconds: number }> {
  return cachedBuild(`page-${page}`, [path.join(benchDir, 'pages', page), path.join(repoRoot, 'package-lock.json'), ...sources.map((source) => path.join(repoRoot, source))], (outDir) => ({
    root: path.join(benchDir, 'pages', page),
    configFile: false,
    publicDir: false,
    plugins: [react()],
    // src/data's unlock worker loads Argon2id as a chunk of its own: a module worker, as in vite.config.ts.
        worker: { format: 'es' },
        build: { outDir, emptyOutDir: true, target: 'es2022' },
  }), log);
}

