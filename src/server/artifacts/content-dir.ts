/**
 * Publishes the artifacts bundled in CONTENT_DIR on start:
 * `forms/*.json` (form definitions) and `notices/<notice@version>/<lang>.json`.
 * Safe when several instances start at once: publication is idempotent and
 * serialised in the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isHttpError } from '../http/errors';
import { artifactLabel, prepareArtifact, publishArtifact, type ArtifactKind } from './store';
import { audit } from '../audit/log';

function jsonFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name));
}

function contentFiles(contentDir: string): { kind: ArtifactKind; file: string }[] {
  const forms = jsonFiles(path.join(contentDir, 'forms')).map((file) => ({ kind: 'form' as const, file }));
  const noticesDir = path.join(contentDir, 'notices');
  const noticeDirs = fs.existsSync(noticesDir)
    ? fs.readdirSync(noticesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(noticesDir, e.name)).sort()
    : [];
  // Within one notice version the German reference goes first: translations are checked against it.
  const notices = noticeDirs.flatMap((dir) =>
    jsonFiles(dir)
      .sort((a, b) => Number(path.basename(b) === 'de.json') - Number(path.basename(a) === 'de.json'))
      .map((file) => ({ kind: 'notice' as const, file })),
  );
  return [...forms, ...notices];
}

export interface ContentPublication {
  published: string[];
  unchanged: number;
  failed: { file: string; reason: string }[];
}

/**
 * A file that cannot be published is logged and skipped: one broken
 * translation must not keep devices from syncing everything else.
 */
export async function publishContentDirectory(
  db: Kysely<Database>,
  contentDir: string,
  options: { now: () => Date; log: FastifyBaseLogger },
): Promise<ContentPublication> {
  const result: ContentPublication = { published: [], unchanged: 0, failed: [] };
  const files = contentFiles(contentDir);
  if (files.length === 0) options.log.warn({ contentDir }, 'no content artifacts found to publish');
  for (const { kind, file } of files) {
    const relative = path.relative(contentDir, file);
    try {
      const prepared = prepareArtifact(kind, JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
      if (!prepared.ok) throw new Error(prepared.problems.slice(0, 5).join('; '));
      const outcome = await publishArtifact(db, prepared.artifact, { now: options.now(), publishedBy: null });
      if (outcome.status === 'published') {
        const artifact = prepared.artifact;
        result.published.push(artifactLabel(artifact));
        await audit(db, {
          actor: { type: 'system', name: 'content directory' },
          action: 'content.publish',
          target: { type: 'artifact', id: artifactLabel(artifact) },
          details: { kind: artifact.kind, id: artifact.id, version: artifact.version, lang: artifact.lang, sha256: artifact.sha256, changeNo: outcome.changeNo, file: relative },
          at: options.now(),
        });
      } else result.unchanged += 1;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      result.failed.push({ file: relative, reason });
      // Expected until an admin enters the settings; saving them publishes the notice (routes/settings.ts).
      if (isHttpError(error) && error.code === 'settings_missing') {
        options.log.warn({ file: relative, reason }, 'notice waits for its deployment settings');
        continue;
      }
      options.log.error({ file: relative, reason, ...(isHttpError(error) && { code: error.code }) }, 'content artifact not published');
    }
  }
  if (result.published.length > 0) options.log.info({ published: result.published }, 'published content artifacts');
  return result;
}
