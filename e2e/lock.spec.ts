/**
 * Issue #12 items 3 and 6 in the browser: a completed interview reaches the server while the app
 * is locked (its outbox entry was sealed for the server at completion), exactly once; a tablet
 * marked lost sends what it has not sent, then deletes everything and says so.
 */
import { expect, test, type Page } from '@playwright/test';
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import shellTexts from '../locales/de/translation.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import lockTexts from '../locales/de/lock.json' with { type: 'json' };
import { shell } from './pages/shell';
import { consentStage, noticeFile, startInterview } from './pages/consent';
import { coordinatorApi as signedInCoordinator, createCoordinatorWithCli, devicesPage, loginPage } from './pages/coordinator';
import coordinatorTexts from '../locales/de/coordinator.json' with { type: 'json' };
import AxeBuilder from '@axe-core/playwright';
import { enrolWithPassphrase } from './pages/tablet';

const de = noticeFile('de');
const COORDINATOR = { name: 'Lena Leitung', password: 'sehr-geheimes-passwort' };
const PASSPHRASE = 'Wolke Hafen Birne Geige';

async function refusal(page: Page): Promise<string> {
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(de.languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(de.ui.refuseAll!).click();
  await consent.continueToConfirmation().click();
  await consent.confirmAsInterviewer('refusal');
  await consent.saveButton('refusal').click();
  await expect(page.getByRole('heading', { level: 1, name: consentTexts.done.refusalTitle })).toBeVisible();
  return recordId;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Names of the object stores of the app's database with at least one row (an empty list once deleted). */
function filledStores(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((info) => info.name);
    if (!names.includes('lotse')) return [];
    const request = indexedDB.open('lotse');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const filled: string[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      const count = await new Promise<number>((resolve) => {
        const counting = db.transaction(name).objectStore(name).count();
        counting.onsuccess = () => resolve(counting.result);
      });
      if (count > 0) filled.push(name);
    }
    db.close();
    return filled;
  });
}

test('sync while locked, exactly once; marked lost: the last interview is sent, then everything on the tablet is deleted', async ({ page, context, request, browser }) => {
  test.setTimeout(150_000);
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password);
  const api = await signedInCoordinator(request, COORDINATOR);
  const app = shell(page);

  await enrolWithPassphrase(page, api, 'Tablet Ost', PASSPHRASE);

  // The first sync brings the server's sealing key.
  await app.navLink('Synchronisation').click();
  await page.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect(page.getByTestId('sync-outcome')).toContainText(/Synchronisierung abgeschlossen|abgeschlossen/);
  const deviceId = (await (await request.get('/api/v1/devices')).json()).devices.find((d: { name: string }) => d.name === 'Tablet Ost').id as string;

  // Offline: a refusal is completed (the minimal record goes to the outbox), then the tablet is locked.
  await context.setOffline(true);
  await app.navLink('Interviews').click();
  const first = await refusal(page);
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-screen')).toBeVisible();

  // Back online, still locked: the scheduler pushes the entry sealed for the server.
  await context.setOffline(false);
  await expect.poll(async () => (await api.received(deviceId)).records.map((record) => `${record.recordId}:${record.revisionCount}`), { timeout: 30_000 }).toEqual([`${first}:1`]);
  await expect(page.getByTestId('unlock-screen')).toBeVisible();

  // Unlock, capture one more offline, mark the tablet lost meanwhile.
  await page.getByLabel(shellTexts.lock.unlock.secret).fill(PASSPHRASE);
  await page.getByRole('button', { name: shellTexts.lock.unlock.submit }).click();
  await expect(page.getByTestId('unlock-screen')).toHaveCount(0, { timeout: 30_000 });
  await context.setOffline(true);
  await app.navLink('Interviews').click();
  const second = await refusal(page);
  // The admin marks it lost on the devices page (another browser), and sets the lock policy there.
  const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const admin = await adminContext.newPage();
  const login = loginPage(admin);
  await login.open();
  await login.signIn(COORDINATOR);
  const devices = devicesPage(admin);
  await expect(devices.heading).toBeVisible();
  await devices.deviceRow('Tablet Ost').getByRole('button', { name: `${coordinatorTexts.devices.wipe} Tablet Ost` }).click();
  await expect(admin.getByRole('alertdialog')).toContainText(coordinatorTexts.devices.wipeDialog.body);
  expect(await seriousViolations(admin)).toEqual([]);
  await admin.getByRole('alertdialog').getByRole('button', { name: coordinatorTexts.devices.wipeDialog.confirm }).click();
  await expect(devices.announcement).toHaveText(coordinatorTexts.devices.wipedAnnouncement.replace('{{name}}', 'Tablet Ost'));
  await expect(devices.deviceState('Tablet Ost')).toContainText(coordinatorTexts.devices.wipeRequested);
  const policy = admin.getByTestId('device-policy-form');
  await policy.getByLabel(coordinatorTexts.devicePolicy.inactivity).fill('3');
  await policy.getByLabel(coordinatorTexts.devicePolicy.hidden).fill('0');
  await policy.getByRole('button', { name: coordinatorTexts.devicePolicy.save }).click();
  await expect(admin.getByTestId('device-policy-message')).toHaveText(coordinatorTexts.devicePolicy.saved.replace('{{inactivity}}', '3').replace('{{hidden}}', '0'));
  expect(await seriousViolations(admin)).toEqual([]);

  await context.setOffline(false);
  await expect(page.getByTestId('wiped-screen')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('wiped-screen')).toContainText(lockTexts.wiped.remote);
  expect(await filledStores(page)).toEqual([]);
  const received = (await api.received(deviceId)).records.map((record) => `${record.recordId}:${record.revisionCount}`).sort();
  expect(received).toEqual([`${first}:1`, `${second}:1`].sort());
  const device = (await (await request.get('/api/v1/devices')).json()).devices.find((d: { id: string }) => d.id === deviceId);
  expect(device).toMatchObject({ revoked: true, wipedAt: expect.any(String) });
  await devices.refresh.click();
  await expect(devices.deviceState('Tablet Ost')).toContainText(coordinatorTexts.devices.wiped);
  await adminContext.close();

  // A reload shows the notice once more until it is read; then the tablet is a fresh one.
  await page.reload();
  await expect(page.getByTestId('wiped-screen')).toBeVisible();
  await page.getByRole('button', { name: lockTexts.wiped.ok }).click();
  await expect(page.getByTestId('wiped-screen')).toHaveCount(0);
});
