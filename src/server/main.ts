/**
 * `npm start` / `npm run serve`: open the database (migrating it), publish the
 * bundled content, serve the PWA and the API, and shut down gracefully.
 */
import { configFromEnv } from './config';
import { openDatabase } from './db/database';
import { buildServer } from './app';
import { publishContentDirectory } from './artifacts/content-dir';
import { createSetupToken, hasCoordinator } from './accounts/coordinators';
import { ensureServerKey } from './artifacts/server-key';

async function main(): Promise<void> {
  const config = configFromEnv();
  const database = await openDatabase(config);
  const app = await buildServer({ config, database, retentionSchedule: true });
  await publishContentDirectory(database.db, config.contentDir, { now: () => new Date(), log: app.log });
  // The key tablets seal completed interviews for (issue #12 item 3): made on the first start.
  await ensureServerKey(database.db, new Date());

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    timer.unref();
    try {
      await app.close();
      await database.close();
      app.log.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  app.log.info({ url, database: database.describe }, 'Lotse is running');
  // A plain line for humans, besides the structured log.
  process.stdout.write(`\nLotse is running at ${url}  (database: ${database.describe})\n\n`);

  if (!(await hasCoordinator(database.db))) {
    // A plain line for the operator, not a log field: the token is a credential until it is used.
    const { token } = await createSetupToken(database.db, new Date());
    app.log.info('no coordinator yet: a one-time set-up link was printed to the console');
    process.stdout.write(`Set up the first coordinator: ${url}/setup#${token}\n(or run: npm run lotse -- create-coordinator <name>)\n\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Lotse failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
