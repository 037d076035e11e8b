/**
 * Cold start offline: the production build served by the real server, the service worker
 * installed on a first visit; then, with the network off and the CPU throttled 4× (DevTools),
 * a NEW page opens the app while its service worker starts cold (all workers stopped before
 * every run). Measured: navigation start → the H1 "Interviews" shown and "Neues Interview"
 * enabled. Baseline: a bare HTML page with the same two elements and a ten-line service worker,
 * served by the same server program (src/server/main.ts) and opened the same way.
 */
import type { Browser } from '@playwright/test';
import type { Benchmark, BenchContext } from '../lib/context';
import { launchChromium, tabletContext, waitForServiceWorkerControl } from '../lib/browser';
import { installPageMarks, markOf } from '../lib/page-marks';
import { summariseProfile, topLines, type CpuProfile } from '../lib/profile';
import type { Figure } from '../lib/report';
import { startLotseServer } from '../lib/servers';
import { median } from '../lib/stats';

const CPU_SLOWDOWN = 4;
const GOAL_MS = 1000;

interface OfflineStarts {
  readyMs: number[];
  /** When the service worker had answered the navigation (document responseEnd). */
  documentMs: number[];
  profile?: CpuProfile;
}

async function offlineStarts(browser: Browser, url: string, runs: number, profile: boolean): Promise<OfflineStarts> {
  const context = await tabletContext(browser, url);
  try {
    await installPageMarks(context);
    const first = await context.newPage();
    await first.goto('/');
    await markOf(first, 'homeReadyAt');
    await waitForServiceWorkerControl(first);
    await first.close();
    await context.setOffline(true);
    const result: OfflineStarts = { readyMs: [], documentMs: [] };
    // One warm-up start (not counted), then the measured ones, then optionally a profiled one.
    for (let run = 0; run <= runs + (profile ? 1 : 0); run++) {
      const page = await context.newPage();
      const session = await context.newCDPSession(page);
      await session.send('ServiceWorker.enable');
      await session.send('ServiceWorker.stopAllWorkers');
      await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const profiled = run === runs + 1;
      if (profiled) {
        await session.send('Profiler.enable');
        await session.send('Profiler.start');
      }
      await page.goto('/', { waitUntil: 'commit' });
      const ready = await markOf(page, 'homeReadyAt');
      const document = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseEnd ?? 0);
      if (profiled) {
        result.profile = ((await session.send('Profiler.stop')) as { profile: CpuProfile }).profile;
      } else if (run > 0) {
        result.readyMs.push(ready);
        result.documentMs.push(document);
      }
      await session.detach();
      await page.close();
    }
    return result;
  } finally {
    await context.close();
  }
}

export const coldStartBenchmark: Benchmark = {
  name: 'cold-start',
  title: 'Cold start offline (4× CPU throttling)',
  async run(context: BenchContext) {
    const { appDir, bareDir } = await context.builds();
    const runs = context.quick ? 5 : 9;
    const lotseServer = await startLotseServer('sqlite', { label: 'cold-start', staticDir: appDir });
    const bareServer = await startLotseServer('sqlite', { label: 'cold-start-bare', staticDir: bareDir });
    const { browser, close } = await launchChromium(context.chromiumPath);
    const notes: string[] = [];
    try {
      // Alternating, so a burst of load on the machine hits both alike.
      const lotse: OfflineStarts = { readyMs: [], documentMs: [] };
      const bare: OfflineStarts = { readyMs: [], documentMs: [] };
      const rounds = context.quick ? 1 : 3;
      const perRound = Math.ceil(runs / rounds);
      for (let round = 0; round < rounds; round++) {
        const lastRound = round === rounds - 1;
        const app = await offlineStarts(browser, lotseServer.url, perRound, context.profile && lastRound);
        const plain = await offlineStarts(browser, bareServer.url, perRound, false);
        lotse.readyMs.push(...app.readyMs);
        lotse.documentMs.push(...app.documentMs);
        if (app.profile) lotse.profile = app.profile;
        bare.readyMs.push(...plain.readyMs);
        bare.documentMs.push(...plain.documentMs);
      }
      context.log(`  Lotse ${lotse.readyMs.map((ms) => ms.toFixed(0)).join(', ')} ms; bare ${bare.readyMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      const figure: Figure = {
        benchmark: 'cold-start',
        name: `cold start offline, ${CPU_SLOWDOWN}× CPU: home interactive`,
        unit: 'ms',
        lotse: median(lotse.readyMs),
        baseline: median(bare.readyMs),
        baselineLabel: 'bare page + minimal SW',
        goal: `≤ ${GOAL_MS} ms`,
        pass: median(lotse.readyMs) <= GOAL_MS,
        samples: { lotse: lotse.readyMs, baseline: bare.readyMs },
        note: `median of ${lotse.readyMs.length}`,
      };
      notes.push(
        `Median of ${lotse.readyMs.length} offline starts each (new page, service worker stopped before each, network off, ${CPU_SLOWDOWN}× CPU). ` +
          `The service worker had delivered index.html after ${median(lotse.documentMs).toFixed(0)} ms (bare: ${median(bare.documentMs).toFixed(0)} ms); ` +
          `the rest until the home screen is interactive — ${(median(lotse.readyMs) - median(lotse.documentMs)).toFixed(0)} ms — is the app's own start (scripts, UI locales, first render).`,
      );
      if (lotse.profile) {
        const summary = summariseProfile(lotse.profile);
        notes.push(`Profiled start (main thread, ${CPU_SLOWDOWN}× CPU): ${(summary.totalMs).toFixed(0)} ms of script; by file: ${topLines(summary.byOrigin, summary.totalMs, 6).map((line) => line.trim().replace(/\s+/g, ' ')).join('; ')}`);
      }
      return { figures: [figure], notes };
    } finally {
      await close();
      await bareServer.stop();
      await lotseServer.stop();
    }
  },
};
