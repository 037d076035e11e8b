import type { StoredArtifact } from './db';

/** `kind:id@version:lang` (`*` for forms and settings, which carry every language). */
export function artifactKey(kind: StoredArtifact['kind'], id: string, version: number, lang: string | null): string {
  return `${kind}:${id}@${version}:${lang ?? '*'}`;
}
