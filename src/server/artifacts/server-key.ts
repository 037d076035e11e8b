/**
 * The server's sealing key (issue #12 item 3, "sync while locked"): an ECDH P-256 key pair made
 * at the server's first start. The private part stays in the database (`server_meta`
 * `server_sealing_key`), the public part is published as the artifact `server-key server@1`,
 * which tablets pull (`accept=server-key`) and seal each completed interview's outbox entry for.
 *
 * Why made at start and kept in the database, unlike the recovery key: the server must open every
 * sealed entry it receives, unattended — a key an operator keeps offline would stop sync. The key
 * protects the entry on the tablet and on the way (a locked tablet holds it sealed, not in clear),
 * not from the server, which stores the records in clear anyway. Every process of one database
 * reads the same row (the first insert wins), so several instances publish the same key.
 * Rotation is not built: a replaced key would need the old private part until every tablet's
 * outbox is empty.
 */
import type { Kysely } from 'kysely';
import { createServerKeyPair, SERVER_KEY_ARTIFACT_ID, type ServerKeyArtifact, type ServerKeyPair } from '../../core/encryption/index';
import { openingKeyOf, type ServerOpeningKey } from '../sync/open-sealed';
import type { Database } from '../db/schema';
import { prepareArtifact, publishArtifact } from './store';

const SERVER_KEY_META = 'server_sealing_key';

/** The private key as the push opens sealed entries with it (node:crypto, `sync/open-sealed.ts`). */
export type ServerSealingKey = ServerOpeningKey;

async function storedPair(db: Kysely<Database>): Promise<ServerKeyPair | null> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', SERVER_KEY_META).executeTakeFirst();
  return row ? (JSON.parse(row.value) as ServerKeyPair) : null;
}

/**
 * Makes the key pair unless the database holds one, and publishes its public part (a no-op when
 * published). Safe when several processes start together: the first insert wins, every process
 * publishes the stored pair's identical body.
 */
export async function ensureServerKey(db: Kysely<Database>, now: Date): Promise<ServerKeyArtifact> {
  let pair = await storedPair(db);
  if (!pair) {
    const made = await createServerKeyPair(now);
    await db.insertInto('server_meta').values({ key: SERVER_KEY_META, value: JSON.stringify(made) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    pair = (await storedPair(db))!;
  }
  const body: ServerKeyArtifact = { id: SERVER_KEY_ARTIFACT_ID, version: 1, ...pair.publicKey };
  const prepared = prepareArtifact('server-key', body);
  if (!prepared.ok) throw new Error(`the server key is not publishable: ${prepared.problems.join('; ')}`);
  await publishArtifact(db, prepared.artifact, { now: new Date(pair.publicKey.createdAt), publishedBy: null });
  return body;
}

const imported = new WeakMap<Kysely<Database>, Promise<ServerSealingKey | null>>();

/** The private key to open sealed entries with (read once per database handle); null before `ensureServerKey` ran. */
export function serverSealingKey(db: Kysely<Database>): Promise<ServerSealingKey | null> {
  let key = imported.get(db);
  if (!key) {
    key = storedPair(db).then((pair) => (pair ? openingKeyOf(pair) : null));
    // A database error is not cached: the next push tries again.
    key.catch(() => imported.delete(db));
    // Nor is "no key yet" (a process that started before another made it).
    void key.then((found) => {
      if (!found) imported.delete(db);
    }, () => undefined);
    imported.set(db, key);
  }
  return key;
}
