import path from 'node:path';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS } from './db/database';

/** Everything the server reads from its environment, parsed once at start. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Directory of the embedded SQLite database (used when no databaseUrl is set). */
  dataDir: string;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of SQLite. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (tests give every run its own). */
  databaseSchema: string | undefined;
  /** Directory of the built PWA (vite build output). */
  staticDir: string;
  /** Directory of the content artifacts published on first start. */
  contentDir: string;
  logLevel: string;
  /** Upper bound of a push request body in bytes (413 above it). */
  maxPushBytes: number;
  /**
   * How long validating one push may take before the rest of the batch is left unanswered
   * (the device sends it again): one batch cannot hold the server for long.
   */
  pushValidationBudgetMs: number;
  /** Time a graceful shutdown may take before open connections are cut. */
  shutdownGraceMs: number;
  /**
   * Behind a reverse proxy: whose X-Forwarded-* headers to believe. A number counts the proxies
   * in front of the server (the client address is that many hops in from the connection); a
   * string lists the proxies' addresses / CIDR ranges. Never `true`: that would take the
   * left-most X-Forwarded-For value, which the client writes. Rate limits per address, https
   * (Secure cookie, HSTS) and the same-origin check depend on it.
   */
  trustProxy: false | number | string;
  /** PostgreSQL: opening a connection, or waiting for a free one, fails after this (503 database_unavailable). */
  databaseConnectTimeoutMs: number;
  /** PostgreSQL: a statement is cancelled after this (503 database_unavailable). */
  databaseQueryTimeoutMs: number;
  /** Health answers within this, whatever the database does. */
  healthTimeoutMs: number;
  /** A whole request (head and body) must arrive within this, or the server answers 408 and closes. */
  requestTimeoutMs: number;
  /** The request head must arrive within this. */
  headersTimeoutMs: number;
  /** A connection on which nothing moves for this long is closed. */
  connectionTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open connections one client address may hold; more are refused (0: no cap). Not applied behind a trusted proxy. */
  maxConnectionsPerAddress: number;
  /** The key of the keyed hash kept of an erased person's reference (`auth/secrets.ts`); unset: one stored in the database. */
  personKeySecret: string | undefined;
}

/** A hop count (`1`), or the proxies' addresses / CIDR ranges, comma-separated (`127.0.0.1,10.0.0.0/8`). */
function trustProxyFromEnv(raw: string | undefined): false | number | string {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') {
    throw new Error('TRUST_PROXY=true would believe any client\'s X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses');
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

function personKeySecretFromEnv(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) throw new Error('PERSON_KEY_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  return raw;
}

function intFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative whole number, got "${raw}"`);
  }
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  return {
    port: intFromEnv('PORT', 8080, env),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(cwd, env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    staticDir: path.resolve(cwd, env.STATIC_DIR ?? 'dist'),
    contentDir: path.resolve(cwd, env.CONTENT_DIR ?? 'content'),
    logLevel: env.LOG_LEVEL ?? 'info',
    maxPushBytes: intFromEnv('MAX_PUSH_BYTES', 5 * 1024 * 1024, env),
    pushValidationBudgetMs: intFromEnv('PUSH_VALIDATION_BUDGET_MS', 2_000, env),
    shutdownGraceMs: intFromEnv('SHUTDOWN_GRACE_MS', 10_000, env),
    trustProxy: trustProxyFromEnv(env.TRUST_PROXY),
    databaseConnectTimeoutMs: intFromEnv('DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_CONNECT_TIMEOUT_MS, env),
    databaseQueryTimeoutMs: intFromEnv('DATABASE_QUERY_TIMEOUT_MS', DEFAULT_QUERY_TIMEOUT_MS, env),
    healthTimeoutMs: intFromEnv('HEALTH_TIMEOUT_MS', 1_500, env),
    // A 1 MB batch over a poor mobile link (~100 kbit/s) takes about 80 s.
    requestTimeoutMs: intFromEnv('REQUEST_TIMEOUT_MS', 120_000, env),
    headersTimeoutMs: intFromEnv('HEADERS_TIMEOUT_MS', 15_000, env),
    connectionTimeoutMs: intFromEnv('CONNECTION_TIMEOUT_MS', 30_000, env),
    keepAliveTimeoutMs: intFromEnv('KEEP_ALIVE_TIMEOUT_MS', 5_000, env),
    maxConnectionsPerAddress: intFromEnv('MAX_CONNECTIONS_PER_ADDRESS', 64, env),
    personKeySecret: personKeySecretFromEnv(env.PERSON_KEY_SECRET),
  };
}
