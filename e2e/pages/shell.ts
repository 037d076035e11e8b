import { expect, type Page } from '@playwright/test';

/** The app frame: navigation, language switch, banners. */
export function shell(page: Page) {
  return {
    nav: page.getByRole('navigation'),
    navLink: (name: string | RegExp) => page.getByRole('navigation').getByRole('link', { name }),
    languageButton: (name: 'Deutsch' | 'English') => page.getByRole('banner').getByRole('button', { name }),
    heading: page.getByRole('heading', { level: 1 }),
    offlineBanner: page.getByTestId('offline-banner'),
    async open(path = '/') {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    },
    /** Waits until the service worker has installed and controls this page. */
    async waitForServiceWorkerControl() {
      await page.waitForFunction(async () => {
        const registration = await navigator.serviceWorker.ready;
        return Boolean(registration.active);
      });
      if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
        // The first visit is not controlled until the next navigation (no clientsClaim by design).
        await page.reload();
      }
      await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    },
  };
}
