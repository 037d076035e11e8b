/**
 * Which database failures are the database's state rather than a bug: the server answers them
 * with 503 and `Retry-After` (the tablet keeps everything and retries), never with 500.
 *
 * - `database_unavailable`: the database does not answer or went away — PostgreSQL restarting,
 *   failing over, a backend terminated, a partition (connect and query timeouts), too many
 *   connections; SQLite still locked by another process after `busy_timeout`.
 * - `storage_full`: the disk (or SQLite's `max_page_count`) has no room for the write.
 * - `database_damaged`: SQLite found damaged pages; nothing more is written until an operator acts.
 */
import pg from 'pg';

export type DatabaseFault = 'database_unavailable' | 'storage_full' | 'database_damaged';

/** Node's socket errors when the database host or its connection is gone. */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * node-postgres reports a lost or stalled connection with a plain Error and no code; these are its
 * messages (pg 8 / pg-pool 3), matched at their start.
 */
const pgConnectionMessages = [
  'Connection terminated',
  'timeout expired',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/** SQLSTATEs of a server that cannot serve now: class 08 (connection), 57P01-03 (shut down, crash, starting), 57014 (statement timeout), 53300 (too many connections). */
function pgStateFault(code: string): DatabaseFault | undefined {
  if (code === '53100') return 'storage_full';
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '57014' || code === '53300' || code === '53200') {
    return 'database_unavailable';
  }
  if (code === 'XX001' || code === 'XX002') return 'database_damaged';
  return undefined;
}

function sqliteFault(code: string): DatabaseFault | undefined {
  if (code === 'SQLITE_FULL') return 'storage_full';
  // A write the file system refused: on a full disk SQLite reports one of these instead of SQLITE_FULL.
  if (code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC' || code === 'SQLITE_IOERR_TRUNCATE' || code === 'SQLITE_IOERR_SHMSIZE') return 'storage_full';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
    return 'database_unavailable';
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') return 'database_damaged';
  return undefined;
}

/** The fault `error` stands for, or undefined for every other error (a bug, a constraint, bad input). */
export function databaseFaultOf(error: unknown): DatabaseFault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (error instanceof pg.DatabaseError && typeof code === 'string') return pgStateFault(code);
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_')) return sqliteFault(code);
    if (networkCodes.has(code)) return 'database_unavailable';
  }
  if (error instanceof AggregateError && error.errors.some((inner) => databaseFaultOf(inner) === 'database_unavailable')) {
    return 'database_unavailable'; // Node's connect to several addresses (localhost → ::1 and 127.0.0.1)
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && pgConnectionMessages.some((start) => message.startsWith(start))) return 'database_unavailable';
  return undefined;
}

/** The answer a fault gets: 503 with `Retry-After`, a stable code and a sentence for the operator's logs and the UI. */
export function faultAnswer(fault: DatabaseFault): { statusCode: 503; code: DatabaseFault; message: string; retryAfterSeconds: number } {
  switch (fault) {
    case 'database_unavailable':
      return { statusCode: 503, code: fault, message: 'The database is not available right now. Nothing was lost; try again shortly.', retryAfterSeconds: 5 };
    case 'storage_full':
      return { statusCode: 503, code: fault, message: 'The server has no room left to store data. Nothing was lost; try again later.', retryAfterSeconds: 60 };
    case 'database_damaged':
      return { statusCode: 503, code: fault, message: 'The server database is damaged and accepts no data until it is repaired. Nothing on the device is lost.', retryAfterSeconds: 300 };
  }
}
