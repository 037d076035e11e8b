/**
 * The form and notice content that ships with this release, stored on the device where it is
 * missing, so the first interview works before the first sync. Each file is its own lazy chunk,
 * and the artifact it holds is known by its path (`content/forms/<id>@<version>.json`,
 * `content/notices/<id>@<version>/<lang>.json`; checked again when it is stored): a device that
 * has stored it once never loads it again, so opening an interview does not pay for it.
 */
import { artifactKey, database, ensureBundledContent, type BundledFile } from '../data';

const formFiles = import.meta.glob<unknown>('../../content/forms/*.json', { import: 'default' });
const noticeFiles = import.meta.glob<unknown>('../../content/notices/*/*.json', { import: 'default' });

/** The artifact key a shipped file's path names; null for a path that names none. */
export function bundledKeyOf(path: string): string | null {
  const form = /\/content\/forms\/([^/@]+)@(\d+)\.json$/.exec(path);
  if (form) return artifactKey('form', form[1]!, Number(form[2]), null);
  const notice = /\/content\/notices\/([^/@]+)@(\d+)\/([^/]+)\.json$/.exec(path);
  if (notice) return artifactKey('notice', notice[1]!, Number(notice[2]), notice[3]!);
  return null;
}

export function bundledFiles(): BundledFile[] {
  return Object.entries({ ...formFiles, ...noticeFiles }).map(([path, load]) => {
    const key = bundledKeyOf(path);
    if (key === null) throw new Error(`shipped content file ${path} does not name its artifact`);
    return { key, load };
  });
}

let seeded: Promise<void> | undefined;

export function seedBundledContent(): Promise<void> {
  seeded ??= ensureBundledContent(database(), bundledFiles());
  return seeded;
}
