/**
 * Marks taken inside the page, in `performance.now()` milliseconds since navigation start,
 * the moment the DOM shows what a user waits for (a MutationObserver, no polling):
 * - `homeReadyAt`: the H1 "Interviews" is rendered and the "Neues Interview" control enabled;
 * - `firstRowAt`:  the first row of the interview list is rendered;
 * - `unlockReadyAt`: the unlock screen (issue #12: the first screen of a tablet that holds a
 *                  passphrase) shows its passphrase input enabled;
 * - `formReadyAt`: the form stage of an interview shows its current section with an enabled input
 *                  that is not read-only (the first moment an interviewer can type an answer;
 *                  until 2026-12-06 a read-only field the app fills counted).
 * The text to wait for is read from the German source locale, so a changed wording still works.
 *
 * The page reports each mark through a binding (`exposeBinding`) the moment it is taken; the bench
 * does not talk to the page while it starts. Until 2026-12-06 `markOf` polled the page with
 * Playwright's `waitForFunction`, which evaluates Playwright's injected script in the page the
 * moment it is called (≈ 56 ms of script at 4× CPU, traced) and then polls on every animation
 * frame: work in the middle of an app's start that the bare page, ready while its HTML is still
 * being parsed, never had in its way (bench/README.md, cold-start).
 */
import type { Page, BrowserContext } from '@playwright/test';
import translation from '../../locales/de/translation.json' with { type: 'json' };

export interface PageMarks {
  homeReadyAt: number | null;
  firstRowAt: number | null;
  formReadyAt: number | null;
  unlockReadyAt: number | null;
}

declare global {
  interface Window {
    __benchMarks?: PageMarks;
    /** The binding that tells the bench a mark was taken (see `installPageMarks`). */
    __benchMarkTaken?: (name: keyof PageMarks, at: number) => void;
  }
}

const homeTitle = translation.home.title;
const newInterview = translation.home.newInterview;

/** Runs in the page before any of its scripts. */
function installMarks(texts: { homeTitle: string; newInterview: string }): void {
  performance.setResourceTimingBufferSize(2000);
  const marks: PageMarks = { homeReadyAt: null, firstRowAt: null, formReadyAt: null, unlockReadyAt: null };
  window.__benchMarks = marks;
  const isShown = (element: Element) => element.getClientRects().length > 0;
  const taken = (name: keyof PageMarks) => {
    const at = performance.now();
    marks[name] = at;
    window.__benchMarkTaken?.(name, at);
  };
  const check = () => {
    if (marks.homeReadyAt === null) {
      const heading = document.querySelector('h1');
      if (heading && heading.textContent?.trim() === texts.homeTitle && isShown(heading)) {
        const control = [...document.querySelectorAll('a, button')].find((element) => element.textContent?.trim() === texts.newInterview);
        if (control && isShown(control) && !(control as HTMLButtonElement).disabled && control.getAttribute('aria-disabled') !== 'true') {
          taken('homeReadyAt');
        }
      }
    }
    if (marks.firstRowAt === null && document.querySelector('[data-testid="interview-row"]')) taken('firstRowAt');
    if (marks.unlockReadyAt === null) {
      const input = document.querySelector('[data-testid="unlock-screen"] input[type=password]:not([disabled])');
      if (input && isShown(input)) {
        taken('unlockReadyAt');
        // For a trace of the start (cold-start --profile): the moment, on the page's timeline.
        performance.mark('bench:unlock-ready');
      }
    }
    if (marks.formReadyAt === null) {
      // An input the interviewer can type in: not a field the app fills itself (read-only).
      const input = document.querySelector('[data-testid="form-stage"] .form-section :is(input, select, textarea):not([disabled], [readonly])');
      if (input && isShown(input)) {
        taken('formReadyAt');
        performance.mark('bench:form-ready');
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

/** Per page, the marks its current document reported, and who waits for the others. */
interface Reported {
  marks: Partial<Record<keyof PageMarks, number>>;
  waiting: { mark: keyof PageMarks; resolve: (at: number) => void }[];
}
const reported = new WeakMap<Page, Reported>();

function reportedOf(page: Page): Reported {
  let entry = reported.get(page);
  if (!entry) {
    entry = { marks: {}, waiting: [] };
    reported.set(page, entry);
    const current = entry;
    // A new document of the page (a reload, a navigation) starts without marks. Playwright emits
    // the navigation before any binding call of the new document's scripts.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) current.marks = {};
    });
  }
  return entry;
}

function noteMark(page: Page, mark: keyof PageMarks, at: number): void {
  const entry = reportedOf(page);
  entry.marks[mark] ??= at;
  const ready = entry.waiting.filter((waiter) => waiter.mark === mark);
  entry.waiting = entry.waiting.filter((waiter) => waiter.mark !== mark);
  for (const waiter of ready) waiter.resolve(entry.marks[mark]!);
}

export async function installPageMarks(target: BrowserContext | Page): Promise<void> {
  await target.exposeBinding('__benchMarkTaken', ({ page }, mark: keyof PageMarks, at: number) => noteMark(page, mark, at));
  await target.addInitScript(installMarks, { homeTitle, newInterview });
}

/** Waits for a mark of the page's current document and returns it (ms since navigation start). */
export async function markOf(page: Page, mark: keyof PageMarks, timeoutMs = 60_000): Promise<number> {
  const entry = reportedOf(page);
  const known = entry.marks[mark];
  if (known !== undefined) return known;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      entry.waiting.push({ mark, resolve });
      timer = setTimeout(() => reject(new Error(`${mark} not reached within ${timeoutMs} ms (${page.url()})`)), timeoutMs);
    });
  } finally {
    clearTimeout(timer);
  }
}

export interface FetchedResource {
  path: string;
  startTime: number;
  responseEnd: number;
  transferSize: number;
}

/** What the page fetched (Resource Timing), as paths on its origin. */
export async function fetchedResources(page: Page): Promise<FetchedResource[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((entry) => ({
      path: new URL(entry.name).pathname,
      startTime: entry.startTime,
      responseEnd: entry.responseEnd,
      transferSize: entry.transferSize,
    })),
  );
}

/** The app's own User Timing marks (src/app/perf-marks.ts), ms since navigation start, by name without "lotse:". */
export async function appMarks(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const marks: Record<string, number> = {};
    for (const entry of performance.getEntriesByType('mark')) if (entry.name.startsWith('lotse:')) marks[entry.name.slice('lotse:'.length)] ??= entry.startTime;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    marks.document = navigation?.responseEnd ?? 0;
    return marks;
  });
}
