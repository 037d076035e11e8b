/**
 * Sync end to end: interviews captured on a tablet's data layer (src/data on fake-indexeddb)
 * travel from the outbox to committed rows on a real Lotse server process (`syncNow`), on
 * embedded SQLite and on PostgreSQL, each run on a fresh database.
 *
 * Raw baseline, same run, same bytes: a raw IndexedDB `getAll` of the same outbox rows, the
 * same JSON bodies (same batching) POSTed one after another to a bare `node:http` server that
 * stores each batch with one multi-row INSERT into a plain table on the same engine.
 */
// Before src/data: Dexie picks up the global indexedDB when it loads.
import '../lib/fake-indexeddb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enrolDevice, sealOutboxForServer, syncNow, DEFAULT_BATCH_BYTES, DEFAULT_BATCH_ENTRIES, type LotseDatabase, type OutboxEntry } from '../../src/data';
import { PROTOCOL_VERSION } from '../../src/core/sync';
import type { Benchmark, BenchContext } from '../lib/context';
import { captureOnDevice, deviceWith, rawOutboxRows, type CapturedDevice } from '../lib/device';
import { loadPublishedContent } from '../lib/interviews';
import type { Figure } from '../lib/report';
import { committedRevisions, freshDatabase, serverProfileOf, startLotseServer, startRawIngestServer, type Engine, type RawIngestServer } from '../lib/servers';
import { median, percentile } from '../lib/stats';
import { monotonicMicros, profileThisProcess, readProfile, summariseProfile, topLines, type CpuProfile } from '../lib/profile';
import { hold } from '../lib/cleanup';

const CAMPAIGN = 695;
const LARGE = 10_000;
/** The sweep raises the byte cap to the server's limit, so the entry count is what varies. */
const SWEEP_BYTES = 4.5 * 1024 * 1024;

interface BatchSettings {
  maxEntries: number;
  maxBytes: number;
}

interface RunTimes {
  /** Outbox → every entry committed on the server and acknowledged on the device. */
  pushSeconds: number;
  /** Entries per second of each batch (request, answer, acknowledgement on the device). */
  batchRates: number[];
  /** The whole `syncNow`, including the first pull of the published artifacts. */
  syncSeconds: number;
  batches: number;
  bodyBytes: number;
  /** CPU the server process and this process (the device) used over the push, in ms (Linux /proc; null elsewhere). */
  serverCpuMs?: number | null;
  deviceCpuMs?: number;
}

/** user + system CPU of a process in ms, from /proc (null where there is none). */
function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The client's batching rule (count cap, then byte cap, at least one entry), for the baseline. */
function batchesOf(rows: OutboxEntry[], settings: BatchSettings): OutboxEntry[][] {
  const batches: OutboxEntry[][] = [];
  let current: OutboxEntry[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (current.length > 0 && (current.length >= settings.maxEntries || bytes + row.bytes > settings.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += row.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

interface RunOutcome {
  lotse: RunTimes;
  raw: RunTimes;
  /** Where the time went, when the run was profiled. */
  profile?: string[];
  /** With `serverSealed`: ms per entry the device took to seal the outbox for the server (before the push, untimed). */
  sealMsPerEntry?: number;
}

/**
 * As a tablet has it after completing interviews with the server's key pulled (issue #12 item 3):
 * the server's sealing key pulled (by a second, empty device of the same server: the key is made
 * per server database) and every outbox entry sealed for it. Not part of the push's time — the
 * tablet does it right after each completion. Returns ms per entry sealed.
 */
async function sealOutboxLikeATablet(captured: CapturedDevice, db: LotseDatabase, server: { url: string; enrolmentCode(): Promise<string> }, count: number): Promise<number> {
  const probe = await deviceWith(captured, 0);
  try {
    const enrolled = await enrolDevice(probe, { code: await server.enrolmentCode(), deviceName: 'Bench key probe', baseUrl: server.url });
    if (!enrolled.ok) throw new Error(`enrolment of the key probe failed: ${enrolled.message}`);
    await syncNow(probe, { baseUrl: server.url });
    const keys = await probe.artifacts.where('kind').equals('server-key').toArray();
    if (keys.length === 0) throw new Error('the server published no server-key artifact');
    await db.artifacts.bulkPut(keys);
  } finally {
    await probe.delete();
  }
  const start = performance.now();
  const sealed = await sealOutboxForServer(db);
  if (sealed !== count) throw new Error(`sealed ${sealed} of ${count} outbox entries for the server`);
  return (performance.now() - start) / count;
}

/** One repetition: the raw pipeline, then Lotse, from copies of the same captured outbox. */
async function syncRun(
  context: BenchContext,
  engine: Engine,
  captured: CapturedDevice,
  count: number,
  settings: BatchSettings,
  raw: RawIngestServer,
  profileDir?: string,
  serverSealed = false,
): Promise<RunOutcome> {
  const db = await deviceWith(captured, count);
  const server = await startLotseServer(engine, { label: `sync-${engine}`, ...(profileDir && { profileDir }) });
  let profiled: { client: CpuProfile; window: [number, number] } | undefined;
  try {
    // Baseline first: it only reads the outbox, so Lotse then starts from the very same rows.
    const rawStart = performance.now();
    // The rows as stored are sealed (issue #12): the bodies carry the same entries in clear — the
    // payloads as captured — so the baseline is the clear pipeline of before the encryption.
    const clearBySeq = new Map(captured.outbox.map((entry) => [entry.seq, entry]));
    const rows = (await rawOutboxRows(db)).sort((a, b) => a.seq - b.seq).map((row) => ({ ...row, payload: clearBySeq.get(row.seq)!.payload, noticeRef: clearBySeq.get(row.seq)!.noticeRef }));
    let rawBytes = 0;
    const rawBatches = batchesOf(rows, settings);
    let pending = rows.length;
    const rawDeviceId = crypto.randomUUID();
    for (const batch of rawBatches) {
      pending -= batch.length;
      const body = JSON.stringify({
        protocolVersion: PROTOCOL_VERSION,
        deviceId: rawDeviceId,
        batchId: crypto.randomUUID(),
        entries: batch.map(({ seq, recordId, rev, baseRev, formRef, noticeRef, payload, payloadSha256 }) => ({ seq, recordId, rev, baseRev, formRef, noticeRef, payload, payloadSha256 })),
        pendingCount: pending,
      });
      rawBytes += body.length;
      const response = await fetch(`${raw.url}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (!response.ok) throw new Error(`raw ingest answered ${response.status}`);
      await response.json();
    }
    const rawSeconds = (performance.now() - rawStart) / 1000;
    if ((await raw.rowCount()) !== count) throw new Error(`the raw baseline stored ${await raw.rowCount()} of ${count} rows`);
    await raw.reset();
    // After the baseline: it reads the rows as they were before the server's copy was added.
    const sealMsPerEntry = serverSealed ? await sealOutboxLikeATablet(captured, db, server, count) : undefined;

    const enrolled = await enrolDevice(db, { code: await server.enrolmentCode(), deviceName: `Bench ${engine}`, baseUrl: server.url });
    if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.message}`);
    let pushEnd = 0;
    let pushEndMicros = 0;
    let batches = 0;
    let bodyBytes = 0;
    let lastSent = 0;
    const batchRates: number[] = [];
    let startMicros = 0;
    let start = 0;
    let serverCpuStart: number | null = null;
    let serverCpuEnd: number | null = null;
    let deviceCpuStart = 0;
    let deviceCpuEnd = 0;
    const sync = () => {
      // Taken here, inside the profiled work, so the profiler's own start-up stays outside the window.
      startMicros = monotonicMicros();
      start = performance.now();
      serverCpuStart = processCpuMs(server.pid);
      deviceCpuStart = ownCpuMs();
      return syncNow(db, {
        baseUrl: server.url,
        maxEntries: settings.maxEntries,
        maxBytes: settings.maxBytes,
        onProgress: (progress) => {
          if (progress.phase !== 'push' || progress.sent === 0) return;
          const now = performance.now();
          batchRates.push((progress.sent - lastSent) / ((now - (pushEnd || start)) / 1000));
          lastSent = progress.sent;
          pushEnd = now;
          pushEndMicros = monotonicMicros();
          serverCpuEnd = processCpuMs(server.pid);
          deviceCpuEnd = ownCpuMs();
          batches += 1;
          bodyBytes = progress.bytesSent;
        },
      });
    };
    let outcome: Awaited<ReturnType<typeof syncNow>>;
    if (profileDir) {
      const { value, profile } = await profileThisProcess(sync);
      outcome = value;
      profiled = { client: profile, window: [startMicros, pushEndMicros] };
    } else {
      outcome = await sync();
    }
    const end = performance.now();
    if (outcome.kind !== 'done' || outcome.applied !== count) throw new Error(`sync of ${count} on ${engine} ended ${JSON.stringify(outcome)}`);
    const committed = await committedRevisions(server.database);
    if (committed !== count) throw new Error(`the server committed ${committed} of ${count} revisions`);
    context.log(`  ${engine} ${count} × batch ≤${settings.maxEntries}${serverSealed ? ', sealed for the server' : ''}: Lotse ${((pushEnd - start) / 1000).toFixed(2)} s push (${batches} batches), raw ${rawSeconds.toFixed(2)} s${profileDir ? ' (profiled, not counted)' : ''}`);
    const run: RunOutcome = {
      lotse: {
        pushSeconds: (pushEnd - start) / 1000,
        batchRates,
        syncSeconds: (end - start) / 1000,
        batches,
        bodyBytes,
        serverCpuMs: serverCpuStart !== null && serverCpuEnd !== null ? serverCpuEnd - serverCpuStart : null,
        deviceCpuMs: deviceCpuEnd - deviceCpuStart,
      },
      raw: { pushSeconds: rawSeconds, batchRates: [], syncSeconds: rawSeconds, batches: rawBatches.length, bodyBytes: rawBytes },
      ...(sealMsPerEntry !== undefined && { sealMsPerEntry }),
    };
    if (profiled && profileDir) {
      // The server writes its profile when it exits.
      await server.stop();
      const serverFile = serverProfileOf(profileDir, server.pid);
      run.profile = profileNotes(`${engine}${serverSealed ? ' sealed for the server' : ''}`, pushEnd - start, profiled.client, serverFile, profiled.window);
      keepProfiles(`${engine}${serverSealed ? '-sealed' : ''}`, profiled.client, serverFile, profiled.window);
    }
    return run;
  } finally {
    await server.stop();
    await db.delete();
  }
}

/**
 * With BENCH_KEEP_PROFILES=<dir>: the profiled run's device and server profiles are copied there
 * (`sync-<engine>[-sealed]-device.cpuprofile`, `…-server.cpuprofile`, and the push window in
 * `…-window.json`, monotonic µs), for a closer look in DevTools or a script.
 */
function keepProfiles(label: string, client: CpuProfile, serverFile: string | null, window: [number, number]): void {
  const dir = process.env.BENCH_KEEP_PROFILES;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `sync-${label}-device.cpuprofile`), JSON.stringify(client));
  if (serverFile) fs.copyFileSync(serverFile, path.join(dir, `sync-${label}-server.cpuprofile`));
  fs.writeFileSync(path.join(dir, `sync-${label}-window.json`), JSON.stringify(window));
}

function profileNotes(engine: string, wallMs: number, client: CpuProfile, serverFile: string | null, window: [number, number]): string[] {
  const lines: string[] = [];
  const clientSummary = summariseProfile(client, { window });
  lines.push(
    `${engine}, profiled push of ${CAMPAIGN} (${(wallMs / 1000).toFixed(2)} s wall): the device (this process: src/data on fake-indexeddb, HTTP client) was busy ${(clientSummary.totalMs / 1000).toFixed(2)} s ` +
      `(${((clientSummary.totalMs / wallMs) * 100).toFixed(0)}% of the wall time; the sync client overlaps it with the server's work) — ` +
      `by origin: ${topLines(clientSummary.byOrigin, clientSummary.totalMs, 5).map((line) => line.trim().replace(/\s+/g, ' ')).join('; ')}; ` +
      `hottest functions: ${topLines(clientSummary.self, clientSummary.totalMs, 6).map((line) => line.trim().replace(/\s+/g, ' ')).join('; ')}`,
  );
  if (serverFile) {
    const server = summariseProfile(readProfile(serverFile), { window });
    const share = (pattern: RegExp) => server.inclusive.find(([label]) => pattern.test(label))?.[1] ?? 0;
    const parts = [
      ['entry validation (judge: canonical JSON, SHA-256, validateRecordEntry)', share(/^judge /)],
      ['of which canonical JSON', share(/^canonicalJson /)],
      ['of which zod schemas', share(/^safeParse zod/)],
      ['of which the form\'s validation of the answers', share(/^validateAnswers /)],
      ['COMMIT (one per batch)', share(/^commitTransaction kysely/)],
      ['JSON body parsing', share(/^(defaultJsonParser|_parse secure-json-parse)/)],
      ['garbage collection', server.byOrigin.find(([origin]) => origin === '(garbage collector)')?.[1] ?? 0],
    ] as const;
    lines.push(
      `${engine}, server process: busy ${(server.totalMs / 1000).toFixed(2)} s, idle ${Math.max(0, (wallMs - server.totalMs) / 1000).toFixed(2)} s (waiting for the database or the device) — of the busy time: ` +
        parts.map(([label, ms]) => `${label} ${((ms / server.totalMs) * 100).toFixed(0)}%`).join(', ') +
        `; by origin: ${topLines(server.byOrigin, server.totalMs, 5).map((line) => line.trim().replace(/\s+/g, ' ')).join('; ')}` +
        `; hottest functions: ${topLines(server.self, server.totalMs, 8).map((line) => line.trim().replace(/\s+/g, ' ')).join('; ')}`,
    );
  }
  return lines;
}

/** One extra, uncounted run with the device and the server process profiled over the push. */
async function profiledRun(context: BenchContext, engine: Engine, captured: CapturedDevice, raw: RawIngestServer, settings: BatchSettings, serverSealed = false): Promise<string[]> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-bench-profile-'));
  const release = hold(`profile dir ${profileDir}`, () => fs.rmSync(profileDir, { recursive: true, force: true }));
  try {
    const run = await syncRun(context, engine, captured, CAMPAIGN, settings, raw, profileDir, serverSealed);
    return run.profile ?? [];
  } finally {
    await release();
  }
}

function throughputFigure(name: string, count: number, runs: { lotse: RunTimes; raw: RunTimes }[], withGoal: boolean, note?: string): Figure {
  const lotse = runs.map((run) => count / run.lotse.pushSeconds);
  const raw = runs.map((run) => count / run.raw.pushSeconds);
  const figure: Figure = {
    benchmark: 'sync',
    name,
    unit: 'rec/s',
    lotse: median(lotse),
    baseline: median(raw),
    baselineLabel: 'IDB getAll + POST + multi-row INSERT',
    goal: withGoal ? '≥ 0.5× raw' : null,
    pass: null,
    samples: { lotse, baseline: raw },
    ...(note && { note }),
  };
  if (withGoal) figure.pass = median(lotse) / median(raw) >= 0.5;
  return figure;
}

export const syncBenchmark: Benchmark = {
  name: 'sync',
  title: 'Sync end to end (outbox → committed rows)',
  async run(context) {
    const figures: Figure[] = [];
    const notes: string[] = [];
    const content = loadPublishedContent();
    const largest = context.quick ? CAMPAIGN : LARGE;
    context.log(`  capturing ${largest} interviews through src/data on fake-indexeddb…`);
    const captured = await captureOnDevice(content, largest, context.log);
    const campaignBytes = captured.outbox.slice(0, CAMPAIGN).reduce((sum, entry) => sum + entry.bytes, 0);
    notes.push(
      `Interviews: the real Profilingbogen (profilingbogen@1, complete answers that pass its validation) with consent to notice@1 in 12 languages, a drawn signature (strokes + ${Math.round((captured.records[0]?.consent?.evidence?.png?.length ?? 0) / 1024)} KB PNG data URL), every 25th a refusal; ` +
        `${(campaignBytes / CAMPAIGN / 1024).toFixed(1)} KB per outbox entry on average. Capture through src/data on fake-indexeddb took ${captured.captureMsPerInterview.toFixed(1)} ms per interview (create, consent, autosave, complete).`,
    );
    const defaults: BatchSettings = { maxEntries: DEFAULT_BATCH_ENTRIES, maxBytes: DEFAULT_BATCH_BYTES };
    const defaultPerBatch = batchesOf(captured.outbox.slice(0, CAMPAIGN), defaults);
    notes.push(
      `Default batch caps: ${DEFAULT_BATCH_ENTRIES} entries or ${DEFAULT_BATCH_BYTES / 1024 / 1024} MiB — with these entries the byte cap binds first: ${(CAMPAIGN / defaultPerBatch.length).toFixed(0)} entries per batch on average.`,
    );
    // Five: the raw baseline alone varies up to twofold between runs on this shared machine.
    const repetitions = context.quick ? 1 : 5;
    const sweepSizes = context.quick ? [50, 200] : [25, 50, 100, 200];
    const sweepRepetitions = context.quick ? 1 : 2;

    for (const engine of context.engines) {
      const rawDatabase = freshDatabase(engine, `raw-${engine}`);
      const raw = await startRawIngestServer(rawDatabase);
      try {
        // Campaign runs and the batch sweep interleaved, so a burst of load elsewhere on the
        // machine does not land on all repetitions of one setting.
        const campaign: RunOutcome[] = [];
        const sweepRuns = new Map<number, RunOutcome[]>(sweepSizes.map((size) => [size, []]));
        for (let rep = 0; rep < Math.max(repetitions, sweepRepetitions); rep++) {
          if (rep < repetitions) campaign.push(await syncRun(context, engine, captured, CAMPAIGN, defaults, raw));
          if (rep >= sweepRepetitions) continue;
          const order = rep % 2 === 0 ? sweepSizes : [...sweepSizes].reverse();
          for (const size of order) sweepRuns.get(size)!.push(await syncRun(context, engine, captured, CAMPAIGN, { maxEntries: size, maxBytes: SWEEP_BYTES }, raw));
        }
        figures.push(throughputFigure(`sync ${CAMPAIGN} interviews, ${engine}, default batches`, CAMPAIGN, campaign, true));
        const seconds = campaign.map((run) => run.lotse.pushSeconds);
        const rawSeconds = campaign.map((run) => run.raw.pushSeconds);
        figures.push({
          benchmark: 'sync',
          name: `sync ${CAMPAIGN} interviews, ${engine}: time`,
          unit: 's',
          lotse: median(seconds),
          baseline: median(rawSeconds),
          baselineLabel: 'same raw pipeline',
          goal: '< 2 s',
          pass: median(seconds) < 2,
          samples: { lotse: seconds, baseline: rawSeconds },
          note: `whole syncNow incl. first artifact pull: ${median(campaign.map((run) => run.lotse.syncSeconds)).toFixed(2)} s`,
        });
        // Issue #12 item 3: the same push with every entry sealed for the server (the envelope the
        // server opens) against the same entries not sealed — pairs in the same run, alternating
        // which goes first. Goal: ≥ 0.8× the unsealed throughput.
        const sealedPairs: { sealed: RunOutcome; clear: RunOutcome }[] = [];
        for (let pair = 0; pair < (context.quick ? 2 : 3); pair++) {
          const first = await syncRun(context, engine, captured, CAMPAIGN, defaults, raw, undefined, pair % 2 === 0);
          const second = await syncRun(context, engine, captured, CAMPAIGN, defaults, raw, undefined, pair % 2 !== 0);
          sealedPairs.push(pair % 2 === 0 ? { sealed: first, clear: second } : { sealed: second, clear: first });
        }
        const sealedRates = sealedPairs.map((run) => CAMPAIGN / run.sealed.lotse.pushSeconds);
        const clearRates = sealedPairs.map((run) => CAMPAIGN / run.clear.lotse.pushSeconds);
        const sealedRatio = median(sealedRates) / median(clearRates);
        figures.push({
          benchmark: 'sync',
          name: `sync ${CAMPAIGN} interviews, ${engine}: entries sealed for the server`,
          unit: 'rec/s',
          lotse: median(sealedRates),
          baseline: median(clearRates),
          baselineLabel: 'same push, entries not sealed',
          goal: '≥ 0.8× unsealed',
          pass: sealedRatio >= 0.8,
          samples: { lotse: sealedRates, baseline: clearRates },
          note: `${sealedPairs.length} pairs`,
        });
        const sealMs = median(sealedPairs.map((run) => run.sealed.sealMsPerEntry ?? 0));
        notes.push(
          `${engine}: push of ${CAMPAIGN} entries sealed for the server ${Math.round(median(sealedRates))} rec/s vs the same entries not sealed ${Math.round(median(clearRates))} rec/s = ${sealedRatio.toFixed(2)}× (issue #12 goal ≥ 0.8×: ${sealedRatio >= 0.8 ? 'met' : 'MISSED'}; ${sealedPairs.length} pairs, alternating which went first; ` +
            `per pair ${sealedPairs.map((run) => (run.clear.lotse.pushSeconds / run.sealed.lotse.pushSeconds).toFixed(2)).join(', ')}×). Sealing them on the device beforehand (untimed; a tablet does it at completion): ${sealMs.toFixed(1)} ms per entry.`,
        );

        // CPU per entry moves far less with the machine's load than the wall time does.
        const cpuPerEntry = (runs: RunOutcome[], side: 'serverCpuMs' | 'deviceCpuMs') => {
          const values = runs.map((run) => run.lotse[side]).filter((value): value is number => typeof value === 'number');
          return values.length > 0 ? (median(values) / CAMPAIGN).toFixed(2) : 'n/a';
        };
        notes.push(
          `${engine}: CPU per entry over the push (median; less load-dependent than rec/s) — default batches: server ${cpuPerEntry(campaign, 'serverCpuMs')} ms, device ${cpuPerEntry(campaign, 'deviceCpuMs')} ms; ` +
            `pairs: server ${cpuPerEntry(sealedPairs.map((run) => run.sealed), 'serverCpuMs')} ms sealed vs ${cpuPerEntry(sealedPairs.map((run) => run.clear), 'serverCpuMs')} ms not sealed, ` +
            `device ${cpuPerEntry(sealedPairs.map((run) => run.sealed), 'deviceCpuMs')} ms sealed vs ${cpuPerEntry(sealedPairs.map((run) => run.clear), 'deviceCpuMs')} ms not sealed.`,
        );

        // The full run always explains itself (one extra, uncounted, profiled run); quick runs only with --profile.
        if (context.profile || !context.quick) {
          notes.push(...(await profiledRun(context, engine, captured, raw, defaults)));
          notes.push(...(await profiledRun(context, engine, captured, raw, defaults, true)));
        }
        notes.push(`${engine}: a whole first syncNow of ${CAMPAIGN} (push + first pull of the published form and ${content.notices.size} notices) took ${median(campaign.map((run) => run.lotse.syncSeconds)).toFixed(2)} s (median); the push alone ${median(seconds).toFixed(2)} s.`);

        const sweep: { size: number; rate: number; rawRate: number }[] = [];
        for (const size of sweepSizes) {
          const runs = sweepRuns.get(size)!;
          const bodyKb = runs[0]!.lotse.bodyBytes / runs[0]!.lotse.batches / 1024;
          const figure = throughputFigure(`  sweep: batch ${size} entries (~${Math.round(bodyKb)} KB), ${engine}`, CAMPAIGN, runs, false);
          figures.push(figure);
          sweep.push({ size, rate: figure.lotse!, rawRate: figure.baseline! });
        }
        const best = [...sweep].sort((a, b) => b.rate - a.rate)[0];
        if (best) {
          notes.push(
            `${engine} batch sweep (byte cap raised to ${(SWEEP_BYTES / 1024 / 1024).toFixed(1)} MiB, ${sweepRepetitions} run(s) each): ` +
              sweep.map((entry) => `${entry.size} → ${Math.round(entry.rate)} rec/s (${(entry.rate / entry.rawRate).toFixed(2)}× raw)`).join(', ') +
              `; best ${best.size}. Default caps (${DEFAULT_BATCH_ENTRIES} entries / ${DEFAULT_BATCH_BYTES / 1024 / 1024} MiB): ${Math.round(median(campaign.map((run) => CAMPAIGN / run.lotse.pushSeconds)))} rec/s.`,
          );
        }

        if (!context.quick) {
          // One run of 10,000 (about a minute each): its ~200 batches are the repetitions.
          const large = await syncRun(context, engine, captured, LARGE, defaults, raw);
          const perBatch = large.lotse.batchRates;
          figures.push(throughputFigure(`sync ${LARGE.toLocaleString('en-US')} interviews, ${engine}, default batches`, LARGE, [large], true, `1 run; per batch p50 ${Math.round(median(perBatch))} rec/s`));
          notes.push(
            `${engine}: 10,000 interviews in one run of ${large.lotse.batches} batches: ${large.lotse.pushSeconds.toFixed(1)} s (raw ${large.raw.pushSeconds.toFixed(1)} s); per batch ${Math.round(percentile(perBatch, 5))}–${Math.round(percentile(perBatch, 95))} rec/s (p5–p95), ` +
              `first 10% of batches ${Math.round(median(perBatch.slice(0, Math.ceil(perBatch.length / 10))))} rec/s, last 10% ${Math.round(median(perBatch.slice(-Math.ceil(perBatch.length / 10))))} rec/s.`,
          );
        }
      } finally {
        await raw.stop();
        await rawDatabase.drop();
      }
    }
    return { figures, notes };
  },
};
