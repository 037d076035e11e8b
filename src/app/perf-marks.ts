/**
 * Where a start spends its time: User Timing marks (`performance.mark`), which cost next to
 * nothing and are read by the benchmark (bench/benchmarks/cold-start.ts) and by DevTools'
 * performance panel. Each mark is taken once per page, the first time its moment comes:
 * - `lotse:start`           every static import of the entry chunk has run (main.tsx begins);
 * - `lotse:i18n`            the UI strings of the shell are loaded;
 * - `lotse:boot-unlock`     the unlock screen is drawn before React (lock/boot-unlock.ts) …
 * - `lotse:app`             … and the app (React, Dexie, the screens' frame) is loaded behind it;
 * - `lotse:unlock`          the passphrase is handed to `unlock` (the key derivation starts) …
 * - `lotse:unlocked`        … and the key is in memory;
 * - `lotse:interview-record` the interview screen has its record (read and opened);
 * - `lotse:db-read`         the first read of IndexedDB is asked for …
 * - `lotse:db-answer`       … and answered (opening the database included);
 * - `lotse:interview-data`  the interview screen has its record and content and hands over to a stage.
 */
export type PerfMark = 'start' | 'i18n' | 'boot-unlock' | 'app' | 'unlock' | 'unlocked' | 'interview-record' | 'db-read' | 'db-answer' | 'interview-data';

const taken = new Set<PerfMark>();

export function markOnce(name: PerfMark): void {
  if (taken.has(name)) return;
  taken.add(name);
  try {
    performance.mark(`lotse:${name}`);
  } catch {
    // No User Timing (very old browsers): nothing to measure with.
  }
}

/** Whether the moment has come in this page (a start's later work can stand aside for it). */
export function hasMark(name: PerfMark): boolean {
  return taken.has(name);
}
