import crypto from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from './support/test';
import AxeBuilder from '@axe-core/playwright';
import {
  coordinatorBar,
  createCoordinatorWithCli,
  devicesPage,
  loginPage,
  recordsPage,
  setupPage,
  startFreshServer,
  texts,
} from './pages/coordinator';

// One coordinator for this file, made with the admin CLI on the server's database.
const coordinator = { name: `Koordination ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };

test.beforeAll(() => {
  createCoordinatorWithCli(coordinator.name, coordinator.password);
});

async function signedIn(page: Page, path = '/coordinator/devices'): Promise<void> {
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();
  if (path !== '/coordinator/devices') await page.goto(path);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function expectBigTouchTargetsAndNoOverflow(page: Page): Promise<void> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')]
      .filter((element) => element.getClientRects().length > 0 && !element.classList.contains('skip-link'))
      .map((element) => ({ name: element.textContent?.trim() || element.getAttribute('aria-label') || element.tagName, rect: element.getBoundingClientRect() }))
      .filter(({ rect }) => rect.height < 44 || rect.width < 44)
      .map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
  );
  expect(small).toEqual([]);
  const overflowing = await page.evaluate(() =>
    document.documentElement.scrollWidth > window.innerWidth + 1
      ? [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(element.getBoundingClientRect().right)}px`)
          .slice(0, 5)
      : [],
  );
  expect(overflowing).toEqual([]);
  if (page.viewportSize()!.width >= 1024) {
    // On a landscape tablet every table fits: nothing to scroll sideways.
    const scrolling = await page.getByRole('region').evaluateAll((regions) =>
      regions.filter((region) => region.scrollWidth > region.clientWidth + 1).map((region) => region.getAttribute('aria-labelledby')),
    );
    expect(scrolling).toEqual([]);
  }
}

/** A tablet redeeming a code, as src/data does it. */
async function enrolTablet(page: Page, code: string, deviceName: string): Promise<{ deviceId: string; deviceToken: string; deviceName: string }> {
  const response = await page.request.post('/api/v1/enrol', { data: { code, deviceName } });
  expect(response.status()).toBe(201);
  return response.json();
}

test('a coordinator page without a session leads to the login, which refuses a wrong password and returns afterwards', async ({ page }) => {
  await page.goto('/coordinator/records');
  const login = loginPage(page);
  await expect(login.heading).toBeVisible();
  await expect(page).toHaveURL(/\/coordinator\/login\?next=%2Fcoordinator%2Frecords$/);

  await login.signIn({ name: coordinator.name, password: 'das ist nicht das Passwort' });
  await expect(login.error).toHaveText(texts.login.wrongCredentials);
  await expect(login.password).toBeFocused();
  await expect(login.password).toHaveValue('');

  await login.signIn(coordinator);
  await expect(page.getByRole('heading', { level: 1, name: texts.records.title })).toBeVisible();
  await expect(page).toHaveURL(/\/coordinator\/records$/);
  const bar = coordinatorBar(page);
  await expect(bar.signedInAs).toContainText(coordinator.name);
  await expect(bar.recordsLink).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Koordination' })).toHaveAttribute('aria-current', 'page');

  await bar.devicesLink.click();
  await expect(devicesPage(page).heading).toBeFocused();

  await bar.logout.click();
  await expect(login.heading).toBeVisible();
  await expect(login.signedOut).toHaveText(texts.login.signedOut);
  // The session is gone on the server, not only in this tab.
  await page.goto('/coordinator/devices');
  await expect(login.heading).toBeVisible();
});

test('a rate-limited sign-in says in how many minutes to try again', async ({ page }) => {
  // Five real failures would lock this address for every other test; the server's 429 is stood in for.
  await page.route('**/api/v1/auth/login', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'retry-after': '540' },
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'too_many_attempts', message: 'Too many failed attempts. Try again in 9 min.' } }),
    }),
  );
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(login.error).toHaveText(texts.login.rateLimited_other.replace('{{count}}', '9'));
});

test('a code and QR code enrol a tablet, which shows in the list and stops syncing once revoked', async ({ page }) => {
  await signedIn(page);
  const devices = devicesPage(page);
  const deviceName = `Tablet Nord ${crypto.randomUUID().slice(0, 6)}`;

  const code = await devices.createEnrolment({ deviceName, expiry: texts.enrolment.expiryChoice.oneHour });
  await expect(devices.newEnrolment.getByRole('heading', { level: 2 })).toBeFocused();
  const qr = devices.qrCode(code);
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;/);
  // The SVG decoded as an image (never injected as markup).
  await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  await expect(devices.enrolUrl).toHaveText(new RegExp(`/enrol#${code}$`));
  await expect(devices.openEnrolments.getByRole('row').filter({ hasText: code })).toContainText(deviceName);

  // The tablet redeems the code; the name the coordinator chose wins.
  const tablet = await enrolTablet(page, code, 'Samsung Galaxy Tab');
  expect(tablet.deviceName).toBe(deviceName);
  const pullWithToken = () => page.request.get('/api/v1/sync/pull', { headers: { authorization: `Bearer ${tablet.deviceToken}` } });
  expect((await pullWithToken()).status()).toBe(200);

  await devices.refresh.click();
  await expect(devices.deviceRow(deviceName)).toBeVisible();
  await expect(devices.deviceState(deviceName)).toHaveText(texts.devices.active);
  await expect(devices.openEnrolments.getByRole('row').filter({ hasText: code })).toHaveCount(0);

  // Escape cancels: nothing happens.
  await devices.revokeButton(deviceName).click();
  await expect(devices.revokeDialog.dialog).toBeVisible();
  await expect(devices.revokeDialog.dialog).toContainText(deviceName);
  await expect(devices.revokeDialog.cancel).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(devices.revokeDialog.dialog).toBeHidden();
  await expect(devices.revokeButton(deviceName)).toBeFocused();
  await expect(devices.deviceState(deviceName)).toHaveText(texts.devices.active);

  await devices.revokeButton(deviceName).click();
  await devices.revokeDialog.confirm.click();
  await expect(devices.revokeDialog.dialog).toBeHidden();
  await expect(devices.deviceState(deviceName)).toContainText(texts.devices.revoked);
  await expect(devices.revokeButton(deviceName)).toHaveCount(0);
  await expect(devices.announcement).toContainText(deviceName);
  expect((await pullWithToken()).status()).toBe(403);
});

test('received records are shown honestly: empty at first, then a rejected entry with its code and message but no record', async ({ page }) => {
  await signedIn(page);
  const deviceName = `Tablet Süd ${crypto.randomUUID().slice(0, 6)}`;
  const enrolment = await page.request.post('/api/v1/enrolments', { data: { deviceName } });
  expect(enrolment.status()).toBe(201);
  const tablet = await enrolTablet(page, (await enrolment.json()).code, deviceName);

  const devices = devicesPage(page);
  await devices.refresh.click();
  await devices.recordsLink(deviceName).click();
  const records = recordsPage(page);
  await expect(records.heading).toHaveText(texts.records.titleForDevice.replace('<name>{{name}}</name>', deviceName));
  await expect(records.heading).toBeFocused();
  await expect(records.empty).toContainText(texts.records.emptyForDevice);
  await expect(records.noIssues).toHaveText(texts.records.noIssues);
  await expect(records.summary).toHaveText(texts.records.summary.replace('{{records, number}}', '0').replace('{{issues, number}}', '0'));

  // The tablet pushes an entry whose payload does not match its hash: the server rejects it.
  const recordId = crypto.randomUUID();
  const push = await page.request.post('/api/v1/sync/push', {
    headers: { authorization: `Bearer ${tablet.deviceToken}` },
    data: {
      protocolVersion: 1,
      deviceId: tablet.deviceId,
      batchId: crypto.randomUUID(),
      pendingCount: 0,
      entries: [
        {
          seq: 1,
          recordId,
          rev: 1,
          baseRev: 0,
          formRef: null,
          noticeRef: { id: 'notice', version: 1, lang: 'de', sha256: '0'.repeat(64) },
          payload: { recordId },
          payloadSha256: 'f'.repeat(64),
        },
      ],
    },
  });
  expect((await push.json()).results).toEqual([expect.objectContaining({ seq: 1, status: 'rejected', code: 'hash_mismatch' })]);

  await records.refresh.click();
  await expect(records.summary).toHaveText(texts.records.summary.replace('{{records, number}}', '0').replace('{{issues, number}}', '1'));
  const issue = records.issueRow(recordId);
  await expect(issue).toContainText(texts.outcome.rejected);
  await expect(issue).toContainText(texts.rejection.hash_mismatch);
  await expect(issue).toContainText('hash_mismatch');
  await expect(issue).toContainText('payloadSha256');
  // A rejected first revision never became a record.
  await expect(records.empty).toBeVisible();
  await expectNoSeriousViolations(page);

  await records.recordLink(recordId).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.detail.title.replace('{{id}}', recordId.slice(0, 8)) })).toBeFocused();
  await expect(page.getByTestId('record-not-stored')).toHaveText(texts.detail.notStored);
  await expect(page.getByTestId('outcomes-table').getByRole('row').filter({ hasText: texts.outcome.rejected })).toContainText('hash_mismatch');
  await expectNoSeriousViolations(page);
  await page.getByRole('link', { name: texts.detail.back }).click();
  await expect(records.heading).toHaveText(texts.records.titleForDevice.replace('<name>{{name}}</name>', deviceName));

  await records.showAll.click();
  await expect(records.heading).toHaveText(texts.records.title);

  await page.goto(`/coordinator/records?record=${crypto.randomUUID()}`);
  await expect(page.getByTestId('record-unknown')).toHaveText(texts.detail.unknown);
});

test('a long list is paged by the server: "1–50 of 60", next and previous', async ({ page }) => {
  await signedIn(page);
  const deviceName = `Tablet Ost ${crypto.randomUUID().slice(0, 6)}`;
  const enrolment = await page.request.post('/api/v1/enrolments', { data: { deviceName } });
  const tablet = await enrolTablet(page, (await enrolment.json()).code, deviceName);
  // 60 entries whose hashes do not match: 60 rejections, more than one page of issues.
  const entries = Array.from({ length: 60 }, (_, i) => {
    const recordId = crypto.randomUUID();
    return { seq: i + 1, recordId, rev: 1, baseRev: 0, formRef: null, noticeRef: { id: 'notice', version: 1, lang: 'de', sha256: '0'.repeat(64) }, payload: { recordId }, payloadSha256: 'f'.repeat(64) };
  });
  const push = await page.request.post('/api/v1/sync/push', {
    headers: { authorization: `Bearer ${tablet.deviceToken}` },
    data: { protocolVersion: 1, deviceId: tablet.deviceId, batchId: crypto.randomUUID(), pendingCount: 0, entries },
  });
  expect((await push.json()).results).toHaveLength(60);

  await page.goto(`/coordinator/records?device=${tablet.deviceId}`);
  const pager = page.getByRole('navigation', { name: texts.records.pager.label.replace('{{list}}', texts.records.issuesTitle) });
  const range = (from: number, to: number, total: number) =>
    texts.records.pager.range.replace('{{from, number}}', String(from)).replace('{{to, number}}', String(to)).replace('{{total, number}}', String(total));
  await expect(pager.getByRole('status')).toHaveText(range(1, 50, 60));
  await expect(page.getByTestId('issues-table').getByRole('row')).toHaveCount(51);
  await expect(pager.getByRole('button', { name: texts.records.pager.previous })).toBeDisabled();
  await pager.getByRole('button', { name: texts.records.pager.next }).click();
  await expect(pager.getByRole('status')).toHaveText(range(51, 60, 60));
  await expect(page.getByTestId('issues-table').getByRole('row')).toHaveCount(11);
  await expect(pager.getByRole('button', { name: texts.records.pager.next })).toBeDisabled();
  await pager.getByRole('button', { name: texts.records.pager.previous }).click();
  await expect(pager.getByRole('status')).toHaveText(range(1, 50, 60));
  await expectNoSeriousViolations(page);
});

test('the coordinator pages have no serious accessibility violations, on a tablet and on a phone', async ({ page }) => {
  for (const viewport of [{ width: 1024, height: 768 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.context().clearCookies();
    const login = loginPage(page);
    await login.open();
    await expectNoSeriousViolations(page);
    await expectBigTouchTargetsAndNoOverflow(page);

    await login.signIn(coordinator);
    const devices = devicesPage(page);
    await expect(devices.heading).toBeVisible();
    const deviceName = `Tablet Ost ${crypto.randomUUID().slice(0, 6)}`;
    const code = await devices.createEnrolment({ deviceName: `${deviceName} (offen)` });
    const redeemed = await page.request.post('/api/v1/enrolments', { data: { deviceName } });
    await enrolTablet(page, (await redeemed.json()).code, deviceName);
    await devices.refresh.click();
    await expect(devices.deviceRow(deviceName)).toBeVisible();
    await expect(devices.openEnrolments.getByRole('row').filter({ hasText: code })).toBeVisible();
    await expectNoSeriousViolations(page);
    await expectBigTouchTargetsAndNoOverflow(page);

    await devices.revokeButton(deviceName).click();
    await expect(devices.revokeDialog.dialog).toBeVisible();
    await expectNoSeriousViolations(page);
    await devices.revokeDialog.cancel.click();

    await coordinatorBar(page).recordsLink.click();
    await expect(page.getByRole('heading', { level: 1, name: texts.records.title })).toBeVisible();
    await expect(recordsPage(page).summary).toBeVisible();
    await expectNoSeriousViolations(page);
    await expectBigTouchTargetsAndNoOverflow(page);
  }
});

test('offline, the coordinator pages say plainly that they need a connection', async ({ page, context }) => {
  await signedIn(page);
  await context.setOffline(true);
  await expect(page.getByRole('heading', { level: 1, name: texts.offline.title })).toBeVisible();
  await expect(page.getByText(texts.offline.interviewsKeepWorking)).toBeVisible();
  await context.setOffline(false);
  await expect(devicesPage(page).heading).toBeVisible();
});

test('once a coordinator exists, the set-up page says so and leads to the login', async ({ page }) => {
  await page.goto('/setup#no-longer-valid');
  const setup = setupPage(page);
  await expect(setup.heading).toBeVisible();
  await expect(setup.done).toHaveText(new RegExp(texts.setup.done));
  await setup.toLogin.click();
  await expect(loginPage(page).heading).toBeVisible();
});

test.describe('first set-up on a fresh server', () => {
  test('the printed link creates the first coordinator, who lands signed in on the devices page', async ({ page }) => {
    const server = await startFreshServer();
    try {
      await page.goto(server.setupUrl);
      const setup = setupPage(page);
      await expect(setup.heading).toBeVisible();
      await expect(page.getByText(texts.setup.passwordRules.replace('{{min}}', '10'))).toBeVisible();

      await setup.name.fill('Anna Beispiel');
      await setup.password.fill('zu kurz');
      await setup.repeat.fill('zu kurz');
      await setup.submit.click();
      await expect(setup.password).toBeFocused();
      await expect(page.getByText(texts.setup.passwordTooShort.replace('{{min}}', '10'))).toBeVisible();

      await setup.password.fill('ein langes Passwort');
      await setup.repeat.fill('ein anderes Passwort');
      await setup.submit.click();
      await expect(setup.repeat).toBeFocused();
      await expect(page.getByText(texts.setup.passwordsDiffer)).toBeVisible();

      await setup.repeat.fill('ein langes Passwort');
      await setup.submit.click();
      await expect(devicesPage(page).heading).toBeVisible();
      expect(new URL(page.url()).pathname).toBe('/coordinator/devices');
      await expect(coordinatorBar(page).signedInAs).toContainText('Anna Beispiel');

      // The link was for one use.
      await page.goto(server.setupUrl);
      await expect(setup.done).toBeVisible();
    } finally {
      await server.stop();
    }
  });
});

test('a coordinator publishes a new notice version from a file; invalid files are refused with the reason', async ({ page }) => {
  await signedIn(page, '/coordinator/content');
  await expect(page.getByRole('heading', { level: 1, name: texts.content.title })).toBeVisible();
  const table = page.getByTestId('artifacts-table');
  await expect(table.getByRole('rowheader', { name: 'profilingbogen@1' })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'notice@1' }).first()).toBeVisible();
  const fileInput = page.getByLabel(texts.content.file);
  const publish = page.getByRole('button', { name: texts.content.publish });

  // Not JSON at all, then JSON that is no notice: both refused, nothing published.
  await page.getByRole('radio', { name: texts.content.kind_notice }).check();
  await fileInput.setInputFiles({ name: 'kaputt.json', mimeType: 'application/json', buffer: Buffer.from('{ nicht json') });
  await publish.click();
  await expect(page.getByTestId('publish-message')).toContainText('kein gültiges JSON');
  await fileInput.setInputFiles({ name: 'falsch.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ id: 'notice', version: 2 })) });
  await publish.click();
  await expect(page.getByTestId('publish-message')).toHaveAttribute('role', 'alert');
  await expect(table.getByRole('rowheader', { name: 'aushang@2' })).toHaveCount(0);

  // A corrected German text as version 2, with the SHA-256 of its exact text. (Under an id of its
  // own: the other tests' tablets share this server and must keep seeing notice@1.)
  const german = JSON.parse(fs.readFileSync('content/notices/notice@1/de.json', 'utf8')) as { text: string; version: number; sha256: string };
  const text = `${german.text}\n\nStand: Version 2.`;
  const next = { ...german, id: 'aushang', version: 2, text, sha256: crypto.createHash('sha256').update(text, 'utf8').digest('hex') };
  await fileInput.setInputFiles({ name: 'notice-2-de.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(next)) });
  await publish.click();
  await expect(page.getByTestId('publish-message')).toHaveText(texts.content.published.replace('{{label}}', 'aushang@2 (de)'));
  await expect(table.getByRole('rowheader', { name: 'aushang@2' })).toBeVisible();

  // The same file again changes nothing.
  await publish.click();
  await expect(page.getByTestId('publish-message')).toHaveText(texts.content.unchanged.replace('{{label}}', 'aushang@2 (de)'));
  await expectNoSeriousViolations(page);
});
