/**
 * Issue #12, encrypted at rest: a tablet is enrolled and refuses weak passphrases, an interview is
 * captured with a distinctive name, a drawn signature and free text — and then no object store of
 * the raw IndexedDB holds any of them in clear, while the tablet itself (and whoever holds the
 * passphrase) reads them all. After a reload the tablet is locked until the passphrase is given.
 *
 * This spec uses Playwright's own `test`: it drives the passphrase screens itself instead of the
 * shared handler in support/test.ts.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import appTexts from '../locales/de/translation.json' with { type: 'json' };
import lockTexts from '../locales/de/lock.json' with { type: 'json' };
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import formTexts from '../locales/de/formParts.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import { consentStage, noticeFile, startInterview } from './pages/consent';
import { choiceLabel, codeLabel, profilingbogen } from './pages/profilingbogen';
import { coordinatorApi as signedInCoordinator, createCoordinatorWithCli } from './pages/coordinator';
import { shell } from './pages/shell';
import { isBytesFromPage, readDeviceStores } from './support/device-store';
import { openedDeviceStores } from './support/opened-store';
import { E2E_PASSPHRASE } from './support/test';

const COORDINATOR = { name: 'Vera Verschlüsselung', password: 'ein langes geheimes passwort 12' };
const de = noticeFile('de');
const lock = appTexts.lock;
const SURNAME = 'Wurzelbacher-Quispe';
const GIVEN = 'Philomena';
const SITE = 'Kesselhausweg Haus 7';
const INTERVIEWER = 'Ines Unverwechselbar';

async function setPassphrase(page: Page, secret: string, repeat = secret) {
  const form = page.getByTestId('set-secret');
  await form.getByLabel(lockTexts.set.secret, { exact: true }).fill(secret);
  await form.getByLabel(lockTexts.set.repeat, { exact: true }).fill(repeat);
  await form.getByRole('button', { name: lockTexts.set.submit }).click();
}

async function unlockWith(page: Page, secret: string) {
  const screen = page.getByTestId('unlock-screen');
  await screen.getByLabel(lock.unlock.secret, { exact: true }).fill(secret);
  await screen.getByRole('button', { name: lock.unlock.submit }).click();
}

/** Every object store of the raw database, as text; bytes as Latin-1 so a clear string inside a blob would show. */
async function everyStoreAsText(page: Page): Promise<{ text: string; stores: string[] }> {
  const stores = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lotse');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const names = [...db.objectStoreNames];
    db.close();
    return names;
  });
  const rows = await readDeviceStores(page, stores as never[]);
  const text = JSON.stringify(rows, (_key, value: unknown) => (isBytesFromPage(value) ? Buffer.from(value.__bytes, 'base64').toString('latin1') : value));
  return { text, stores };
}

test('a captured interview leaves no name, signature or free text in clear in any object store; the tablet unlocks only with its passphrase', async ({ page, request }) => {
  test.setTimeout(150_000);
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password);
  const coordinatorApi = await signedInCoordinator(request, COORDINATOR);
  const app = shell(page);

  // Enrolment: the code, then the passphrase — weak ones are refused in plain words.
  await app.open('/enrol');
  await page.getByLabel(syncTexts.enrol.code).fill(await coordinatorApi.enrolmentCode());
  await page.getByLabel(syncTexts.enrol.deviceName).fill('Tablet Verschlüsselt');
  await page.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(page.getByTestId('enrol-success')).toBeVisible();
  await expect(page.getByTestId('set-secret')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await setPassphrase(page, '123456');
  await expect(page.getByTestId('set-secret-error')).toHaveText(lockTexts.problem.pin_not_allowed.replace('{{min}}', '12'));
  await setPassphrase(page, 'Wolke 7');
  await expect(page.getByTestId('set-secret-error')).toHaveText(lockTexts.problem.passphrase_too_short.replace('{{min}}', '12'));
  await setPassphrase(page, E2E_PASSPHRASE, `${E2E_PASSPHRASE}!`);
  await expect(page.getByTestId('set-secret-error')).toHaveText(lockTexts.problem.mismatch);
  await setPassphrase(page, E2E_PASSPHRASE);
  await expect(page.getByTestId('enrol-persistence')).toBeVisible();

  // An interview: consent with a drawn signature, the Profilingbogen with a distinctive name and free text.
  // (Opening the address loads the page anew: the key is gone from memory, the passphrase is asked.)
  await app.open('/');
  await unlockWith(page, E2E_PASSPHRASE);
  const recordId = await startInterview(page, INTERVIEWER);
  const consent = consentStage(page);
  await consent.languageButton(de.languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(de.ui.acceptAll!).click();
  await consent.continueToConfirmation().click();
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  const form = profilingbogen(page);
  await expect(form.stage).toBeVisible();
  await form.text('site', SITE);
  await form.search('interviewLanguage', 'Arab', /^Arabisch/);
  await form.choose('interpreter', codeLabel('interpreterKinds', 'none'));
  await form.next();
  await form.text('surname', SURNAME);
  await form.text('givenNames', GIVEN);
  await form.date('birthDate', { year: '1990', monthUnknown: true });
  await form.choose('sex', choiceLabel('sex', 'female'));
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
  await form.cefr('languageSkills[0].skillLevels', Object.fromEntries(skills.map((code) => [codeLabel('cefrSkills', code), 'B1'])));
  await form.goToSection('goals');
  await form.tick('goals', choiceLabel('goals', 'job'));
  await form.goToSummary();
  await expect(form.summary.getByTestId('summary-complete')).toBeVisible();
  await form.summary.getByRole('button', { name: formTexts.summary.complete }).click();
  await expect(form.stage).toHaveCount(0);

  // Opened with the passphrase, everything is there: the record, its outbox entry, the list's row, the interviewer.
  const opened = await openedDeviceStores(page);
  const record = opened.records.find((row) => row.recordId === recordId) as { answers: Record<string, unknown>; consent: { evidence: { png: string; strokes: unknown[] } }; status: string };
  expect(record.answers).toMatchObject({ surname: SURNAME, givenNames: GIVEN, site: SITE });
  expect(record.consent.evidence.png).toMatch(/^data:image\/png;base64,/);
  expect(record.consent.evidence.strokes.length).toBeGreaterThan(0);
  expect(opened.outbox).toHaveLength(1);
  expect(opened.outbox[0]).toMatchObject({ recordId, payload: { answers: { surname: SURNAME } } });
  expect(opened.recordIndex.find((row) => row.recordId === recordId)).toMatchObject({ displayName: expect.stringContaining(SURNAME) });
  expect(opened.meta.find((row) => row.key === 'interviewer')?.value).toMatchObject({ name: INTERVIEWER });

  // Read raw, as anyone with the browser's storage could: none of it in clear, in any store.
  const raw = await everyStoreAsText(page);
  expect(raw.stores).toEqual(expect.arrayContaining(['records', 'recordIndex', 'outbox', 'syncIssues', 'meta', 'indexShards']));
  const signaturePng = record.consent.evidence.png;
  for (const value of [SURNAME, SURNAME.toLowerCase(), GIVEN, SITE, INTERVIEWER, 'data:image/png', signaturePng.slice(22, 80), '"strokes"', E2E_PASSPHRASE]) {
    expect(raw.text.includes(value), `"${value}" in clear in IndexedDB`).toBe(false);
  }

  // A reload locks the tablet: nothing of the interview is shown until the passphrase is given.
  await page.reload();
  const unlockScreen = page.getByTestId('unlock-screen');
  await expect(unlockScreen).toBeVisible();
  await expect(page.getByText(SURNAME)).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await unlockWith(page, 'Fenster Tinte Wolke Bahnhöfe');
  await expect(page.getByTestId('unlock-error')).toHaveText(lock.unlock.wrong_other.replace('{{count}}', '9'));
  await unlockWith(page, E2E_PASSPHRASE);
  await expect(unlockScreen).toHaveCount(0);
  // The list (names from the sealed index, opened in memory) and its search by name.
  await app.navLink(appTexts.nav.interviews).click();
  await page.getByLabel(appTexts.home.searchLabel).fill(SURNAME.slice(0, 8).toLowerCase());
  await expect(page.getByText(SURNAME)).toBeVisible();
});
