/**
 * Loads a synthetic campaign for trying, training, tests and benchmarks, and removes it again.
 *
 * No side door: the demo tablets are device rows marked `demo`, and their interviews arrive through
 * `handlePush`, the same validation and storage path as a real tablet's push (exactly-once
 * sequence numbers, record validation against the published form and notice, stored outcomes).
 * `removeDemoData` deletes exactly what those devices delivered and the devices themselves.
 */
import Fastify from 'fastify';
import { noticeRef, type NoticeArtifact } from '../../core/consent/index';
import type { FormDefinition } from '../../core/form/index';
import { payloadHash } from '../../core/record/index';
import { canonicalJson, PROTOCOL_VERSION, type PushEntry } from '../../core/sync/index';
import { listArtifacts } from '../artifacts/store';
import type { ServerContext } from '../context';
import { hashSecret, randomToken } from '../auth/secrets';
import { handlePush } from '../sync/push';
import { demoCampaign, type DemoCampaignOptions, type DemoContent } from './campaign';
import { seededRandom, seededUuid } from './random';

export const DEMO_DEFAULTS = { count: 695, seed: 2016, start: '2026-09-07', weeks: 10, devices: 4 } as const;

/** Entries per push, as a tablet sends them. */
const BATCH = 100;

export interface DemoSummary {
  devices: number;
  records: number;
  revisions: number;
  refusals: number;
  withdrawals: number;
}

export class DemoDataError extends Error {
  override name = 'DemoDataError';
}

/** Every published, not retired form and notice, as the campaign needs them. */
async function publishedContent(context: ServerContext): Promise<DemoContent> {
  const artifacts = (await listArtifacts(context.database.db)).filter((a) => !a.retired);
  const forms: FormDefinition[] = [];
  for (const a of artifacts.filter((a) => a.kind === 'form' && a.id === 'profilingbogen')) {
    const form = await context.artifacts.form(`${a.id}@${a.version}`);
    if (form) forms.push(form);
  }
  const notices = new Map<number, Map<string, NoticeArtifact>>();
  for (const a of artifacts.filter((a) => a.kind === 'notice' && a.id === 'notice' && a.lang !== null)) {
    const notice = await context.artifacts.notice(a.id, a.version, a.lang!);
    if (!notice) continue;
    const texts = notices.get(a.version) ?? new Map<string, NoticeArtifact>();
    texts.set(notice.lang, notice);
    notices.set(a.version, texts);
  }
  // A version can be used only with its German text, which the record names as its reference.
  for (const [version, texts] of notices) if (!texts.has('de')) notices.delete(version);
  forms.sort((a, b) => a.version - b.version);
  if (forms.length === 0) throw new DemoDataError('No Profilingbogen is published. Start the server once (it publishes content/) or publish one first.');
  if (notices.size === 0) throw new DemoDataError('No privacy notice with its German text is published. Start the server once (it publishes content/) first.');
  return { forms, notices };
}

function entryOf(interview: { formRef: string | null; notice: NoticeArtifact }, payload: object, rev: number, seq: number): PushEntry {
  const plain = JSON.parse(canonicalJson(payload)) as Record<string, unknown>;
  return {
    seq,
    recordId: (payload as { recordId: string }).recordId,
    rev,
    baseRev: rev - 1,
    formRef: interview.formRef,
    noticeRef: noticeRef(interview.notice),
    payload: plain,
    payloadSha256: payloadHash(plain),
  };
}

export interface DemoDataOptions extends Partial<Omit<DemoCampaignOptions, 'start'>> {
  /** First day of the campaign, `YYYY-MM-DD`. */
  start?: string;
  /** Told after each push (records delivered so far, of all). */
  onProgress?: (done: number, total: number) => void;
}

export async function insertDemoData(context: ServerContext, options: DemoDataOptions = {}): Promise<DemoSummary> {
  const { db } = context.database;
  const count = options.count ?? DEMO_DEFAULTS.count;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const weeks = options.weeks ?? DEMO_DEFAULTS.weeks;
  const deviceCount = options.devices ?? DEMO_DEFAULTS.devices;
  const start = new Date(`${options.start ?? DEMO_DEFAULTS.start}T00:00:00.000Z`);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new DemoDataError('--count must be a whole number from 1 to 1,000,000.');
  if (!Number.isInteger(seed)) throw new DemoDataError('--seed must be a whole number.');
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) throw new DemoDataError('--weeks must be a whole number from 1 to 520.');
  if (!Number.isInteger(deviceCount) || deviceCount < 1 || deviceCount > 50) throw new DemoDataError('--devices must be a whole number from 1 to 50.');
  if (Number.isNaN(start.getTime())) throw new DemoDataError('--start must be a date as YYYY-MM-DD.');
  // Interviews in the future are refused by the form's own rules (a date "not in the future").
  if (start.getTime() + weeks * 7 * 86_400_000 > context.now().getTime()) {
    throw new DemoDataError(`The campaign would end after today: choose an earlier --start than ${options.start ?? DEMO_DEFAULTS.start} or fewer --weeks.`);
  }
  const existing = await db.selectFrom('devices').select((eb) => eb.fn.countAll<number>().as('n')).where('demo', '=', 1).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) throw new DemoDataError('Demo data is already loaded. Remove it first with: npm run lotse -- demo-data --remove');

  const content = await publishedContent(context);
  const interviews = demoCampaign(content, { count, seed, start, weeks, devices: deviceCount });

  // The tablets: ids from the seed like everything else; tokens random and thrown away (nobody syncs as a demo tablet).
  const random = seededRandom(seed * 31 + 5);
  const nowIso = context.now().toISOString();
  const deviceIds = Array.from({ length: deviceCount }, () => seededUuid(random));
  await db
    .insertInto('devices')
    .values(deviceIds.map((id, index) => ({ id, name: `Demo-Tablet ${index + 1}`, token_hash: hashSecret(randomToken()), enrolled_at: nowIso, enrolment_id: null, revoked_at: null, last_seen_at: null, last_sync_at: null, pending_count: null, succeeds: null, demo: 1 })))
    .execute();

  // Each tablet's outbox: first captures in order, then the later withdrawals (they came afterwards).
  // Made one tablet at a time: 100,000 entries with their signature images at once would be ~2 GB.
  const outboxOf = (device: number) => {
    const first: PushEntry[] = [];
    const later: PushEntry[] = [];
    for (const interview of interviews) {
      if (interview.device !== device) continue;
      first.push(entryOf(interview, interview.revisions[0]!, 1, 0));
      interview.revisions.slice(1).forEach((revision, index) => later.push(entryOf(interview, revision, index + 2, 0)));
    }
    return [...first, ...later];
  };
  const withdrawals = interviews.reduce((sum, interview) => sum + interview.revisions.length - 1, 0);

  const log = Fastify({ logger: false }).log;
  const total = interviews.length;
  let done = 0;
  for (const [index, deviceId] of deviceIds.entries()) {
    const entries = outboxOf(index).map((entry, i) => ({ ...entry, seq: i + 1 }));
    for (let from = 0; from < entries.length; ) {
      const batch = entries.slice(from, from + BATCH);
      const answer = await handlePush(
        context,
        deviceId,
        { protocolVersion: PROTOCOL_VERSION, deviceId, batchId: seededUuid(random), entries: batch, pendingCount: entries.length - from - batch.length },
        log,
      );
      const refused = answer.results.find((result) => result.status !== 'applied' && result.status !== 'duplicate');
      if (refused) {
        throw new DemoDataError(`The server did not apply a demo record (${JSON.stringify(refused)}); the demo data may not fit the published content. Remove it with --remove.`);
      }
      // As a tablet does: when the database failed part-way (another process held it), the batch
      // was committed up to lastSeq, and the rest is sent again.
      const next = answer.lastSeq; // seq is index + 1
      if (next <= from) throw new DemoDataError('The server stored nothing of a demo batch; is the database available?');
      done += entries.slice(from, next).filter((entry) => entry.rev === 1).length;
      from = next;
      options.onProgress?.(done, total);
    }
  }
  return {
    devices: deviceCount,
    records: total,
    revisions: total + withdrawals,
    refusals: interviews.filter((interview) => interview.formRef === null).length,
    withdrawals,
  };
}

export interface DemoRemoval {
  devices: number;
  records: number;
}

/** Deletes the demo tablets and everything they delivered; nothing else. */
export async function removeDemoData(context: ServerContext): Promise<DemoRemoval> {
  return context.database.db.transaction().execute(async (trx) => {
    const demoDevices = trx.selectFrom('devices').select('id').where('demo', '=', 1);
    const demoRecords = trx.selectFrom('records').select('record_id').where('device_id', 'in', demoDevices);
    const records = await trx.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('device_id', 'in', demoDevices).executeTakeFirstOrThrow();
    await trx.deleteFrom('conflicts').where((eb) => eb.or([eb('device_id', 'in', demoDevices), eb('record_id', 'in', demoRecords)])).execute();
    await trx.deleteFrom('push_outcomes').where('device_id', 'in', demoDevices).execute();
    await trx.deleteFrom('record_revisions').where('record_id', 'in', demoRecords).execute();
    // The record list's search rows hold names: they go with the records (records/search.ts).
    await trx.deleteFrom('record_search_values').where('record_id', 'in', demoRecords).execute();
    await trx.deleteFrom('record_search').where('record_id', 'in', demoRecords).execute();
    for (const table of ['disclosure_records', 'erasure_confirmations', 'partial_erasure_confirmations', 'erasures', 'consent_withdrawals', 'record_consent', 'evaluation_values', 'evaluation_facts'] as const) {
      await trx.deleteFrom(table).where('record_id', 'in', demoRecords).execute();
    }
    await trx.deleteFrom('records').where('device_id', 'in', demoDevices).execute();
    const devices = await trx.deleteFrom('devices').where('demo', '=', 1).executeTakeFirst();
    return { devices: Number(devices.numDeletedRows), records: Number(records.n) };
  });
}
