/**
 * The organisation's recovery key (issue #12): `npm run lotse -- recovery-key create` makes an
 * ECDH P-256 key pair, publishes the public part as the artifact `recovery-key organisation@n`
 * (tablets pull it and wrap their data key for it) and hands the private part back to be printed
 * once. The server keeps no copy of the private part: it cannot unwrap a tablet's data key.
 *
 * A second key is made only on purpose (`replace`): tablets wrap for the newest key, and the old
 * key's private part is still needed for every tablet that has not re-wrapped since. The replaced
 * key is retired (tablets stop wrapping for it), not deleted.
 */
import type { Kysely } from 'kysely';
import { createRecoveryKeyPair, parseRecoveryPublicKey, RECOVERY_KEY_ARTIFACT_ID, type RecoveryKeyArtifact } from '../../core/encryption/index';
import type { Database } from '../db/schema';
import { audit } from '../audit/log';
import { prepareArtifact, publishArtifact, retireArtifact } from './store';

export class RecoveryKeyExists extends Error {
  constructor(readonly current: RecoveryKeyArtifact) {
    super(
      `A recovery key is published already: key ${current.keyId}, version ${current.version}, made ${current.createdAt}. ` +
        'Tablets wrap their data key for it. To replace it, run again with --replace — and keep the old private key until every tablet has synced since.',
    );
  }
}

/** The recovery keys published and not retired, newest first (normally one). */
export async function currentRecoveryKeys(db: Kysely<Database>): Promise<RecoveryKeyArtifact[]> {
  const rows = await db.selectFrom('artifacts').select('body').where('kind', '=', 'recovery-key').where('id', '=', RECOVERY_KEY_ARTIFACT_ID).where('retired', '=', 0).orderBy('version', 'desc').execute();
  return rows.map((row) => JSON.parse(row.body) as RecoveryKeyArtifact);
}

export interface CreatedRecoveryKey {
  artifact: RecoveryKeyArtifact;
  /** Shown once; never stored. */
  privateKeyText: string;
  /** Versions retired by `replace`. */
  retired: number[];
}

export async function createRecoveryKey(db: Kysely<Database>, options: { now: Date; replace: boolean; actor: string }): Promise<CreatedRecoveryKey> {
  const current = await currentRecoveryKeys(db);
  if (current.length > 0 && !options.replace) throw new RecoveryKeyExists(current[0]!);
  const latest = await db.selectFrom('artifacts').select((eb) => eb.fn.max('version').as('max')).where('kind', '=', 'recovery-key').where('id', '=', RECOVERY_KEY_ARTIFACT_ID).executeTakeFirst();
  const pair = await createRecoveryKeyPair(options.now);
  // The same check a tablet makes before it wraps: a point on the curve, named by its id.
  await parseRecoveryPublicKey(pair.publicKey);
  const body: RecoveryKeyArtifact = { id: RECOVERY_KEY_ARTIFACT_ID, version: Number(latest?.max ?? 0) + 1, ...pair.publicKey };
  const prepared = prepareArtifact('recovery-key', body);
  if (!prepared.ok) throw new Error(`the new recovery key is not publishable: ${prepared.problems.join('; ')}`);
  await publishArtifact(db, prepared.artifact, { now: options.now, publishedBy: null });
  const retired: number[] = [];
  for (const old of current) {
    await retireArtifact(db, { kind: 'recovery-key', id: RECOVERY_KEY_ARTIFACT_ID, version: old.version, lang: null }, options.now);
    retired.push(old.version);
  }
  await audit(db, {
    actor: { type: 'system', name: options.actor },
    action: 'recovery_key.create',
    target: { type: 'recovery-key', id: body.keyId },
    details: { version: body.version, keyId: body.keyId, retiredVersions: retired },
    at: options.now,
  });
  return { artifact: body, privateKeyText: pair.privateKeyText, retired };
}
