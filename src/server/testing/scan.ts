/**
 * Looks for text in every column of every table of a test database: what is left of a person
 * after erasure is whatever any table still holds, not what the code meant to delete.
 */
import { sql } from 'kysely';
import type { ServerDatabase } from '../db/database';

/** For each needle found anywhere, `table: needle`. Empty when none is held anywhere. */
export async function findTextAnywhere(database: Pick<ServerDatabase, 'db' | 'schema'>, needles: readonly string[]): Promise<string[]> {
  // PostgreSQL lists the tables of every schema; only this database's own are read.
  const tables = (await database.db.introspection.getTables())
    .filter((table) => database.schema === undefined || table.schema === database.schema)
    .map((table) => table.name);
  if (tables.length < 10) throw new Error(`only ${tables.length} tables found: the scan would prove nothing`);
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db);
    const text = JSON.stringify(rows);
    for (const needle of needles) if (text.includes(needle)) found.push(`${table}: ${needle}`);
  }
  return found;
}
