/**
 * The offline dependency check (`npm run deps:check`): `npm audit` cannot reach its advisory
 * service from here (the registry answers 405), so the lockfile is held against two lists
 * committed in `security/`:
 * - `dependencies-reviewed.json`: every package that ships with the server or the app (the
 *   lockfile's entries not marked `dev`), at its exact version, with why we have it and when it
 *   was reviewed. A new runtime package or version fails until someone has looked at it.
 * - `known-bad.json`: versions with published advisories (the npm `xlsx` line, …). Any package
 *   in the lockfile, dev tools included, fails the check in an affected range.
 * Pure functions here; `scripts/deps-check.ts` reads the files and prints.
 */

export interface LockPackage {
  readonly version?: string;
  readonly dev?: boolean;
  readonly link?: boolean;
}

export interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<Record<string, LockPackage>>;
}

export interface ReviewedEntry {
  readonly reason: string;
  readonly reviewed: string;
}

/** `name@version` → why it is there and when it was reviewed. */
export type ReviewedList = Readonly<Record<string, ReviewedEntry>>;

export interface KnownBad {
  readonly name: string;
  /** Affected: `introduced` ≤ version < `fixed` (no `fixed`: every version from `introduced`). */
  readonly ranges: readonly { readonly introduced: string; readonly fixed?: string }[];
  readonly advisories: readonly string[];
  readonly note: string;
}

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly runtime: boolean;
  /** Where it sits in node_modules: tells who pulled it in. */
  readonly path: string;
}

export interface DependencyReport {
  readonly runtime: readonly InstalledPackage[];
  readonly unreviewed: readonly InstalledPackage[];
  readonly knownBad: readonly { readonly pkg: InstalledPackage; readonly bad: KnownBad }[];
  /** Reviewed entries no longer in the lockfile: harmless, but the list should be tidied. */
  readonly stale: readonly string[];
}

/** Every installed package of a v2/v3 lockfile (the root project and workspace links left out). */
export function installedPackages(lock: Lockfile): InstalledPackage[] {
  if (lock.lockfileVersion < 2) throw new Error(`package-lock.json version ${lock.lockfileVersion} has no "packages" map; run npm 7 or later`);
  const out: InstalledPackage[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.link === true || entry.version === undefined) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    out.push({ name, version: entry.version, runtime: entry.dev !== true, path });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}

/** Compares x.y.z release numbers; a pre-release counts as its release (conservative for "affected"). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0]!.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function isAffected(version: string, bad: KnownBad): boolean {
  return bad.ranges.some((range) => compareVersions(version, range.introduced) >= 0 && (range.fixed === undefined || compareVersions(version, range.fixed) < 0));
}

export const reviewKey = (pkg: Pick<InstalledPackage, 'name' | 'version'>): string => `${pkg.name}@${pkg.version}`;

export function checkDependencies(lock: Lockfile, reviewed: ReviewedList, knownBad: readonly KnownBad[]): DependencyReport {
  const installed = installedPackages(lock);
  const runtime = installed.filter((pkg) => pkg.runtime);
  const seen = new Set<string>();
  const unreviewed: InstalledPackage[] = [];
  for (const pkg of runtime) {
    const key = reviewKey(pkg);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!Object.hasOwn(reviewed, key)) unreviewed.push(pkg);
  }
  const bad = installed.flatMap((pkg) => knownBad.filter((entry) => entry.name === pkg.name && isAffected(pkg.version, entry)).map((entry) => ({ pkg, bad: entry })));
  const stale = Object.keys(reviewed).filter((key) => !seen.has(key));
  return { runtime, unreviewed, knownBad: bad, stale };
}
