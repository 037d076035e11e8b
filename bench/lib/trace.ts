/**
 * Reads a Chromium trace (Tracing domain, JSON `traceEvents`) of one page start and answers what
 * a CPU profile cannot: where the renderer's main thread spent its time outside JavaScript — style
 * recalculation (UpdateLayoutTree), layout, paint, HTML and style-sheet parsing, font work — and
 * which single tasks were the longest. Only the page's main thread (`CrRendererMain` of the
 * process that ran the page's own User Timing marks) is counted.
 */

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

export interface TraceSummary {
  /** Main-thread time in the window, ms. */
  busyMs: number;
  /** Event name → self ms (time not inside a nested event), largest first. */
  self: [string, number][];
  /** Event name → inclusive ms of the outermost occurrence, for the rendering steps. */
  rendering: [string, number][];
  /** The longest tasks in the window: start (ms after the window's start), duration, and the event that took most of it. */
  longTasks: { at: number; ms: number; top: string }[];
  /** The window, ms since the first mark (navigation start when the trace has it). */
  windowMs: number;
}

/** Steps of the rendering pipeline and of loading worth naming on their own (inclusive). */
const renderingSteps = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'ParseAuthorStyleSheet', 'ParseHTML', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'EvaluateScript', 'FunctionCall', 'FontCache::GetFontData', 'FontFallbackList::GetFontData', 'FontLoader', 'ScheduleStyleRecalculation', 'InvalidateLayout', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'HitTest'];

export function parseTrace(text: string): TraceEvent[] {
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/**
 * Summarises the page's main thread between two of its User Timing marks (full names; `from` null =
 * navigation start, `to` null = the thread's last event). The page is the process whose marks start
 * with `markPrefix`.
 */
export function summariseTrace(events: TraceEvent[], options: { markPrefix: string; from: string | null; to: string | null }): TraceSummary | null {
  const marks = events.filter((event) => event.cat.includes('blink.user_timing'));
  if (marks.length === 0) return null;
  const { pid, tid } = marks.find((mark) => mark.name.startsWith(options.markPrefix)) ?? marks[0]!;
  const threads = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.pid === pid && (event.args?.name as string | undefined) === 'CrRendererMain');
  const mainTid = threads[0]?.tid ?? tid;
  const markAt = (name: string | null, fallback: number) => (name === null ? fallback : (marks.find((mark) => mark.name === name)?.ts ?? fallback));
  const onMain = events.filter((event) => event.pid === pid && event.tid === mainTid && (event.ph === 'X' || event.ph === 'B' || event.ph === 'E')).sort((a, b) => a.ts - b.ts);
  if (onMain.length === 0) return null;
  // B/E pairs as complete events.
  const complete: TraceEvent[] = [];
  const open: TraceEvent[] = [];
  for (const event of onMain) {
    if (event.ph === 'X') complete.push(event);
    else if (event.ph === 'B') open.push(event);
    else {
      const begin = open.pop();
      if (begin) complete.push({ ...begin, ph: 'X', dur: event.ts - begin.ts });
    }
  }
  complete.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const navigation = events.find((event) => event.pid === pid && event.name === 'navigationStart')?.ts;
  const start = markAt(options.from, navigation ?? complete[0]!.ts);
  const end = markAt(options.to, Math.max(...complete.map((event) => event.ts + (event.dur ?? 0))));
  const inWindow = complete.filter((event) => event.ts >= start && event.ts < end && (event.dur ?? 0) > 0);
  // Self time by nesting (events on one thread nest properly).
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const stack: { event: TraceEvent; end: number; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= upTo) {
      const done = stack.pop()!;
      self.set(done.event.name, (self.get(done.event.name) ?? 0) + (done.event.dur! - done.child));
    }
  };
  let busy = 0;
  const longTasks: { at: number; ms: number; top: string }[] = [];
  for (const event of inWindow) {
    close(event.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += Math.min(event.dur!, parent.end - event.ts);
    else busy += event.dur!;
    if (!stack.some((entry) => entry.event.name === event.name)) inclusive.set(event.name, (inclusive.get(event.name) ?? 0) + event.dur!);
    if (!parent && event.dur! >= 20_000 * 1) {
      // The largest direct or nested step of this task (other than the task itself).
      const inside = inWindow.filter((other) => other !== event && other.ts >= event.ts && other.ts + other.dur! <= event.ts + event.dur! && other.name !== event.name && other.name !== 'RunTask' && other.name !== 'ThreadControllerImpl::RunTask');
      const biggest = inside.reduce<TraceEvent | null>((best, other) => (renderingSteps.includes(other.name) || other.name.startsWith('v8') || other.name === 'FunctionCall') && (!best || other.dur! > best.dur!) ? other : best, null);
      longTasks.push({ at: (event.ts - start) / 1000, ms: event.dur! / 1000, top: biggest ? `${biggest.name} ${(biggest.dur! / 1000).toFixed(0)} ms` : '' });
    }
    stack.push({ event, end: event.ts + event.dur!, child: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  const sorted = (map: Map<string, number>) => [...map.entries()].map(([name, us]) => [name, us / 1000] as [string, number]).sort((a, b) => b[1] - a[1]);
  return {
    busyMs: busy / 1000,
    self: sorted(self),
    rendering: sorted(inclusive).filter(([name]) => renderingSteps.includes(name)),
    longTasks: longTasks.sort((a, b) => b.ms - a.ms).slice(0, 8),
    windowMs: (end - start) / 1000,
  };
}

/** One line for the bench's notes. */
export function traceLine(summary: TraceSummary): string {
  const list = (entries: [string, number][], count: number) => entries.slice(0, count).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', ');
  const tasks = summary.longTasks.map((task) => `${task.ms.toFixed(0)} ms at ${task.at.toFixed(0)}${task.top ? ` (${task.top})` : ''}`).join('; ');
  return `main thread busy ${summary.busyMs.toFixed(0)} of ${summary.windowMs.toFixed(0)} ms; rendering steps (inclusive): ${list(summary.rendering, 10)}; self time by event: ${list(summary.self, 10)}; longest tasks: ${tasks}`;
}
