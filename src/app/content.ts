/**
 * The form and notice content that ships with this release, stored on the device at start
 * (where it is missing), so the first interview works before the first sync. Loaded as a
 * lazy chunk: the home screen does not pay for it.
 */
import { database, ensureBundledArtifacts } from '../data';

let seeded: Promise<void> | undefined;

export function seedBundledContent(): Promise<void> {
  seeded ??= (async () => {
    const [forms, notices] = await Promise.all([
      Promise.all(Object.values(import.meta.glob<unknown>('../../content/forms/*.json', { import: 'default' })).map((load) => load())),
      Promise.all(Object.values(import.meta.glob<unknown>('../../content/notices/*/*.json', { import: 'default' })).map((load) => load())),
    ]);
    await ensureBundledArtifacts(database(), { forms, notices });
  })();
  return seeded;
}
