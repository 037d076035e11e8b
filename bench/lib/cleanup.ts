/**
 * Everything the benchmark starts (server processes, browsers, temporary directories and
 * PostgreSQL schemas) is registered here and released in reverse order: when a benchmark
 * finishes, when it throws, and when the run is interrupted (Ctrl-C, SIGTERM).
 */
type Release = () => Promise<void> | void;

const held = new Map<number, { label: string; release: Release }>();
let nextId = 1;

/** Registers a resource; the returned function releases it now (once) and forgets it. */
export function hold(label: string, release: Release): () => Promise<void> {
  const id = nextId++;
  held.set(id, { label, release });
  return async () => {
    const entry = held.get(id);
    if (!entry) return;
    held.delete(id);
    await entry.release();
  };
}

/** Releases everything still held, newest first; failures are reported, never thrown. */
export async function releaseAll(): Promise<void> {
  const entries = [...held.entries()].reverse();
  held.clear();
  for (const [, { label, release }] of entries) {
    try {
      await release();
    } catch (error) {
      process.stderr.write(`bench: could not release ${label}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

let installed = false;
let interrupted = false;

/** True once Ctrl-C or SIGTERM arrived: the run writes no results then. */
export function isInterrupted(): boolean {
  return interrupted;
}

export function releaseOnExit(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      process.stderr.write(`\nbench: ${signal}, stopping everything it started…\n`);
      void releaseAll().finally(() => process.exit(130));
    });
  }
}
