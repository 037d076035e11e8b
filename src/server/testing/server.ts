import type { FastifyInstance } from 'fastify';
import { configFromEnv, type ServerConfig } from '../config';
import { buildServer } from '../app';
import type { TestDatabase } from './databases';

/** A clock the test moves by hand. */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
}

export function testClock(start = '2025-06-01T08:00:00.000Z'): TestClock {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}

/** A real server on a test database, without listening on a port (Fastify inject). */
export async function createTestServer(
  database: TestDatabase,
  overrides: Partial<ServerConfig> = {},
  options: { now?: () => Date } = {},
): Promise<FastifyInstance> {
  const config = { ...configFromEnv({}), staticDir: '/nonexistent', logLevel: 'silent', ...overrides };
  const app = await buildServer({ config, database, logger: false, ...(options.now && { now: options.now }) });
  await app.ready();
  return app;
}
