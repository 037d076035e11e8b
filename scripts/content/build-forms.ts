/**
 * Builds content/forms/<id>@<version>.json from the spreadsheets in content/forms-source/ with the
 * same XLSForm import the coordinators' uploads go through (src/server/forms/xlsform), so that
 * import runs on every build (`npm run build` calls this first).
 *
 *   npx tsx scripts/content/build-forms.ts          write the JSON of a new spreadsheet
 *   npx tsx scripts/content/build-forms.ts --check  change nothing; exit 1 if a JSON file differs
 *
 * Published versions are immutable: a JSON file that exists with other content (compared as
 * canonical JSON, which is what the server and the tablets compare and hash) is never rewritten —
 * that is an error; make a new version instead (content/README.md).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../../src/core/sync/index.ts';
import { importXlsForm } from '../../src/server/forms/xlsform/import.ts';
import { readWorkbook } from '../../src/server/forms/xlsform/workbook.ts';

const contentDir = fileURLToPath(new URL('../../content', import.meta.url));

export interface BuiltForm {
  readonly source: string;
  readonly target: string;
  readonly json: string;
  readonly status: 'same' | 'new' | 'differs';
}

/** The JSON text of one spreadsheet's form, or its problems as lines. */
export async function buildForm(file: string): Promise<{ ok: true; ref: string; json: string } | { ok: false; problems: string[] }> {
  const result = importXlsForm(await readWorkbook(readFileSync(file)));
  if (!result.ok) return { ok: false, problems: result.problems.map((p) => `${p.sheet}${p.row !== undefined ? ` row ${p.row}` : ''}${p.column ? ` ${p.column}` : ''}: ${p.message.en}`) };
  const def = result.definition;
  return { ok: true, ref: `${def.id}@${def.version}`, json: `${JSON.stringify(def, null, 2)}\n` };
}

export async function buildForms(dir = contentDir): Promise<BuiltForm[]> {
  const sourceDir = path.join(dir, 'forms-source');
  const built: BuiltForm[] = [];
  for (const name of readdirSync(sourceDir).filter((file) => file.endsWith('.xlsx')).sort()) {
    const source = path.join(sourceDir, name);
    const result = await buildForm(source);
    if (!result.ok) throw new Error(`${path.relative(dir, source)}:\n  ${result.problems.join('\n  ')}`);
    if (`${result.ref}.xlsx` !== name) throw new Error(`${name} holds ${result.ref}: name the file ${result.ref}.xlsx`);
    const target = path.join(dir, 'forms', `${result.ref}.json`);
    const existing = existsSync(target) ? readFileSync(target, 'utf8') : null;
    const status = existing === null ? 'new' : canonicalJson(JSON.parse(existing)) === canonicalJson(JSON.parse(result.json)) ? 'same' : 'differs';
    built.push({ source, target, json: result.json, status });
  }
  return built;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const built = await buildForms();
  const differing = built.filter((form) => form.status === 'differs');
  for (const form of differing) {
    console.error(`${path.relative(contentDir, form.target)} is published with other content than ${path.relative(contentDir, form.source)} builds; a published version never changes: make a new version`);
  }
  const stale = built.filter((form) => form.status !== 'differs' && (!existsSync(form.target) || readFileSync(form.target, 'utf8') !== form.json));
  if (check) {
    for (const form of stale) console.error(`${path.relative(contentDir, form.target)} is not what ${path.relative(contentDir, form.source)} builds (run without --check)`);
    if (differing.length + stale.length > 0) process.exit(1);
    console.log(`build-forms: ${built.length} form(s) equal their spreadsheets.`);
    return;
  }
  if (differing.length > 0) process.exit(1);
  for (const form of stale) {
    writeFileSync(form.target, form.json);
    console.log(`wrote ${path.relative(contentDir, form.target)}`);
  }
  console.log(`build-forms: ${built.length} form(s) built from content/forms-source.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
