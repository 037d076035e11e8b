import type { ServerConfig } from './config';
import type { ServerDatabase } from './db/database';
import type { ArtifactCatalog } from './artifacts/catalog';
import type { KeyedHash } from './auth/secrets';

/** What every route module receives: no state beyond the database and immutable artifacts. */
export interface ServerContext {
  config: ServerConfig;
  database: ServerDatabase;
  /** The server's clock; tests pass their own to move time. */
  now: () => Date;
  artifacts: ArtifactCatalog;
  /** The keyed hash of a person's reference kept after erasure (`auth/secrets.ts`). */
  personKey: KeyedHash;
}
