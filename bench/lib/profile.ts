/**
 * Reads V8 CPU profiles (`--cpu-prof`, Chromium's Profiler domain) and answers "where did the
 * time go": self and inclusive time per function, optionally only within the samples whose
 * stack passes through a focus function (e.g. the push route), grouped by file or package.
 */
import fs from 'node:fs';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Milliseconds of samples considered (inside the focus, when given). */
  totalMs: number;
  /** Function → inclusive ms, largest first. */
  inclusive: [string, number][];
  /** Function → self ms, largest first. */
  self: [string, number][];
  /** File or npm package → self ms, largest first. */
  byOrigin: [string, number][];
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

function shortUrl(url: string): string {
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  const ours = /\/(src|bench)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (url.startsWith('node:')) return 'node (built-in)';
  return url === '' ? '(native)' : url.replace(/^.*\//, '');
}

function labelOf(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
}

export interface SummaryOptions {
  /** Only samples with a frame whose label matches (synchronous stacks only). */
  focus?: RegExp;
  /**
   * Only samples taken inside this window, in microseconds of the monotonic clock
   * (`process.hrtime.bigint() / 1000n`), which V8 uses for profile timestamps on Linux in every
   * process of the machine: so a server's profile can be cut to the client's measured window.
   */
  window?: [number, number];
  /** Names a frame (label) and where it comes from (origin); e.g. through a bundle's source map. */
  resolve?: (frame: CallFrame) => { label: string; origin: string } | null;
}

export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function summariseProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const { focus, window, resolve } = options;
  const resolved = new Map<CallFrame, { label: string; origin: string } | null>();
  const resolveFrame = (frame: CallFrame) => {
    if (!resolve) return null;
    if (!resolved.has(frame)) resolved.set(frame, resolve(frame));
    return resolved.get(frame)!;
  };
  const label = (frame: CallFrame) => resolveFrame(frame)?.label ?? labelOf(frame);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const sampleMs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const from = at;
    at += delta;
    // A sample stands for the time since the previous one; only the part inside the window counts.
    const inside = window ? Math.min(at, window[1]) - Math.max(from, window[0]) : delta;
    if (inside <= 0) return;
    sampleMs.set(id, (sampleMs.get(id) ?? 0) + inside / 1000);
  });

  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let totalMs = 0;
  for (const [leafId, ms] of sampleMs) {
    const stack: CallFrame[] = [];
    for (let id: number | undefined = leafId; id !== undefined; id = parentOf.get(id)) stack.push(byId.get(id)!.callFrame);
    const labels = stack.map(label);
    if (focus && !labels.some((label) => focus.test(label))) continue;
    const leaf = stack[0]!;
    if (leaf.functionName === '(idle)' || leaf.functionName === '(program)') continue;
    totalMs += ms;
    self.set(labels[0]!, (self.get(labels[0]!) ?? 0) + ms);
    // Built-ins without a script (JSON, structured clone, sockets) are named by their function.
    const origin =
      resolveFrame(leaf)?.origin ??
      (leaf.functionName === '(garbage collector)' ? '(garbage collector)' : leaf.url === '' ? `native ${leaf.functionName || '(anonymous)'}` : shortUrl(leaf.url));
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + ms);
    for (const label of new Set(labels)) inclusive.set(label, (inclusive.get(label) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs, inclusive: sorted(inclusive), self: sorted(self), byOrigin: sorted(byOrigin) };
}

/** A few lines for a note: the share of the largest entries. */
export function topLines(entries: [string, number][], totalMs: number, count: number, filter: (label: string) => boolean = () => true): string[] {
  return entries
    .filter(([label]) => filter(label))
    .slice(0, count)
    .map(([label, ms]) => `${((ms / totalMs) * 100).toFixed(0).padStart(3)}%  ${ms.toFixed(0).padStart(6)} ms  ${label}`);
}

/** Profiles `work` in this process (V8's profiler through node:inspector). */
export async function profileThisProcess<T>(work: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    const value = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    return { value, profile };
  } finally {
    session.disconnect();
  }
}
