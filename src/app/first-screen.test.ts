import { afterEach, describe, expect, it, vi } from 'vitest';

// A fresh module per test: the gate opens once per page.
async function gate() {
  vi.resetModules();
  return import('./first-screen');
}

describe('work that waits for the first screen', () => {
  afterEach(() => vi.useRealTimers());

  it('starts only once the first screen says it is usable', async () => {
    vi.useFakeTimers();
    const { afterFirstScreen, firstScreenReady } = await gate();
    let started = false;
    void afterFirstScreen().then(() => (started = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(false);
    firstScreenReady();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(true);
  });

  it('starts after a few seconds when the screen never says so', async () => {
    vi.useFakeTimers();
    const { afterFirstScreen } = await gate();
    let started = false;
    void afterFirstScreen().then(() => (started = true));
    await vi.advanceTimersByTimeAsync(4900);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(started).toBe(true);
  });

  it('runs at once when the first screen was ready before', async () => {
    const { afterFirstScreen, firstScreenReady } = await gate();
    firstScreenReady();
    await expect(afterFirstScreen()).resolves.toBeUndefined();
  });

  describe('work in the background (behind the unlock screen, while a person types)', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('is posted at background priority where the browser has a task scheduler, not left for an idle period', async () => {
      const posted: { priority: string; work: () => void }[] = [];
      vi.stubGlobal('scheduler', {
        postTask: (work: () => void, options: { priority: string }) => {
          posted.push({ work, priority: options.priority });
          return Promise.resolve();
        },
      });
      const requestIdleCallback = vi.fn();
      vi.stubGlobal('window', { requestIdleCallback });
      const { inBackground } = await gate();
      let ran = false;
      inBackground(() => (ran = true));
      expect(posted.map((task) => task.priority)).toEqual(['background']);
      expect(ran).toBe(false);
      posted[0]!.work();
      expect(ran).toBe(true);
      expect(requestIdleCallback).not.toHaveBeenCalled();
    });

    it('runs in a task of its own without a task scheduler', async () => {
      vi.useFakeTimers();
      vi.stubGlobal('scheduler', undefined);
      const { inBackground } = await gate();
      let ran = false;
      inBackground(() => (ran = true));
      expect(ran).toBe(false);
      await vi.advanceTimersByTimeAsync(0);
      expect(ran).toBe(true);
    });

    it('reports an error of the work as uncaught, as a timer would, instead of swallowing it', async () => {
      vi.useFakeTimers();
      vi.stubGlobal('scheduler', { postTask: (work: () => void) => new Promise((resolve) => resolve(work())) });
      const { inBackground } = await gate();
      inBackground(() => {
        throw new Error('broken warm-up');
      });
      await Promise.resolve();
      await Promise.resolve();
      expect(() => vi.runOnlyPendingTimers()).toThrow('broken warm-up');
    });
  });
});
