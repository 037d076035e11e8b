/**
 * Exports: `GET /api/v1/exports/records.xlsx` for one tablet's ~10,000 records and
 * `GET /api/v1/exports/records.csv` (a ZIP of CSV files) for 100,000, from a real server process
 * whose records came through the push path (`npm run lotse -- demo-data`, run against the same
 * database). Measured: time to the last byte, and the server process's peak resident memory
 * while it exports (sampled from /proc every 50 ms), beside its resident memory just before.
 * Baseline: bench/baselines/raw-export.ts in a process of its own — the same records read in
 * the same pages and written with fflate directly (one flat row per record, no labels, no
 * repeat groups, no dictionary); its time and its peak resident memory.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { Benchmark, BenchContext } from '../lib/context';
import { benchDir, repoRoot } from '../lib/paths';
import type { Figure } from '../lib/report';
import { startLotseServer, type Engine, type LotseServer } from '../lib/servers';
import { median } from '../lib/stats';

interface Plan {
  /** Records loaded; the CSV export takes them all. */
  total: number;
  /** Tablets they come from; the XLSX export takes one tablet's. */
  devices: number;
  repetitions: number;
}

function plans(quick: boolean, engine: Engine): Plan {
  // On a machine too busy for the full load: BENCH_EXPORTS_RECORDS=20000 BENCH_EXPORTS_DEVICES=2 (the notes say what ran).
  const records = Number(process.env.BENCH_EXPORTS_RECORDS);
  if (Number.isInteger(records) && records > 0) return { total: records, devices: Number(process.env.BENCH_EXPORTS_DEVICES) || 2, repetitions: 1 };
  if (quick) return { total: 3_000, devices: 3, repetitions: 1 };
  // Issue #10: XLSX of 10,000 records, CSV of 100,000, on each engine. 100,000 records take the
  // push path ~10 minutes of CPU on this machine (more under load): once per engine per run.
  void engine;
  return { total: 100_000, devices: 10, repetitions: 1 };
}

function residentMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function run(command: string[], env: Record<string, string>, log: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...command], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`))));
    child.once('error', reject);
    void log;
  });
}

/** A GET read to its end, however long the answer takes to begin; its status. */
function getWithoutTimeout(url: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { cookie } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

interface Measured {
  seconds: number;
  peakMB: number;
  beforeMB: number;
  bytes: number;
}

/** One export through HTTP, the server's memory sampled meanwhile. */
async function lotseExport(server: LotseServer, route: string): Promise<Measured> {
  const beforeMB = residentMB(server.pid);
  let peakMB = beforeMB;
  const sampler = setInterval(() => {
    try {
      peakMB = Math.max(peakMB, residentMB(server.pid));
    } catch {
      // The process is gone: the request fails below.
    }
  }, 50);
  const start = performance.now();
  try {
    const response = await fetch(`${server.url}${route}`, { headers: { cookie: server.coordinatorCookie } });
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    let bytes = 0;
    let tail = new Uint8Array(0);
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      tail = value.length >= 22 ? value.slice(-22) : new Uint8Array([...tail, ...value].slice(-22));
    }
    // A whole archive ends with its end-of-central-directory record.
    if (new DataView(tail.buffer, tail.byteOffset).getUint32(0, true) !== 0x06054b50) throw new Error(`${route}: the archive is cut short`);
    return { seconds: (performance.now() - start) / 1000, peakMB: Math.max(peakMB, residentMB(server.pid)), beforeMB, bytes };
  } finally {
    clearInterval(sampler);
  }
}

async function rawExport(server: LotseServer, format: 'xlsx' | 'csv', device: string | null, log: (line: string) => void): Promise<{ seconds: number; maxRssMB: number; rows: number }> {
  const out = await run([path.join(benchDir, 'baselines/raw-export.ts')], { ...server.database.env, BENCH_ENGINE: server.engine, BENCH_FORMAT: format, BENCH_DEVICE: device ?? '' }, log);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; maxRssMB: number; rows: number };
}

export const exportsBenchmark: Benchmark = {
  name: 'exports',
  title: 'Exports: XLSX of ~10,000 records, ZIP of CSV of 100,000 (time, server memory)',
  async run(context: BenchContext) {
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const engine of context.engines) {
      const plan = plans(context.quick, engine);
      const server = await startLotseServer(engine, { label: `exports-${engine}` });
      try {
        const loadStart = performance.now();
        context.log(`  ${engine}: loading ${plan.total.toLocaleString('en-US')} demo records through the push path …`);
        await run(['src/server/cli.ts', 'demo-data', '--count', String(plan.total), '--devices', String(plan.devices), '--seed', '42'], { ...server.database.env, LOG_LEVEL: 'error' }, context.log);
        const loadSeconds = (performance.now() - loadStart) / 1000;
        // The evaluation facts the export filters on are projected once after pushes; not part of the export's time.
        // node:http, not fetch: projecting 100,000 records can take longer than fetch waits for headers (300 s).
        const warm = await getWithoutTimeout(`${server.url}/api/v1/evaluation`, server.coordinatorCookie);
        if (warm !== 200) throw new Error(`evaluation answered ${warm}`);
        const devices = ((await (await fetch(`${server.url}/api/v1/devices`, { headers: { cookie: server.coordinatorCookie } })).json()) as { devices: { id: string; entriesReceived: number }[] }).devices;
        const tablet = devices.sort((a, b) => b.entriesReceived - a.entriesReceived)[0]!;
        const tabletRecords = (
          (await (await fetch(`${server.url}/api/v1/records?deviceId=${tablet.id}&limit=1`, { headers: { cookie: server.coordinatorCookie } })).json()) as { page: { total: number } }
        ).page.total;
        context.log(`  ${engine}: loaded in ${loadSeconds.toFixed(0)} s; one tablet holds ${tabletRecords} records`);

        // The CSV of one tablet too: its memory beside that of all records shows whether memory grows with them.
        for (const [format, device, count] of [['xlsx', tablet.id, tabletRecords], ['csv', tablet.id, tabletRecords], ['csv', null, plan.total]] as const) {
          const lotse: Measured[] = [];
          const raw: { seconds: number; maxRssMB: number; rows: number }[] = [];
          for (let rep = 0; rep < plan.repetitions; rep++) {
            lotse.push(await lotseExport(server, `/api/v1/exports/records.${format}${device ? `?deviceId=${device}` : ''}`));
            raw.push(await rawExport(server, format, device, context.log));
            if (raw.at(-1)!.rows !== count) throw new Error(`the raw baseline wrote ${raw.at(-1)!.rows} rows, not ${count}`);
            context.log(`  ${engine} ${format}: Lotse ${lotse.at(-1)!.seconds.toFixed(1)} s, peak ${lotse.at(-1)!.peakMB.toFixed(0)} MB (before ${lotse.at(-1)!.beforeMB.toFixed(0)} MB); raw ${raw.at(-1)!.seconds.toFixed(1)} s, ${raw.at(-1)!.maxRssMB.toFixed(0)} MB`);
          }
          const label = `${format === 'xlsx' ? 'XLSX' : 'ZIP of CSV'}, ${count.toLocaleString('en-US')} records, ${engine}`;
          figures.push({
            benchmark: 'exports',
            name: `export ${label}: time to last byte`,
            unit: 's',
            lotse: median(lotse.map((m) => m.seconds)),
            baseline: median(raw.map((m) => m.seconds)),
            baselineLabel: 'same rows read and zipped with fflate directly',
            goal: null,
            pass: null,
            samples: { lotse: lotse.map((m) => m.seconds), baseline: raw.map((m) => m.seconds) },
          });
          figures.push({
            benchmark: 'exports',
            name: `export ${label}: peak resident memory of the process`,
            unit: 'MB',
            lotse: Math.max(...lotse.map((m) => m.peakMB)),
            baseline: Math.max(...raw.map((m) => m.maxRssMB)),
            baselineLabel: 'the raw export process',
            goal: null,
            pass: null,
          });
          notes.push(
            `${engine} ${format}: ${count.toLocaleString('en-US')} records → ${(median(lotse.map((m) => m.bytes)) / 1024 / 1024).toFixed(1)} MB file; the server held ${lotse[0]!.beforeMB.toFixed(0)} MB before and at most ${Math.max(...lotse.map((m) => m.peakMB)).toFixed(0)} MB during the export (growth ${(Math.max(...lotse.map((m) => m.peakMB - m.beforeMB))).toFixed(0)} MB).`,
          );
        }
        notes.push(`${engine}: ${plan.total.toLocaleString('en-US')} demo records (${plan.devices} tablets) loaded through the push path in ${loadSeconds.toFixed(0)} s (not measured as export time); the evaluation facts were projected before the first export.`);
      } finally {
        await server.stop();
      }
    }
    for (const engine of context.engines) {
      const growth = (count: (name: string) => boolean) => figures.find((f) => f.name.includes(engine) && f.name.includes('ZIP of CSV') && f.name.includes('peak') && count(f.name));
      const small = growth((name) => !name.includes('100,000'));
      const large = growth((name) => name.includes('100,000'));
      if (small?.lotse && large?.lotse) notes.push(`${engine}: peak memory of the CSV export, one tablet's records ${small.lotse.toFixed(0)} MB vs all 100,000 ${large.lotse.toFixed(0)} MB (ratio ${(large.lotse / small.lotse).toFixed(2)}; ~1 = does not grow with the records).`);
    }
    notes.push('Lotse writes labels, a table per repeat group (spooled compressed to a temporary directory), the data dictionary and the metadata, and sends it over HTTP; the baseline writes one flat row per record and drops the bytes. Memory that does not grow with the records: compare the growth at ~10,000 and at 100,000 records.');
    return { figures, notes };
  },
};
