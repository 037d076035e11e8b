/**
 * Device enrolment: a coordinator creates a short single-use code (shown once,
 * stored as a hash); the tablet redeems it for a device id and a bearer token
 * (also stored only as a hash).
 */
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { ENROLMENT_CODE_ALPHABET, ENROLMENT_CODE_LENGTH, formatEnrolmentCode, normaliseEnrolmentCode } from '../../core/sync/index';
import { hashSecret, randomToken } from '../auth/secrets';

export const DEFAULT_ENROLMENT_TTL_MINUTES = 24 * 60;

function randomEnrolmentCode(): string {
  // randomInt draws without modulo bias.
  return Array.from({ length: ENROLMENT_CODE_LENGTH }, () => ENROLMENT_CODE_ALPHABET[crypto.randomInt(ENROLMENT_CODE_ALPHABET.length)]).join('');
}

export interface CreatedEnrolment {
  id: string;
  /** Grouped for display, e.g. `ABCD-EFGH`. */
  code: string;
  deviceName: string | null;
  expiresAt: string;
}

export async function createEnrolment(
  db: Kysely<Database>,
  input: { deviceName: string | null; createdBy: string; now: Date; ttlMinutes: number },
): Promise<CreatedEnrolment> {
  const code = randomEnrolmentCode();
  const enrolment = {
    id: crypto.randomUUID(),
    code_hash: hashSecret(code),
    device_name: input.deviceName,
    created_by: input.createdBy,
    created_at: input.now.toISOString(),
    expires_at: new Date(input.now.getTime() + input.ttlMinutes * 60_000).toISOString(),
  };
  await db.insertInto('enrolments').values(enrolment).execute();
  return { id: enrolment.id, code: formatEnrolmentCode(code), deviceName: input.deviceName, expiresAt: enrolment.expires_at };
}

export interface OpenEnrolment {
  id: string;
  deviceName: string | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
}

/** Enrolments that can still be redeemed (their codes are not known to the server any more). */
export async function openEnrolments(db: Kysely<Database>, now: Date): Promise<OpenEnrolment[]> {
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('coordinators', 'coordinators.id', 'enrolments.created_by')
    .select(['enrolments.id', 'enrolments.device_name', 'enrolments.created_at', 'enrolments.expires_at', 'coordinators.name'])
    .where('enrolments.used_at', 'is', null)
    .where('enrolments.expires_at', '>', now.toISOString())
    .orderBy('enrolments.created_at', 'desc')
    .execute();
  return rows.map((row) => ({ id: row.id, deviceName: row.device_name, createdAt: row.created_at, createdBy: row.name, expiresAt: row.expires_at }));
}

/** Withdraws an open enrolment by its id or its code; false when there is none. */
/** Deletes an open enrolment by its id or code; returns its id, or undefined when there was none. */
export async function deleteEnrolment(db: Kysely<Database> | Transaction<Database>, idOrCode: string): Promise<{ id: string } | undefined> {
  const code = normaliseEnrolmentCode(idOrCode);
  const result = await db
    .deleteFrom('enrolments')
    .where((eb) => (code ? eb('code_hash', '=', hashSecret(code)) : eb('id', '=', idOrCode)))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return result && { id: result.id };
}

export interface EnrolledDevice {
  deviceId: string;
  deviceToken: string;
  deviceName: string;
}

/**
 * Redeems a code once: the conditional update lets exactly one of several
 * concurrent redemptions through, on both engines. Undefined when the code is
 * unknown, used or expired.
 */
/** Why a re-enrolment was refused although its code was good (nothing is used up then). */
export class SuccessionRefused extends Error {
  constructor(readonly code: 'previous_device_unproven' | 'previous_device_continued') {
    super(code);
  }
}

export async function redeemEnrolment(
  db: Kysely<Database>,
  input: { code: string; deviceName: string; now: Date; previous?: { deviceId: string; deviceToken: string } | undefined },
): Promise<EnrolledDevice | undefined> {
  const code = normaliseEnrolmentCode(input.code);
  if (!code) return undefined;
  const nowIso = input.now.toISOString();
  const deviceId = crypto.randomUUID();
  const deviceToken = randomToken();
  return db.transaction().execute(async (trx) => {
    const enrolment = await trx
      .updateTable('enrolments')
      .set({ used_at: nowIso, device_id: deviceId })
      .where('code_hash', '=', hashSecret(code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .returning(['id', 'device_name'])
      .executeTakeFirst();
    if (!enrolment) return undefined;
    // A tablet that was enrolled before continues that device if it still holds its token (a
    // device this server never knew, e.g. after a reset, leaves nothing to continue). Throwing
    // rolls back the use of the code.
    let succeeds: string | null = null;
    if (input.previous) {
      const before = await trx.selectFrom('devices').select(['id', 'token_hash']).where('id', '=', input.previous.deviceId).executeTakeFirst();
      if (before) {
        if (before.token_hash !== hashSecret(input.previous.deviceToken)) throw new SuccessionRefused('previous_device_unproven');
        const continued = await trx.selectFrom('devices').select('id').where('succeeds', '=', before.id).executeTakeFirst();
        if (continued) throw new SuccessionRefused('previous_device_continued');
        succeeds = before.id;
      }
    }
    // The name the coordinator chose is the one coordinators will recognise.
    const deviceName = enrolment.device_name ?? input.deviceName;
    await trx
      .insertInto('devices')
      .values({ id: deviceId, name: deviceName, token_hash: hashSecret(deviceToken), enrolled_at: nowIso, enrolment_id: enrolment.id, succeeds })
      .execute();
    return { deviceId, deviceToken, deviceName };
  });
}
