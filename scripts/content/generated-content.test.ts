/**
 * Content written by scripts from other content is committed as written: the recipient mappings
 * for notice@3 and its storage requirements (build-notice-mapping.ts) and the notices' hashes
 * (hash-notices.ts). Each script's `--check` compares without writing; a hand edit of a generated
 * file, or a source changed without running the script, fails here.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function check(script: string): { status: number; output: string } {
  try {
    const output = execFileSync(tsx, [path.join(root, 'scripts/content', script), '--check'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

describe('generated content is what its script writes', () => {
  it.each(['build-notice-mapping.ts', 'hash-notices.ts'])('%s --check', (script) => {
    expect(check(script)).toEqual({ status: 0, output: expect.any(String) });
  }, 60_000);
});
