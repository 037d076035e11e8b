/**
 * The Profilingbogen's source is the spreadsheet (content/forms-source): the committed JSON is what
 * the XLSForm import builds from it, and it is the artifact that was published — its payload hash
 * (canonical JSON, what the server and the tablets compare) is pinned here. A spreadsheet of a
 * published version that builds other content is refused, never written.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { payloadHash } from '../../src/core/record/index';
import { readWorkbook, writeWorkbook } from '../../src/server/forms/xlsform/workbook';
import { buildForms } from './build-forms';

const contentDir = path.resolve(import.meta.dirname, '../../content');

/** The payload hashes of the versions as published (before the spreadsheet became the source). */
const published = {
  'profilingbogen@1': 'e8f5d376d799b57a99c195ba1afe637f7067b12651746a7b2f7660bc440fbd74',
  'profilingbogen@2': '3d104916290662e19e7e56a2c2515d1a43ba1ed63abfef1d9e30db99f4f9c4c4',
  // Version 3 is the first built from its spreadsheet from the start (content/README.md).
  'profilingbogen@3': '3f77d6d4cf05b33c22205e0dea2487f761fbfd5cc27c4ed05ac6bdf509a25599',
};

describe('content/forms is built from content/forms-source', () => {
  it('every JSON file is byte for byte what its spreadsheet builds, and the published content', async () => {
    const built = await buildForms(contentDir);
    expect(built.map((form) => path.basename(form.target)).sort()).toEqual(['profilingbogen@1.json', 'profilingbogen@2.json', 'profilingbogen@3.json']);
    for (const form of built) {
      expect(form.status).toBe('same');
      expect(readFileSync(form.target, 'utf8')).toBe(form.json);
      const ref = path.basename(form.target, '.json') as keyof typeof published;
      expect(payloadHash(JSON.parse(form.json)), ref).toBe(published[ref]);
    }
  }, 60_000);

  it('refuses a spreadsheet that would change a published version', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lotse-forms-'));
    try {
      cpSync(contentDir, dir, { recursive: true });
      const file = path.join(dir, 'forms-source', 'profilingbogen@2.xlsx');
      const sheets = await readWorkbook(readFileSync(file));
      const edited = sheets.map((sheet) => {
        if (sheet.name !== 'survey') return sheet;
        const column = sheet.rows[0]!.indexOf('label::German (de)');
        return { name: sheet.name, rows: sheet.rows.map((row) => (row[1] === 'phone' ? row.map((cell, i) => (i === column ? 'Handynummer' : cell)) : row)) };
      });
      writeFileSync(file, writeWorkbook(edited));
      const built = await buildForms(dir);
      expect(built.find((form) => form.target.endsWith('profilingbogen@2.json'))?.status).toBe('differs');
      expect(built.find((form) => form.target.endsWith('profilingbogen@1.json'))?.status).toBe('same');
      expect(built.find((form) => form.target.endsWith('profilingbogen@3.json'))?.status).toBe('same');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
