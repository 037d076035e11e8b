/**
 * Fuzzing every API route with fast-check: random JSON, mutated valid bodies (wrong types,
 * missing and extra fields, huge strings, deep nesting, NUL and lone surrogates), invalid UTF-8
 * and non-JSON bodies, wrong content types, random query strings, cursors and path parameters,
 * garbage Authorization headers and cookies — with and without valid credentials.
 *
 * Whatever arrives, the server answers: never a 5xx, every error well-formed; a refused request
 * stores nothing; what a push stores is exactly what it says it applied, and every stored
 * revision is a valid record. Fastify `inject` (no sockets) keeps thousands of requests fast;
 * SQLite takes the bulk and PostgreSQL a smaller run, where NUL bytes and encodings differ.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewRecord, pushEntryFor, testFormJson, testNoticeJson } from '../../src/core/record/__fixtures__/interview';
import { interviewRecordSchema, payloadHash, validateRecordEntry } from '../../src/core/record';
import { pullResponseSchema, pushResponseSchema, type PushEntry } from '../../src/core/sync';
import { createArtifactCatalog } from '../../src/server/artifacts/catalog';
import type { DatabaseEngine } from '../../src/server/db/database';
import { TEST_PASSWORD } from '../../src/server/testing/api';
import { answerProblem } from './support/answers';
import { apiRoutes, API_CATCH_ALL, fillPath, paramNames, routeKey, type ApiRoute } from './support/api-routes';
import {
  authorization,
  bodyArbitrary,
  contentType,
  cookie,
  isRawJson,
  jsonText,
  mutated,
  mutation,
  nastyString,
  pathParam,
  percentEncoded,
  plainJson,
  queryString,
  rawJson,
  remoteAddress,
  seqSlot,
  type FuzzAuthorization,
  type FuzzBody,
  type FuzzCookie,
  type FuzzJson,
  type FuzzPathParam,
  type SendContext,
} from './support/fuzz-arbitraries';
import { createServerWorld, syncTableCounts, type ServerWorld } from './support/server-world';
import { byLevel, isNightly, testSeed } from './support/settings';

const FILE = 'integration/reliability/fuzz.test.ts';

/** Requests per engine over all routes; push gets the largest share. */
const size = byLevel({
  default: { sqlite: 12_000, postgres: 5_000 },
  nightly: { sqlite: 150_000, postgres: 50_000 },
});

type FuzzRoute = Pick<ApiRoute, 'method' | 'path' | 'auth'> & { weight: number; template?: fc.Arbitrary<FuzzJson> };

const pushTemplate: fc.Arbitrary<FuzzJson> = fc
  .tuple(fc.array(fc.tuple(fc.uuid({ version: 4 }), fc.boolean()), { minLength: 1, maxLength: 3 }), fc.constantFrom(0, 0, 0, -1, 1, 4), fc.uuid({ version: 4 }))
  .map(([records, offset, batchId]) => ({
    protocolVersion: 1,
    deviceId: rawJson(({ deviceId }) => JSON.stringify(deviceId), 'the fuzz device id'),
    batchId,
    entries: records.map(([recordId, refused], index) => {
      const entry = pushEntryFor(interviewRecord({ recordId, decision: refused ? 'refused' : 'given' }), { seq: 1 });
      return { ...(entry as unknown as Record<string, FuzzJson>), seq: seqSlot(offset + index) };
    }),
    pendingCount: 0,
  }));

const templates: Record<string, fc.Arbitrary<FuzzJson>> = {
  'POST /api/v1/setup': fc.record({ token: nastyString, name: fc.constant('Bert'), password: fc.constant(TEST_PASSWORD) }),
  'POST /api/v1/auth/login': fc.constant({ name: 'Anna', password: TEST_PASSWORD }),
  'POST /api/v1/enrolments': fc.record({ deviceName: fc.constant('Tablet'), expiresInMinutes: fc.constantFrom(5, 60, 10_080) }),
  'POST /api/v1/enrol': fc.constant({ code: rawJson(({ enrolmentCode }) => JSON.stringify(enrolmentCode), 'a fresh enrolment code'), deviceName: 'Tablet' }),
  'POST /api/v1/sync/push': pushTemplate,
  'POST /api/v1/artifacts': fc.oneof(
    fc.integer({ min: 2, max: 100_000 }).map((version) => ({ kind: 'form', body: testFormJson(version) as FuzzJson })),
    fc.integer({ min: 2, max: 100_000 }).map((version) => ({ kind: 'notice', body: testNoticeJson('de', { version }) as FuzzJson })),
  ),
  'POST /api/v1/artifacts/retire': fc.constantFrom<FuzzJson>(
    { kind: 'form', id: 'testbogen', version: 99, lang: null },
    { kind: 'notice', id: 'notice', version: 99, lang: 'en' },
  ),
};

/** A valid push with one entry (or its payload) mutated and rehashed: validation itself is attacked. */
function mutatedPushEntry(part: 'entry' | 'payload'): fc.Arbitrary<FuzzBody> {
  return fc.tuple(pushTemplate, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([body, mutations]) => {
    const push = body as { entries: Record<string, FuzzJson>[] } & Record<string, FuzzJson>;
    const [first, ...rest] = push.entries;
    const changed = part === 'entry' ? (mutated(first!, mutations) as Record<string, FuzzJson>) : { ...first, payload: mutated(first!.payload!, mutations) };
    return { kind: 'json' as const, value: { ...push, entries: [changed, ...rest] }, rehash: true };
  });
}

const fuzzRoutes: FuzzRoute[] = [
  ...apiRoutes.map((route) => ({
    ...route,
    weight: route.path === '/api/v1/sync/push' ? 8 : route.path === '/api/v1/sync/pull' ? 2 : route.path === '/api/v1/auth/login' || route.path === '/api/v1/setup' ? 0.5 : 1,
    ...(templates[routeKey(route)] && { template: templates[routeKey(route)] }),
  })),
  // Unknown paths and methods under /api/ end in the JSON 404.
  { method: 'GET', path: API_CATCH_ALL, auth: 'public', weight: 1 },
];

interface FuzzRequest {
  method: string;
  params: FuzzPathParam[];
  /** For the catch-all: the path after /api/. */
  tail: string;
  query: string;
  body: FuzzBody;
  contentType: string | null;
  authorization: FuzzAuthorization;
  cookie: FuzzCookie;
  remoteAddress: string;
}

const otherMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

function requestArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const hasBody = route.method === 'POST' || route.method === 'PUT';
  const catchAll = route.path === API_CATCH_ALL;
  return fc.record({
    method: catchAll ? fc.constantFrom(...otherMethods) : fc.oneof({ weight: 19, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...otherMethods) }),
    params: fc.array(pathParam, { minLength: paramNames(route.path).length, maxLength: paramNames(route.path).length }),
    tail: catchAll ? fc.array(nastyString.filter((s) => s.length < 300).map(percentEncoded), { maxLength: 4 }).map((parts) => parts.join('/')) : fc.constant(''),
    query: fc.oneof({ weight: hasBody ? 4 : 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: queryString }),
    body: !hasBody
      ? fc.oneof({ weight: 6, arbitrary: fc.constant<FuzzBody>({ kind: 'none' }) }, { weight: 1, arbitrary: bodyArbitrary(undefined) })
      : route.path === '/api/v1/sync/push'
        ? bodyArbitrary(route.template, [{ weight: 6, arbitrary: mutatedPushEntry('payload') }, { weight: 3, arbitrary: mutatedPushEntry('entry') }])
        : bodyArbitrary(route.template),
    contentType,
    authorization: authorization(route.auth === 'device'),
    cookie: cookie(route.auth === 'coordinator'),
    remoteAddress,
  });
}

let oversizedBody: string | undefined;

function isPlainObject(value: FuzzJson): value is { [key: string]: FuzzJson } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isRawJson(value);
}

/** The body text of a push whose entries' hashes were recomputed after mutation, so validation goes past the hash check. */
function rehashedPush(value: FuzzJson, context: SendContext): FuzzJson {
  if (!isPlainObject(value) || !Array.isArray(value.entries)) return value;
  const entries = value.entries.map((entry) => {
    if (!isPlainObject(entry) || entry.payload === undefined) return entry;
    try {
      return { ...entry, payloadSha256: payloadHash(plainJson(entry.payload, context)) };
    } catch {
      return entry; // Nested too deep to hash here too: the server gets the old hash.
    }
  });
  return { ...value, entries };
}

async function send(world: ServerWorld, route: FuzzRoute, request: FuzzRequest): Promise<{ options: InjectOptions; response: Awaited<ReturnType<ServerWorld['app']['inject']>> }> {
  const context: SendContext = {
    nextSeq: await world.nextSeq(world.device),
    deviceId: world.device.deviceId,
    enrolmentCode: route.path === '/api/v1/enrol' ? (await world.freshEnrolmentCode()).code : 'ABCD-EFGH',
  };
  const names = paramNames(route.path);
  const params: Record<string, string> = {};
  for (const [index, param] of request.params.entries()) {
    const name = names[index]!;
    if (param.kind === 'text') params[name] = param.encoded;
    else if (param.which === 'coordinator') params[name] = world.coordinatorId;
    else if (param.which === 'enrolment') params[name] = (await world.freshEnrolmentCode()).id;
    else params[name] = world[param.which].deviceId;
  }
  const path = route.path === API_CATCH_ALL ? `/api/${request.tail}` : fillPath(route.path, params);

  const headers: Record<string, string> = {};
  if (request.contentType !== null) headers['content-type'] = request.contentType;
  const auth = request.authorization;
  if (auth.kind === 'raw') headers.authorization = auth.value;
  else if (auth.kind !== 'none') headers.authorization = `Bearer ${world[auth.kind].deviceToken}`;
  const jar = request.cookie;
  if (jar.kind === 'raw') headers.cookie = jar.value;
  else if (jar.kind === 'live') headers.cookie = await world.liveCookie();
  else if (jar.kind === 'expired') headers.cookie = world.expiredCookie;
  else if (jar.kind === 'loggedOut') headers.cookie = world.loggedOutCookie;

  let payload: string | Buffer | undefined;
  const body = request.body;
  if (body.kind === 'json') {
    const value = body.rehash && route.path === '/api/v1/sync/push' ? rehashedPush(body.value, context) : body.value;
    payload = jsonText(value, context);
  } else if (body.kind === 'text') payload = body.text;
  else if (body.kind === 'bytes') payload = Buffer.from(body.bytes);
  else if (body.kind === 'oversized') payload = oversizedBody ??= `{"padding":"${'x'.repeat(5 * 1024 * 1024 + 10)}"}`;

  const options: InjectOptions = { method: request.method as InjectOptions['method'], url: `${path}${request.query}`, headers, remoteAddress: request.remoteAddress, ...(payload !== undefined && { payload }) };
  return { options, response: await world.app.inject(options) };
}

function describeRequest(options: InjectOptions): string {
  const payload = options.payload === undefined ? '' : String(options.payload).slice(0, 300);
  return `${options.method} ${String(options.url).slice(0, 300)} headers=${JSON.stringify(options.headers).slice(0, 300)} body=${JSON.stringify(payload)}`;
}

/** The latest calendar date anywhere on earth, as the server judges "not in the future". */
const latestToday = () => new Date(Date.now() + 14 * 60 * 60_000).toISOString().slice(0, 10);

function fuzzSuite(engine: DatabaseEngine, totalRuns: number) {
  describe(`fuzzing every API route on ${engine}`, () => {
    let world: ServerWorld;
    const statuses = new Map<string, Map<number, number>>();
    const totalWeight = fuzzRoutes.reduce((sum, route) => sum + route.weight, 0);

    beforeAll(async () => {
      world = await createServerWorld(engine);
    });
    const pushResults = new Map<string, number>();
    afterAll(async () => {
      const all = new Map<number, number>();
      for (const counts of statuses.values()) for (const [status, n] of counts) all.set(status, (all.get(status) ?? 0) + n);
      const total = [...all.values()].reduce((a, b) => a + b, 0);
      const perRoute = isNightly ? `\n  ${[...statuses].map(([key, counts]) => `${key} ${JSON.stringify(Object.fromEntries(counts))}`).join('\n  ')}` : '';
      console.info(`[fuzz ${engine}] ${total} requests, statuses ${JSON.stringify(Object.fromEntries(all))}; push entry results ${JSON.stringify(Object.fromEntries(pushResults))}${perRoute}`);
      await world?.close();
    });

    it.each(fuzzRoutes.map((route, index) => [routeKey(route), route, index] as const))('%s', async (key, route, index) => {
      const seed = testSeed(FILE);
      const numRuns = Math.max(20, Math.round((totalRuns * route.weight) / totalWeight));
      const counts = new Map<number, number>();
      statuses.set(key, counts);
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route), async (request) => {
          const before = await syncTableCounts(world.database);
          const { options, response } = await send(world, route, request);
          counts.set(response.statusCode, (counts.get(response.statusCode) ?? 0) + 1);
          const problem = answerProblem(response, String(options.method));
          if (problem) throw new Error(`${problem}\n  request: ${describeRequest(options)}`);

          const after = await syncTableCounts(world.database);
          const isPush = route.path === '/api/v1/sync/push' && options.method === 'POST';
          if (isPush && response.statusCode === 200) {
            const parsed = pushResponseSchema.safeParse(response.json());
            if (!parsed.success) throw new Error(`push answer does not parse: ${response.body.slice(0, 300)}`);
            for (const result of parsed.data.results) {
              const label = 'code' in result && result.code ? `${result.status}:${result.code}` : result.status;
              pushResults.set(label, (pushResults.get(label) ?? 0) + 1);
            }
            const applied = parsed.data.results.filter((result) => result.status === 'applied').length;
            expect(after.revisions - before.revisions, `revisions stored vs applied: ${response.body.slice(0, 300)}`).toBe(applied);
            expect(after.records - before.records).toBeLessThanOrEqual(applied);
          } else {
            expect(after, `a ${response.statusCode} answer changed stored sync rows\n  request: ${describeRequest(options)}`).toEqual(before);
          }
          if (route.path === '/api/v1/sync/pull' && options.method === 'GET' && response.statusCode === 200) {
            expect(pullResponseSchema.safeParse(response.json()).success, response.body.slice(0, 300)).toBe(true);
          }
          // Signing out or revoking may have hit the shared credentials; later requests need them valid.
          if (route.path.endsWith('/logout') || route.path.endsWith('/revoke')) await world.repairCredentials();
        }),
        { numRuns, seed: (seed + index) >>> 0, interruptAfterTimeLimit: 10 * 60_000 },
      );
    }, 15 * 60_000);

    it('stays healthy and holds only valid records afterwards', async () => {
      const health = await world.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok' });

      const catalog = createArtifactCatalog(world.database.db);
      const rows = await world.database.db.selectFrom('record_revisions').selectAll().execute();
      for (const row of rows) {
        const entry: PushEntry = {
          seq: row.seq,
          recordId: row.record_id,
          rev: row.rev,
          baseRev: row.base_rev,
          formRef: row.form_ref,
          noticeRef: JSON.parse(row.notice) as PushEntry['noticeRef'],
          payload: JSON.parse(row.payload) as Record<string, unknown>,
          payloadSha256: row.payload_sha256,
        };
        expect(interviewRecordSchema.safeParse(entry.payload).success, `stored payload of ${row.record_id}`).toBe(true);
        const [form, notice, referenceNotice] = await Promise.all([
          entry.formRef === null ? null : catalog.form(entry.formRef),
          catalog.notice(entry.noticeRef.id, entry.noticeRef.version, entry.noticeRef.lang),
          catalog.notice(entry.noticeRef.id, entry.noticeRef.version, 'de'),
        ]);
        expect(validateRecordEntry(entry, { form, notice, referenceNotice, today: latestToday() }), `stored revision ${row.record_id}#${row.rev}`).toEqual({ ok: true });
      }
      const records = await world.database.db.selectFrom('records').select(['record_id', 'current_rev']).execute();
      const stored = new Set(rows.map((row) => `${row.record_id}#${row.rev}`));
      for (const record of records) expect(stored.has(`${record.record_id}#${record.current_rev}`), record.record_id).toBe(true);
      console.info(`[fuzz ${engine}] ${rows.length} revisions stored by valid pushes, all valid`);
    });
  });
}

fuzzSuite('sqlite', size.sqlite);
fuzzSuite('postgres', size.postgres);
