import type { Generated } from 'kysely';

/**
 * The server's tables. One definition for both engines: every column type used
 * here means the same on SQLite and PostgreSQL (text, integer, bigint as text
 * where precision matters, JSON as text).
 */
export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface Database {
  server_meta: ServerMetaTable;
}

export type { Generated };
