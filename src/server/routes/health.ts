import type { FastifyInstance } from 'fastify';
import { checkDatabase, type ServerDatabase } from '../db/database';
import { publicRoute } from '../auth/access';
import { serverVersion } from '../version';

/**
 * `ok` only when the database answers and commits a write; 503 otherwise, within `timeoutMs` even
 * when the database does not answer at all, so a load balancer or monitor never waits on it.
 */
export function registerHealthRoutes(app: FastifyInstance, database: ServerDatabase, timeoutMs: number): void {
  app.get('/api/v1/health', publicRoute, async (_request, reply) => {
    const { reachable, writable, problem } = await checkDatabase(database.db, timeoutMs);
    const ok = reachable && writable;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      version: serverVersion,
      database: { engine: database.engine, reachable, writable, ...(problem && { problem }) },
    });
  });
}
