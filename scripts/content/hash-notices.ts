/**
 * Recomputes the `sha256` of every notice text under content/notices/ and writes it back.
 *   npx tsx scripts/content/hash-notices.ts          write the hashes
 *   npx tsx scripts/content/hash-notices.ts --check  change nothing; exit 1 if a hash is wrong,
 *                                                    a file is invalid, or a translation does
 *                                                    not name the German purposes and recipients
 * The hash is the notice's own scheme (`noticeHash`): scheme 1 (notice@1, @2) the UTF-8 bytes of
 * `text`; scheme 2 (notice@3 on) everything the applicant reads before deciding. Same function as
 * the app and server use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { noticeArtifactSchema, noticeHash, translationProblems, type NoticeArtifact } from '../../src/core/consent';

const noticesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content/notices');
const isCheck = process.argv.includes('--check');
const problems: string[] = [];
let changedCount = 0;

function noticeFiles(): string[] {
  return fs
    .readdirSync(noticesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      fs
        .readdirSync(path.join(noticesDir, dir.name))
        .filter((name) => name.endsWith('.json'))
        .map((name) => path.join(noticesDir, dir.name, name)),
    )
    .sort();
}

const noticesByVersionDir = new Map<string, Map<string, NoticeArtifact>>();

for (const file of noticeFiles()) {
  const name = path.relative(noticesDir, file);
  const raw = fs.readFileSync(file, 'utf8');
  const json: unknown = JSON.parse(raw);
  const storedHash = (json as { sha256?: unknown }).sha256;
  const parsed = noticeArtifactSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${name}: ${issue.path.join('.')}: ${issue.message}`);
    continue;
  }
  const notice = parsed.data;
  if (`${notice.lang}.json` !== path.basename(file)) problems.push(`${name}: lang is ${notice.lang}`);
  if (path.basename(path.dirname(file)) !== `${notice.id}@${notice.version}`) {
    problems.push(`${name}: belongs in ${notice.id}@${notice.version}/`);
  }
  const hash = noticeHash(notice);
  if (storedHash !== hash) {
    if (isCheck) {
      problems.push(`${name}: stored sha256 ${String(storedHash)} is not the hash of its text (${hash})`);
    } else {
      // Key order is kept; the files are always written as two-space indented JSON.
      const updated = { ...(json as Record<string, unknown>), sha256: hash };
      fs.writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
      changedCount++;
      console.log(`${name}: sha256 ${hash}`);
    }
  }
  const versionDir = path.dirname(file);
  const byLang = noticesByVersionDir.get(versionDir) ?? new Map<string, NoticeArtifact>();
  byLang.set(notice.lang, { ...notice, sha256: hash });
  noticesByVersionDir.set(versionDir, byLang);
}

for (const [versionDir, byLang] of noticesByVersionDir) {
  const german = byLang.get('de');
  if (german === undefined) {
    problems.push(`${path.relative(noticesDir, versionDir)}: no German reference text (de.json)`);
    continue;
  }
  for (const notice of byLang.values()) {
    for (const problem of translationProblems(notice, german)) problems.push(`${notice.id}@${notice.version}: ${problem}`);
  }
}

for (const problem of problems) console.error(problem);
if (!isCheck) console.log(`${changedCount} notice file(s) updated`);
process.exitCode = problems.length > 0 ? 1 : 0;
