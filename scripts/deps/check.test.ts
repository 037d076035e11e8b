import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDependencies, compareVersions, type KnownBad, type Lockfile, type ReviewedList } from './check';

const knownBad: KnownBad[] = JSON.parse(readFileSync(new URL('../../security/known-bad.json', import.meta.url), 'utf8')).entries;
const reviewedOn = (reason: string) => ({ reason, reviewed: '2026-12-05' });

const lock: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': {},
    'node_modules/fastify': { version: '5.12.8' },
    'node_modules/fastify/node_modules/semver': { version: '7.8.6' },
    'node_modules/semver': { version: '7.8.6' },
    'node_modules/vitest': { version: '4.0.0', dev: true },
    'node_modules/our-workspace': { link: true },
  },
};
const reviewed: ReviewedList = { 'fastify@5.12.8': reviewedOn('server'), 'semver@7.8.6': reviewedOn('via fastify') };

describe('deps:check', () => {
  it('passes a lockfile whose runtime packages are all reviewed at their exact versions; dev tools need no review', () => {
    const report = checkDependencies(lock, reviewed, knownBad);
    expect(report.unreviewed).toEqual([]);
    expect(report.knownBad).toEqual([]);
    expect(report.runtime.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual(['fastify@5.12.8', 'semver@7.8.6', 'semver@7.8.6']);
  });

  it('fails on a new runtime package and on a new version of a reviewed one', () => {
    const updated: Lockfile = {
      ...lock,
      packages: { ...lock.packages, 'node_modules/fastify': { version: '5.13.0' }, 'node_modules/left-pad': { version: '1.3.0' } },
    };
    const report = checkDependencies(updated, reviewed, knownBad);
    expect(report.unreviewed.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual(['fastify@5.13.0', 'left-pad@1.3.0']);
    expect(report.stale).toEqual(['fastify@5.12.8']);
  });

  it('fails on the npm xlsx line (0.18.5, its last version there) even as a dev dependency, and on an affected fastify', () => {
    const withBad: Lockfile = {
      ...lock,
      packages: { ...lock.packages, 'node_modules/xlsx': { version: '0.18.5', dev: true }, 'node_modules/fastify': { version: '5.3.1' } },
    };
    const report = checkDependencies(withBad, { ...reviewed, 'fastify@5.3.1': reviewedOn('server') }, knownBad);
    expect(report.knownBad.map(({ pkg, bad }) => [pkg.name, pkg.version, bad.advisories[0]])).toEqual([
      ['fastify', '5.3.1', 'CVE-2025-32442'],
      ['xlsx', '0.18.5', 'CVE-2023-30533'],
    ]);
  });

  it('compares versions as numbers, not text', () => {
    expect(compareVersions('0.20.2', '0.18.5')).toBe(1);
    expect(compareVersions('5.10.0', '5.3.2')).toBe(1);
    expect(compareVersions('7.0.5', '7.0.5')).toBe(0);
    expect(compareVersions('1.2', '1.2.1')).toBe(-1);
  });
});
