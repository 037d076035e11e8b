/**
 * Builds the Fastify instance: API routes under /api/v1 and the built PWA.
 * No state lives here beyond the database handle, so several instances can
 * run side by side against one PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import type { ServerConfig } from './config';
import { isUnstorableTextError, type ServerDatabase } from './db/database';
import type { ServerContext } from './context';
import { createArtifactCatalog } from './artifacts/catalog';
import { httpError, isHttpError } from './http/errors';
import { refuseForgedRequest, setSecurityHeaders } from './http/browser-guards';
import { SESSION_COOKIE } from './auth/sessions';
import { registerHealthRoutes } from './routes/health';
import { registerAccountRoutes } from './routes/accounts';
import { registerDeviceRoutes } from './routes/devices';
import { registerRecordRoutes } from './routes/records';
import { registerSyncRoutes } from './routes/sync';
import { registerArtifactRoutes } from './routes/artifacts';

export interface BuildServerOptions {
  config: ServerConfig;
  database: ServerDatabase;
  logger?: FastifyServerOptions['logger'];
  /** The server's clock (tests move it); the system clock by default. */
  now?: () => Date;
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

const API_CATCH_ALL = '/api/*';

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export async function buildServer({ config, database, logger, now = () => new Date() }: BuildServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    bodyLimit: config.maxPushBytes,
    // Fastify ignores a bare hop count (it cannot tell a proxy from a client); as a function it
    // believes exactly that many hops, counted from the connection inwards.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: answerFrameworkError,
  });

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
  const context: ServerContext = { config, database, now, artifacts: createArtifactCatalog(database.db) };
  registerHealthRoutes(app, database);
  registerAccountRoutes(app, context);
  registerDeviceRoutes(app, context);
  registerRecordRoutes(app, context);
  registerSyncRoutes(app, context);
  registerArtifactRoutes(app, context);

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
