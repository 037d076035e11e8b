/**
 * Builds the Fastify instance: API routes under /api/v1 and the built PWA.
 * No state lives here beyond the database handle, so several instances can
 * run side by side against one PostgreSQL.
 */
import fs from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import type { ServerConfig } from './config';
import { isUnstorableTextError, type ServerDatabase } from './db/database';
import { databaseFaultOf, faultAnswer } from './db/faults';
import type { ServerContext } from './context';
import { createArtifactCatalog } from './artifacts/catalog';
import { personKeyHash } from './auth/secrets';
import { httpError, isHttpError } from './http/errors';
import { refuseForgedRequest, setSecurityHeaders } from './http/browser-guards';
import { SESSION_COOKIE } from './auth/sessions';
import { registerHealthRoutes } from './routes/health';
import { registerAccountRoutes } from './routes/accounts';
import { registerDeviceRoutes } from './routes/devices';
import { registerRecordRoutes } from './routes/records';
import { registerSyncRoutes } from './routes/sync';
import { registerArtifactRoutes } from './routes/artifacts';
import { registerErasureRoutes } from './routes/erasure';
import { startRetentionSchedule } from './retention/retention';
import { registerEvaluationRoutes } from './routes/evaluation';
import { registerExportRoutes } from './routes/exports';
import { registerHandoverRoutes } from './routes/handover';
import { registerSubjectAccessRoutes } from './routes/subject-access';
import { registerSettingsRoutes } from './routes/settings';
import { registerDevicePolicyRoutes } from './routes/device-policy';
import { registerAccountAdminRoutes } from './routes/account-admin';
import { registerAuditRoutes } from './routes/audit';
import { registerFormRoutes } from './routes/forms';
import { registerTranslationRoutes } from './routes/translations';
import { checkRouteAccess } from './auth/access';

export interface BuildServerOptions {
  config: ServerConfig;
  database: ServerDatabase;
  logger?: FastifyServerOptions['logger'];
  /** The server's clock (tests move it); the system clock by default. */
  now?: () => Date;
  /** Runs the daily retention job in this process (main.ts; tests run it by hand). */
  retentionSchedule?: boolean;
}

/**
 * Errors Fastify raises before routing — a URL with broken percent-encoding, a path parameter
 * over `maxParamLength` — bypass the error handler; without this they answer in Fastify's shape.
 */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(request, reply);
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  const code = status === 414 ? 'uri_too_long' : status >= 500 ? 'internal_error' : 'bad_url';
  const message = status === 414 ? 'A part of the URL is too long.' : status >= 500 ? 'The server could not handle this request.' : 'The URL is not valid.';
  void reply.code(status).send({ error: { code, message } });
}

/**
 * The body limit of every route that does not raise it: sign-in, set-up, enrolment and the
 * coordinator's small requests. Only push and publishing take up to `maxPushBytes`, and both
 * check their credential before the body is read.
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

function clientAddressOf(socket: { remoteAddress?: string | undefined }): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/**
 * Refuses a client address's connections beyond `max` at once, so that one address holding many
 * slow connections cannot take them all. Counted on the socket, before any byte of a request is read.
 */
function capConnectionsPerAddress(server: http.Server, max: number): void {
  const open = new Map<string, number>();
  const refusal = JSON.stringify({ error: { code: 'too_many_connections', message: 'Too many connections from this address at once; try again shortly.' } });
  const refusalBytes = [
    'HTTP/1.1 503 Service Unavailable',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(refusal)}`,
    'Retry-After: 5',
    'Connection: close',
    '',
    refusal,
  ].join('\r\n');
  server.on('connection', (socket: net.Socket) => {
    const address = clientAddressOf(socket);
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      // Nothing of this connection is parsed: the answer goes out and the socket is gone.
      socket.pause();
      socket.write(refusalBytes, () => socket.destroy());
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

const API_CATCH_ALL = '/api/*';

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export async function buildServer({ config, database, logger, now = () => new Date(), retentionSchedule = false }: BuildServerOptions): Promise<FastifyInstance> {
  // Node rejects a head timeout above the request timeout; and it checks both only every
  // connectionsCheckingInterval (30 s by default), which would let a trickle outlive a short timeout.
  const headersTimeout = config.requestTimeoutMs > 0 ? Math.min(config.headersTimeoutMs, config.requestTimeoutMs) : config.headersTimeoutMs;
  const checkEvery = Math.max(50, Math.min(1_000, Math.floor(Math.min(headersTimeout || 1_000, config.requestTimeoutMs || 1_000) / 4)));
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Fastify ignores a bare hop count (it cannot tell a proxy from a client); as a function it
    // believes exactly that many hops, counted from the connection inwards.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: { headersTimeout, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: checkEvery },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: answerFrameworkError,
  });
  // Behind a trusted proxy every connection comes from the proxy, so the cap would count all
  // clients as one: there the proxy must cap connections per client.
  if (config.maxConnectionsPerAddress > 0 && !config.trustProxy) capConnectionsPerAddress(app.server, config.maxConnectionsPerAddress);
  database.onConnectionError((error) => app.log.warn({ err: error }, 'database connection failed; the pool replaces it'));

  // Errors keep one shape everywhere: { error: { code, message, details? } }.
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    if (isHttpError(error)) {
      if (error.headers) reply.headers(error.headers);
      const details = error.details === undefined ? {} : { details: error.details };
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, ...details } });
    }
    if (isUnstorableTextError(error)) {
      return reply.code(400).send({ error: { code: 'bad_request', message: 'The request holds text that cannot be stored (such as a NUL character).' } });
    }
    const fault = databaseFaultOf(error);
    if (fault) {
      // The database's state, not a bug: 503 tells the tablet to keep everything and retry.
      const answer = faultAnswer(fault);
      request.log.warn({ err: error, fault }, 'database fault');
      return reply.code(answer.statusCode).header('Retry-After', String(answer.retryAfterSeconds)).send({ error: { code: answer.code, message: answer.message } });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const code = status === 413 ? 'payload_too_large'
      : status === 415 ? 'unsupported_media_type'
      : status === 400 ? (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'malformed_json' : 'bad_request')
      : status >= 500 ? 'internal_error' : 'error';
    return reply.code(status).send({
      error: { code, message: status >= 500 ? 'The server could not handle this request.' : error.message },
    });
  });

  // Fastify would also parse text/plain, the one body type a cross-site HTML form can send
  // that we would read; an empty JSON body (a body-less POST that says it is JSON, as the app's
  // must) is no body rather than a parse error.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, String(body), done);
  });

  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(request, reply);
    // Either cookie name contains the plain one. The API catch-all changes nothing and answers
    // every method with the JSON 404, whatever the request looks like.
    if (request.routeOptions.url !== API_CATCH_ALL) refuseForgedRequest(request, (request.headers.cookie ?? '').includes(SESSION_COOKIE));
    // Source maps would hand out the whole source with its comments; the build makes none, and
    // one left in the static directory by another build is still not served.
    if (request.url.split('?')[0]!.endsWith('.map')) throw httpError(404, 'not_found', `No route ${request.method} ${request.url}`);
  });

  await app.register(fastifyCookie);
  const personKey = await personKeyHash(database.db, config.personKeySecret);
  const context: ServerContext = { config, database, now, artifacts: createArtifactCatalog(database.db), personKey };
  // Every /api route must declare who may call it (auth/access.ts), or the server does not start.
  checkRouteAccess(app, (url) => url.startsWith('/api/') && url !== API_CATCH_ALL);
  registerHealthRoutes(app, database, config.healthTimeoutMs);
  registerAccountRoutes(app, context);
  registerDeviceRoutes(app, context);
  registerDevicePolicyRoutes(app, context);
  registerRecordRoutes(app, context);
  registerSyncRoutes(app, context);
  registerArtifactRoutes(app, context);
  registerEvaluationRoutes(app, context);
  registerExportRoutes(app, context);
  registerHandoverRoutes(app, context);
  registerSubjectAccessRoutes(app, context);
  registerSettingsRoutes(app, context);
  registerAccountAdminRoutes(app, context);
  registerAuditRoutes(app, context);
  registerFormRoutes(app, context);
  registerTranslationRoutes(app, context);
  registerErasureRoutes(app, context);
  if (retentionSchedule) {
    const stop = startRetentionSchedule(context, app.log);
    app.addHook('onClose', async () => stop());
  }

  app.all(API_CATCH_ALL, async (request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No API route ${request.method} ${request.url}` } }),
  );

  const indexFile = path.join(config.staticDir, 'index.html');
  if (fs.existsSync(indexFile)) {
    await app.register(fastifyStatic, {
      root: config.staticDir,
      prefix: '/',
      // Files are looked up per request, so a deployment that swaps the build in place
      // serves the new files without a restart.
      wildcard: true,
      // Cache headers are ours alone (below); the plugin's default would overwrite them.
      cacheControl: false,
      // The build writes brotli and gzip copies beside the text files (scripts/precompress.ts).
      preCompressed: true,
      // The service worker and its manifest must be revalidated so updates are found.
      setHeaders(res, filePath) {
        // The name of the file itself, not of its compressed copy.
        const base = path.basename(filePath).replace(/\.(br|gz)$/, '');
        // Whichever copy was sent, a cache must not give it to a client that asked differently.
        res.setHeader('Vary', 'Accept-Encoding');
        if (base === 'sw.js' || base === 'index.html' || base.startsWith('workbox-') || base.endsWith('.webmanifest')) {
          res.setHeader('Cache-Control', 'no-cache');
        } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        }
      },
    });
    // Client-side routes (a reload on /sync, /interviews/…) get the app shell; a missing file
    // (a script chunk of an older build, say) gets a real 404, never HTML in its place.
    app.setNotFoundHandler((request, reply) => {
      const pathname = request.url.split('?')[0] ?? '';
      const looksLikeFile = /\.[a-z0-9]+$/i.test(pathname) || pathname.startsWith('/assets/');
      if ((request.method === 'GET' || request.method === 'HEAD') && !pathname.startsWith('/api/') && !looksLikeFile) {
        return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
      }
      return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } });
    });
  } else {
    app.log.warn({ staticDir: config.staticDir }, 'no built app found; run `npm run build` (the API still works)');
  }

  return app;
}
