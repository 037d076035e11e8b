/**
 * Chaos sync: several tablets (src/data on fake-indexeddb) capture interviews and sync through a
 * proxy that drops, delays, duplicates, reorders and cuts requests and answers, while the server
 * — a real process — is killed with SIGKILL mid-batch and restarted on the same database, and
 * one tablet's app restarts between every attempt. What a coordinator and an interviewer would
 * check afterwards is asserted: every captured revision is on the server exactly once, every
 * record a tablet shows as synced is committed there, nothing is lost on any tablet, and no
 * valid interview ended up as a sync issue.
 */
// Before src/data: Dexie looks for IndexedDB when it is loaded.
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syncNow, type SyncOutcome } from '../../src/data';
import { createCoordinator } from '../../src/server/accounts/coordinators';
import { createEnrolment } from '../../src/server/accounts/enrolments';
import { engines, freshTestDatabaseEnv, openTestDatabase, type TestDatabase } from '../../src/server/testing/databases';
import { writeTestContentDir } from '../../src/server/testing/processes';
import { TEST_PASSWORD } from '../../src/server/testing/api';
import { byLevel, testSeed } from './support/settings';
import { seededRandom, sleep, type SeededRandom } from './support/seeded-random';
import { chaosFaults, startChaosProxy, type ChaosFault, type ChaosProxy } from './support/chaos-proxy';
import { portOf, startCrashingServer, type CrashingServer } from './support/crashing-server';
import { createTablet, type SimulatedTablet } from './support/tablet';

const FILE = 'integration/reliability/chaos.test.ts';

const size = byLevel({
  default: { tablets: 5, capturesPerTablet: 14, crashes: 3, pushesBetweenCrashes: [3, 10] as [number, number], maxAttempts: 200, budgetMs: 100_000 },
  nightly: { tablets: 10, capturesPerTablet: 150, crashes: 25, pushesBetweenCrashes: [5, 30] as [number, number], maxAttempts: 3_000, budgetMs: 1_500_000 },
});

const faultRates: Record<ChaosFault, number> = {
  drop_request: 0.06,
  drop_response: 0.08,
  delay: 0.12,
  duplicate: 0.08,
  reorder: 0.06,
  cut_request: 0.05,
  cut_response: 0.05,
};

/** The browser gives up on a hanging request too; the proxy never hangs, this only bounds a bug. */
const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(25_000) });

async function expectAcknowledgedRecordsCommitted(database: TestDatabase, tablet: SimulatedTablet): Promise<void> {
  const acknowledged = (await tablet.db.records.toArray()).filter((record) => record.serverRev > 0 || record.status === 'synced');
  if (acknowledged.length === 0) return;
  const rows = await database.db
    .selectFrom('record_revisions')
    .select(['record_id', 'rev'])
    .where('record_id', 'in', acknowledged.map((record) => record.recordId))
    .execute();
  const committed = new Set(rows.map((row) => `${row.record_id}#${row.rev}`));
  for (const record of acknowledged) {
    expect(committed.has(`${record.recordId}#${record.serverRev}`), `${tablet.name}: ${record.recordId} acknowledged at rev ${record.serverRev} but not committed`).toBe(true);
    if (record.status === 'synced') {
      expect(committed.has(`${record.recordId}#${record.rev}`), `${tablet.name}: ${record.recordId} shown as synced at rev ${record.rev} but not committed`).toBe(true);
    }
  }
}

interface TabletRun {
  attempts: number;
  outcomes: Partial<Record<SyncOutcome['kind'] | 'killed', number>>;
  appRestarts: number;
  appKills: number;
  /** Entries the server answered as already stored: resends after lost answers. */
  duplicates: number;
}

describe.each(engines)('chaos sync on %s', (engine) => {
  it('every interview reaches the server exactly once through a faulty network, server crashes and app restarts', async () => {
    const seed = testSeed(FILE);
    const random = seededRandom(seed);
    const started = Date.now();
    const deadline = started + size.budgetMs;
    const contentDir = writeTestContentDir();
    const databaseEnv = freshTestDatabaseEnv(engine);
    let server: CrashingServer | undefined;
    let proxy: ChaosProxy | undefined;
    let database: TestDatabase | undefined;
    const tablets: SimulatedTablet[] = [];
    try {
      let proxyRef: ChaosProxy | undefined;
      server = await startCrashingServer({
        env: { ...databaseEnv, CONTENT_DIR: contentDir },
        random: random.fork(1),
        crashes: size.crashes,
        pushesBetweenCrashes: size.pushesBetweenCrashes,
        onRestarted: (port) => proxyRef?.setTarget(port),
      });
      const crashing = server;
      proxy = proxyRef = await startChaosProxy({
        random: random.fork(2),
        targetPort: portOf(crashing.current().url),
        faultRates,
        onForwarded: (request) => crashing.onForwarded(request),
      });
      const proxyUrl = proxy.url;
      database = await openTestDatabase(engine, databaseEnv);
      const db = database;

      const coordinator = await createCoordinator(db.db, { name: 'Anna', password: TEST_PASSWORD, now: new Date() });
      for (let i = 0; i < size.tablets; i++) {
        const { code } = await createEnrolment(db.db, { deviceName: null, createdBy: coordinator.id, now: new Date(), ttlMinutes: 60 });
        tablets.push(await createTablet(`Tablet ${i + 1}`, { code, baseUrl: crashing.current().url }));
      }

      let aborted = false;
      const runTablet = async (tablet: SimulatedTablet, index: number, choices: SeededRandom): Promise<TabletRun> => {
        const run: TabletRun = { attempts: 0, outcomes: {}, appRestarts: 0, appKills: 0, duplicates: 0 };
        // The first tablet's app restarts between every attempt, the second one's is killed in the
        // middle of a sync now and then, the others restart now and then.
        const restartChance = index === 0 ? 1 : index === 1 ? 0 : 0.2;
        const killChance = index === 1 ? 0.3 : 0;
        const maxEntries = choices.int(1, 4);
        const config = { baseUrl: proxyUrl, fetch: timedFetch, maxEntries };
        let failures = 0;
        while (!aborted) {
          // Keep interviewing until the plan is done and, so that every crash hits traffic, the crashes too.
          const planned = tablet.captured.length < size.capturesPerTablet;
          const keepBusy = !crashing.isDone() && tablet.captured.length < size.capturesPerTablet * 4;
          if (planned || keepBusy) await tablet.captureSomething(choices);
          else if ((await tablet.db.outbox.count()) === 0) return run;

          if (run.attempts >= size.maxAttempts || Date.now() > deadline) {
            throw new Error(`${tablet.name} did not finish: ${await tablet.db.outbox.count()} entries left after ${run.attempts} attempts (${JSON.stringify(run.outcomes)})`);
          }
          if (choices.chance(restartChance)) {
            await tablet.restartApp();
            run.appRestarts += 1;
          }
          run.attempts += 1;
          let outcome: SyncOutcome | 'killed';
          if (choices.chance(killChance)) {
            outcome = await tablet.killAppDuring((open) => syncNow(open, config), choices.int(0, 40));
            run.appKills += 1;
          } else {
            outcome = await syncNow(tablet.db, config);
            expect(outcome.kind, `${tablet.name}: ${JSON.stringify(outcome)}`).not.toBe('failed');
          }
          const kind = outcome === 'killed' ? 'killed' : outcome.kind;
          run.outcomes[kind] = (run.outcomes[kind] ?? 0) + 1;
          if (outcome !== 'killed') expect(outcome.kind, `${tablet.name}: ${JSON.stringify(outcome)}`).not.toBe('auth_refused');
          await expectAcknowledgedRecordsCommitted(db, tablet);
          if (outcome !== 'killed' && outcome.kind === 'done') {
            run.duplicates += outcome.duplicates;
            failures = 0;
          } else {
            failures += 1;
            await sleep(Math.min(1_000, 20 * 2 ** failures) * (0.5 + choices.next() / 2));
          }
        }
        return run;
      };
      const runs = await Promise.all(
        tablets.map((tablet, index) =>
          runTablet(tablet, index, random.fork(100 + index)).catch((error: unknown) => {
            aborted = true;
            throw error;
          }),
        ),
      );
      await crashing.settled();

      // The server: exactly the captured revisions, each once, with the payload the tablet hashed.
      const captured = tablets.flatMap((tablet) => tablet.captured);
      const revisions = await db.db.selectFrom('record_revisions').select(['record_id', 'rev', 'payload_sha256', 'device_id', 'seq']).execute();
      const byKey = new Map<string, typeof revisions>();
      for (const row of revisions) byKey.set(`${row.record_id}#${row.rev}`, [...(byKey.get(`${row.record_id}#${row.rev}`) ?? []), row]);
      expect(revisions.length).toBe(captured.length);
      for (const revision of captured) {
        const rows = byKey.get(`${revision.recordId}#${revision.rev}`) ?? [];
        expect(rows.length, `${revision.recordId} rev ${revision.rev} on the server`).toBe(1);
        expect(rows[0]).toMatchObject({ payload_sha256: revision.payloadSha256, seq: revision.seq });
      }
      const recordIds = tablets.flatMap((tablet) => tablet.recordIds);
      const records = await db.db.selectFrom('records').select(['record_id', 'current_rev']).execute();
      expect(records.length).toBe(recordIds.length);
      for (const record of records) {
        expect(record.current_rev).toBe(Math.max(...captured.filter((c) => c.recordId === record.record_id).map((c) => c.rev)));
      }
      // Each seq was handled once, and every entry was valid: nothing rejected, nothing in conflict.
      const outcomes = await db.db.selectFrom('push_outcomes').select(['device_id', 'seq', 'status']).execute();
      expect(outcomes.length).toBe(captured.length);
      expect(outcomes.filter((outcome) => outcome.status !== 'applied')).toEqual([]);
      expect(await db.db.selectFrom('conflicts').select('seq').execute()).toEqual([]);

      // Every tablet: all its records still there, all synced at their latest revision, outbox empty, no issue.
      for (const tablet of tablets) {
        const device = await db.db.selectFrom('devices').select(['last_seq', 'entries_received']).where('id', '=', await tablet.deviceId()).executeTakeFirstOrThrow();
        expect(device).toEqual({ last_seq: tablet.captured.length, entries_received: tablet.captured.length });
        expect(await tablet.db.outbox.count(), `${tablet.name} outbox`).toBe(0);
        expect(await tablet.db.syncIssues.toArray(), `${tablet.name} sync issues`).toEqual([]);
        const local = await tablet.db.records.toArray();
        expect(local.map((record) => record.recordId).sort()).toEqual([...tablet.recordIds].sort());
        for (const record of local) {
          expect(record, `${tablet.name} ${record.recordId}`).toMatchObject({ status: 'synced', serverRev: record.rev });
        }
        await expectAcknowledgedRecordsCommitted(db, tablet);
      }

      const health = await fetch(`${crashing.current().url}/api/v1/health`);
      expect(health.status).toBe(200);
      const stats = proxy.stats();
      for (const fault of chaosFaults) expect(stats.faults[fault], `fault ${fault} injected`).toBeGreaterThan(0);
      expect(crashing.crashCount()).toBe(size.crashes);
      expect(runs[0]!.appRestarts).toBe(runs[0]!.attempts);

      console.info(
        `[chaos ${engine}] seed ${seed}: ${tablets.length} tablets, ${captured.length} revisions of ${recordIds.length} interviews, ` +
          `${stats.requests} requests, faults ${JSON.stringify(stats.faults)}, server gone ${stats.serverGone}x, ` +
          `${crashing.crashCount()} crashes, attempts ${runs.map((r) => r.attempts).join('/')}, ` +
          `app restarts ${runs.map((r) => r.appRestarts).join('/')}, app kills ${runs[1]?.appKills ?? 0}, ` +
          `duplicates answered ${runs.reduce((sum, r) => sum + r.duplicates, 0)}, ${Math.round((Date.now() - started) / 1000)} s`,
      );
    } catch (error) {
      if (server) console.error(server.output().slice(-4_000));
      throw error;
    } finally {
      await proxy?.close();
      await server?.stop();
      for (const tablet of tablets) await tablet.close().catch(() => undefined);
      await database?.drop();
      fs.rmSync(contentDir, { recursive: true, force: true });
    }
  }, size.budgetMs + 60_000);
});
