/**
 * Enrolment: a device redeems a coordinator's code for its identity and token
 * (sync-protocol.md, "enrolment").
 */
import { bareEnrolmentCode, enrolResponseSchema } from '../core/sync';
import type { LotseDatabase } from './db';
import { getMeta, setMeta, deleteMeta } from './meta';
import { readError } from './sync-transport';

export interface EnrolInput {
  code: string;
  deviceName: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  now?: Date;
}

/** A refusal carries the server's error code (`invalid_enrolment_code`, …; null without an answer) for the UI to say in its language. */
export type EnrolOutcome =
  | { ok: true; deviceId: string; deviceName: string }
  | { ok: false; status: number | null; code: string | null; message: string };

/**
 * Redeems an enrolment code. A new device identity starts a new sequence on the server,
 * so entries still waiting are renumbered from 1 in the same transaction.
 */
export async function enrolDevice(db: LotseDatabase, input: EnrolInput): Promise<EnrolOutcome> {
  const doFetch = input.fetch ?? fetch.bind(globalThis);
  // A tablet enrolled before names the device it was, with that device's token as proof: the new
  // device continues it, so the interviews captured before stay this tablet's to edit.
  const [previousId, previousToken] = await Promise.all([getMeta(db, 'deviceId'), getMeta(db, 'deviceToken')]);
  const previous = previousId && previousToken ? { deviceId: previousId, deviceToken: previousToken } : undefined;
  let response: Response;
  try {
    response = await doFetch(`${input.baseUrl ?? ''}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: bareEnrolmentCode(input.code), deviceName: input.deviceName.trim(), ...(previous && { previous }) }),
    });
  } catch (error) {
    return { ok: false, status: null, code: null, message: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok) {
    const { code, message } = await readError(response);
    return { ok: false, status: response.status, code, message };
  }
  const parsed = enrolResponseSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, status: response.status, code: null, message: 'The server sent an enrolment answer this app does not understand.' };
  const { deviceId, deviceToken, deviceName } = parsed.data;
  const at = (input.now ?? new Date()).toISOString();
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    const pending = await db.outbox.orderBy('seq').toArray();
    await db.outbox.clear();
    await db.outbox.bulkAdd(pending.map((entry, index) => ({ ...entry, seq: index + 1 })));
    await setMeta(db, 'nextSeq', pending.length + 1);
    await setMeta(db, 'lastAckSeq', 0);
    await setMeta(db, 'deviceId', deviceId);
    await setMeta(db, 'deviceToken', deviceToken);
    await setMeta(db, 'deviceName', deviceName);
    await setMeta(db, 'enrolledAt', at);
    await deleteMeta(db, 'authRefusedAt');
    await deleteMeta(db, 'pullCursor');
  });
  return { ok: true, deviceId, deviceName };
}
