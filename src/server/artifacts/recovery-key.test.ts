import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createDataKeyMaterial,
  parseRecoveryPrivateKey,
  toBase64Url,
  unwrapWithRecovery,
  wrapForRecovery,
  type RecoveryKeyArtifact,
} from '../../core/encryption/index';
import { recoveryKeyArtifactSchema } from '../../core/encryption/artifact';
import { artifactChangeSchema, pullResponseSchema, type ArtifactChange } from '../../core/sync/index';
import { engines, freshTestDatabaseEnv, openTestDatabase, type TestDatabase } from '../testing/databases';
import { enrolledDevice, startSyncTestServer, stopSyncTestServer, type TestDevice } from '../testing/api';
import { findTextAnywhere } from '../testing/scan';
import { createRecoveryKey, currentRecoveryKeys, RecoveryKeyExists } from './recovery-key';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** What a tablet of the version before the recovery key accepted in a pull page. */
const earlierPullSchema = z.object({
  changes: z.array(artifactChangeSchema.options[0].extend({ kind: z.enum(['form', 'notice', 'settings']) }).or(artifactChangeSchema.options[1].extend({ kind: z.enum(['form', 'notice', 'settings']) }))),
  cursor: z.string(),
  hasMore: z.boolean(),
});

/** Every form the private key could be stored in by mistake. */
async function privateForms(text: string): Promise<string[]> {
  const scalar = await parseRecoveryPrivateKey(text);
  return [text, text.replace(/-/g, ''), toBase64Url(scalar), Buffer.from(scalar).toString('hex'), Buffer.from(scalar).toString('base64')];
}

describe.each(engines)('the recovery key on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let device: TestDevice;

  beforeAll(async () => {
    ({ database, app, cookie } = await startSyncTestServer(engine));
    device = await enrolledDevice(app, cookie);
  });
  afterAll(() => stopSyncTestServer({ database, app }));

  const pullAll = async (accept: string | null) => {
    const changes: ArtifactChange[] = [];
    let cursor = '';
    for (;;) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/sync/pull?limit=2${accept === null ? '' : `&accept=${accept}`}${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { authorization: `Bearer ${device.deviceToken}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      const page = pullResponseSchema.parse(response.json());
      if (accept === null) expect(earlierPullSchema.safeParse(response.json()).success, 'a tablet of the earlier version reads the page').toBe(true);
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return changes;
    }
  };
  const recoveryChanges = (changes: ArtifactChange[]) => changes.filter((change) => change.kind === 'recovery-key');

  let first: { artifact: RecoveryKeyArtifact; privateKeyText: string };

  it('is published for the tablets, and its private part unwraps what a tablet wrapped for it', async () => {
    first = await createRecoveryKey(database.db, { now: new Date('2026-12-05T10:00:00Z'), replace: false, actor: 'test' });
    expect(first.artifact).toMatchObject({ id: 'organisation', version: 1, format: 'lotse-recovery-public-key', createdAt: '2026-12-05T10:00:00.000Z' });
    expect(first.privateKeyText).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{1,5}){11}$/);

    const pulled = recoveryChanges(await pullAll('recovery-key'));
    expect(pulled).toHaveLength(1);
    const change = pulled[0]!;
    expect(change.op).toBe('publish');
    const published = recoveryKeyArtifactSchema.parse(change.op === 'publish' ? change.body : null);
    expect(published).toEqual(first.artifact);

    // The tablet's side (src/core/encryption, as the app will call it) and the admin's side.
    const material = createDataKeyMaterial();
    const wrapped = await wrapForRecovery(material, published);
    const back = await unwrapWithRecovery(wrapped, first.privateKeyText, published);
    expect(back.raw).toEqual(material.raw);
  });

  it('keeps no copy of the private part anywhere in the database', async () => {
    expect(await findTextAnywhere(database, await privateForms(first.privateKeyText))).toEqual([]);
    // The scan does find what is there: the public key.
    expect(await findTextAnywhere(database, [first.artifact.publicKey])).toContain(`artifacts: ${first.artifact.publicKey}`);
  });

  it('is not listed to a tablet of the earlier version, whose pull would refuse the whole page', async () => {
    const changes = await pullAll(null);
    expect(changes.length).toBeGreaterThan(0);
    expect(recoveryChanges(changes)).toEqual([]);
    // Names it does not know are ignored, not refused.
    expect(recoveryChanges(await pullAll('something-else'))).toEqual([]);
  });

  it('refuses a second key unless it is asked to replace the first, which is then retired', async () => {
    await expect(createRecoveryKey(database.db, { now: new Date(), replace: false, actor: 'test' })).rejects.toThrow(RecoveryKeyExists);
    expect((await currentRecoveryKeys(database.db)).map((key) => key.keyId)).toEqual([first.artifact.keyId]);

    const second = await createRecoveryKey(database.db, { now: new Date('2026-12-06T10:00:00Z'), replace: true, actor: 'test' });
    expect(second.artifact.version).toBe(2);
    expect(second.artifact.keyId).not.toBe(first.artifact.keyId);
    expect(second.retired).toEqual([1]);
    expect((await currentRecoveryKeys(database.db)).map((key) => key.keyId)).toEqual([second.artifact.keyId]);
    const changes = recoveryChanges(await pullAll('recovery-key'));
    expect(changes.map((change) => `${change.op} ${change.version}`)).toEqual(['publish 2', 'retire 1']);
  });

  it('is written to the audit log', async () => {
    const rows = await database.db.selectFrom('audit_log').select(['action', 'target_type', 'target_id', 'details']).where('action', '=', 'recovery_key.create').orderBy('seq').execute();
    expect(rows.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }))).toEqual([
      { action: 'recovery_key.create', target_type: 'recovery-key', target_id: first.artifact.keyId, details: { version: 1, keyId: first.artifact.keyId, retiredVersions: [] } },
      expect.objectContaining({ action: 'recovery_key.create', details: expect.objectContaining({ version: 2, retiredVersions: [1] }) }),
    ]);
  });

  it('cannot be published or retired through the coordinator API', async () => {
    const [current] = await currentRecoveryKeys(database.db);
    const publish = await app.inject({ method: 'POST', url: '/api/v1/artifacts', headers: { cookie, 'content-type': 'application/json' }, payload: { kind: 'recovery-key', body: { ...current, version: 9 } } });
    expect(publish.statusCode).toBe(400);
    const retire = await app.inject({ method: 'POST', url: '/api/v1/artifacts/retire', headers: { cookie, 'content-type': 'application/json' }, payload: { kind: 'recovery-key', id: 'organisation', version: current!.version } });
    expect(retire.statusCode).toBe(400);
    expect((await currentRecoveryKeys(database.db)).map((key) => key.version)).toEqual([current!.version]);
  });
});

describe.each(engines)('npm run lotse -- recovery-key create on %s', (engine) => {
  it('prints the private part once, publishes the public part, and refuses a second run without --replace', async () => {
    const env = freshTestDatabaseEnv(engine);
    const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'recovery-key', 'create', ...args], { cwd: repoRoot, env: { ...process.env, ...env, LOG_LEVEL: 'warn' } });
    const { stdout } = await cli();
    const printed = /^ {4}([0-9A-Z-]{69})$/m.exec(stdout)?.[1];
    expect(printed, stdout).toBeDefined();
    const database = await openTestDatabase(engine, env);
    try {
      const [published] = await currentRecoveryKeys(database.db);
      expect(stdout).toContain(`Recovery key ${published!.keyId} (version 1) published`);
      const material = createDataKeyMaterial();
      expect((await unwrapWithRecovery(await wrapForRecovery(material, published), printed!, published)).raw).toEqual(material.raw);
      expect(await findTextAnywhere(database, await privateForms(printed!))).toEqual([]);

      const again = await cli().then(() => null, (error: { code: number; stderr: string }) => error);
      expect(again?.code).toBe(1);
      expect(again?.stderr).toContain('--replace');
      expect((await currentRecoveryKeys(database.db)).map((key) => key.keyId)).toEqual([published!.keyId]);
    } finally {
      await database.drop();
    }
  });
});
