import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/test';
import { shell } from './pages/shell';
import { startServer, type TestServer } from './support/server';

// Two builds of the app: the one under test (dist/) and a "next release" built here.
let servedDir: string;
let nextDir: string;
let server: TestServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  servedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-served-'));
  nextDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-next-'));
  fs.cpSync('dist', servedDir, { recursive: true });
  execFileSync('npx', ['vite', 'build', '--outDir', nextDir, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, LOTSE_BUILD_ID: 'next' },
    stdio: 'pipe',
  });
  server = await startServer({ staticDir: servedDir });
});

test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(servedDir, { recursive: true, force: true });
  fs.rmSync(nextDir, { recursive: true, force: true });
});

test('a new version is announced with an update action, never offered inside an interview, and applied on request', async ({ page }) => {
  const app = shell(page);
  await page.goto(`${server.url}/`);
  await expect(app.heading).toHaveText('Interviews');
  await app.waitForServiceWorkerControl();

  // The next release appears on the server; the app looks for it.
  fs.rmSync(servedDir, { recursive: true, force: true });
  fs.cpSync(nextDir, servedDir, { recursive: true });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

  const banner = page.getByTestId('update-banner');
  await expect(banner).toContainText('Eine neue Version von Lotse ist bereit.');
  await expect(banner.getByRole('button', { name: 'Jetzt aktualisieren' })).toBeVisible();

  // Inside an interview the update is not offered.
  await page.getByRole('link', { name: 'Neues Interview' }).click();
  await page.getByLabel(/Ihr Name/).fill('Ines Interviewerin');
  await page.getByRole('button', { name: 'Interview beginnen' }).click();
  await expect(page).toHaveURL(/\/interviews\/[0-9a-f-]{36}$/);
  await expect(banner).toContainText('sobald das Interview geschlossen ist');
  await expect(banner.getByRole('button', { name: 'Jetzt aktualisieren' })).toHaveCount(0);

  // Back outside, the user applies it: the page reloads into the new version.
  await app.navLink('Einstellungen').click();
  await banner.getByRole('button', { name: 'Jetzt aktualisieren' }).click();
  await expect(page.getByText(/Lotse-Version \d+\.\d+\.\d+\+next/)).toBeVisible();
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
});
