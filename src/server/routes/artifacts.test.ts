import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testFormJson, testNoticeJson } from '../../core/record/__fixtures__/interview';
import { sha256Hex } from '../../core/consent/index';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { countRows, signedInCoordinator } from '../testing/api';
import { writeTestContentDir } from '../testing/processes';
import { publishContentDirectory } from '../artifacts/content-dir';

const silentLog = { info() {}, warn() {}, error() {} } as never;

describe.each(engines)('artifacts on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let contentDir: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await createTestServer(database);
    cookie = await signedInCoordinator(app, database.db);
    contentDir = writeTestContentDir();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  const upload = (kind: string, body: unknown) => app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie }, payload: { kind, body } });
  const changeNumbers = async () => (await database.db.selectFrom('artifacts').select('change_no').orderBy('change_no').execute()).map((r) => r.change_no);

  it('publishes the content directory once, however often and however many instances start at the same time', async () => {
    const start = () => publishContentDirectory(database.db, contentDir, { now: () => new Date(), log: silentLog });
    const results = await Promise.all([start(), start(), start()]);
    expect(results.flatMap((r) => r.published).sort()).toEqual(['form testbogen@1', 'notice notice@1/de', 'notice notice@1/en']);
    expect(results.flatMap((r) => r.failed)).toEqual([]);
    expect(await changeNumbers()).toEqual([1, 2, 3]);
    const again = await start();
    expect(again).toEqual({ published: [], unchanged: 3, failed: [] });
    expect(await changeNumbers()).toEqual([1, 2, 3]);
  });

  it('skips a broken content file and publishes the rest', async () => {
    const dir = writeTestContentDir();
    try {
      fs.writeFileSync(`${dir}/notices/notice@1/en.json`, JSON.stringify({ ...testNoticeJson('en', { version: 1 }), sha256: 'a'.repeat(64) }));
      const result = await publishContentDirectory(database.db, dir, { now: () => new Date(), log: silentLog });
      expect(result).toEqual({
        published: [],
        unchanged: 2,
        failed: [{ file: 'notices/notice@1/en.json', reason: expect.stringContaining('sha256') }],
      });
      expect(await changeNumbers()).toEqual([1, 2, 3]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('treats an identical upload as a no-op, and refuses different content under a published id/version/lang', async () => {
    const identical = await upload('notice', testNoticeJson('de'));
    expect(identical.statusCode).toBe(200);
    expect(identical.json()).toMatchObject({ status: 'unchanged', artifact: { changeNo: 2 } });

    const reordered = Object.fromEntries(Object.entries(testNoticeJson('de')).reverse());
    expect((await upload('notice', reordered)).statusCode).toBe(200);

    const text = '## Geändert\n\nAnderer Text.';
    const changed = await upload('notice', { ...testNoticeJson('de'), text, sha256: sha256Hex(text) });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('artifact_immutable');
    const changedForm = await upload('form', { ...testFormJson(), title: { de: 'Anders', en: 'Other' } });
    expect(changedForm.statusCode).toBe(409);
    expect(await changeNumbers()).toEqual([1, 2, 3]);
  });

  it('publishes a new version with the next change number', async () => {
    const response = await upload('form', testFormJson(2));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'published', artifact: { kind: 'form', id: 'testbogen', version: 2, lang: null, changeNo: 4, reviewState: 'draft' } });
  });

  it('refuses invalid artifacts with their problems', async () => {
    const badForm = await upload('form', { ...testFormJson(3), sections: [] });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().error).toMatchObject({ code: 'invalid_artifact', details: [expect.stringContaining('sections')] });
    const badHash = await upload('notice', { ...testNoticeJson('de', { version: 3 }), sha256: 'a'.repeat(64) });
    expect(badHash.statusCode).toBe(400);
    expect(badHash.json().error.message).toContain('sha256');
    expect((await upload('poster', {})).statusCode).toBe(400);
    expect(await countRows(database.db, 'artifacts')).toBe(4);
  });

  it('publishes a translation only after its German reference, and only if it names the same purposes and recipients', async () => {
    const orphan = await upload('notice', testNoticeJson('en', { version: 3 }));
    expect(orphan.statusCode).toBe(409);
    expect(orphan.json().error.code).toBe('reference_missing');
    expect((await upload('notice', testNoticeJson('de', { version: 3 }))).statusCode).toBe(201);
    const english = testNoticeJson('en', { version: 3 });
    const differing = await upload('notice', { ...english, recipients: (english.recipients as unknown[]).slice(0, 1) });
    expect(differing.statusCode).toBe(400);
    expect((await upload('notice', english)).statusCode).toBe(201);
  });

  it('refuses a form or notice whose version is past the 32-bit version column with a 400 naming the version', async () => {
    for (const [kind, body] of [['form', testFormJson(2 ** 31)], ['notice', testNoticeJson('de', { version: 2 ** 31 })]] as const) {
      const response = await upload(kind, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.body).toContain('version');
    }
  });

  it('lists artifacts and retires one idempotently; an unknown one is 404', async () => {
    const retire = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/artifacts/retire', headers: { cookie }, payload });
    const first = await retire({ kind: 'form', id: 'testbogen', version: 1 });
    expect(first.statusCode).toBe(200);
    expect(first.json().artifact).toMatchObject({ retired: true, changeNo: 7 });
    expect((await retire({ kind: 'form', id: 'testbogen', version: 1 })).json().artifact.changeNo).toBe(7);
    expect((await retire({ kind: 'form', id: 'testbogen', version: 9 })).statusCode).toBe(404);
    expect((await retire({ kind: 'notice', id: 'notice', version: 1 })).statusCode).toBe(400);
    // Past the 32-bit version column: a clear 400 or 404, never the database's error.
    expect([400, 404]).toContain((await retire({ kind: 'form', id: 'testbogen', version: 2 ** 31 })).statusCode);

    const listed = (await app.inject({ method: 'GET', url: '/api/v1/artifacts', headers: { cookie } })).json().artifacts;
    expect(listed).toHaveLength(6);
    expect(listed[0]).toEqual({
      kind: 'form',
      id: 'testbogen',
      version: 1,
      lang: null,
      changeNo: 7,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      reviewState: 'draft',
      publishedAt: expect.any(String),
      retired: true,
      retiredAt: expect.any(String),
    });
  });

  it('is for coordinators only', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/artifacts' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/artifacts', payload: { kind: 'form', body: testFormJson(5) } })).statusCode).toBe(401);
  });
});
