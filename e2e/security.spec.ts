/**
 * The app runs under the server's Content-Security-Policy (src/server/http/browser-guards.ts)
 * with nothing refused: every violation the browser reports (the `securitypolicyviolation`
 * event, and the console's "Refused to …" errors) fails the test, through the consent → form
 * flow and the coordinator pages, whose state changes pass the server's forgery guard.
 */
import crypto from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from './support/test';
import { consentStage, noticeFile, startInterview, texts } from './pages/consent';
import { profilingbogen } from './pages/profilingbogen';
import { createCoordinatorWithCli, coordinatorBar, devicesPage, loginPage, recordsPage, texts as coordinatorTexts } from './pages/coordinator';

const de = noticeFile('de');

// Whole flows on a two-core machine that others share: the default minute is not enough.
test.describe.configure({ timeout: 240_000 });
const coordinator = { name: `Sicherheit ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };

interface PolicyWatch {
  /** Every violation reported so far, by any page of the context. */
  violations(): Promise<string[]>;
}

/** Collects CSP violations from every page of the context, from its first script on. */
async function watchPolicy(context: BrowserContext, page: Page): Promise<PolicyWatch> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const consoleErrors: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  return {
    async violations() {
      const inPage = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
      return [...inPage, ...consoleErrors];
    },
  };
}

test('the interview, from consent to the form and the receipt, runs under the CSP with no violation', async ({ page, context }) => {
  const policy = await watchPolicy(context, page);
  const shellResponse = await page.goto('/');
  expect(shellResponse?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(shellResponse?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(de.languageName).click();
  await consent.chooseMode(texts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(de.ui.acceptAll!).click();
  await consent.continueToConfirmation().click();
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  await expect(consent.stage).toHaveCount(0);

  const form = profilingbogen(page);
  await expect(form.stage).toBeVisible();
  await form.next();
  await form.goToSummary();
  await page.goto(`/interviews/${recordId}/receipt`);
  await expect(page.getByRole('button', { name: texts.receipt.print })).toBeVisible();

  expect(await policy.violations()).toEqual([]);
});

test('the coordinator pages run under the CSP with no violation, and their state changes pass the forgery guard', async ({ page, context }) => {
  createCoordinatorWithCli(coordinator.name, coordinator.password);
  const policy = await watchPolicy(context, page);
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  const devices = devicesPage(page);
  await expect(devices.heading).toBeVisible();

  // The QR code is a data: image: allowed by img-src, and it must decode.
  const deviceName = `Tablet CSP ${crypto.randomUUID().slice(0, 6)}`;
  const code = await devices.createEnrolment({ deviceName, expiry: coordinatorTexts.enrolment.expiryChoice.oneHour });
  const qr = devices.qrCode(code);
  await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  const enrolled = await page.request.post('/api/v1/enrol', { data: { code, deviceName: 'Tablet' } });
  expect(enrolled.status()).toBe(201);

  // Revoking is a body-less POST: the app marks it as JSON, as the server demands.
  await devices.refresh.click();
  await devices.revokeButton(deviceName).click();
  await devices.revokeDialog.confirm.click();
  await expect(devices.deviceState(deviceName)).toContainText(coordinatorTexts.devices.revoked);

  await page.goto('/coordinator/records');
  await expect(recordsPage(page).heading).toBeVisible();
  await page.goto('/coordinator/content');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Signing out is body-less too; afterwards the session is gone.
  await coordinatorBar(page).logout.click();
  await expect(login.heading).toBeVisible();
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);

  expect(await policy.violations()).toEqual([]);
});

test('a page of another origin cannot frame the app', async ({ page }) => {
  // A page on another origin (a data: URL is opaque) embeds the app.
  await page.goto(`data:text/html,<iframe src="${new URL('/', test.info().project.use.baseURL).href}"></iframe>`);
  const frame = () => page.frames().find((candidate) => candidate !== page.mainFrame());
  // Refused by frame-ancestors / X-Frame-Options, the frame shows Chromium's error page instead of the app.
  await expect.poll(() => frame()?.url()).toBe('chrome-error://chromewebdata/');
});
