/**
 * Cold start offline: the production build served by the real server, the service worker
 * installed on a first visit; then, with the network off and the CPU throttled 4× (DevTools),
 * a NEW page opens the app while its service worker starts cold (all workers stopped before
 * every run). Measured:
 * - home: navigation start → the first screen interactive. Since issue #12 a tablet's data are
 *   behind its passphrase, so the first screen of every start is the unlock screen: navigation
 *   start → its passphrase input enabled;
 * - form: navigation to a consented interview (seeded in IndexedDB) → its form section shows an
 *   input that is neither disabled nor read-only (the first moment an answer can be typed), less the unlock in between: the
 *   passphrase typed by the bench key by key as a person types (100 ms a key; what the app does
 *   meanwhile is hidden by the typing, as it is for a person) and the app's unlock from the moment
 *   it takes the passphrase (Argon2id, which the `unlock` benchmark measures on its own). Time the
 *   app still needed after the last key before it could take the passphrase stays counted.
 * Baseline: a bare HTML page with the same two elements and a ten-line service worker, served
 * by the same server program (src/server/main.ts) and opened the same way, in the same rounds.
 * Each start is split into phases by the app's User Timing marks (src/app/perf-marks.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import type { Benchmark, BenchContext } from '../lib/context';
import { consentedDraft, passphraseIfAsked, putRecords, unlockTimed } from '../lib/app-seed';
import { launchChromium, tabletContext, waitForServiceWorkerControl } from '../lib/browser';
import { loadPublishedContent } from '../lib/interviews';
import { appMarks, installPageMarks, markOf, type PageMarks } from '../lib/page-marks';
import { summariseProfile, topLines, type CpuProfile } from '../lib/profile';
import type { Figure } from '../lib/report';
import { startLotseServer } from '../lib/servers';
import { bundleFrameResolver } from '../lib/sourcemap';
import { parseTrace, summariseTrace, traceLine } from '../lib/trace';
import { median } from '../lib/stats';

const CPU_SLOWDOWN = 4;
/** Between the passphrase's keys when the bench types it like a person (a brisk typist on glass: 10 keys a second). */
const TYPING_DELAY_MS = 100;
/** Pause after a start's page is closed, before the next start. */
const SETTLE_MS = 750;
/** Issue #15: home interactive ≤ 2.5× the bare page, a form section interactive ≤ 3×. */
const HOME_GOAL_RATIO = 2.5;
const FORM_GOAL_RATIO = 3;

type Target = 'home' | 'form' | 'bare';

interface OfflineStarts {
  readyMs: number[];
  /** Per start: the app's marks (ms since navigation start), `document` = index.html delivered. */
  marks: Record<string, number>[];
  profile?: CpuProfile;
  /** A Chromium trace of one more start (with `--profile`), for style, layout and font work. */
  trace?: Buffer;
}

/** What a trace records: the timeline DevTools shows (style, layout, paint, scripts), User Timing and fonts. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing', 'loading', 'v8', 'fonts'];

const readyMark: Record<Target, keyof PageMarks> = { home: 'unlockReadyAt', form: 'formReadyAt', bare: 'homeReadyAt' };

async function offlineStarts(browser: Browser, url: string, target: Target, runs: number, profile: boolean): Promise<OfflineStarts> {
  const context = await tabletContext(browser, url);
  try {
    await installPageMarks(context);
    const first = await context.newPage();
    await first.goto('/');
    if (target !== 'bare') await passphraseIfAsked(first);
    await markOf(first, 'homeReadyAt');
    await waitForServiceWorkerControl(first);
    let path = '/';
    if (target === 'form') {
      const draft = consentedDraft(loadPublishedContent());
      await putRecords(first, [draft]);
      path = `/interviews/${draft.recordId}`;
    }
    await first.close();
    await context.setOffline(true);
    const result: OfflineStarts = { readyMs: [], marks: [] };
    // One warm-up start (not counted), then the measured ones, then optionally a profiled one (and for the form a traced one).
    for (let run = 0; run <= runs + (profile ? (target === 'form' ? 2 : 1) : 0); run++) {
      const page = await context.newPage();
      const session = await context.newCDPSession(page);
      await session.send('ServiceWorker.enable');
      await session.send('ServiceWorker.stopAllWorkers');
      await session.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const profiled = run === runs + 1;
      const traced = run === runs + 2;
      if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      if (profiled) {
        await session.send('Profiler.enable');
        await session.send('Profiler.setSamplingInterval', { interval: 200 });
        await session.send('Profiler.start');
      }
      await page.goto(path, { waitUntil: 'commit' });
      // The unlock between the unlock screen and the form is the person's (typing, key by key at a
      // brisk pace) and the KDF's (from the app's `unlock` on), not the start's. A wait between the
      // submit and the app taking the passphrase (the app still loading behind the early unlock
      // screen) is the start's and stays counted.
      let shift = (at: number) => at;
      if (target === 'form') {
        const unlockReady = await markOf(page, 'unlockReadyAt');
        const times = await unlockTimed(page, { typingDelayMs: TYPING_DELAY_MS });
        const typing = times.submittedAt - unlockReady;
        const unlocking = typing + (times.unlockedAt - times.askedAt);
        // The phases, as if typing and the KDF had taken no time: what happened while typing is hidden by it.
        shift = (at) => (at <= unlockReady ? at : at <= times.submittedAt ? unlockReady : at <= times.askedAt ? at - typing : at - unlocking);
      }
      const ready = shift(await markOf(page, readyMark[target]));
      const marks = Object.fromEntries(Object.entries(await appMarks(page)).map(([name, at]) => [name, shift(at)]));
      if (profiled) {
        result.profile = ((await session.send('Profiler.stop')) as { profile: CpuProfile }).profile;
      } else if (traced) {
        result.trace = await browser.stopTracing();
      } else if (run > 0) {
        result.readyMs.push(ready);
        result.marks.push({ ...marks, ready });
      }
      await session.detach();
      await page.close();
      // The next start does not share the cores with this page's teardown (a form page's renderer
      // has far more to let go of than the bare page's): each start is measured on its own.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
    return result;
  } finally {
    await context.close();
  }
}

/** Median of one phase (`to − from`, both marks) over the starts that have both marks. */
function phase(starts: OfflineStarts, from: string | null, to: string): number {
  const spans = starts.marks.filter((marks) => (from === null || marks[from] !== undefined) && marks[to] !== undefined).map((marks) => marks[to]! - (from === null ? 0 : marks[from]!));
  return median(spans);
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : `${value.toFixed(0)} ms`);

/** "service worker 180 ms, scripts 640 ms, …": where the median start went. */
function phaseSplit(starts: OfflineStarts, target: 'home' | 'form'): string {
  const common = [
    `service worker (index.html delivered) ${ms(phase(starts, null, 'document'))}`,
    `script load + evaluation of the entry chunk ${ms(phase(starts, 'document', 'start'))}`,
    // Since 2026-12-06 (later) a German tablet draws the early screen before i18next is loaded (src/app/shell-text.ts).
    `unlock screen drawn before React and i18next (at once on the tablet's hint, else once IndexedDB said so) ${ms(phase(starts, 'start', 'boot-unlock'))} (at ${ms(phase(starts, null, 'boot-unlock'))})`,
    `i18next loaded and initialised ${ms(phase(starts, 'start', 'i18n'))} after the entry started`,
    `the app (React, Dexie) loaded and evaluated ${ms(phase(starts, 'i18n', 'app'))} after that`,
  ];
  // The first read runs beside the first render (the home screen is interactive before its list arrives).
  const database = `IndexedDB, first read asked → answered (opening included) ${ms(phase(starts, 'db-read', 'db-answer'))}, answered ${ms(phase(starts, null, 'db-answer'))} after navigation start`;
  if (target === 'home') return [...common, `interactive ${ms(phase(starts, 'boot-unlock', 'ready'))} after it was drawn`, database].join(', ');
  return [
    ...common,
    `after the unlock: the record read and opened ${ms(phase(starts, 'unlocked', 'interview-record'))}, the content read ${ms(phase(starts, 'interview-record', 'interview-data'))}`,
    `form stage (its chunks, strings, first render) ${ms(phase(starts, 'interview-data', 'ready'))}`,
    database,
  ].join(', ');
}

const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

export const coldStartBenchmark: Benchmark = {
  name: 'cold-start',
  title: 'Cold start offline (4× CPU throttling): home screen and a form section',
  async run(context: BenchContext) {
    const { appDir, bareDir } = await context.builds();
    const runs = context.quick ? 5 : 9;
    const loadAtStart = loadAverage();
    const lotseServer = await startLotseServer('sqlite', { label: 'cold-start', staticDir: appDir });
    const bareServer = await startLotseServer('sqlite', { label: 'cold-start-bare', staticDir: bareDir });
    const { browser, close } = await launchChromium(context.chromiumPath);
    const notes: string[] = [];
    try {
      // Alternating, so a burst of load on the machine hits all three alike.
      const home: OfflineStarts = { readyMs: [], marks: [] };
      const form: OfflineStarts = { readyMs: [], marks: [] };
      const bare: OfflineStarts = { readyMs: [], marks: [] };
      const rounds = context.quick ? 1 : 3;
      const perRound = Math.ceil(runs / rounds);
      let homeProfile: CpuProfile | undefined;
      let formProfile: CpuProfile | undefined;
      let formTrace: Buffer | undefined;
      for (let round = 0; round < rounds; round++) {
        const lastRound = round === rounds - 1;
        for (const [target, into] of [['home', home], ['bare', bare], ['form', form]] as const) {
          const started = await offlineStarts(browser, target === 'bare' ? bareServer.url : lotseServer.url, target, perRound, context.profile && lastRound && target !== 'bare');
          into.readyMs.push(...started.readyMs);
          into.marks.push(...started.marks);
          if (target === 'home' && started.profile) homeProfile = started.profile;
          if (target === 'form' && started.profile) formProfile = started.profile;
          if (target === 'form' && started.trace) formTrace = started.trace;
        }
      }
      const list = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
      context.log(`  home ${list(home.readyMs)} ms; form ${list(form.readyMs)} ms; bare ${list(bare.readyMs)} ms`);
      const bareMs = median(bare.readyMs);
      const row = (name: string, starts: OfflineStarts, goalRatio: number): Figure => ({
        benchmark: 'cold-start',
        name,
        unit: 'ms',
        lotse: median(starts.readyMs),
        baseline: bareMs,
        baselineLabel: 'bare page + minimal SW',
        goal: `≤ ${goalRatio}× baseline`,
        pass: median(starts.readyMs) <= goalRatio * bareMs,
        samples: { lotse: starts.readyMs, baseline: bare.readyMs },
        note: `median of ${starts.readyMs.length}`,
      });
      const figures = [
        row(`cold start offline, ${CPU_SLOWDOWN}× CPU: first screen (unlock) interactive`, home, HOME_GOAL_RATIO),
        row(`open a consented interview offline, ${CPU_SLOWDOWN}× CPU: form section interactive (unlock excluded)`, form, FORM_GOAL_RATIO),
      ];
      notes.push(
        `Median of ${home.readyMs.length} offline starts each (new page, service worker stopped before each, network off, ${CPU_SLOWDOWN}× CPU); load average ${loadAtStart} before, ${loadAverage()} after. ` +
          `The bare page had its index.html from its service worker after ${ms(phase(bare, null, 'document'))} and was interactive after ${ms(bareMs)}.`,
        `Home screen, where the median start went: ${phaseSplit(home, 'home')}; interactive after ${ms(median(home.readyMs))}.`,
        `Form section (a consented draft opened at /interviews/<id>, first input the interviewer can type in), where the median start went: ${phaseSplit(form, 'form')}; interactive after ${ms(median(form.readyMs))}.`,
      );
      // The bare page moves with the machine's load as much as the app does (208–418 ms between runs
      // here): each round's own ratio, its starts seconds apart, shows how much of a run's ratio is that.
      if (rounds > 1) {
        const perRoundRatio = (starts: OfflineStarts) =>
          Array.from({ length: rounds }, (_, round) => median(starts.readyMs.slice(round * perRound, (round + 1) * perRound)) / median(bare.readyMs.slice(round * perRound, (round + 1) * perRound)));
        const ratios = (values: number[]) => values.map((value) => `${value.toFixed(2)}×`).join(', ');
        notes.push(`Each round's own ratio (its medians; rounds alternate home, bare page, form): unlock screen ${ratios(perRoundRatio(home))}; form section ${ratios(perRoundRatio(form))}.`);
      }
      const resolve = bundleFrameResolver(appDir);
      for (const [what, profile] of [['home screen', homeProfile], ['form section', formProfile]] as const) {
        if (!profile) continue;
        const summary = summariseProfile(profile, { resolve });
        const line = (entries: [string, number][]) => topLines(entries, summary.totalMs, 8).map((text) => text.trim().replace(/\s+/g, ' ')).join('; ');
        // Kept for a closer look (Chromium DevTools → Performance → load profile).
        const file = path.join(os.tmpdir(), `lotse-cold-start-${what.replace(/\s+/g, '-')}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(profile));
        notes.push(`Profiled start to the ${what} (main thread, ${CPU_SLOWDOWN}× CPU, ${summary.totalMs.toFixed(0)} ms of script; written to ${file}) — by source: ${line(summary.byOrigin)}; hottest functions (self): ${line(summary.self)}`);
      }
      if (formTrace) {
        // Kept for a closer look (Chromium DevTools → Performance → load profile, or ui.perfetto.dev).
        const file = path.join(os.tmpdir(), 'lotse-cold-start-form-section.trace.json');
        fs.writeFileSync(file, formTrace);
        const events = parseTrace(formTrace.toString('utf8'));
        const before = summariseTrace(events, { markPrefix: 'lotse:', from: null, to: 'bench:unlock-ready' });
        const after = summariseTrace(events, { markPrefix: 'lotse:', from: 'lotse:unlocked', to: 'bench:form-ready' });
        if (before) notes.push(`Traced start to the form section (written to ${file}), up to the unlock screen interactive: ${traceLine(before)}`);
        if (after) notes.push(`Same trace, from the unlock to the form section interactive: ${traceLine(after)}`);
      }
      return { figures, notes };
    } finally {
      await close();
      await bareServer.stop();
      await lotseServer.stop();
    }
  },
};
