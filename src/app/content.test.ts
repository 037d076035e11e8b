import { describe, expect, it } from 'vitest';
import { artifactKey } from '../data';
import { bundledFiles, bundledKeyOf } from './content';

describe('shipped content', () => {
  it('names by its path the artifact each file holds, so a device that has it never loads it again', async () => {
    const files = bundledFiles();
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const body = (await file.load()) as { id: string; version: number; lang?: string };
      const held = 'lang' in body && body.lang !== undefined ? artifactKey('notice', body.id, body.version, body.lang) : artifactKey('form', body.id, body.version, null);
      expect(file.key).toBe(held);
    }
    // Version 3 is the current form; versions 1 and 2 still ship: their records are read and completed against them.
    expect(files.map((file) => file.key)).toContain('form:profilingbogen@1:*');
    expect(files.map((file) => file.key)).toContain('form:profilingbogen@2:*');
    expect(files.map((file) => file.key)).toContain('form:profilingbogen@3:*');
    expect(files.map((file) => file.key)).toContain('notice:notice@1:de');
  });

  it('knows no key for a path that names no artifact', () => {
    expect(bundledKeyOf('../../content/README.md')).toBeNull();
    expect(bundledKeyOf('../../content/forms/profilingbogen.json')).toBeNull();
  });
});
