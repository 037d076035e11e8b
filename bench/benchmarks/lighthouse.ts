/**
 * Lighthouse on the home screen, mobile profile (Lighthouse's default: a mid-range phone on a slow
 * 4G connection, simulated): the production build served by the real server, beside the bare page +
 * minimal service worker served by the same server program. Figures: the performance score, FCP,
 * LCP, Total Blocking Time, the bytes transferred, and whether the "enable text compression"
 * audit passes. A fresh headless Chromium per run (no cache, no service worker yet).
 */
import lighthouse from 'lighthouse';
import { launch } from 'chrome-launcher';
import type { Benchmark, BenchContext } from '../lib/context';
import type { Figure } from '../lib/report';
import { startLotseServer } from '../lib/servers';
import { median } from '../lib/stats';

const PERFORMANCE_GOAL = 0.9;

interface LighthouseRun {
  performance: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  transferredKb: number;
  /** 1 when "enable text compression" passes, else 0. */
  compression: number;
  compressionSavingsKb: number;
}

async function lighthouseRun(chromiumPath: string, url: string): Promise<LighthouseRun> {
  const chrome = await launch({ chromePath: chromiumPath, chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id: string) => lhr.audits[id];
    const numeric = (id: string) => audit(id)?.numericValue ?? Number.NaN;
    const compression = audit('uses-text-compression');
    const savingsBytes = (compression?.details as { overallSavingsBytes?: number } | undefined)?.overallSavingsBytes ?? 0;
    return {
      performance: lhr.categories.performance?.score ?? Number.NaN,
      fcpMs: numeric('first-contentful-paint'),
      lcpMs: numeric('largest-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      transferredKb: numeric('total-byte-weight') / 1024,
      // Lighthouse scores a passed or not-applicable audit 1 (null when it could not tell).
      compression: compression?.score === 1 ? 1 : 0,
      compressionSavingsKb: savingsBytes / 1024,
    };
  } finally {
    chrome.kill();
  }
}

export const lighthouseBenchmark: Benchmark = {
  name: 'lighthouse',
  title: 'Lighthouse, mobile profile, home screen',
  async run(context: BenchContext) {
    const { appDir, bareDir } = await context.builds();
    const runs = context.quick ? 1 : 3;
    const lotseServer = await startLotseServer('sqlite', { label: 'lighthouse', staticDir: appDir });
    const bareServer = await startLotseServer('sqlite', { label: 'lighthouse-bare', staticDir: bareDir });
    try {
      const lotse: LighthouseRun[] = [];
      const bare: LighthouseRun[] = [];
      // Alternating, so a burst of load on the machine hits both alike.
      for (let run = 0; run < runs; run++) {
        lotse.push(await lighthouseRun(context.chromiumPath, `${lotseServer.url}/`));
        bare.push(await lighthouseRun(context.chromiumPath, `${bareServer.url}/`));
        context.log(`  run ${run + 1}: Lotse ${lotse.at(-1)!.performance.toFixed(2)}, bare ${bare.at(-1)!.performance.toFixed(2)}`);
      }
      const of = (runs_: LighthouseRun[], key: keyof LighthouseRun) => runs_.map((entry) => entry[key]);
      const figure = (name: string, key: keyof LighthouseRun, unit: Figure['unit'], goal: string | null = null, pass: ((value: number) => boolean) | null = null): Figure => {
        const value = median(of(lotse, key));
        return {
          benchmark: 'lighthouse',
          name,
          unit,
          lotse: value,
          baseline: median(of(bare, key)),
          baselineLabel: 'bare page + minimal SW',
          goal,
          pass: pass ? pass(value) : null,
          samples: { lotse: of(lotse, key), baseline: of(bare, key) },
        };
      };
      const figures = [
        figure('Lighthouse mobile, home screen: performance score', 'performance', 'score', `≥ ${PERFORMANCE_GOAL}`, (value) => value >= PERFORMANCE_GOAL),
        figure('Lighthouse mobile, home screen: "text compression" passes (1 = yes)', 'compression', 'score', '= 1', (value) => value === 1),
        figure('Lighthouse mobile, home screen: FCP', 'fcpMs', 'ms'),
        figure('Lighthouse mobile, home screen: LCP', 'lcpMs', 'ms'),
        figure('Lighthouse mobile, home screen: Total Blocking Time', 'tbtMs', 'ms'),
        figure('Lighthouse mobile, home screen: bytes transferred', 'transferredKb', 'KB'),
      ];
      const notes = [
        `Lighthouse ${runs} run(s) each, alternating, mobile profile with simulated throttling (slow 4G, 4× CPU); ` +
          `"enable text compression" would save ${median(of(lotse, 'compressionSavingsKb')).toFixed(0)} KB on the Lotse home screen (0 = nothing left uncompressed).`,
      ];
      return { figures, notes };
    } finally {
      await lotseServer.stop();
      await bareServer.stop();
    }
  },
};
