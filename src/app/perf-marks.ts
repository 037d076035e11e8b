/**
 * Where a start spends its time: User Timing marks (`performance.mark`), which cost next to
 * nothing and are read by the benchmark (bench/benchmarks/cold-start.ts) and by DevTools'
 * performance panel. Each mark is taken once per page, the first time its moment comes:
 * - `lotse:start`           every static import of the entry chunk has run (main.tsx begins);
 * - `lotse:i18n`            the UI strings of the shell are loaded;
 * - `lotse:db-read`         the first read of IndexedDB is asked for …
 * - `lotse:db-answer`       … and answered (opening the database included);
 * - `lotse:interview-data`  the interview screen has its record and content and hands over to a stage.
 */
export type PerfMark = 'start' | 'i18n' | 'db-read' | 'db-answer' | 'interview-data';

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
