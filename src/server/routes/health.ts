import type { FastifyInstance } from 'fastify';
import { isDatabaseReachable, type ServerDatabase } from '../db/database';
import { serverVersion } from '../version';

export function registerHealthRoutes(app: FastifyInstance, database: ServerDatabase): void {
  app.get('/api/v1/health', async (_request, reply) => {
    const reachable = await isDatabaseReachable(database.db);
    return reply.code(reachable ? 200 : 503).send({
      status: reachable ? 'ok' : 'degraded',
      version: serverVersion,
      database: { engine: database.engine, reachable },
    });
  });
}
