/**
 * Hand-over mode (issue #12 item 5): while the applicant holds the tablet (reading the notice,
 * deciding, signing), only that interview's applicant view is reachable. The mode is stored in
 * `meta` (`handover`), so a reload, a typed URL and a new tab of the same origin find it too; the
 * app shows nothing else until the interviewer's secret ends it (`keyring.unlock`).
 */
import type { LotseDatabase } from './db';
import { getMeta, setMeta, deleteMeta, type MetaValues } from './meta';

export type Handover = MetaValues['handover'];

const listeners = new Set<(handover: Handover | null) => void>();
let channel: BroadcastChannel | null = null;

function broadcast(handover: Handover | null): void {
  for (const listener of [...listeners]) listener(handover);
  try {
    channel ??= new BroadcastChannel('lotse-handover');
    channel.postMessage(handover);
  } catch {
    // No BroadcastChannel (tests): other tabs read the mode from IndexedDB when they start.
  }
}

/** Called when this or another tab of the app starts or ends the mode. */
export function onHandoverChange(listener: (handover: Handover | null) => void): () => void {
  listeners.add(listener);
  let own: BroadcastChannel | null = null;
  try {
    own = new BroadcastChannel('lotse-handover');
    own.onmessage = (event: MessageEvent<Handover | null>) => listener(event.data);
  } catch {
    own = null;
  }
  return () => {
    listeners.delete(listener);
    own?.close();
  };
}

export async function handoverState(db: LotseDatabase): Promise<Handover | null> {
  return (await getMeta(db, 'handover')) ?? null;
}

export async function startHandover(db: LotseDatabase, recordId: string, now = new Date()): Promise<Handover> {
  const handover: Handover = { recordId, since: now.toISOString() };
  await setMeta(db, 'handover', handover);
  broadcast(handover);
  return handover;
}

/** Ends the mode; the caller has checked the interviewer's secret (`unlock`). */
export async function endHandover(db: LotseDatabase): Promise<void> {
  await deleteMeta(db, 'handover');
  broadcast(null);
}
