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
});
