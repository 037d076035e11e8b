import type { FastifyInstance } from 'fastify';
import { configFromEnv, type ServerConfig } from '../config';
import { buildServer } from '../app';
import type { TestDatabase } from './databases';

/** A real server on a test database, without listening on a port (Fastify inject). */
export async function createTestServer(database: TestDatabase, overrides: Partial<ServerConfig> = {}): Promise<FastifyInstance> {
  const config = { ...configFromEnv({}), staticDir: '/nonexistent', logLevel: 'silent', ...overrides };
  const app = await buildServer({ config, database, logger: false });
  await app.ready();
  return app;
}
