/**
 * Two versions of the Profilingbogen on one server (issue 14): after version 2 is published, a
 * record made with version 1 is still validated against version 1 and accepted, a version 2
 * record against version 2, and the evaluation counts both.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { profilingbogenV1Complete, profilingbogenV2Complete } from '../../core/form/__fixtures__/profilingbogen-answers';
import { interviewRecord, pushEntryFor } from '../../core/record/__fixtures__/interview';
import { prepareArtifact, publishArtifact } from '../artifacts/store';
import { engines, type TestDatabase } from '../testing/databases';
import { enrolledDevice, push, startSyncTestServer, stopSyncTestServer } from '../testing/api';

const formJson = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../content/${path}`, import.meta.url), 'utf8'));

describe.each(engines)('form versions on the server (%s)', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
    for (const path of ['forms/profilingbogen@1.json', 'forms/profilingbogen@2.json']) {
      const prepared = prepareArtifact('form', formJson(path));
      if (!prepared.ok) throw new Error(prepared.problems.join('; '));
      await publishArtifact(database.db, prepared.artifact, { now: new Date(), publishedBy: null });
    }
  });
  afterAll(() => stopSyncTestServer({ database, app }));

  it('accepts a version 1 record by version 1 and a version 2 record by version 2, refuses version 1 answers sent as version 2, and evaluates both', async () => {
    const device = await enrolledDevice(app, cookie);
    const v1Id = crypto.randomUUID();
    const v2Id = crypto.randomUUID();
    const wrongId = crypto.randomUUID();
    const answer = await push(app, device, [
      pushEntryFor(interviewRecord({ recordId: v1Id, answers: profilingbogenV1Complete }), { seq: 1, formRef: 'profilingbogen@1' }),
      pushEntryFor(interviewRecord({ recordId: v2Id, answers: profilingbogenV2Complete }), { seq: 2, formRef: 'profilingbogen@2' }),
      pushEntryFor(interviewRecord({ recordId: wrongId, answers: profilingbogenV1Complete }), { seq: 3, formRef: 'profilingbogen@2' }),
    ]);
    expect(answer.results[0]).toEqual({ seq: 1, status: 'applied', serverRev: 1 });
    expect(answer.results[1]).toEqual({ seq: 2, status: 'applied', serverRev: 1 });
    expect(answer.results[2]).toMatchObject({ seq: 3, status: 'rejected', code: 'invalid_payload', message: expect.stringContaining('answers.recognitionStatus: unknownField') });

    const evaluation = await app.inject({ method: 'GET', url: '/api/v1/evaluation', headers: { cookie } });
    expect(evaluation.statusCode, evaluation.body).toBe(200);
    const facts = await database.db
      .selectFrom('evaluation_facts')
      .select(['record_id', 'form_ref', 'excluded', 'residence_status', 'isced'])
      .where('record_id', 'in', [v1Id, v2Id])
      .orderBy('form_ref')
      .execute();
    expect(facts).toEqual([
      { record_id: v1Id, form_ref: 'profilingbogen@1', excluded: null, residence_status: 'ae25_2_subsidiary', isced: '6' },
      { record_id: v2Id, form_ref: 'profilingbogen@2', excluded: null, residence_status: 'ae24', isced: '3' },
    ]);
  });
});
