/**
 * The raw export baseline: the same records read the plainest way and written with the ZIP
 * library directly, in a process of its own. Reads the current revision of every record (or of
 * one device's) in pages of 200 by record_id, parses each payload, writes one row per record
 * with a column per top-level answer of the form (values as text, JSON for lists and objects)
 * through fflate's `ZipDeflate`: as sheet XML with inline strings (`xlsx`) or as CSV lines
 * (`csv`). No labels, no repeat-group tables, no dictionary, no consent, no HTTP: the output is
 * counted and dropped.
 *
 *   BENCH_ENGINE=sqlite DATA_DIR=…   or   BENCH_ENGINE=postgres DATABASE_URL=… DATABASE_SCHEMA=…
 *   BENCH_FORMAT=xlsx|csv  [BENCH_DEVICE=<device id>]
 * Prints `{ seconds, rows, bytes, maxRssMB }` as one JSON line.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Zip, ZipDeflate } from 'fflate';
import pg from 'pg';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const form = JSON.parse(fs.readFileSync(path.join(repoRoot, 'content/forms/profilingbogen@1.json'), 'utf8')) as { sections: { items: { id: string; type?: string }[] }[] };
const fields = form.sections.flatMap((section) => section.items.filter((item) => item.type !== 'note').map((item) => item.id));
const format = process.env.BENCH_FORMAT === 'xlsx' ? 'xlsx' : 'csv';
const device = process.env.BENCH_DEVICE || null;
const PAGE = 200;

type Page = (after: string) => Promise<{ record_id: string; payload: string }[]>;

function sqlitePages(dataDir: string): Page {
  const connection = new SQLite(path.join(dataDir, 'lotse.sqlite'), { readonly: true, fileMustExist: true });
  const statement = connection.prepare(
    `select r.record_id, rr.payload from records r join record_revisions rr on rr.record_id = r.record_id and rr.rev = r.current_rev
     where r.record_id > ? ${device ? 'and r.device_id = ?' : ''} order by r.record_id limit ${PAGE}`,
  );
  return async (after) => statement.all(...(device ? [after, device] : [after])) as { record_id: string; payload: string }[];
}

function postgresPages(url: string, schema: string): Page {
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  return async (after) =>
    (
      await pool.query<{ record_id: string; payload: string }>(
        `select r.record_id, rr.payload from records r join record_revisions rr on rr.record_id = r.record_id and rr.rev = r.current_rev
         where r.record_id > $1 ${device ? 'and r.device_id = $2' : ''} order by r.record_id limit ${PAGE}`,
        device ? [after, device] : [after],
      )
    ).rows;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const csv = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const textOf = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));

async function main(): Promise<void> {
  const pages = process.env.BENCH_ENGINE === 'postgres' ? postgresPages(process.env.DATABASE_URL!, process.env.DATABASE_SCHEMA!) : sqlitePages(process.env.DATA_DIR!);
  const start = performance.now();
  let bytes = 0;
  const finished = new Promise<void>((resolve, reject) => {
    const zip = new Zip((error, chunk, final) => {
      if (error) reject(error);
      bytes += chunk.length;
      if (final) resolve();
    });
    const entry = new ZipDeflate(format === 'xlsx' ? 'xl/worksheets/sheet1.xml' : 'records.csv', { level: 6 });
    zip.add(entry);
    const encoder = new TextEncoder();
    const push = (text: string, final = false) => entry.push(encoder.encode(text), final);
    void (async () => {
      const header = ['record_id', ...fields];
      push(format === 'xlsx' ? `<worksheet><sheetData><row>${header.map((h) => `<c t="inlineStr"><is><t>${xml(h)}</t></is></c>`).join('')}</row>` : `${header.join(',')}\r\n`);
      let after = '';
      let rows = 0;
      for (;;) {
        const page = await pages(after);
        if (page.length === 0) break;
        after = page.at(-1)!.record_id;
        let text = '';
        for (const row of page) {
          const answers = ((JSON.parse(row.payload) as { answers: Record<string, unknown> | null }).answers ?? {}) as Record<string, unknown>;
          const cells = [row.record_id, ...fields.map((id) => textOf(answers[id]))];
          text += format === 'xlsx' ? `<row>${cells.map((c) => (c === '' ? '<c/>' : `<c t="inlineStr"><is><t>${xml(c)}</t></is></c>`)).join('')}</row>` : `${cells.map(csv).join(',')}\r\n`;
          rows++;
        }
        push(text);
      }
      push(format === 'xlsx' ? '</sheetData></worksheet>' : '', true);
      zip.end();
      process.stderr.write(`raw export: ${rows} rows\n`);
      (globalThis as { rows?: number }).rows = rows;
    })().catch(reject);
  });
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const rows = (globalThis as { rows?: number }).rows ?? 0;
  process.stdout.write(`${JSON.stringify({ seconds, rows, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`raw export failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
