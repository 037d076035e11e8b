/**
 * Issue #10: "The XLSX opens in LibreOffice Calc without repair and text in right-to-left scripts
 * stays intact." Checked with LibreOffice itself: the export is converted headless
 * (`soffice --headless --convert-to csv`, every sheet) and each sheet compared cell by cell with
 * what an independent reader (read-excel-file) finds in the same file, and the names in Arabic
 * and Ethiopic script with the stored records. A file Calc had to repair, or could not open, has
 * sheets missing, cut short or different.
 *
 * Needs `soffice` (Debian: libreoffice-calc-nogui, installed by .ci/run). Where it is absent the
 * suite is skipped and says so; the file is engine-independent, so it runs on SQLite only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import Fastify, { type FastifyInstance } from 'fastify';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHashWith } from '../auth/secrets';
import { createArtifactCatalog } from '../artifacts/catalog';
import { publishContentDirectory } from '../artifacts/content-dir';
import { configFromEnv } from '../config';
import { insertDemoData } from '../demo/demo-data';
import { signedInCoordinator } from '../testing/api';
import { createTestDatabase, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';

const soffice = ['soffice', 'libreoffice'].find((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0);
if (!soffice) console.warn('libreoffice.test.ts skipped: no `soffice` on PATH (apt-get install libreoffice-calc-nogui; .ci/run installs it).');

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const now = () => new Date('2026-06-01T12:00:00.000Z');

describe.skipIf(!soffice)('the XLSX export in LibreOffice Calc', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    const context = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await insertDemoData(context, { count: 40, seed: 7, start: '2026-01-05', weeks: 6, devices: 2 });
    app = await createTestServer(database, {}, { now });
    const cookie = await signedInCoordinator(app, database.db);
    const response = await app.inject({ method: 'GET', url: '/api/v1/exports/records.xlsx?labels=de', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-soffice-'));
    file = path.join(dir, 'export.xlsx');
    fs.writeFileSync(file, response.rawPayload);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens every sheet as written, names in right-to-left and other scripts intact', async () => {
    // Field separator, quote, UTF-8, …, every sheet (-1) to its own file: export-<sheet>.csv.
    execFileSync(soffice!, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, file], {
      timeout: 150_000,
      env: { ...process.env, HOME: dir },
      stdio: 'pipe',
    });
    const sheets = await readXlsxFile(fs.readFileSync(file));
    expect(sheets.length).toBeGreaterThan(3);
    let cells = 0;
    for (const sheet of sheets) {
      const csvFile = path.join(dir, `export-${sheet.sheet}.csv`);
      expect(fs.existsSync(csvFile), `LibreOffice wrote sheet ${sheet.sheet}`).toBe(true);
      const calc = parseCsv(fs.readFileSync(csvFile, 'utf8'), { bom: true, relaxColumnCount: true }) as string[][];
      const rows = sheet.data as unknown[][];
      expect(calc.length, `${sheet.sheet}: rows`).toBe(rows.length);
      for (const [r, row] of rows.entries()) {
        for (const [c, value] of row.entries()) {
          const shown = calc[r]![c] ?? '';
          if (value === null || value === undefined) expect(shown, `${sheet.sheet} ${r + 1}:${c + 1}`).toBe('');
          else if (typeof value === 'number') expect(Number(shown), `${sheet.sheet} ${r + 1}:${c + 1}`).toBe(value);
          else if (typeof value === 'boolean') expect(shown.toUpperCase(), `${sheet.sheet} ${r + 1}:${c + 1}`).toBe(value ? 'TRUE' : 'FALSE');
          else expect(shown, `${sheet.sheet} ${r + 1}:${c + 1}`).toBe(String(value));
          cells++;
        }
      }
    }
    expect(cells).toBeGreaterThan(1000);

    const stored = await database.db
      .selectFrom('records as r')
      .innerJoin('record_revisions as rr', (join) => join.onRef('rr.record_id', '=', 'r.record_id').onRef('rr.rev', '=', 'r.current_rev'))
      .select(['r.record_id', 'rr.payload'])
      .where('r.erased_at', 'is', null)
      .execute();
    const records = parseCsv(fs.readFileSync(path.join(dir, 'export-records.csv'), 'utf8'), { bom: true, columns: true, relaxColumnCount: true }) as Record<string, string>[];
    let scripts = 0;
    for (const row of stored) {
      const answers = (JSON.parse(row.payload) as { answers: Record<string, unknown> | null }).answers;
      const original = answers?.surnameOriginal;
      if (typeof original !== 'string' || !/[\u0600-\u06FF\u1200-\u137F]/.test(`${original}${String(answers?.givenNamesOriginal ?? '')}`)) continue;
      const shown = records.find((r) => r.record_id === row.record_id);
      expect(shown?.surnameOriginal).toBe(original);
      expect(shown?.givenNamesOriginal).toBe(answers?.givenNamesOriginal ?? '');
      scripts++;
    }
    expect(scripts).toBeGreaterThan(3);
  }, 200_000);
});
