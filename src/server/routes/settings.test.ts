import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { interviewRecord, pushEntryFor, testNoticeJson } from '../../core/record/__fixtures__/interview';
import { deploymentSettingsSchema, filledNotice, noticeArtifactSchema, noticeRef, settingKeys, sha256Hex, type SettingValues } from '../../core/consent/index';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import { enrolledDevice, push, signedInCoordinator } from '../testing/api';
import { writeTestContentDir } from '../testing/processes';
import { publishContentDirectory } from '../artifacts/content-dir';

const silentLog = { info() {}, warn() {}, error() {} } as never;

const values: SettingValues = {
  ...(Object.fromEntries(settingKeys.map((key) => [key, ''])) as SettingValues),
  withdrawalPhone: '05171 401-7700',
  withdrawalEmail: 'uebergang@landkreis-peine.de',
  withdrawalAddress: 'Landkreis Peine, Burgstraße 1, 31224 Peine',
};

/** notice@2 of the test content: its withdrawal line names the office's phone and e-mail by placeholder. */
function templateJson(lang: 'de' | 'en'): Record<string, unknown> {
  const base = testNoticeJson(lang, { version: 2 });
  const text = `${String(base.text)}\n\n- {{withdrawalPhone}}\n- {{withdrawalEmail}}`;
  return { ...base, text, sha256: sha256Hex(text) };
}

describe.each(engines)('deployment settings on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let contentDir: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    contentDir = writeTestContentDir();
    fs.mkdirSync(path.join(contentDir, 'notices', 'notice@2'));
    for (const lang of ['de', 'en'] as const) {
      fs.writeFileSync(path.join(contentDir, 'notices', 'notice@2', `${lang}.json`), JSON.stringify(templateJson(lang)));
    }
    app = await createTestServer(database, { contentDir });
    cookie = await signedInCoordinator(app, database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(contentDir, { recursive: true, force: true });
  });

  const putSettings = (body: unknown) => app.inject({ method: 'PUT', url: '/api/v1/settings', headers: { cookie }, payload: body as Record<string, unknown> });
  const upload = (kind: string, body: unknown) => app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie }, payload: { kind, body } });

  it('holds back a notice whose placeholders are empty, and says which', async () => {
    const result = await publishContentDirectory(database.db, contentDir, { now: () => new Date(), log: silentLog });
    expect(result.published.sort()).toEqual(['form testbogen@1', 'notice notice@1/de', 'notice notice@1/en']);
    expect(result.failed.map((f) => f.file).sort()).toEqual(['notices/notice@2/de.json', 'notices/notice@2/en.json']);

    const response = await upload('notice', templateJson('de'));
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'settings_missing', details: { missing: ['withdrawalPhone', 'withdrawalEmail'] } });

    const listed = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } });
    expect(listed.json()).toEqual({ settings: null, required: ['withdrawalPhone', 'withdrawalEmail'] });
  });

  it('refuses invalid values with a problem per field and publishes nothing', async () => {
    const response = await putSettings({ values: { ...values, withdrawalPhone: 'ring us', withdrawalEmail: 'uebergang(at)peine', dpoName: 'A\nB', officeHours: '9-12' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'invalid_settings',
      details: { fields: { withdrawalPhone: 'invalid_phone', withdrawalEmail: 'invalid_email', dpoName: 'not_one_line', officeHours: 'unknown' } },
    });
    const { controllerName: _left, ...incomplete } = values;
    expect((await putSettings({ values: incomplete })).json().error.details.fields).toEqual({ controllerName: 'missing' });
    expect(await database.db.selectFrom('artifacts').select('id').where('kind', '=', 'settings').execute()).toEqual([]);
  });

  it('publishes the settings as version 1 and then the notice that waited for them', async () => {
    const response = await putSettings({ values });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ status: 'published', settings: { version: 1 }, published: ['notice notice@2/de', 'notice notice@2/en'] });
    expect((await putSettings({ values })).json()).toMatchObject({ status: 'unchanged', settings: { version: 1 } });
    const listed = await app.inject({ method: 'GET', url: '/api/v1/settings', headers: { cookie } });
    expect(listed.json()).toMatchObject({ settings: { version: 1, values }, required: ['withdrawalPhone', 'withdrawalEmail'] });
  });

  it('refuses settings that would empty a contact a published notice shows', async () => {
    const response = await putSettings({ values: { ...values, withdrawalEmail: '' } });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'settings_in_use', details: { missing: ['withdrawalEmail'] } });
  });

  it('lets a tablet pull the settings, and accepts a record whose hash is that of the filled text it showed', async () => {
    const device = await enrolledDevice(app, cookie);
    const pulled = await app.inject({ method: 'GET', url: '/api/v1/sync/pull?limit=200', headers: { authorization: `Bearer ${device.deviceToken}` } });
    const settingsChange = pulled.json().changes.find((change: { kind: string }) => change.kind === 'settings');
    expect(settingsChange).toMatchObject({ op: 'publish', id: 'deployment', version: 1, lang: null, body: { values } });
    const settings = deploymentSettingsSchema.parse(settingsChange.body);

    const german = noticeArtifactSchema.parse(templateJson('de'));
    const shown = filledNotice(german, settings)!;
    expect(shown.text).toContain('- 05171 401-7700');
    const recordId = crypto.randomUUID();
    const record = interviewRecord({ recordId, notice: shown, germanNotice: shown, decision: 'refused' });
    expect(record.consent.privacy_notice).toMatchObject({ sha256: sha256Hex(shown.text), settings_version: 1 });

    const [applied] = (await push(app, device, [pushEntryFor(record, { seq: 1, noticeRef: noticeRef(shown) })])).results;
    expect(applied).toMatchObject({ status: 'applied' });

    // The template's hash, or the filled one without the settings version, proves no text the applicant read.
    const other = interviewRecord({ recordId: crypto.randomUUID(), notice: shown, germanNotice: shown, decision: 'refused' });
    const { settingsVersion: _dropped, ...withoutSettings } = noticeRef(shown);
    const results = (await push(app, device, [
      pushEntryFor(other, { seq: 2, noticeRef: withoutSettings }),
      pushEntryFor(other, { seq: 3, noticeRef: { ...noticeRef(shown), settingsVersion: 7 } }),
    ])).results;
    expect(results).toMatchObject([
      { status: 'rejected', code: 'hash_mismatch' },
      { status: 'rejected', code: 'unknown_notice' },
    ]);
  });
});
