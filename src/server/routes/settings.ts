/**
 * The deployment settings (contact details that notices and receipts name), entered by an admin —
 * today a coordinator — and published as the next version of the artifact `settings deployment`.
 *   GET /api/v1/settings   {settings: {version, values, publishedAt} | null, required: keys notices use}
 *   PUT /api/v1/settings   {values}: publish as the next version; 400 `invalid_settings` with
 *                          `details.fields` {key: problem} per field; 409 `settings_in_use` when it
 *                          would empty a setting a published notice uses
 * A notice in CONTENT_DIR that waited for its settings is published right after they are saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DEPLOYMENT_SETTINGS_ID,
  noticeArtifactSchema,
  noticePlaceholders,
  settingKeys,
  settingValuesProblems,
  type SettingKey,
} from '../../core/consent/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { access } from '../../core/api/index';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { artifactLabel, currentSettingsIn, prepareArtifact, publishArtifact } from '../artifacts/store';
import { publishContentDirectory } from '../artifacts/content-dir';

const putBodySchema = z.strictObject({ values: z.record(z.string(), z.unknown()) });

/** Notice texts that are published (not retired) or waiting in CONTENT_DIR: what the settings must serve. */
async function noticeBodies(context: ServerContext): Promise<unknown[]> {
  const rows = await context.database.db.selectFrom('artifacts').select('body').where('kind', '=', 'notice').where('retired', '=', 0).execute();
  const published = rows.map((row) => JSON.parse(row.body) as unknown);
  const noticesDir = path.join(context.config.contentDir, 'notices');
  const waiting = fs.existsSync(noticesDir)
    ? fs.readdirSync(noticesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((entry) => {
      const dir = path.join(noticesDir, entry.name);
      return fs.readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as unknown);
    })
    : [];
  return [...published, ...waiting];
}

async function requiredSettings(context: ServerContext): Promise<SettingKey[]> {
  const used = new Set<SettingKey>();
  for (const body of await noticeBodies(context)) {
    const parsed = noticeArtifactSchema.safeParse(body);
    if (parsed.success) for (const key of noticePlaceholders(parsed.data).used) used.add(key);
  }
  return settingKeys.filter((key) => used.has(key));
}

export function registerSettingsRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const coordinatorOnly = forRoles(context, access.settings);

  app.get('/api/v1/settings', coordinatorOnly, async () => {
    const [row, required] = await Promise.all([
      db.selectFrom('artifacts').select(['version', 'body', 'published_at']).where('kind', '=', 'settings').where('retired', '=', 0)
        .orderBy('version', 'desc').limit(1).executeTakeFirst(),
      requiredSettings(context),
    ]);
    const settings = row
      ? { version: row.version, values: (JSON.parse(row.body) as { values: Record<string, string> }).values, publishedAt: row.published_at }
      : null;
    return { settings, required };
  });

  app.put('/api/v1/settings', coordinatorOnly, async (request, reply) => {
    const { values } = parseOrBadRequest(putBodySchema, request.body);
    const fields = settingValuesProblems(values);
    const unknownKeys = Object.keys(values).filter((key) => !(settingKeys as readonly string[]).includes(key));
    if (Object.keys(fields).length > 0 || unknownKeys.length > 0) {
      const named = [...Object.keys(fields), ...unknownKeys];
      throw httpError(400, 'invalid_settings', `These settings cannot be published: ${named.join(', ')}.`, {
        details: { fields: { ...fields, ...Object.fromEntries(unknownKeys.map((key) => [key, 'unknown'])) } },
      });
    }
    const current = await currentSettingsIn(db);
    if (current && settingKeys.every((key) => current.values[key] === values[key])) {
      return reply.code(200).send({ status: 'unchanged', settings: { version: current.version }, published: [] });
    }
    const latest = await db.selectFrom('artifacts').select((eb) => eb.fn.max('version').as('max')).where('kind', '=', 'settings').executeTakeFirst();
    const prepared = prepareArtifact('settings', { id: DEPLOYMENT_SETTINGS_ID, version: Number(latest?.max ?? 0) + 1, values });
    if (!prepared.ok) throw httpError(400, 'invalid_settings', prepared.problems.join('; '), { details: { fields: {} } });
    const outcome = await publishArtifact(db, prepared.artifact, { now: context.now(), publishedBy: signedIn(request).coordinator.id });
    request.log.info({ artifact: artifactLabel(prepared.artifact) }, 'settings published');
    const changed = current ? settingKeys.filter((key) => current.values[key] !== values[key]) : [...settingKeys];
    await auditRequest(context, request, {
      action: 'settings.change',
      target: { type: 'settings', id: DEPLOYMENT_SETTINGS_ID },
      details: { version: prepared.artifact.version, changed, sha256: prepared.artifact.sha256 },
    });
    const waiting = await publishContentDirectory(db, context.config.contentDir, { now: context.now, log: request.log });
    return reply.code(201).send({ status: outcome.status, settings: { version: prepared.artifact.version }, published: waiting.published });
  });
}
