/**
 * The specs' `test` (issue #12): every page of a test's browser context sets the tablet's
 * passphrase when the app asks for one (enrolment, or a first start) and unlocks the tablet when
 * the app shows the unlock screen (every reload). Specs about something else go on as before; the
 * lock itself is tested in encryption.spec.ts (which also sees these screens through axe).
 *
 * Playwright checks these handlers before every action and every auto-waiting assertion.
 */
import { test as base, expect, type Page } from '@playwright/test';

export * from '@playwright/test';

/** The passphrase every e2e tablet uses (the policy's rules: ≥ 12 characters, ≥ 6 different). */
export const E2E_PASSPHRASE = 'Fenster Tinte Wolke Bahnhof';

const installed = new WeakMap<Page, Promise<void>>();

/** Sets or gives the passphrase whenever this page asks for it (once per page). */
export function unlockWhenAsked(page: Page): Promise<void> {
  let done = installed.get(page);
  if (!done) {
    done = install(page);
    installed.set(page, done);
  }
  return done;
}

async function install(page: Page): Promise<void> {
  // By the fields' kind, not their labels: the UI may be in English (a language switch survives a reload).
  await page.addLocatorHandler(page.getByTestId('set-secret'), async (form) => {
    await form.locator('input[type=password]').nth(0).fill(E2E_PASSPHRASE);
    await form.locator('input[type=password]').nth(1).fill(E2E_PASSPHRASE);
    await form.locator('button[type=submit]').click();
  });
  await page.addLocatorHandler(page.getByTestId('unlock-screen'), async (screen) => {
    await screen.locator('form input[type=password]').first().fill(E2E_PASSPHRASE);
    await screen.locator('form button[type=submit]').first().click();
  });
}

export const test = base.extend({
  context: async ({ context }, use) => {
    context.on('page', (page) => void unlockWhenAsked(page));
    await use(context);
  },
  page: async ({ page }, use) => {
    await unlockWhenAsked(page);
    await use(page);
  },
});

export { expect };
