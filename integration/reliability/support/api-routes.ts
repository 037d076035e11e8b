/**
 * The API's routes as the reliability suites know them, and the routes a built Fastify instance
 * really has (read from `printRoutes`), so a test fails when a route is added without being
 * added here — and so to the fuzzer and the access matrix.
 */
import type { FastifyInstance } from 'fastify';

/** `coordinator`: a signed-in account's session (the admin's in the fuzzer, each role in the access matrix). */
export type RouteAuth = 'public' | 'coordinator' | 'device';
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRoute {
  method: RouteMethod;
  /** Fastify's pattern, e.g. `/api/v1/devices/:id/revoke`. */
  path: string;
  auth: RouteAuth;
}

export const apiRoutes = [
  { method: 'GET', path: '/api/v1/health', auth: 'public' },
  { method: 'GET', path: '/api/v1/setup', auth: 'public' },
  // The set-up token in the body is the credential, and only until a coordinator exists.
  { method: 'POST', path: '/api/v1/setup', auth: 'public' },
  { method: 'POST', path: '/api/v1/auth/login', auth: 'public' },
  { method: 'POST', path: '/api/v1/auth/logout', auth: 'public' },
  { method: 'GET', path: '/api/v1/auth/me', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/enrolments', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/enrolments', auth: 'coordinator' },
  { method: 'DELETE', path: '/api/v1/enrolments/:idOrCode', auth: 'coordinator' },
  // The enrolment code in the body is the credential.
  { method: 'POST', path: '/api/v1/enrol', auth: 'public' },
  { method: 'GET', path: '/api/v1/devices', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/devices/:id/revoke', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/devices/:id/wipe', auth: 'coordinator' },
  { method: 'DELETE', path: '/api/v1/devices/:id/wipe', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/device-policy', auth: 'coordinator' },
  { method: 'PUT', path: '/api/v1/device-policy', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/devices/:id/records', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/records', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/records/filters', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/records/:recordId', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/issues', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/sync/push', auth: 'device' },
  { method: 'GET', path: '/api/v1/sync/pull', auth: 'device' },
  { method: 'GET', path: '/api/v1/artifacts', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/artifacts', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/artifacts/retire', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/forms/xlsform/check', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/forms/xlsform/publish', auth: 'coordinator' },
  // Answered with a file (XLSX) like the exports below.
  { method: 'GET', path: '/api/v1/forms/:id/:version/xlsform', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/forms/:id/:version/languages', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/forms/xlsform/translation', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/translations/:kind/:id/:version', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/translations/:kind/:id/:version/:lang/:format', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/translations/import', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/settings', auth: 'coordinator' },
  { method: 'PUT', path: '/api/v1/settings', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/evaluation', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/accounts', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/accounts', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/accounts/:id/role', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/accounts/:id/disable', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/accounts/:id/enable', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/accounts/:id/password-link', auth: 'coordinator' },
  // The one-time link's token in the body is the credential.
  { method: 'POST', path: '/api/v1/accounts/password', auth: 'public' },
  { method: 'GET', path: '/api/v1/audit', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/audit.csv', auth: 'coordinator' },
  // Answered with a file (XLSX, ZIP of CSV), not JSON: see support/answers.ts.
  { method: 'GET', path: '/api/v1/exports/records.xlsx', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/exports/records.csv', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/handovers', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/records/:recordId/subject-access', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/handovers/:recipientId/preview', auth: 'coordinator' },
  // Answered with a file like the exports above.
  { method: 'GET', path: '/api/v1/exports/partners/:file', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/records/:recordId/withdrawals', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/records/:recordId/counselling-end', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/erasures/match', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/retention/settings', auth: 'coordinator' },
  { method: 'PUT', path: '/api/v1/retention/settings', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/retention/preview', auth: 'coordinator' },
  { method: 'GET', path: '/api/v1/retention/runs', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/retention/runs', auth: 'coordinator' },
  { method: 'POST', path: '/api/v1/sync/erasures', auth: 'device' },
  { method: 'POST', path: '/api/v1/sync/wiped', auth: 'device' },
] as const satisfies readonly ApiRoute[];

type KeyOf<Route> = Route extends ApiRoute ? `${Route['method']} ${Route['path']}` : never;
/** `GET /api/v1/health`, … — one per route (distributed over the table's entries). */
export type ApiRouteKey = KeyOf<(typeof apiRoutes)[number]>;

export function routeKey(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The catch-all that answers unknown `/api/*` paths with a JSON 404 (printRoutes shows it as `*`). */
export const API_CATCH_ALL = '/api/*';

/**
 * Every `METHOD /path` the instance serves, HEAD included, read from `printRoutes`' tree
 * (each line: indentation of 4 characters per level, a path fragment, then `(METHODS)`).
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of match[3]?.split(', ') ?? []) routes.push(`${method} ${path === '*' ? API_CATCH_ALL : path}`);
  }
  return routes.sort();
}

/** Replaces `:name` segments by the given (already encoded) values. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return value;
  });
}

export function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
}
