/**
 * How hard the reliability suites push: the default setting fits in `npm test` on two cores;
 * `LOTSE_RELIABILITY=nightly` runs the same attacks longer and wider. One seed drives every
 * random choice of a run; `LOTSE_RELIABILITY_SEED=<n>` replays a printed one.
 */
import { onTestFailed } from 'vitest';

export type ReliabilityLevel = 'default' | 'nightly';

export const reliabilityLevel: ReliabilityLevel = process.env.LOTSE_RELIABILITY === 'nightly' ? 'nightly' : 'default';

export const isNightly = reliabilityLevel === 'nightly';

/** The same number by day and a bigger one by night. */
export function byLevel<T>(settings: Record<ReliabilityLevel, T>): T {
  return settings[reliabilityLevel];
}

function seedFromEnv(): number | undefined {
  const raw = process.env.LOTSE_RELIABILITY_SEED;
  if (raw === undefined || raw === '') return undefined;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new Error(`LOTSE_RELIABILITY_SEED must be a 32-bit unsigned integer, got "${raw}"`);
  return seed;
}

/** The replay line printed with every failure of a test that used `seed`. */
export function replayHint(seed: number, file: string): string {
  const nightly = isNightly ? 'LOTSE_RELIABILITY=nightly ' : '';
  return `replay: ${nightly}LOTSE_RELIABILITY_SEED=${seed} npx vitest run --project reliability ${file}`;
}

/**
 * The seed of the current test: the one from the environment, or a fresh random one.
 * Call it inside a test; if the test fails, the seed and the replay command are printed.
 */
export function testSeed(file: string): number {
  const seed = seedFromEnv() ?? Math.floor(Math.random() * 0x1_0000_0000);
  onTestFailed(() => {
    console.error(`\n[reliability] seed ${seed} — ${replayHint(seed, file)}\n`);
  });
  return seed;
}
