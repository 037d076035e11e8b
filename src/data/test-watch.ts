/**
 * For tests of live reads: the values a watched read (`watch`) reports, and a way to wait for the
 * next one. A failed read is thrown, so the test fails on it.
 */
import { watch } from './watch';

export function collect<T>(read: () => Promise<T>) {
  const values: T[] = [];
  let waiting: ((value: T) => void) | null = null;
  const stop = watch(read).subscribe(
    (value) => {
      values.push(value);
      waiting?.(value);
      waiting = null;
    },
    (error) => {
      throw error;
    },
  );
  const next = () => new Promise<T>((resolve) => (waiting = resolve));
  return { values, next, stop };
}
