/**
 * What every API answer must be, whatever was asked: never a 5xx, and every error in the one
 * shape the clients parse (`{ error: { code, message, details? } }`, core/sync `apiErrorSchema`).
 * A success may be a file instead of JSON (the exports): then a whole ZIP archive (an XLSX is
 * one) of its declared type, or a whole XLIFF document (a translation export).
 */
import type { LightMyRequestResponse } from 'fastify';
import { apiErrorSchema } from '../../../src/core/sync';

const fileTypes = /^(application\/zip|application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet)$/;

/** Why bytes are not a whole ZIP archive: its local header first, its end-of-central-directory record last. */
function zipProblem(bytes: Buffer): string | null {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) return 'a file answer that does not start as a ZIP archive';
  return bytes.readUInt32LE(bytes.length - 22) === 0x06054b50 ? null : 'a file answer whose ZIP archive is cut short';
}

/** Why an answer is not well-formed, or null when it is. */
export function answerProblem(response: LightMyRequestResponse, method: string): string | null {
  const status = response.statusCode;
  const excerpt = () => response.body.slice(0, 300);
  if (status >= 500) return `HTTP ${status}: ${excerpt()}`;
  if (method === 'HEAD') return null;
  if (status === 204) return response.body === '' ? null : `204 with a body: ${excerpt()}`;
  if (status === 200 && fileTypes.test(String(response.headers['content-type'] ?? ''))) return zipProblem(response.rawPayload);
  if (status === 200 && /^application\/xliff\+xml; charset=utf-8$/.test(String(response.headers['content-type'] ?? ''))) {
    const text = response.body.trim();
    return text.startsWith('<?xml') && /<xliff\b[^>]*version="2\.0"/.test(text) && text.endsWith('</xliff>') ? null : `an XLIFF answer that is not a whole XLIFF 2.0 document: ${excerpt()}`;
  }
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
