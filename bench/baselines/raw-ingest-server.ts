/**
 * The raw ingest baseline: what storing a push costs with nothing of Lotse in the way.
 * A bare `node:http` server that parses the same JSON body and writes its entries with ONE
 * multi-row INSERT into a plain table with the columns of `record_revisions` (no keys, no
 * checks, no per-entry transaction), on the same engine with the same durability settings
 * (SQLite: WAL + synchronous=FULL; PostgreSQL: default synchronous_commit).
 *
 *   BENCH_ENGINE=sqlite DATA_DIR=…   or   BENCH_ENGINE=postgres DATABASE_URL=… DATABASE_SCHEMA=…
 *   POST /api/v1/sync/push   the push body → { lastSeq, results }
 *   POST /reset              empties the table        POST /count   { rows }
 */
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import pg from 'pg';

const columns = ['record_id', 'rev', 'base_rev', 'form_ref', 'notice', 'payload', 'payload_sha256', 'device_id', 'seq', 'received_at'] as const;
type Row = [string, number, number, string | null, string, string, string, string, number, string];

interface Store {
  insert(rows: Row[]): Promise<void>;
  reset(): Promise<void>;
  count(): Promise<number>;
}

const createTable = `create table if not exists raw_revisions (
  record_id text not null, rev integer not null, base_rev integer not null, form_ref text, notice text not null,
  payload text not null, payload_sha256 text not null, device_id text not null, seq integer not null, received_at text not null)`;

function sqliteStore(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const connection = new SQLite(path.join(dataDir, 'raw.sqlite'));
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.exec(createTable);
  const statements = new Map<number, SQLite.Statement>();
  const statementFor = (count: number) => {
    let statement = statements.get(count);
    if (!statement) {
      const values = Array.from({ length: count }, () => `(${columns.map(() => '?').join(',')})`).join(',');
      statement = connection.prepare(`insert into raw_revisions (${columns.join(',')}) values ${values}`);
      statements.set(count, statement);
    }
    return statement;
  };
  return {
    insert: async (rows) => void statementFor(rows.length).run(rows.flat()),
    reset: async () => void connection.exec('delete from raw_revisions'),
    count: async () => (connection.prepare('select count(*) as n from raw_revisions').get() as { n: number }).n,
  };
}

async function postgresStore(url: string, schema: string): Promise<Store> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema if not exists "${schema}"`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  await pool.query(createTable);
  return {
    async insert(rows) {
      const values = rows.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
      await pool.query(`insert into raw_revisions (${columns.join(',')}) values ${values}`, rows.flat());
    },
    reset: async () => void (await pool.query('truncate raw_revisions')),
    count: async () => Number((await pool.query<{ n: string }>('select count(*) as n from raw_revisions')).rows[0]!.n),
  };
}

interface PushBody {
  deviceId: string;
  entries: { seq: number; recordId: string; rev: number; baseRev: number; formRef: string | null; noticeRef: unknown; payload: unknown; payloadSha256: string }[];
}

async function main(): Promise<void> {
  const engine = process.env.BENCH_ENGINE;
  const store = engine === 'postgres' ? await postgresStore(process.env.DATABASE_URL!, process.env.DATABASE_SCHEMA!) : sqliteStore(process.env.DATA_DIR!);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        try {
          let answer: unknown;
          if (request.url === '/reset') {
            await store.reset();
            answer = { rows: 0 };
          } else if (request.url === '/count') {
            answer = { rows: await store.count() };
          } else {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PushBody;
            const receivedAt = new Date().toISOString();
            await store.insert(body.entries.map((entry): Row => [
              entry.recordId, entry.rev, entry.baseRev, entry.formRef, JSON.stringify(entry.noticeRef), JSON.stringify(entry.payload),
              entry.payloadSha256, body.deviceId, entry.seq, receivedAt,
            ]));
            answer = { lastSeq: body.entries.at(-1)?.seq ?? 0, results: body.entries.map((entry) => ({ seq: entry.seq, status: 'applied', serverRev: entry.rev })) };
          }
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        } catch (error) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: String(error) }));
        }
      })();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`raw ingest server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
