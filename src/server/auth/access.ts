/**
 * Every API route declares who may call it, in its route options:
 *   app.get(path, forRoles(context, access.records), handler)   signed-in accounts of these roles
 *   app.post(path, forDevices(context), handler)                 an enrolled device's token
 *   app.post(path, publicRoute, handler)                         anyone (the body holds the credential, or none is needed)
 * The declaration is `config.access`; `checkRouteAccess` refuses to register an `/api/` route
 * without one, so a new route cannot forget it, and `declaredAccess` lets the access-matrix
 * test read what each route declared.
 */
import type { FastifyInstance, onResponseAsyncHookHandler, RouteOptions } from 'fastify';
import type { Role } from '../../core/api/index';
import type { ServerContext } from '../context';
import { markDeviceSeen, requireDevice } from './devices';
import { requireRole } from './sessions';

export type RouteAccess = 'public' | 'device' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see auth/access.ts). */
    access?: RouteAccess;
  }
}

/** Signed-in accounts whose role is in `roles`; checked in onRequest, before any body is read. */
export function forRoles(context: ServerContext, roles: readonly Role[]) {
  return { onRequest: requireRole(context, roles), config: { access: roles } };
}

/** Enrolled, not revoked devices (Bearer token); checked in onRequest. */
export function forDevices(context: ServerContext) {
  return { onRequest: requireDevice(context), config: { access: 'device' as const } };
}

/**
 * `forDevices` for a route that records the device's contact in its own transaction and then sets
 * `request.deviceSeen` (the push): no separate write before it; a request that ended without
 * (refused, failed) is noted once its answer is sent.
 */
export function forDevicesSeenByRoute(context: ServerContext) {
  const seenAfterwards: onResponseAsyncHookHandler = async (request) => {
    if (request.device && !request.deviceSeen) await markDeviceSeen(context, request.device.id);
  };
  return { onRequest: requireDevice(context, { seenByRoute: true }), onResponse: seenAfterwards, config: { access: 'device' as const } };
}

/** No credential beyond what the body carries (sign-in, set-up, enrolment code, password link). */
export const publicRoute = { config: { access: 'public' as const } };

const declared = new WeakMap<FastifyInstance, Map<string, RouteAccess>>();

/** Registers the onRoute check; call before any route is added. */
export function checkRouteAccess(app: FastifyInstance, isApiRoute: (url: string) => boolean): void {
  const table = new Map<string, RouteAccess>();
  declared.set(app, table);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!isApiRoute(route.url)) return;
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (access === undefined) throw new Error(`${methods.join(',')} ${route.url} declares no access (use forRoles, forDevices or publicRoute)`);
    if (Array.isArray(access) && (access.length === 0 || !route.onRequest)) throw new Error(`${methods.join(',')} ${route.url} declares roles but no guard`);
    for (const method of methods) table.set(`${method} ${route.url}`, access);
  });
}

/** `METHOD /path` → what the route declared (HEAD routes included). */
export function declaredAccess(app: FastifyInstance): ReadonlyMap<string, RouteAccess> {
  return declared.get(app) ?? new Map();
}
