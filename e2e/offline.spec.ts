import { expect, test } from './support/test';
import { shell } from './pages/shell';
import lockTexts from '../locales/de/lock.json' with { type: 'json' };

test('after one online visit the app starts, reloads and navigates with the network off', async ({ page, context }) => {
  const app = shell(page);
  await app.open('/');
  await app.waitForServiceWorkerControl();

  await context.setOffline(true);
  await page.reload();
  await expect(app.heading).toHaveText('Interviews');
  await expect(app.offlineBanner).toBeVisible();
  await expect(page.getByTestId('empty-state')).toBeVisible();

  await app.navLink('Synchronisation').click();
  await expect(app.heading).toHaveText('Synchronisation');
  await app.navLink('Einstellungen').click();
  await expect(app.heading).toHaveText('Einstellungen');
  // The wipe section's strings are a namespace of their own (issue #15), loaded with it: offline too.
  const wipeHeading = page.getByRole('heading', { level: 2, name: lockTexts.wipe.title });
  await expect(wipeHeading).toBeVisible();

  // A deep link reloaded offline is answered by the service worker with the app shell.
  await page.reload();
  await expect(app.heading).toHaveText('Einstellungen');
  await expect(wipeHeading).toBeVisible();

  // A new tab, offline, straight onto a screen.
  const second = await context.newPage();
  await second.goto('/sync');
  await expect(second.getByRole('heading', { level: 1 })).toHaveText('Synchronisation');
  await expect(second.getByTestId('pending-count')).toHaveText('0');
  await second.close();
});

test('API routes are never answered by the navigation fallback', async ({ page, context }) => {
  const app = shell(page);
  await app.open('/');
  await app.waitForServiceWorkerControl();

  const online = await page.evaluate(async () => {
    const response = await fetch('/api/v1/health');
    return { status: response.status, type: response.headers.get('content-type') };
  });
  expect(online.status).toBe(200);
  expect(online.type).toContain('application/json');

  await context.setOffline(true);
  const offline = await page.evaluate(async () => {
    try {
      const response = await fetch('/api/v1/health');
      return { failed: false, type: response.headers.get('content-type') };
    } catch {
      return { failed: true, type: null };
    }
  });
  // Offline, an API call fails as a network error; it must never come back as index.html.
  expect(offline).toEqual({ failed: true, type: null });

  // A navigation to an API URL offline is not given the app shell either.
  const response = await page.goto('/api/v1/health').catch(() => null);
  expect(response?.headers()['content-type'] ?? '').not.toContain('text/html');
});

test('the web app manifest makes Lotse installable', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest).toMatchObject({ name: expect.stringContaining('Lotse'), short_name: 'Lotse', display: 'standalone', theme_color: '#1f4e79', start_url: '/' });
  const sizes = manifest.icons.map((icon: { sizes: string; purpose?: string }) => `${icon.sizes}:${icon.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
  for (const icon of manifest.icons as { src: string }[]) {
    const response = await request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
  }
});
