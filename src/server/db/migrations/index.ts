import type { Kysely, Migration, MigrationProvider } from 'kysely';

// Migrations are code, listed in order, so the same set runs on SQLite and PostgreSQL
// and a bundled or compiled server never has to find files on disk.
// Rule: only column types that mean the same on both engines (text, integer, bigint).
const migrations: Record<string, Migration> = {
  '0001_server_meta': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
