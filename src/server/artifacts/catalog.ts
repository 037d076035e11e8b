/**
 * Looks up published artifacts for validating pushed records. Published
 * artifacts never change, so a parsed one is kept in memory for the life of
 * the process; this is a cache of immutable data, not state (a miss always
 * asks the database, so an artifact published by another instance is found).
 */
import type { Kysely } from 'kysely';
import { parseFormDefinition, type FormDefinition } from '../../core/form/index';
import { DEPLOYMENT_SETTINGS_ID, deploymentSettingsSchema, noticeArtifactSchema, type DeploymentSettings, type NoticeArtifact } from '../../core/consent/index';
import type { Database } from '../db/schema';
import { artifactBody, type ArtifactIdentity } from './store';

export interface ArtifactCatalog {
  /** The form published as `id@version`, or null. */
  form(formRef: string): Promise<FormDefinition | null>;
  /** The notice text published as id/version/lang, or null. */
  notice(id: string, version: number, lang: string): Promise<NoticeArtifact | null>;
  /** The deployment settings published as this version (retired or not), or null. */
  settings(version: number): Promise<DeploymentSettings | null>;
}

export function createArtifactCatalog(db: Kysely<Database>): ArtifactCatalog {
  const forms = new Map<string, FormDefinition>();
  const notices = new Map<string, NoticeArtifact>();
  const settingsVersions = new Map<string, DeploymentSettings>();

  async function load<T>(cache: Map<string, T>, key: string, identity: ArtifactIdentity, parse: (body: unknown) => T | null): Promise<T | null> {
    const cached = cache.get(key);
    if (cached) return cached;
    const body = await artifactBody(db, identity);
    const parsed = body === null ? null : parse(body);
    if (parsed !== null) cache.set(key, parsed);
    return parsed;
  }

  return {
    form(formRef) {
      const match = /^(.+)@([1-9][0-9]*)$/.exec(formRef);
      if (!match?.[1] || !match[2]) return Promise.resolve(null);
      return load(forms, formRef, { kind: 'form', id: match[1], version: Number(match[2]), lang: null }, (body) => {
        const parsed = parseFormDefinition(body);
        return parsed.ok ? parsed.definition : null;
      });
    },
    notice(id, version, lang) {
      // No published notice has a NUL in its id or language (PostgreSQL text cannot even hold one,
      // and asking would fail the query): an entry naming one gets `unknown_notice`, not a 500.
      if (id.includes('\u0000') || lang.includes('\u0000')) return Promise.resolve(null);
      return load(notices, `${id}@${version}/${lang}`, { kind: 'notice', id, version, lang }, (body) => {
        const parsed = noticeArtifactSchema.safeParse(body);
        return parsed.success ? parsed.data : null;
      });
    },
    settings(version) {
      return load(settingsVersions, String(version), { kind: 'settings', id: DEPLOYMENT_SETTINGS_ID, version, lang: null }, (body) => {
        const parsed = deploymentSettingsSchema.safeParse(body);
        return parsed.success ? parsed.data : null;
      });
    },
  };
}
