/**
 * Server ingest under load: 50 tablets, enrolled through the API, push their batches at the
 * same time against ONE Lotse server process (each tablet sends its batches one after the
 * other, as the sync client does). Measured: entries per second over the whole burst and the
 * latency of each batch (p50/p95), on embedded SQLite and on PostgreSQL.
 * Baseline: the same bodies, with the same concurrency, to the raw ingest server (bare
 * `node:http`, one multi-row INSERT per batch into a plain table on the same engine).
 */
import crypto from 'node:crypto';
import { noticeRef } from '../../src/core/consent';
import type { InterviewRecord } from '../../src/core/record';
import { canonicalJson } from '../../src/core/sync';
import type { Benchmark, BenchContext } from '../lib/context';
import { answersFor, applicantFor, consentFor, loadPublishedContent, type PublishedContent } from '../lib/interviews';
import type { Figure } from '../lib/report';
import { committedRevisions, freshDatabase, startLotseServer, startRawIngestServer, type Engine } from '../lib/servers';
import { median, percentile } from '../lib/stats';

const DEVICES = 50;

interface Plan {
  batchesPerDevice: number;
  entriesPerBatch: number;
  repetitions: number;
}

/** A payload template per applicant kind; every entry is a copy under a new record id. */
function templates(content: PublishedContent, count: number): InterviewRecord[] {
  const at = new Date();
  return Array.from({ length: count }, (_, index) => {
    const recordId = crypto.randomUUID();
    const applicant = applicantFor(index);
    const { consent } = consentFor(content, index, recordId, 'given', at);
    const iso = at.toISOString();
    return {
      recordId,
      interview: { interviewerId: 'iv-bench', interviewerName: 'Ines Interviewerin', startedAt: iso, completedAt: iso, applicantLang: consent.language, interviewLang: 'de', site: 'Unterkunft Nord' },
      consent,
      answers: answersFor(index, recordId, applicant, 'Ines Interviewerin', 'Unterkunft Nord', at),
    };
  });
}

/** The JSON text of one push entry for a fresh record copied from `template`. */
function entryJson(content: PublishedContent, template: InterviewRecord, seq: number): string {
  const recordId = crypto.randomUUID();
  const payload = JSON.parse(canonicalJson({
    ...template,
    recordId,
    consent: { ...template.consent, interview_id: recordId, record_id: crypto.randomUUID(), pii_principal_id: `person-${recordId.slice(0, 8)}` },
    answers: { ...template.answers, interviewId: recordId },
  })) as Record<string, unknown>;
  const notice = content.notices.get(template.consent.language) ?? content.germanNotice;
  // SHA-256 of the canonical JSON, as payloadHash computes it (node:crypto here, for speed; the server checks it).
  const payloadSha256 = crypto.createHash('sha256').update(canonicalJson(payload), 'utf8').digest('hex');
  return JSON.stringify({ seq, recordId, rev: 1, baseRev: 0, formRef: content.formRef, noticeRef: noticeRef(notice), payload, payloadSha256 });
}

interface Burst {
  seconds: number;
  latenciesMs: number[];
  entries: number;
  statuses: Record<string, number>;
}

/** Every device pushes its batches in order; all devices at once. */
async function burst(url: string, devices: { deviceId: string; deviceToken: string }[], batches: string[][][], pendingAfter: (batch: number) => number): Promise<Burst> {
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let entries = 0;
  const start = performance.now();
  await Promise.all(
    devices.map(async (device, index) => {
      for (const [batchNumber, entryTexts] of batches[index]!.entries()) {
        const body = `{"protocolVersion":1,"deviceId":${JSON.stringify(device.deviceId)},"batchId":"${crypto.randomUUID()}","entries":[${entryTexts.join(',')}],"pendingCount":${pendingAfter(batchNumber)}}`;
        const sent = performance.now();
        const response = await fetch(`${url}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${device.deviceToken}` }, body });
        if (!response.ok) throw new Error(`push answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        const answer = (await response.json()) as { results: { status: string; code?: string; message?: string }[] };
        latenciesMs.push(performance.now() - sent);
        for (const result of answer.results) statuses[result.status] = (statuses[result.status] ?? 0) + 1;
        entries += entryTexts.length;
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, latenciesMs, entries, statuses };
}

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  title: `Server ingest under load (${DEVICES} devices at once)`,
  async run(context: BenchContext) {
    const plan: Plan = context.quick ? { batchesPerDevice: 1, entriesPerBatch: 20, repetitions: 1 } : { batchesPerDevice: 2, entriesPerBatch: 40, repetitions: 2 };
    const content = loadPublishedContent();
    const pool = templates(content, 24);
    // Entries for every repetition and device (seq continues per device across repetitions).
    const perDevice = plan.batchesPerDevice * plan.entriesPerBatch;
    const generateStart = performance.now();
    const plans = Array.from({ length: plan.repetitions }, (_, rep) =>
      Array.from({ length: DEVICES }, (_, device) =>
        Array.from({ length: plan.batchesPerDevice }, (_, batch) =>
          Array.from({ length: plan.entriesPerBatch }, (_, i) => {
            const seq = rep * perDevice + batch * plan.entriesPerBatch + i + 1;
            return entryJson(content, pool[(device * 7 + seq) % pool.length]!, seq);
          }),
        ),
      ),
    );
    const total = DEVICES * perDevice;
    context.log(`  ${plan.repetitions} × ${total} entries (${DEVICES} devices × ${plan.batchesPerDevice} batches × ${plan.entriesPerBatch}) generated in ${((performance.now() - generateStart) / 1000).toFixed(1)} s`);
    const pendingAfter = (batch: number) => (plan.batchesPerDevice - batch - 1) * plan.entriesPerBatch;
    const figures: Figure[] = [];
    const notes: string[] = [];

    for (const engine of context.engines as Engine[]) {
      const server = await startLotseServer(engine, { label: `ingest-${engine}` });
      const rawDatabase = freshDatabase(engine, `ingest-raw-${engine}`);
      const raw = await startRawIngestServer(rawDatabase);
      try {
        const devices = [];
        for (let i = 0; i < DEVICES; i++) devices.push(await server.enrolDevice(`Tablet ${i + 1}`));
        const lotse: Burst[] = [];
        const baseline: Burst[] = [];
        for (let rep = 0; rep < plan.repetitions; rep++) {
          const batches = plans[rep]!;
          lotse.push(await burst(server.url, devices, batches, pendingAfter));
          baseline.push(await burst(raw.url, devices, batches, pendingAfter));
          context.log(`  ${engine}: Lotse ${lotse.at(-1)!.seconds.toFixed(2)} s ${JSON.stringify(lotse.at(-1)!.statuses)}, raw ${baseline.at(-1)!.seconds.toFixed(2)} s`);
          const applied = lotse.at(-1)!.statuses.applied ?? 0;
          if (applied !== total) throw new Error(`${engine}: ${applied} of ${total} entries applied: ${JSON.stringify(lotse.at(-1)!.statuses)}`);
        }
        const committed = await committedRevisions(server.database);
        if (committed !== total * plan.repetitions) throw new Error(`${engine}: the server committed ${committed} of ${total * plan.repetitions} revisions`);
        if ((await raw.rowCount()) !== total * plan.repetitions) throw new Error(`${engine}: the raw baseline stored ${await raw.rowCount()} rows`);
        const rate = (bursts: Burst[]) => bursts.map((b) => b.entries / b.seconds);
        const latencies = (bursts: Burst[]) => bursts.flatMap((b) => b.latenciesMs);
        figures.push({
          benchmark: 'ingest',
          name: `ingest, ${DEVICES} devices at once, ${engine}: throughput`,
          unit: 'entries/s',
          lotse: median(rate(lotse)),
          baseline: median(rate(baseline)),
          baselineLabel: 'bare http + multi-row INSERT',
          goal: null,
          pass: null,
          samples: { lotse: rate(lotse), baseline: rate(baseline) },
        });
        for (const p of [50, 95]) {
          figures.push({
            benchmark: 'ingest',
            name: `ingest, ${DEVICES} devices at once, ${engine}: batch latency p${p}`,
            unit: 'ms',
            lotse: percentile(latencies(lotse), p),
            baseline: percentile(latencies(baseline), p),
            baselineLabel: 'same, bare',
            goal: null,
            pass: null,
          });
        }
        notes.push(
          `${engine}: ${plan.repetitions} burst(s) of ${total} entries (${DEVICES} devices × ${plan.batchesPerDevice} batches × ${plan.entriesPerBatch} entries, ~${Math.round(plans[0]![0]![0]!.join(',').length / plan.entriesPerBatch / 1024)} KB each), all applied exactly once; ` +
            `Lotse took ${median(lotse.map((b) => b.seconds)).toFixed(1)} s per burst (slowest batch ${(Math.max(...latencies(lotse)) / 1000).toFixed(1)} s), the raw baseline ${median(baseline.map((b) => b.seconds)).toFixed(1)} s.`,
        );
      } finally {
        await raw.stop();
        await rawDatabase.drop();
        await server.stop();
      }
    }
    notes.push('Lotse validates every entry against the form and notice and stores each entry with its outcome, one transaction per batch (sync-protocol.md, src/server/sync/push.ts); the baseline validates nothing and only inserts the rows. Where the time goes: see the sync notes (profile).');
    return { figures, notes };
  },
};
