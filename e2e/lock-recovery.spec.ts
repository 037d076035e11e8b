/**
 * Issue #12 item 4: the app locks itself after the policy's inactivity (controlled clock), and a
 * forgotten passphrase is recovered with the admin's one-time code — made by the CLI from the
 * tablet's request and the offline recovery key — after which the tablet asks for a new one.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import shellTexts from '../locales/de/translation.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import lockTexts from '../locales/de/lock.json' with { type: 'json' };
import { shell } from './pages/shell';
import { coordinatorApi as signedInCoordinator, createCoordinatorWithCli } from './pages/coordinator';
import { enrolWithPassphrase } from './pages/tablet';

const COORDINATOR = { name: 'Rita Recovery', password: 'sehr-geheimes-passwort' };
const PASSPHRASE = 'Mond Leiter Apfel Brücke';
const NEW_PASSPHRASE = 'Sonne Fluss Tasse Wagen';

function cli(args: string[], input = ''): string {
  return execFileSync('npm', ['run', '--silent', 'lotse', '--', ...args], {
    input,
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  }).toString();
}

test('locks after a minute in the background and after 5 minutes without a touch; a forgotten passphrase: request, the CLI code (a typo named), a new passphrase, the old one refused', async ({ page, request }) => {
  test.setTimeout(150_000);
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password);
  const created = cli(['recovery-key', 'create', '--replace']);
  const privateKey = /^\s{4}([0-9A-Z]{5}(?:-[0-9A-Z]{1,5})+)\s*$/m.exec(created)?.[1];
  expect(privateKey).toBeTruthy();

  await page.clock.install();
  await enrolWithPassphrase(page, await signedInCoordinator(request, COORDINATOR), 'Tablet Rück', PASSPHRASE);
  const app = shell(page);
  // The sync brings the recovery key; the tablet wraps its key for it.
  await app.navLink('Synchronisation').click();
  await page.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect(page.getByTestId('sync-outcome')).toBeVisible({ timeout: 30_000 });
  await app.navLink('Interviews').click();

  // In the background (another app, screen off): 30 s is fine, longer than the policy's minute locks.
  const setHidden = (hidden: boolean) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.clock.fastForward('00:30');
  await setHidden(false);
  await expect(page.getByTestId('lock-button')).toBeVisible();
  await setHidden(true);
  await page.clock.fastForward('01:10');
  await setHidden(false);
  await expect(page.getByTestId('unlock-screen')).toBeVisible();
  await page.getByLabel(shellTexts.lock.unlock.secret).fill(PASSPHRASE);
  await page.getByRole('button', { name: shellTexts.lock.unlock.submit }).click();
  await expect(page.getByTestId('unlock-screen')).toHaveCount(0, { timeout: 30_000 });

  // 4:50 without a touch: still open; a touch restarts the time; 5 minutes after it: locked.
  await page.clock.fastForward('04:50');
  await expect(page.getByTestId('lock-button')).toBeVisible();
  await page.getByRole('heading', { level: 1 }).click();
  await page.clock.fastForward('04:50');
  await expect(page.getByTestId('unlock-screen')).toHaveCount(0);
  await page.clock.fastForward('00:20');
  await expect(page.getByTestId('unlock-screen')).toBeVisible();
  await expect(page.getByTestId('lock-button')).toHaveCount(0);

  // Forgotten: the request goes to the admin, the CLI answers with a one-time code.
  await page.getByText(shellTexts.lock.unlock.forgot).click();
  const requestText = await page.getByTestId('recovery-request').inputValue();
  expect(requestText).toMatch(/^LOTSE-RECOVERY-1:/);
  await expect(page.getByTestId('recovery-qr')).toBeVisible();
  const answer = cli(['recovery-key', 'unlock', requestText], `${privateKey}\n`);
  const code = /^\s{4}([0-9A-Z]{5}(?:-[0-9A-Z]{5}){10})\s*$/m.exec(answer)?.[1];
  expect(code).toBeTruthy();

  // A typo is named as such; the code itself unlocks and the tablet asks for a new passphrase.
  const typo = `${code!.slice(0, 2)}${code![2] === 'A' ? 'B' : 'A'}${code!.slice(3)}`;
  const codeField = page.getByLabel(lockTexts.recovery.code);
  await codeField.fill(typo);
  await page.getByRole('button', { name: lockTexts.recovery.submit }).click();
  await expect(page.getByTestId('recovery-error')).toHaveText(lockTexts.recovery.typo);
  await codeField.fill(code!);
  await page.getByRole('button', { name: lockTexts.recovery.submit }).click();
  await expect(page.getByTestId('set-secret')).toContainText(lockTexts.set.intro_recovery, { timeout: 30_000 });
  await page.getByTestId('set-secret').getByRole('textbox', { name: new RegExp(`^${lockTexts.set.secret}\\b(?! wiederholen)`) }).fill(NEW_PASSPHRASE);
  await page.getByLabel(lockTexts.set.repeat).fill(NEW_PASSPHRASE);
  await page.getByRole('button', { name: lockTexts.set.submit }).click();
  await expect(page.getByTestId('set-secret')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('lock-button')).toBeVisible();

  // The old passphrase no longer opens it; the new one does.
  await page.getByTestId('lock-button').click();
  await page.getByLabel(shellTexts.lock.unlock.secret).fill(PASSPHRASE);
  await page.getByRole('button', { name: shellTexts.lock.unlock.submit }).click();
  await expect(page.getByTestId('unlock-error')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel(shellTexts.lock.unlock.secret).fill(NEW_PASSPHRASE);
  await page.getByRole('button', { name: shellTexts.lock.unlock.submit }).click();
  await expect(page.getByTestId('unlock-screen')).toHaveCount(0, { timeout: 30_000 });
});
