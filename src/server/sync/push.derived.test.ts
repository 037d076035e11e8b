/**
 * A push writes what the evaluation counts and the record list finds a record by, in the same
 * transaction as the revision: after an import, nothing is left for a first evaluation or a first
 * name search to derive (bench `evaluation` measures the same at 100,000 records).
 */
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactCatalog } from '../artifacts/catalog';
import { publishContentDirectory } from '../artifacts/content-dir';
import { keyedHashWith } from '../auth/secrets';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { insertDemoData } from '../demo/demo-data';
import { refreshEvaluationFacts } from '../evaluation/projection';
import { evaluate } from '../evaluation/queries';
import { refreshRecordSearch } from '../records/search';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const now = () => new Date('2026-06-01T12:00:00.000Z');

describe.each(engines)('push writes the derived rows on %s', (engine) => {
  let database: TestDatabase;
  let context: ServerContext;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    context = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await insertDemoData(context, { count: 60, seed: 5, start: '2026-01-05', weeks: 6, devices: 2 });
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('leaves nothing stale for the first evaluation or name search after the import, and counts the same as a projection', async () => {
    const records = await database.db.selectFrom('records').select(['record_id', 'current_rev', 'erased_at']).execute();
    const facts = new Map((await database.db.selectFrom('evaluation_facts').select(['record_id', 'rev']).execute()).map((r) => [r.record_id, r.rev]));
    const search = new Map((await database.db.selectFrom('record_search').select(['record_id', 'rev']).execute()).map((r) => [r.record_id, r.rev]));
    expect(records.length).toBe(60);
    expect(records.some((r) => r.erased_at !== null)).toBe(true);
    for (const record of records) {
      if (record.erased_at === null) expect(facts.get(record.record_id), `facts of ${record.record_id}`).toBe(record.current_rev);
      expect(search.get(record.record_id), `search row of ${record.record_id}`).toBe(record.current_rev);
    }
    const pushed = await evaluate(context, {}, 'de');
    expect(await refreshEvaluationFacts(context, { always: true })).toBe(0);
    expect(await refreshRecordSearch(context, undefined, { always: true })).toBe(0);
    // Projected again from the stored payloads by the refresh: the same figures.
    await database.db.deleteFrom('evaluation_values').where('record_id', 'in', records.filter((r) => r.erased_at === null).map((r) => r.record_id)).execute();
    await database.db.deleteFrom('evaluation_facts').where('record_id', 'in', records.filter((r) => r.erased_at === null).map((r) => r.record_id)).execute();
    expect(await refreshEvaluationFacts(context, { always: true })).toBe(records.filter((r) => r.erased_at === null).length);
    expect(await evaluate(context, {}, 'de')).toEqual(pushed);
  }, 60_000);
});
