/**
 * `npm run deps:check`: the lockfile against security/dependencies-reviewed.json and
 * security/known-bad.json (see scripts/deps/check.ts and SECURITY.md). Exit 1 on an unreviewed
 * runtime package or version, or on a known-bad version anywhere in the lockfile.
 * `--list` prints every runtime package with its exact version.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDependencies, reviewKey, type KnownBad, type Lockfile, type ReviewedList } from './deps/check.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;

const lock = readJson<Lockfile>('package-lock.json');
const reviewed = readJson<{ packages: ReviewedList }>('security/dependencies-reviewed.json').packages;
const knownBad = readJson<{ entries: KnownBad[] }>('security/known-bad.json').entries;
const report = checkDependencies(lock, reviewed, knownBad);

if (process.argv.includes('--list')) {
  for (const pkg of report.runtime) console.log(`${reviewKey(pkg).padEnd(48)} ${pkg.path}`);
}
for (const { pkg, bad } of report.knownBad) {
  console.error(`KNOWN BAD  ${reviewKey(pkg)} (${pkg.path}${pkg.runtime ? '' : ', dev'}): ${bad.advisories.join(', ')} — ${bad.note}`);
}
const today = new Date().toISOString().slice(0, 10);
for (const pkg of report.unreviewed) {
  console.error(`UNREVIEWED ${reviewKey(pkg)} (${pkg.path}). After review, add to security/dependencies-reviewed.json:`);
  console.error(`  "${reviewKey(pkg)}": { "reason": "…", "reviewed": "${today}" },`);
}
if (report.stale.length > 0) console.log(`no longer in the lockfile (remove from the reviewed list): ${report.stale.join(', ')}`);
const distinct = new Set(report.runtime.map(reviewKey)).size;
if (report.unreviewed.length > 0 || report.knownBad.length > 0) {
  console.error(`deps:check failed: ${report.unreviewed.length} unreviewed runtime package version(s), ${report.knownBad.length} known-bad.`);
  process.exit(1);
}
console.log(`deps:check: ${distinct} runtime package versions reviewed, none known bad (${knownBad.length} advisories checked against the whole lockfile).`);
