/**
 * The unlock screen before the app (issue #15): a locked tablet's start draws the unlock screen
 * without React and the interviewer types while the app loads behind it. Held back here — the
 * app's chunk answers only when the test releases it (service workers blocked, so the test's route
 * sees the request) — to show what a slow tablet does in those seconds: nothing typed is lost, a
 * passphrase submitted early is checked once the app is there, a wrong one is refused as always.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import appTexts from '../locales/de/translation.json' with { type: 'json' };
import lockTexts from '../locales/de/lock.json' with { type: 'json' };
import enTexts from '../locales/en/translation.json' with { type: 'json' };
import { E2E_PASSPHRASE } from './support/test';

test.use({ serviceWorkers: 'block' });

const unlockTexts = appTexts.lock.unlock;

/** Holds the app's chunk (start-app) until `release` is called. */
async function holdTheApp(page: Page): Promise<{ release: () => void; asked: Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  await page.route(/\/assets\/start-app-[^/]+\.js$/, async (route: Route) => {
    asked();
    await released;
    await route.continue();
  });
  return { release, asked: wasAsked };
}

/** A tablet with its passphrase set, at home; then reloaded with the app held back. */
async function lockedTabletWithTheAppHeld(page: Page) {
  await page.goto('/');
  const set = page.getByTestId('set-secret');
  await set.getByLabel(lockTexts.set.secret, { exact: true }).fill(E2E_PASSPHRASE);
  await set.getByLabel(lockTexts.set.repeat, { exact: true }).fill(E2E_PASSPHRASE);
  await set.getByRole('button', { name: lockTexts.set.submit }).click();
  await expect(page.getByRole('heading', { level: 1, name: appTexts.home.title })).toBeVisible();
  const app = await holdTheApp(page);
  await page.reload();
  await app.asked;
  const screen = page.getByTestId('unlock-screen');
  await expect(screen.getByRole('heading', { level: 1, name: unlockTexts.title })).toBeVisible();
  // Drawn without the app: React's chunk has not arrived.
  expect(await page.evaluate(() => performance.getEntriesByName('lotse:app').length)).toBe(0);
  return { app, screen, input: screen.getByLabel(unlockTexts.secret, { exact: true }) };
}

test('typed while the app loads: the passphrase, half typed, carries over with the focus; submitted early, it unlocks once the app is there', async ({ page }) => {
  const { app, screen, input } = await lockedTabletWithTheAppHeld(page);
  await expect(input).toBeFocused();
  const half = E2E_PASSPHRASE.slice(0, 11);
  await page.keyboard.type(half);
  app.release();
  // React's own unlock screen took over: same text, same focus, the caret at its end.
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('lotse:app').length)).toBe(1);
  await expect(screen).toHaveCount(1);
  await expect(input).toHaveValue(half);
  await expect(input).toBeFocused();
  await page.keyboard.type(E2E_PASSPHRASE.slice(11));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: appTexts.home.title })).toBeVisible({ timeout: 30_000 });

  // Again, all of it typed and submitted before the app arrives.
  const again = await holdTheApp(page);
  await page.reload();
  await again.asked;
  await input.fill(E2E_PASSPHRASE);
  await screen.getByRole('button', { name: unlockTexts.submit }).click();
  await expect(screen.getByRole('status')).toHaveText(unlockTexts.busy);
  await expect(screen.getByRole('button', { name: unlockTexts.submit })).toBeDisabled();
  again.release();
  await expect(page.getByRole('heading', { level: 1, name: appTexts.home.title })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('unlock-screen')).toHaveCount(0);
});

test('a wrong passphrase submitted before the app arrives is refused by it and counted; the next start draws the screen again and the right one unlocks', async ({ page }) => {
  const { app, screen, input } = await lockedTabletWithTheAppHeld(page);
  await input.fill('Fenster Tinte Wolke Bahnhöfe');
  await input.press('Enter');
  app.release();
  await expect(screen.getByTestId('unlock-error')).toHaveText(unlockTexts.wrong_other.replace('{{count}}', '9'));
  await expect(input).toHaveValue('');

  // One wrong secret counted: the screen looks the same, so the start draws it early again.
  const held = await holdTheApp(page);
  await page.reload();
  await held.asked;
  await expect(screen.getByRole('heading', { level: 1, name: unlockTexts.title })).toBeVisible();
  expect(await page.evaluate(() => performance.getEntriesByName('lotse:app').length)).toBe(0);
  await input.fill(E2E_PASSPHRASE);
  held.release();
  await input.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: appTexts.home.title })).toBeVisible({ timeout: 30_000 });
});

test('a hint that a secret is set, on a tablet without one: the early screen is taken back and the app asks for a secret', async ({ page }) => {
  // The hint outlived its database (data/boot.ts): the start draws the unlock screen before
  // IndexedDB answers, then takes it back when IndexedDB disagrees.
  await page.addInitScript(() => localStorage.setItem('lotse.hasSecret', '1'));
  await page.goto('/');
  await expect(page.getByTestId('set-secret')).toBeVisible();
  await expect(page.getByTestId('unlock-screen')).toHaveCount(0);
  expect(await page.evaluate(() => performance.getEntriesByName('lotse:boot-unlock').length)).toBe(1);
});

test('a German tablet draws the early screen before i18next has arrived; an English one draws it in English once i18next is there', async ({ page }) => {
  const { app } = await lockedTabletWithTheAppHeld(page);
  app.release();
  await expect(page.getByTestId('unlock-screen')).toHaveCount(1);
  // German (the default): i18next's chunk held back, the screen is up all the same.
  let releaseStrings!: () => void;
  const stringsHeld = new Promise<void>((resolve) => (releaseStrings = resolve));
  await page.route(/\/assets\/i18n-[^/]+\.js$/, async (route: Route) => {
    await stringsHeld;
    await route.continue();
  });
  await page.reload();
  const screen = page.getByTestId('unlock-screen');
  await expect(screen.getByRole('heading', { level: 1, name: unlockTexts.title })).toBeVisible();
  await expect(screen.getByLabel(unlockTexts.secret, { exact: true })).toBeFocused();
  expect(await page.evaluate(() => performance.getEntriesByName('lotse:i18n').length)).toBe(0);
  releaseStrings();
  await expect.poll(() => page.evaluate(() => performance.getEntriesByName('lotse:i18n').length)).toBe(1);
  await page.unroute(/\/assets\/i18n-[^/]+\.js$/);

  // English: the same screen, in English.
  await page.evaluate(() => localStorage.setItem('lotse.uiLanguage', 'en'));
  await page.reload();
  await expect(page.getByTestId('unlock-screen').getByRole('heading', { level: 1, name: enTexts.lock.unlock.title })).toBeVisible();
  await expect(page.getByTestId('unlock-screen').getByLabel(enTexts.lock.unlock.secret, { exact: true })).toBeVisible();
});
