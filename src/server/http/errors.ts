/**
 * Errors that carry their HTTP answer. Route code throws them; the one error
 * handler in app.ts turns every error into `{ error: { code, message, details? } }`.
 */
import type { z } from 'zod';

const httpErrorBrand = Symbol('lotse.httpError');

export interface HttpError extends Error {
  readonly [httpErrorBrand]: true;
  readonly statusCode: number;
  /** Machine-readable, stable: clients switch on it. */
  readonly code: string;
  readonly details?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function httpError(
  statusCode: number,
  code: string,
  message: string,
  extra: { details?: unknown; headers?: Record<string, string> } = {},
): HttpError {
  return Object.assign(new Error(message), { [httpErrorBrand]: true as const, statusCode, code, ...extra });
}

export function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && httpErrorBrand in error;
}

/** The zod issues of a refused body, without the input values (which may be personal data). */
export function zodIssueDetails(error: z.ZodError): { path: (string | number)[]; code: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    code: issue.code,
    message: issue.message,
  }));
}

/** Parses a request part with a zod schema; a mismatch is a 400 `bad_request` with the issues. */
export function parseOrBadRequest<T extends z.ZodType>(schema: T, value: unknown, what = 'request body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw httpError(400, 'bad_request', `The ${what} is not valid.`, { details: zodIssueDetails(result.error) });
  }
  return result.data;
}
