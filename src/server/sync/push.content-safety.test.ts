/**
 * Content cannot freeze the server (issue 16, item 4): a form pattern that backtracks
 * catastrophically is refused at publishing, and one published before that check is never
 * run, so a push that would have taken minutes is answered at once and health stays prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseFormDefinition } from '../../core/form/index';
import { payloadHash } from '../../core/record/index';
import { interviewRecord, pushEntryFor, testFormJson, TEST_FORM_ID } from '../../core/record/__fixtures__/interview';
import { publishArtifact } from '../artifacts/store';
import { engines, type TestDatabase } from '../testing/databases';
import { countRows, enrolledDevice, pushBody, pushRaw, startSyncTestServer, stopSyncTestServer } from '../testing/api';

const CATASTROPHIC = '([a-z]+)+';

/** The test form with a pattern on the surname (maxLength 40 stays, so 36 letters get to the pattern). */
function formWithSurnamePattern(version: number, pattern: string): Record<string, unknown> {
  const json = testFormJson(version) as { sections: { items: { id: string; constraints?: unknown[] }[] }[] };
  const surname = json.sections[0]!.items.find((item) => item.id === 'surname')!;
  surname.constraints = [...(surname.constraints ?? []), { kind: 'pattern', value: pattern, message: { de: 'Nur Kleinbuchstaben', en: 'Lower-case letters only' } }];
  return json as unknown as Record<string, unknown>;
}

describe.each(engines)('content cannot freeze the server on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
  });
  afterAll(() => stopSyncTestServer({ database, app }));

  it('refuses to publish a form whose pattern backtracks catastrophically, naming the field and the reason', async () => {
    const before = await countRows(database.db, 'artifacts');
    const response = await app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie }, payload: { kind: 'form', body: formWithSurnamePattern(2, CATASTROPHIC) } });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid_artifact');
    expect(error.message).toContain("field 'surname'");
    expect(error.message).toContain('catastrophic backtracking');
    expect(error.details).toHaveLength(1);
    expect(await countRows(database.db, 'artifacts')).toBe(before);

    // The same form with a pattern that says the same in linear time is published.
    const fixed = await app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie }, payload: { kind: 'form', body: formWithSurnamePattern(2, '[a-z]+') } });
    expect(fixed.statusCode, fixed.body).toBe(201);
  });

  it('a form published before the check, with such a pattern, and a 36-character surname: the push is answered at once and health stays prompt', async () => {
    // Stored the way an earlier server stored it, past today's publishing check.
    const parsed = parseFormDefinition(formWithSurnamePattern(3, CATASTROPHIC));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const definition = parsed.definition;
    await publishArtifact(
      database.db,
      { kind: 'form', id: TEST_FORM_ID, version: 3, lang: null, sha256: payloadHash(definition), reviewState: 'draft', body: definition as unknown as Record<string, unknown>, definition },
      { now: new Date(), publishedBy: null },
    );
    const device = await enrolledDevice(app, cookie);
    const recordId = crypto.randomUUID();
    // 35 letters and a digit: on a backtracking engine, 2^35 ways to fail.
    const surname = `${'a'.repeat(35)}1`;
    const entry = pushEntryFor(interviewRecord({ recordId, answers: { surname, schoolYears: 9 } }), { seq: 1, formRef: `${TEST_FORM_ID}@3` });

    const started = performance.now();
    let pushDone = false;
    const pushing = pushRaw(app, device, pushBody(device, [entry])).finally(() => (pushDone = true));
    const healthLatencies: number[] = [];
    do {
      const asked = performance.now();
      const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
      healthLatencies.push(performance.now() - asked);
      expect(health.statusCode).toBe(200);
      // inject and SQLite answer without I/O: give the push's own I/O a turn between health checks.
      await new Promise((resolve) => setImmediate(resolve));
    } while (!pushDone && performance.now() - started < 10_000);
    const response = await pushing;
    const pushMs = performance.now() - started;

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().results).toEqual([{ seq: 1, status: 'applied', serverRev: 1 }]);
    expect(pushMs).toBeLessThan(5_000);
    expect(Math.max(...healthLatencies)).toBeLessThan(1_000);
    const stored = await database.db.selectFrom('record_revisions').select('payload').where('record_id', '=', recordId).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!.payload).answers.surname).toBe(surname);
  });
});
