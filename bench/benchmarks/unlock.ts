/**
 * Unlock at 4× CPU: the interviewer's PIN/passphrase → the data key → the first record open, in
 * Chromium with the CPU throttled 4× (a tablet rather than this machine), as issue #12 asks
 * (goal ≤ 1.5 s including the KDF). The work is src/core/encryption's, in a harness page
 * (bench/pages/unlock-harness, built on its own: no app build needed): read the wrapped key and a
 * sealed ~20 KB record from IndexedDB, Argon2id, unwrap, import, open.
 *
 * Baseline (same page, same run, interleaved): the same reads, unwrap, import and open with the
 * key-encryption key already derived — a bare WebCrypto AES-GCM unwrap. The ratio is the KDF's
 * share, which is deliberate: it is what an attacker pays per guess.
 *
 * On a shared machine the wall time at 4× also counts the time other processes held the CPU. So
 * each unlock's renderer CPU time is read too (DevTools `Performance.getMetrics` ProcessTime,
 * taken unthrottled): 4 × that is what a 4×-slower CPU needs with nobody else on it, and a second
 * row. A full run also sweeps Argon2id memory and passes so the parameters can be checked against
 * the budget on the same machine.
 */
import type { CDPSession, Page } from '@playwright/test';
import type { Benchmark, BenchContext } from '../lib/context';
import { launchChromium, tabletContext } from '../lib/browser';
import { buildBenchPage } from '../lib/build';
import type { Figure } from '../lib/report';
import { startLotseServer } from '../lib/servers';
import { median } from '../lib/stats';
import { DEFAULT_ARGON2ID, type Argon2idParameters } from '../../src/core/encryption';

const CPU_SLOWDOWN = 4;
const GOAL_MS = 1500;
const SECRET = 'Kranich Elbe Sonnabend';
const BASELINE = 'bare WebCrypto AES unwrap, same reads';

/** Renderer CPU seconds so far (all threads of the page's process). */
async function processTime(session: CDPSession): Promise<number> {
  const { metrics } = await session.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'ProcessTime')?.value ?? Number.NaN;
}

interface Samples {
  lotse: number[];
  raw: number[];
  lotseCpu: number[];
  rawCpu: number[];
  /** The app's way (issue #12): Argon2id in its module worker, started cold per unlock. */
  worker: number[];
  workerCpu: number[];
}

async function measure(page: Page, session: CDPSession, parameters: Argon2idParameters, rounds: number, withWorker = false): Promise<Samples> {
  await page.evaluate(({ secret, params }) => window.unlockHarness.prepare(secret, params), { secret: SECRET, params: parameters });
  const samples: Samples = { lotse: [], raw: [], lotseCpu: [], rawCpu: [], worker: [], workerCpu: [] };
  const timed = async (unlock: () => Promise<{ ms: number }>) => {
    const before = await processTime(session);
    const { ms } = await unlock();
    return { ms, cpuMs: ((await processTime(session)) - before) * 1000 };
  };
  const lotseUnlock = () => timed(() => page.evaluate((secret) => window.unlockHarness.unlock(secret), SECRET));
  const rawUnlock = () => timed(() => page.evaluate(() => window.unlockHarness.rawUnlock()));
  const workerUnlock = () => timed(() => page.evaluate((secret) => window.unlockHarness.unlockInWorker(secret), SECRET));
  // One uncounted warm-up of each (compiles the WebAssembly, warms the IndexedDB connection path).
  for (let round = -1; round < rounds; round++) {
    // Alternate which goes first, so neither always runs on a warmer page.
    let a: { ms: number; cpuMs: number };
    let b: { ms: number; cpuMs: number };
    if (round % 2 === 0) {
      a = await lotseUnlock();
      b = await rawUnlock();
    } else {
      b = await rawUnlock();
      a = await lotseUnlock();
    }
    const w = withWorker ? await workerUnlock() : null;
    if (round < 0) continue;
    if (w) {
      samples.worker.push(w.ms);
      samples.workerCpu.push(w.cpuMs);
    }
    samples.lotse.push(a.ms);
    samples.raw.push(b.ms);
    samples.lotseCpu.push(a.cpuMs);
    samples.rawCpu.push(b.cpuMs);
  }
  await page.evaluate(() => window.unlockHarness.cleanUp());
  return samples;
}

const label = (p: Argon2idParameters) => `Argon2id m=${p.memoryKiB / 1024} MiB, t=${p.iterations}, p=${p.parallelism}`;

function row(name: string, lotse: number[], raw: number[], goal: boolean, note?: string): Figure {
  const value = median(lotse);
  return {
    benchmark: 'unlock',
    name,
    unit: 'ms',
    lotse: value,
    baseline: median(raw),
    baselineLabel: BASELINE,
    goal: goal ? `≤ ${GOAL_MS} ms` : null,
    pass: goal ? value <= GOAL_MS : null,
    samples: { lotse, baseline: raw },
    ...(note && { note }),
  };
}

const times = (factor: number, values: number[]) => values.map((value) => value * factor);

/**
 * Lotse as 4 × its renderer CPU time. The baseline's own CPU time is below the metric's
 * resolution (it reads 0), so the baseline is 4 × its unthrottled wall time.
 */
function cpuRow(name: string, samples: Samples, goal: boolean, note?: string): Figure {
  return { ...row(name, times(CPU_SLOWDOWN, samples.lotseCpu), times(CPU_SLOWDOWN, samples.raw), goal, note), baselineLabel: `${BASELINE}, 4 × wall time` };
}

export const unlockBenchmark: Benchmark = {
  name: 'unlock',
  title: 'Unlock at 4× CPU (PIN/passphrase → data key → first record)',
  async run(context: BenchContext) {
    const harness = await buildBenchPage('unlock-harness', ['src/core', 'src/data/argon2-worker.ts'], context.log);
    if (harness.seconds > 0) context.log(`  built in ${harness.seconds.toFixed(1)} s`);
    const rounds = context.quick ? 3 : 7;
    const figures: Figure[] = [];
    const notes: string[] = [];
    const server = await startLotseServer('sqlite', { label: 'unlock-harness', staticDir: harness.dir });
    const { browser, close } = await launchChromium(context.chromiumPath);
    try {
      const browserContext = await tabletContext(browser, server.url);
      const page = await browserContext.newPage();
      await page.goto('/');
      await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
      const session = await browserContext.newCDPSession(page);
      await session.send('Performance.enable');

      // Unthrottled first: the CPU time of the same work, from which the contention-free 4× follows.
      const cpu = await measure(page, session, DEFAULT_ARGON2ID, rounds, true);
      await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const throttled = await measure(page, session, DEFAULT_ARGON2ID, rounds, true);
      figures.push(row('unlock at 4× CPU', throttled.lotse, throttled.raw, true, label(DEFAULT_ARGON2ID)));
      figures.push(cpuRow('unlock at 4× CPU, from CPU time (4 × renderer CPU)', cpu, true, label(DEFAULT_ARGON2ID)));
      figures.push(row(`  ${label(DEFAULT_ARGON2ID)}, unthrottled: wall time`, cpu.lotse, cpu.raw, false));
      // The app's way since the KDF moved into a worker: a cold worker per unlock (start, module, WebAssembly compile).
      figures.push(row('unlock at 4× CPU, Argon2id in the app\'s worker (cold)', throttled.worker, throttled.raw, true, label(DEFAULT_ARGON2ID)));
      figures.push(cpuRow('unlock at 4× CPU, app\'s worker (cold), from CPU time', { ...cpu, lotse: cpu.worker, lotseCpu: cpu.workerCpu }, true, label(DEFAULT_ARGON2ID)));
      notes.push(
        `Unlock with ${label(DEFAULT_ARGON2ID)} (src/core/encryption DEFAULT_ARGON2ID) on the page's main thread, ${rounds} unlocks each. ` +
          `At ${CPU_SLOWDOWN}× (DevTools CPU throttling): min ${Math.min(...throttled.lotse).toFixed(0)} ms, max ${Math.max(...throttled.lotse).toFixed(0)} ms of wall time. ` +
          `Unthrottled, the renderer spent median ${median(cpu.lotseCpu).toFixed(0)} ms of CPU per unlock (${median(cpu.lotse).toFixed(0)} ms of wall time): ` +
          'where wall time is well above CPU time, other processes held the CPU, and the "from CPU time" row is the one to hold against the goal. ' +
          'One unthrottled KDF is what one guess costs an attacker on this CPU (see the README\'s threat model). ' +
          `The app runs Argon2id in a module worker (src/data/argon2-worker.ts): measured cold (a new worker per unlock, as the first unlock after a reload), ${median(throttled.worker).toFixed(0)} ms wall at ${CPU_SLOWDOWN}×, ` +
          `${(CPU_SLOWDOWN * median(cpu.workerCpu)).toFixed(0)} ms as ${CPU_SLOWDOWN} × renderer CPU (${median(cpu.workerCpu).toFixed(0)} ms CPU, ${median(cpu.worker).toFixed(0)} ms wall unthrottled) against ${median(cpu.lotseCpu).toFixed(0)} ms CPU on the main thread. ` +
          'DevTools CPU throttling may not slow a worker as it slows the page\'s main thread: the "from CPU time" rows hold for both.',
      );
      if (!context.quick) {
        await session.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        for (const parameters of [
          { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 },
          { memoryKiB: 32 * 1024, iterations: 3, parallelism: 1 },
          { memoryKiB: 46 * 1024, iterations: 2, parallelism: 1 },
          { memoryKiB: 46 * 1024, iterations: 3, parallelism: 1 },
          { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 },
        ]) {
          const sweep = await measure(page, session, parameters, 3);
          figures.push(cpuRow(`  sweep: ${label(parameters)}, 4 × renderer CPU`, sweep, false));
        }
      }
      await browserContext.close();
      return { figures, notes };
    } finally {
      await close();
      await server.stop();
    }
  },
};
