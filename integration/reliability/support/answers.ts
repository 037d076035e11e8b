/**
 * What every API answer must be, whatever was asked: never a 5xx, and every error in the one
 * shape the clients parse (`{ error: { code, message, details? } }`, core/sync `apiErrorSchema`).
 */
import type { LightMyRequestResponse } from 'fastify';
import { apiErrorSchema } from '../../../src/core/sync';

/** Why an answer is not well-formed, or null when it is. */
export function answerProblem(response: LightMyRequestResponse, method: string): string | null {
  const status = response.statusCode;
  const excerpt = () => response.body.slice(0, 300);
  if (status >= 500) return `HTTP ${status}: ${excerpt()}`;
  if (method === 'HEAD') return null;
  if (status === 204) return response.body === '' ? null : `204 with a body: ${excerpt()}`;
  // A `.csv` route's success is the file; its errors are JSON like every other.
  const path = (response.raw.req.url ?? '').split('?')[0] ?? '';
  if (status < 300 && path.endsWith('.csv')) {
    return /^text\/csv; charset=utf-8$/.test(String(response.headers['content-type'] ?? '')) ? null : `HTTP ${status} of a CSV route answered as ${String(response.headers['content-type'])}`;
  }
  if (!/^application\/json\b/.test(String(response.headers['content-type'] ?? ''))) {
    return `HTTP ${status} answered as ${String(response.headers['content-type'])}: ${excerpt()}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return `HTTP ${status} with a body that is not JSON: ${excerpt()}`;
  }
  if (status >= 400 && !apiErrorSchema.safeParse(body).success) return `HTTP ${status} with a malformed error: ${excerpt()}`;
  return null;
}

/** The error code of a well-formed error answer. */
export function errorCodeOf(response: LightMyRequestResponse): string | undefined {
  const parsed = apiErrorSchema.safeParse(JSON.parse(response.body || 'null'));
  return parsed.success ? parsed.data.error.code : undefined;
}
