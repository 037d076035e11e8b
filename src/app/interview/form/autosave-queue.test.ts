import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosaveQueue, type AutosaveState } from './autosave-queue';

interface Snapshot {
  text: string;
}

function setup(save: (snapshot: Snapshot) => Promise<void>, savedKey = '') {
  const states: AutosaveState[] = [];
  const queue = createAutosaveQueue<Snapshot>({
    save,
    keyOf: (snapshot) => snapshot.text,
    savedKey,
    delayMs: 200,
    onChange: (state) => states.push(state),
  });
  return { queue, states };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('autosave queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves the newest snapshot once, delayMs after the first change, even while typing goes on', async () => {
    const save = vi.fn(async () => {});
    const { queue } = setup(save);
    queue.schedule({ text: 'S' });
    await vi.advanceTimersByTimeAsync(150);
    queue.schedule({ text: 'Sa' });
    await vi.advanceTimersByTimeAsync(49);
    expect(save).not.toHaveBeenCalled();
    queue.schedule({ text: 'Sal' });
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith({ text: 'Sal' });
    expect(queue.state.status).toBe('idle');
  });

  it('does not save what storage already holds', async () => {
    const save = vi.fn(async () => {});
    const { queue } = setup(save, 'same');
    queue.schedule({ text: 'same' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).not.toHaveBeenCalled();
    expect(await queue.flush()).toBe(true);
  });

  it('runs one save at a time and then saves the change made meanwhile', async () => {
    const first = deferred();
    const saved: string[] = [];
    let calls = 0;
    const { queue } = setup(async (snapshot) => {
      calls += 1;
      if (calls === 1) await first.promise;
      saved.push(snapshot.text);
    });
    queue.schedule({ text: 'a' });
    await vi.advanceTimersByTimeAsync(200);
    expect(queue.state.status).toBe('saving');
    queue.schedule({ text: 'ab' });
    queue.schedule({ text: 'abc' });
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(1);
    first.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['a', 'abc']);
    expect(queue.state.status).toBe('idle');
  });

  it('flush saves at once, without waiting for the timer', async () => {
    const save = vi.fn(async () => {});
    const { queue } = setup(save);
    queue.schedule({ text: 'x' });
    expect(await queue.flush()).toBe(true);
    expect(save).toHaveBeenCalledWith({ text: 'x' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps a failed snapshot, reports the error until a save succeeds, and tries again', async () => {
    const failure = new Error('storage_full');
    const save = vi.fn<(snapshot: Snapshot) => Promise<void>>().mockRejectedValueOnce(failure).mockResolvedValue();
    const { queue } = setup(save);
    queue.schedule({ text: 'one' });
    await vi.advanceTimersByTimeAsync(200);
    expect(queue.state.error).toBe(failure);
    expect(queue.state.savedAt).toBeNull();

    // Nothing new typed: the failed snapshot is what a flush (or "try again") saves.
    expect(await queue.flush()).toBe(true);
    expect(save).toHaveBeenLastCalledWith({ text: 'one' });
    expect(queue.state.error).toBeNull();
    expect(queue.state.savedAt).not.toBeNull();
  });

  it('a newer change after a failure carries the failed one with it', async () => {
    const save = vi.fn<(snapshot: Snapshot) => Promise<void>>().mockRejectedValueOnce(new Error('full')).mockResolvedValue();
    const { queue } = setup(save);
    queue.schedule({ text: 'one' });
    await vi.advanceTimersByTimeAsync(200);
    queue.schedule({ text: 'one two' });
    await vi.advanceTimersByTimeAsync(200);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith({ text: 'one two' });
    expect(queue.state.error).toBeNull();
  });

  it('flush reports false while storage keeps failing', async () => {
    const { queue } = setup(async () => {
      throw new Error('full');
    });
    queue.schedule({ text: 'x' });
    expect(await queue.flush()).toBe(false);
    expect(await queue.flush()).toBe(false);
  });

  it('dispose stops a waiting save', async () => {
    const save = vi.fn(async () => {});
    const { queue } = setup(save);
    queue.schedule({ text: 'x' });
    queue.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).not.toHaveBeenCalled();
  });
});
