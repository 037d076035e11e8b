import type { Engine } from './servers';
import type { Figure } from './report';
import type { AppBuild } from './build';

/** What every benchmark receives from bench/run.ts. */
export interface BenchContext {
  quick: boolean;
  /** Take CPU profiles in extra, uncounted runs and explain where the time went. */
  profile: boolean;
  /** Engines to run the server benchmarks on (PostgreSQL only when it answers). */
  engines: Engine[];
  /** Progress lines (stderr), so stdout keeps only the result. */
  log(message: string): void;
  /** The production build of the app and the baseline pages, built once per run when needed. */
  builds(): Promise<AppBuild>;
  /** Path of the Chromium to drive. */
  chromiumPath: string;
}

export interface BenchmarkResult {
  figures: Figure[];
  notes: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  run(context: BenchContext): Promise<BenchmarkResult>;
}
