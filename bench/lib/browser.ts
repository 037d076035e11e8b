/**
 * Chromium for the browser benchmarks: the system Chromium driven by Playwright (as
 * playwright.config.ts does for the e2e suite), with CPU throttling and service-worker control
 * through the DevTools protocol.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { hold } from './cleanup';

export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((candidate): candidate is string => Boolean(candidate));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error('no Chromium found (set CHROMIUM_PATH)');
  return found;
}

export async function launchChromium(executablePath: string): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!executablePath) throw new Error('no Chromium found (set CHROMIUM_PATH)');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const browser = await chromium.launch({
    executablePath,
    args: [
      ...(isRoot ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium's own UI (the omnibox popup and its AI-mode composebox, WebUI pages) is preloaded
      // in a renderer of its own for every new tab, loading hundreds of its scripts on the same
      // cores while a page starts: noise in every timed start, the bare page's included.
      '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
    ],
  });
  const close = hold('chromium', () => browser.close());
  return { browser, close };
}

/** A tablet-sized context like the e2e project's (1024×768, touch). */
export async function tabletContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 }, hasTouch: true, serviceWorkers: 'allow', locale: 'de-DE' });
  // tsx (esbuild, keepNames) wraps named inner functions of the callbacks we hand to the page in
  // `__name(…)`; the page has no such helper, so it gets a do-nothing one.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context;
}

/** Waits until the service worker is installed (precache complete) and controls the page. */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(async () => Boolean((await navigator.serviceWorker.ready).active), undefined, { timeout: 60_000 });
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    // The first visit is not controlled until the next navigation (no clientsClaim).
    await page.reload();
  }
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), undefined, { timeout: 30_000 });
}
