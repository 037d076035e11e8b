/**
 * The sync client's HTTP side: one authenticated request to the server, and how its answer is
 * judged before anyone reads the body. A network error, 429 or 5xx becomes "retry later"; a 401
 * or 403 is written down (`authRefusedAt`), so syncing stops until the device is enrolled again.
 */
import type { LotseDatabase } from './db';
import { setMeta } from './meta';
import { SyncStop, type SyncProblem } from './sync-types';

export interface Session {
  db: LotseDatabase;
  baseUrl: string;
  token: string;
  deviceId: string;
  fetch: typeof fetch;
  now: () => Date;
}

/** The server's `{ error: { code, message } }`, as far as the answer has one. */
export async function readError(response: Response): Promise<{ code: string | null; message: string }> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const message = typeof body.error?.message === 'string' ? body.error.message : `HTTP ${response.status}`;
    return { code: typeof body.error?.code === 'string' ? body.error.code : null, message: `${message} (HTTP ${response.status})` };
  } catch {
    return { code: null, message: `HTTP ${response.status}` };
  }
}

export async function readErrorMessage(response: Response): Promise<string> {
  return (await readError(response)).message;
}

export async function request(session: Session, path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await session.fetch(`${session.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), authorization: `Bearer ${session.token}` },
    });
  } catch (error) {
    throw new SyncStop({ kind: 'retry_later', problem: { code: 'network' }, message: error instanceof Error ? error.message : String(error), retryAfterMs: null });
  }
  if (response.status === 401 || response.status === 403) {
    const { code, message } = await readError(response);
    await setMeta(session.db, 'authRefusedAt', session.now().toISOString());
    const problem: SyncProblem = code === 'device_revoked' ? { code: 'device_revoked' } : { code: 'token_refused', status: response.status };
    throw new SyncStop({ kind: 'auth_refused', status: response.status, problem, message });
  }
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new SyncStop({
      kind: 'retry_later',
      problem: { code: 'server_unavailable', status: response.status },
      message: await readErrorMessage(response),
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
    });
  }
  return response;
}
