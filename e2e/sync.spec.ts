import { expect, test, type Page } from './support/test';
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import formTexts from '../locales/de/formParts.json' with { type: 'json' };
import { shell } from './pages/shell';
import { consentStage, noticeFile, startInterview, storedInterview } from './pages/consent';
import { codeLabel, choiceLabel, profilingbogen } from './pages/profilingbogen';
import { coordinatorApi as signedInCoordinator, createCoordinatorWithCli } from './pages/coordinator';

const de = noticeFile('de');
const COORDINATOR = { name: 'Kora Koordinatorin', password: 'sehr-geheimes-passwort' };

async function consentInGerman(page: Page, outcome: 'consent' | 'refusal'): Promise<string> {
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(de.languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(outcome === 'consent' ? de.ui.acceptAll! : de.ui.refuseAll!).click();
  await consent.continueToConfirmation().click();
  if (outcome === 'consent') await consent.sign();
  await consent.confirmAsInterviewer(outcome);
  await consent.saveButton(outcome).click();
  return recordId;
}

/** What the Profilingbogen requires, the short way. */
async function fillRequiredAndComplete(page: Page) {
  const form = profilingbogen(page);
  await expect(form.stage).toBeVisible();
  await form.text('site', 'GU Vechelde');
  await form.search('interviewLanguage', 'Arab', /^Arabisch/);
  await form.choose('interpreter', codeLabel('interpreterKinds', 'none'));
  await form.next();
  await form.text('surname', 'Haddad');
  await form.text('givenNames', 'Yusuf');
  await form.date('birthDate', { year: '1990', monthUnknown: true });
  await form.choose('sex', choiceLabel('sex', 'male'));
  await form.choose('nationalityStatus', choiceLabel('nationalityStatus', 'known'));
  await form.search('nationality', 'Syr', 'Syrien');
  await form.search('motherTongues', 'Arab', /^Arabisch/);
  await form.choose('municipality', codeLabel('municipalities', 'vechelde'));
  await form.goToSection('residence');
  await form.search('residenceStatus', 'Aufenthaltsgest', codeLabel('residenceStatuses', 'aufenthaltsgestattung'));
  await form.choose('employmentPermission', codeLabel('employmentPermissions', 'withApproval'));
  await form.next();
  await form.text('schoolYears', '10');
  await form.choose('iscedLevel', codeLabel('isced', '2'));
  await form.choose('literateOwnScript', codeLabel('yesNo', 'yes'));
  await form.choose('literateLatin', codeLabel('yesNo', 'yes'));
  await form.next();
  await form.search('languageSkills[0].skillLanguage', 'Arab', /^Arabisch/);
  const skills = ['listening', 'reading', 'spokenInteraction', 'spokenProduction', 'writing'];
  await form.cefr('languageSkills[0].skillLevels', Object.fromEntries(skills.map((code) => [codeLabel('cefrSkills', code), 'C2'])));
  await form.goToSection('goals');
  await form.tick('goals', choiceLabel('goals', 'job'));
  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-complete')).toBeVisible();
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.stage).toHaveCount(0);
}

test('enrol, capture two interviews offline, sync once online: both on the server exactly once; a revoked device stops and keeps everything', async ({ page, context, request }) => {
  test.setTimeout(180_000);
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password);
  const coordinatorApi = await signedInCoordinator(request, COORDINATOR);
  const app = shell(page);

  // First visit online; the device is enrolled with a code from coordination.
  await app.open('/');
  await app.waitForServiceWorkerControl();
  await app.navLink('Synchronisation').click();
  await expect(page.getByTestId('not-enrolled')).toBeVisible();
  await page.getByRole('link', { name: 'Gerät anmelden' }).click();
  await page.getByLabel(syncTexts.enrol.code).fill(await coordinatorApi.enrolmentCode());
  await page.getByLabel(syncTexts.enrol.deviceName).fill('Tablet Süd');
  await page.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(page.getByTestId('enrol-success')).toHaveText(syncTexts.enrol.success.replace('{{name}}', 'Tablet Süd'));
  await expect(page.getByTestId('enrol-persistence')).toBeVisible();
  const deviceId = await page.evaluate(async () => {
    const request = indexedDB.open('lotse');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const row = await new Promise<{ value: string } | undefined>((resolve) => {
      const get = db.transaction('meta').objectStore('meta').get('deviceId');
      get.onsuccess = () => resolve(get.result as { value: string } | undefined);
    });
    db.close();
    return row?.value;
  });
  expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);

  // Offline: one interview with consent and the Profilingbogen, one refusal.
  await context.setOffline(true);
  await app.navLink('Interviews').click();
  const completed = await consentInGerman(page, 'consent');
  await fillRequiredAndComplete(page);
  await app.navLink('Interviews').click();
  const refused = await consentInGerman(page, 'refusal');
  await expect(page.getByRole('heading', { level: 1, name: consentTexts.done.refusalTitle })).toBeVisible();
  await app.navLink('Synchronisation').click();
  await expect(page.getByTestId('pending-count')).toHaveText('2');

  // Watch the progress bar from here on, so a fast run is still seen.
  await page.evaluate(() => {
    const seen: { value: number; max: number }[] = [];
    (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="sync-progress"]');
      if (bar) seen.push({ value: bar.value, max: bar.max });
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });

  // Online again; "Sync now" (the online event may already have started the same run).
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0');
  await expect(page.getByTestId('sync-outcome')).toContainText('Synchronisation abgeschlossen');
  await expect(page.getByTestId('last-success')).not.toHaveText('noch nie');
  const progress = await page.evaluate(() => (window as unknown as { progressSeen: { value: number; max: number }[] }).progressSeen);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.some((p) => p.value === 2 && p.max === 2)).toBe(true);

  // Other specs share this server: this tablet's records, each exactly once.
  const received = (await coordinatorApi.received(deviceId)).records;
  expect(received.map((r) => r.recordId).sort()).toEqual([completed, refused].sort());
  expect(received.every((r) => r.revisionCount === 1 && r.deviceId === deviceId)).toBe(true);
  expect((await storedInterview(page, completed)).record).toMatchObject({ status: 'synced' });
  expect((await storedInterview(page, refused)).record).toMatchObject({ status: 'synced' });

  // Syncing again sends nothing twice.
  await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect(page.getByTestId('sync-outcome')).toContainText('0 neu übertragen');
  expect((await coordinatorApi.received(deviceId)).records).toHaveLength(2);

  // The device is revoked; a new interview cannot reach the server, and nothing is lost.
  await coordinatorApi.revoke(deviceId!);
  await app.navLink('Interviews').click();
  const afterRevoke = await consentInGerman(page, 'refusal');
  await app.navLink('Synchronisation').click();
  await page.getByRole('button', { name: 'Jetzt synchronisieren' }).click();
  await expect(page.getByTestId('sync-outcome')).toContainText('Die Koordination hat dieses Gerät gesperrt. Alle Interviews bleiben auf dem Gerät.');
  await expect(page.getByRole('link', { name: syncTexts.reenrol })).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('1');
  await expect(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toHaveCount(0);
  expect((await storedInterview(page, afterRevoke)).outboxEntries).toHaveLength(1);
  await app.navLink('Interviews').click();
  await expect(page.getByTestId('interview-row')).toHaveCount(3);
  expect((await coordinatorApi.received(deviceId)).records).toHaveLength(2);
});
