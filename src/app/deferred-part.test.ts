import { describe, expect, it } from 'vitest';
import { deferredPart } from './deferred-part';

describe('deferredPart', () => {
  it('loads its chunk once, however often it is preloaded', async () => {
    let loads = 0;
    const module = { Part: () => null };
    const part = deferredPart(async () => {
      loads += 1;
      return module;
    });
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([part.preload(), part.preload()]);
    await part.preload();
    expect(first).toBe(module);
    expect(second).toBe(module);
    expect(loads).toBe(1);
  });

  it('passes a failed load on (the service worker precaches every chunk; a failure is an error)', async () => {
    const part = deferredPart(() => Promise.reject(new Error('chunk missing')));
    await expect(part.preload()).rejects.toThrow('chunk missing');
  });
});
