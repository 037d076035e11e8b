/**
 * Marks taken inside the page, in `performance.now()` milliseconds since navigation start,
 * the moment the DOM shows what a user waits for (a MutationObserver, no polling):
 * - `homeReadyAt`: the H1 "Interviews" is rendered and the "Neues Interview" control enabled;
 * - `firstRowAt`:  the first row of the interview list is rendered;
 * - `unlockReadyAt`: the unlock screen (issue #12: the first screen of a tablet that holds a
 *                  passphrase) shows its passphrase input enabled;
 * - `formReadyAt`: the form stage of an interview shows its current section with an enabled input
 *                  (the first moment an interviewer can type an answer).
 * The text to wait for is read from the German source locale, so a changed wording still works.
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
  const check = () => {
    if (marks.homeReadyAt === null) {
      const heading = document.querySelector('h1');
      if (heading && heading.textContent?.trim() === texts.homeTitle && isShown(heading)) {
        const control = [...document.querySelectorAll('a, button')].find((element) => element.textContent?.trim() === texts.newInterview);
        if (control && isShown(control) && !(control as HTMLButtonElement).disabled && control.getAttribute('aria-disabled') !== 'true') {
          marks.homeReadyAt = performance.now();
        }
      }
    }
    if (marks.firstRowAt === null && document.querySelector('[data-testid="interview-row"]')) marks.firstRowAt = performance.now();
    if (marks.unlockReadyAt === null) {
      const input = document.querySelector('[data-testid="unlock-screen"] input[type=password]:not([disabled])');
      if (input && isShown(input)) {
        marks.unlockReadyAt = performance.now();
        // For a trace of the start (cold-start --profile): the moment, on the page's timeline.
        performance.mark('bench:unlock-ready');
      }
    }
    if (marks.formReadyAt === null) {
      const input = document.querySelector('[data-testid="form-stage"] .form-section :is(input, select, textarea):not([disabled])');
      if (input && isShown(input)) {
        marks.formReadyAt = performance.now();
        performance.mark('bench:form-ready');
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}

export async function installPageMarks(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(installMarks, { homeTitle, newInterview });
}

/** Waits for a mark and returns it (ms since navigation start). */
export async function markOf(page: Page, mark: keyof PageMarks, timeoutMs = 60_000): Promise<number> {
  await page.waitForFunction((name) => window.__benchMarks?.[name] != null, mark, { timeout: timeoutMs });
  return (await page.evaluate((name) => window.__benchMarks![name], mark))!;
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
