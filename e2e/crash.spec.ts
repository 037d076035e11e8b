/**
 * Crash and storage faults in the browser (issue "Proof", item 9): the page is killed while the
 * Profilingbogen autosaves and while a sync run waits for the server; IndexedDB refuses writes as
 * a full tablet does. Every committed change must survive, the user must be told what failed, and
 * nothing else may be lost or half-written.
 *
 * Faults are injected at the browser boundary only: the renderer is killed through the DevTools
 * protocol (`Page.crash`) or its tab closed without unload prompts (`Target.closeTarget`), the
 * push request is held in the network layer (`page.route`), and IndexedDB itself throws the
 * browser's `QuotaExceededError`. None of the app's own code is replaced.
 *
 * Why not `Storage.overrideQuotaForOrigin`: Chromium's IndexedDB caches the space left for about
 * 30 s, so a lowered quota reaches small writes only half a minute later — too slow and too
 * uncertain for a test that must say exactly which write failed.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page, type Route } from './support/test';
import consentTexts from '../locales/de/consent.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import appTexts from '../locales/de/translation.json' with { type: 'json' };
import { shell } from './pages/shell';
import { consentStage, noticeFile, startInterview } from './pages/consent';
import { coordinatorApi, createCoordinatorWithCli, type CoordinatorApi } from './pages/coordinator';
import { consentedInterview, formTexts, profilingbogen, seedInterview, storedState, uiText } from './pages/profilingbogen';
import { startServer, type TestServer } from './support/server';
import { openedDeviceStores } from './support/opened-store';

const german = noticeFile('de');

// ---------------------------------------------------------------------------------------------
// Faults at the browser boundary

/** Kills the page's renderer at once: no pagehide, no unload, no flush — like a tablet whose browser crashed. */
async function crashRenderer(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  // The command never answers: the process that would answer is gone.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await page.close().catch(() => undefined);
}

type FaultyStore = 'records' | 'recordIndex' | 'outbox' | 'meta' | 'syncIssues' | '*';

/**
 * A full device: while `window.storageFault` names an object store (or `*`), IndexedDB throws the
 * browser's own `QuotaExceededError` from put/add/delete/clear on it. Installed before the app's
 * scripts run, so every write the app makes passes through it.
 */
async function installStorageFault(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const refused = new Set<string>();
    const counted = { refusals: 0 };
    Object.assign(window, { storageFault: refused, storageFaultCount: counted });
    for (const method of ['put', 'add', 'delete', 'clear'] as const) {
      const original = IDBObjectStore.prototype[method] as (this: IDBObjectStore, ...args: unknown[]) => IDBRequest;
      Object.defineProperty(IDBObjectStore.prototype, method, {
        configurable: true,
        writable: true,
        value: function (this: IDBObjectStore, ...args: unknown[]) {
          if (refused.has('*') || refused.has(this.name)) {
            counted.refusals += 1;
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          }
          return original.apply(this, args);
        },
      });
    }
  });
}

/** Which stores refuse writes from now on ([] = the device has space again). */
async function refuseWritesTo(page: Page, stores: FaultyStore[]): Promise<void> {
  await page.evaluate((names) => {
    const refused = (window as unknown as { storageFault: Set<string> }).storageFault;
    refused.clear();
    for (const name of names) refused.add(name);
  }, stores);
}

/** How many writes the full device has refused so far. */
async function refusedWrites(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { storageFaultCount: { refusals: number } }).storageFaultCount.refusals);
}

// ---------------------------------------------------------------------------------------------
// What the device holds, read straight from IndexedDB

interface DeviceRows {
  records: { recordId: string; status: string; rev: number; serverRev: number; consent: { evidence?: { kind: string } } | null; answers: Record<string, unknown> | null; progress: { stage: string } }[];
  index: { recordId: string; status: string }[];
  outbox: { seq: number; recordId: string; rev: number; payload: { answers: Record<string, unknown> | null } }[];
  syncIssues: unknown[];
  nextSeq: number | undefined;
  deviceId: string | undefined;
}

async function deviceRows(page: Page): Promise<DeviceRows> {
  // Opened with the tablet's passphrase (issue #12: the rows are sealed at rest).
  const stored = await openedDeviceStores(page);
  const meta = new Map((stored.meta as { key: string; value: unknown }[]).map((row) => [row.key, row.value]));
  return {
    records: stored.records as DeviceRows['records'],
    index: stored.recordIndex as DeviceRows['index'],
    outbox: stored.outbox as DeviceRows['outbox'],
    syncIssues: stored.syncIssues,
    nextSeq: meta.get('nextSeq') as number | undefined,
    deviceId: meta.get('deviceId') as string | undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// The interviewer's and the coordinator's side

/**
 * Tests that push interviews run against a server (and database) of their own, serving the same
 * build: other specs count every record on the shared server.
 */
const withOwnServer = test.extend<object, { ownServer: TestServer }>({
  ownServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const server = await startServer({ staticDir: process.env.STATIC_DIR ?? 'dist' });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ ownServer }, use) => use(ownServer.url),
});

/** A coordinator of its own for each test (the CLI refuses a name twice), signed in through the API. */
async function ownCoordinator(request: APIRequestContext, server: TestServer): Promise<CoordinatorApi> {
  const credentials = { name: `Crash-Koordination ${randomUUID().slice(0, 8)}`, password: 'sehr-geheimes-passwort' };
  createCoordinatorWithCli(credentials.name, credentials.password, server.dataDir);
  return coordinatorApi(request, credentials);
}

/** First visit online; the tablet is enrolled with a code from coordination and its first sync run is over. */
async function enrolledDevice(page: Page, coordinator: CoordinatorApi, deviceName: string): Promise<string> {
  const app = shell(page);
  await app.open('/enrol');
  await page.getByLabel(syncTexts.enrol.code).fill(await coordinator.enrolmentCode(deviceName));
  await page.getByLabel(syncTexts.enrol.deviceName).fill(deviceName);
  await page.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(page.getByTestId('enrol-success')).toHaveText(uiText(syncTexts.enrol.success, { name: deviceName }));
  // Enrolment starts a run; it must be over before interviews are captured, or it would take them along.
  await page.getByRole('link', { name: syncTexts.enrol.toSync }).click();
  await expect(page.getByTestId('sync-outcome')).toContainText(syncTexts.outcome.done.split(':')[0]!);
  const { records, deviceId } = await deviceRows(page);
  expect(records).toEqual([]);
  expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);
  return deviceId!;
}

/** Home → new interview → German notice → every decision "no" → confirmation, ready to save. */
async function refusalReadyToSave(page: Page): Promise<string> {
  await shell(page).navLink(appTexts.nav.interviews).click();
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(german.languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(german.ui.refuseAll!).click();
  await consent.continueToConfirmation().click();
  await consent.confirmAsInterviewer('refusal');
  return recordId;
}

/** A refused interview: completed at once and waiting in the outbox, the quickest way to fill it. */
async function refusedInterview(page: Page): Promise<string> {
  const recordId = await refusalReadyToSave(page);
  await consentStage(page).saveButton('refusal').click();
  await expect(page.getByRole('heading', { level: 1, name: consentTexts.done.refusalTitle })).toBeVisible();
  return recordId;
}

/** "Synchronisation abgeschlossen: 0 neu übertragen, 3 waren schon da, 0 Konflikte, 0 abgelehnt" — what is known before the pull. */
function syncDone(counts: { applied: number; duplicates: number }): string {
  return uiText(syncTexts.outcome.done, { ...counts, conflicts: 0, rejected: 0, pulled: 0 }).split(';')[0]!;
}

/**
 * A consented interview whose every required answer is already stored, opened on the summary:
 * "Interview abschließen" is one click away. (Filling the form by hand is tested elsewhere.)
 */
function completableInterview() {
  const seeded = consentedInterview('de');
  const answers = {
    site: 'GU Vechelde',
    interviewLanguage: 'arb',
    interpreter: 'none',
    surname: 'Haddad',
    givenNames: 'Yusuf',
    birthDate: { year: 1990, month: null, day: null },
    sex: 'male',
    nationalityStatus: 'known',
    nationality: ['SY'],
    motherTongues: ['arb'],
    municipality: 'vechelde',
    residenceStatus: 'aufenthaltsgestattung',
    employmentPermission: 'withApproval',
    schoolYears: 10,
    iscedLevel: '2',
    literateOwnScript: true,
    literateLatin: true,
    languageSkills: [{ skillLanguage: 'arb', skillLevels: { listening: 'C2', reading: 'C2', spokenInteraction: 'C2', spokenProduction: 'C2', writing: 'C2' } }],
    goals: ['job'],
  };
  return {
    ...seeded,
    record: { ...seeded.record, answers, displayName: 'Haddad, Yusuf', progress: { stage: 'summary', sectionId: null } },
    indexRow: { ...seeded.indexRow, displayName: 'Haddad, Yusuf', searchText: 'haddad, yusuf' },
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Killed during autosave

/**
 * How long a change may take to be committed here. The contract is ~300 ms (use-autosave.ts); the
 * bound is loose so that a slow CI machine passes, while a save that waits for typing to stop or
 * for the page to be hidden does not.
 */
const COMMIT_BOUND_MS = 2_000;

test('the tab is closed right after typing: every committed answer is there again, the form opens where it was', async ({ context, page }) => {
  await shell(page).open('/');
  const seeded = consentedInterview('ar');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  // Each answer is given its time to be committed (the autosave contract: a change is stored within ~300 ms).
  await form.text('site', 'GU Peine, Woltorfer Straße');
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record.answers.site, { timeout: COMMIT_BOUND_MS }).toBe('GU Peine, Woltorfer Straße');
  await form.goToSection('person');
  await form.text('surname', 'Al-Hassan');
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record, { timeout: COMMIT_BOUND_MS }).toMatchObject({ answers: { surname: 'Al-Hassan' }, progress: { sectionId: 'person' } });

  // The last answer gets no time at all: the tab goes away without any unload prompt (Target.closeTarget).
  await form.text('givenNames', 'Amina');
  await page.close({ runBeforeUnload: false });

  const reopened = await context.newPage();
  const again = profilingbogen(reopened);
  await again.open(seeded.recordId);
  await expect(again.section('person')).toBeVisible();
  await expect(again.navItem('person')).toHaveAttribute('aria-current', 'step');
  await expect(again.textbox('surname')).toHaveValue('Al-Hassan');
  // Only the last change, given no time, may be missing — and then wholly, never half.
  const givenNames = await again.textbox('givenNames').inputValue();
  expect(['', 'Amina']).toContain(givenNames);
  await again.goToSection('interview');
  await expect(again.textbox('site')).toHaveValue('GU Peine, Woltorfer Straße');

  // Not corrupted: the record and its row in the interview list were written together.
  const { record, index, outbox } = await storedState(reopened, seeded.recordId);
  expect(record).toMatchObject({ status: 'draft', rev: 0, answers: { site: 'GU Peine, Woltorfer Straße', surname: 'Al-Hassan' } });
  expect(index).toMatchObject({ status: 'draft', displayName: record.displayName });
  expect(outbox).toEqual([]);

  // And the form goes on saving.
  await again.text('site', 'GU Peine');
  await expect.poll(async () => (await storedState(reopened, seeded.recordId)).record.answers.site).toBe('GU Peine');
});

test('the renderer crashes mid-typing: what was committed survives, the field being typed is at most cut short', async ({ context, page }) => {
  await shell(page).open('/');
  const seeded = consentedInterview('de');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);

  await form.text('site', 'GU Edemissen');
  await form.goToSection('person');
  await form.text('surname', 'Tesfay');
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record, { timeout: COMMIT_BOUND_MS }).toMatchObject({
    answers: { site: 'GU Edemissen', surname: 'Tesfay' },
    progress: { stage: 'form', sectionId: 'person' },
    displayName: 'Tesfay',
  });

  // Typing goes on key by key for seconds. Saving does not wait for it to stop: a part of the
  // name is committed while the fingers are still moving — and then the renderer dies.
  const typed = 'Selam Mehret Hagos Tesfamariam Gebremedhin';
  const typing = form.textbox('givenNames').pressSequentially(typed, { delay: 60 }).catch(() => undefined);
  let committed = '';
  await expect
    .poll(async () => {
      committed = String((await storedState(page, seeded.recordId)).record.answers.givenNames ?? '');
      return committed.length;
    }, { timeout: COMMIT_BOUND_MS, intervals: [50] })
    .toBeGreaterThan(0);
  expect(typed.startsWith(committed)).toBe(true);
  await crashRenderer(page);
  await typing;

  const reopened = await context.newPage();
  const again = profilingbogen(reopened);
  await again.open(seeded.recordId);
  await expect(again.section('person')).toBeVisible();
  await expect(again.navItem('person')).toHaveAttribute('aria-current', 'step');
  await expect(again.textbox('surname')).toHaveValue('Tesfay');
  // What was committed is there; of the rest at most a tail is missing, nothing is garbled.
  const givenNames = await again.textbox('givenNames').inputValue();
  expect(givenNames.startsWith(committed)).toBe(true);
  expect(typed.startsWith(givenNames)).toBe(true);
  await again.goToSection('interview');
  await expect(again.textbox('site')).toHaveValue('GU Edemissen');

  const { record, index } = await storedState(reopened, seeded.recordId);
  expect(record.answers).toMatchObject({ site: 'GU Edemissen', surname: 'Tesfay', givenNames });
  expect(record.displayName).toBe(`Tesfay, ${givenNames}`);
  expect(index).toMatchObject({ status: 'draft', displayName: record.displayName });
});

// ---------------------------------------------------------------------------------------------
// 2. Killed during a sync run

for (const moment of ['after the push reached the server', 'before the push left the device'] as const) {
  withOwnServer(`the page crashes during a sync run, ${moment}: after reopening every interview is on the server exactly once`, async ({ context, page, request, ownServer }) => {
    test.setTimeout(90_000);
    const coordinator = await ownCoordinator(request, ownServer);
    const deviceId = await enrolledDevice(page, coordinator, 'Tablet Absturz');
    const captured = [await refusedInterview(page), await refusedInterview(page), await refusedInterview(page)];
    await shell(page).navLink(appTexts.nav.sync).click();
    await expect(page.getByTestId('pending-count')).toHaveText('3');

    // The push is held in the network layer: passed on to the server (its answer never reaches the
    // page) or not passed on at all. Either way the page dies while waiting.
    const reachedServer = moment === 'after the push reached the server';
    let held: (status: number | null) => void = () => undefined;
    const pushHeld = new Promise<number | null>((resolve) => (held = resolve));
    const heldRoutes: Route[] = [];
    await page.route('**/api/v1/sync/push', async (route) => {
      heldRoutes.push(route);
      held(reachedServer ? (await route.fetch()).status() : null);
    });
    await page.getByRole('button', { name: syncTexts.screen.syncNow }).click();
    expect(await pushHeld).toBe(reachedServer ? 200 : null);
    expect((await coordinator.received(deviceId)).records).toHaveLength(reachedServer ? 3 : 0);
    await crashRenderer(page);
    await Promise.all(heldRoutes.map((route) => route.abort().catch(() => undefined)));

    // The app starts again and syncs by itself (app start is a trigger).
    const reopened = await context.newPage();
    await shell(reopened).open('/sync');
    await expect(reopened.getByTestId('sync-outcome')).toContainText(syncDone(reachedServer ? { applied: 0, duplicates: 3 } : { applied: 3, duplicates: 0 }));
    await expect(reopened.getByTestId('pending-count')).toHaveText('0');
    await expect(reopened.getByText(syncTexts.screen.noIssues)).toBeVisible();

    // On the server: each interview once, with one revision, and nothing filed as a conflict.
    const received = await coordinator.received(deviceId);
    expect(received.records.map((record) => record.recordId).sort()).toEqual([...captured].sort());
    expect(received.records.every((record) => record.revisionCount === 1)).toBe(true);
    expect(received.issues).toEqual([]);

    // On the device: nothing lost, everything marked as synced, no sync issue.
    const rows = await deviceRows(reopened);
    expect(rows.records.map((record) => record.recordId).sort()).toEqual([...captured].sort());
    expect(rows.records.every((record) => record.status === 'synced' && record.serverRev === 1)).toBe(true);
    expect(rows.index.every((row) => row.status === 'synced')).toBe(true);
    expect(rows.outbox).toEqual([]);
    expect(rows.syncIssues).toEqual([]);
    await shell(reopened).navLink(appTexts.nav.interviews).click();
    await expect(reopened.getByTestId('interview-row')).toHaveCount(3);
  });
}

// ---------------------------------------------------------------------------------------------
// 3. The device's storage is full

test('autosave on a full device: the user is told, the answers stay on screen, "save again" stores them, nothing earlier is lost', async ({ page }) => {
  await installStorageFault(page);
  await shell(page).open('/');
  const seeded = consentedInterview('ar');
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await form.text('site', 'GU Peine');
  await form.saved();
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record.answers.site).toBe('GU Peine');

  // The list row is the second write of an autosave: the record written just before must be rolled back with it.
  await refuseWritesTo(page, ['recordIndex']);
  await form.goToSection('person');
  await form.text('surname', 'Al-Hassan');
  await expect(form.saveError).toBeVisible();
  await expect(form.saveError).toContainText(formTexts.save.failedTitle);
  await expect(form.saveError).toContainText(formTexts.save.errors.storage_full);
  await expect(form.saveStatus).toHaveAttribute('data-state', 'failed');
  await expect(form.saveStatus).toHaveText(formTexts.save.notSaved);
  const refusedBefore = await refusedWrites(page);
  await form.text('givenNames', 'Amina');
  // Its autosave (200 ms later) must have been tried and refused before the device has space again;
  // otherwise it succeeds by itself and there is nothing left to "save again".
  await expect.poll(() => refusedWrites(page)).toBeGreaterThan(refusedBefore);
  await expect(form.saveStatus).toHaveAttribute('data-state', 'failed');
  await expect(form.textbox('surname')).toHaveValue('Al-Hassan');
  await expect(form.saveError).toBeVisible();
  const duringFault = await storedState(page, seeded.recordId);
  expect(duringFault.record.answers).toMatchObject({ site: 'GU Peine' });
  expect(duringFault.record.answers).not.toHaveProperty('surname');
  expect(duringFault.record.progress.sectionId).not.toBe('person');
  expect(duringFault.index).toMatchObject({ displayName: '' });

  // Space again: "save again" stores everything on screen.
  await refuseWritesTo(page, []);
  await form.saveError.getByRole('button', { name: formTexts.save.retry }).click();
  await expect(form.saveError).toHaveCount(0);
  await form.saved();
  const afterRetry = await storedState(page, seeded.recordId);
  expect(afterRetry.record.answers).toMatchObject({ site: 'GU Peine', surname: 'Al-Hassan', givenNames: 'Amina' });
  expect(afterRetry.index).toMatchObject({ displayName: 'Al-Hassan, Amina' });

  // It is really stored: a reload shows it.
  await page.reload();
  await expect(form.section('person')).toBeVisible();
  await expect(form.textbox('givenNames')).toHaveValue('Amina');
});

test('completing on a full device: the interview stays a draft with its answers, nothing half-written, completing again works', async ({ page }) => {
  await installStorageFault(page);
  await shell(page).open('/');
  const seeded = completableInterview();
  await seedInterview(page, seeded);
  const form = profilingbogen(page);
  await form.open(seeded.recordId);
  await expect(form.summary.getByTestId('summary-complete')).toBeVisible();
  // What the app fills in (id, interviewer, date) is stored first.
  await expect.poll(async () => (await storedState(page, seeded.recordId)).record.answers.interviewId).toBe(seeded.recordId);
  await form.saved();
  const draft = await storedState(page, seeded.recordId);
  const completeButton = form.summary.getByRole('button', { name: formTexts.summary.complete });

  // Completing writes the sequence number, the outbox entry and then the record; each store refusing in turn.
  for (const store of ['records', 'outbox', 'meta'] as const) {
    await refuseWritesTo(page, [store]);
    await completeButton.click();
    const error = page.getByTestId('complete-error');
    await expect(error, store).toBeVisible();
    await expect(error).toContainText(formTexts.summary.completeFailed);
    await expect(error).toContainText(formTexts.save.errors.storage_full);
    await expect(form.stage).toBeVisible();
    await expect(completeButton).toBeEnabled();

    const rows = await deviceRows(page);
    expect(rows.outbox, `no outbox entry without the record (${store})`).toEqual([]);
    expect(rows.nextSeq, `no sequence number used up (${store})`).toBeUndefined();
    expect(await storedState(page, seeded.recordId), store).toEqual(draft);
  }

  await refuseWritesTo(page, []);
  await completeButton.click();
  await expect(form.stage).toHaveCount(0);
  const completed = await storedState(page, seeded.recordId);
  expect(completed.record).toMatchObject({ status: 'complete', rev: 1, answers: draft.record.answers });
  expect(completed.index).toMatchObject({ status: 'complete' });
  expect(completed.outbox).toHaveLength(1);
  expect(completed.outbox[0]!.payload.answers).toEqual(draft.record.answers);
  expect((await deviceRows(page)).outbox.map((entry) => entry.seq)).toEqual([1]);
});

test('saving a consent decision on a full device: the user is told, nothing is stored, saving again works', async ({ page }) => {
  await installStorageFault(page);
  await shell(page).open('/');
  const consent = consentStage(page);

  // Consent with a signature: the record refuses the write.
  const consented = await startInterview(page, 'Ines Interviewerin');
  await consent.languageButton(german.languageName).click();
  await consent.chooseMode(consentTexts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(german.ui.acceptAll!).click();
  await consent.continueToConfirmation().click();
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await refuseWritesTo(page, ['records']);
  await consent.saveButton('consent').click();
  const saveError = consent.stage.getByTestId('save-error');
  await expect(saveError).toContainText(consentTexts.errors.storage.storage_full);
  await expect(saveError).toContainText(consentTexts.errors.nothingLost);
  await expect(page.getByTestId('interviewer-attestation').getByRole('checkbox')).toBeChecked();
  let rows = await deviceRows(page);
  expect(rows.records.find((record) => record.recordId === consented)).toMatchObject({ consent: null, answers: null, status: 'draft' });

  await refuseWritesTo(page, []);
  await consent.saveButton('consent').click();
  await expect(profilingbogen(page).stage).toBeVisible();
  rows = await deviceRows(page);
  expect(rows.records.find((record) => record.recordId === consented)).toMatchObject({ consent: { evidence: { kind: 'signature' } }, answers: {}, status: 'draft' });

  // A refusal completes the interview at once: the outbox refuses, and the record must not be completed without it.
  const refused = await refusalReadyToSave(page);
  await refuseWritesTo(page, ['outbox']);
  await consent.saveButton('refusal').click();
  await expect(saveError).toContainText(consentTexts.errors.storage.storage_full);
  rows = await deviceRows(page);
  expect(rows.records.find((record) => record.recordId === refused)).toMatchObject({ consent: null, status: 'draft', rev: 0 });
  expect(rows.index.find((row) => row.recordId === refused)).toMatchObject({ status: 'draft' });
  expect(rows.outbox).toEqual([]);
  expect(rows.nextSeq).toBeUndefined();

  await refuseWritesTo(page, []);
  await consent.saveButton('refusal').click();
  await expect(page.getByRole('heading', { level: 1, name: consentTexts.done.refusalTitle })).toBeVisible();
  rows = await deviceRows(page);
  expect(rows.records.find((record) => record.recordId === refused)).toMatchObject({ status: 'complete', rev: 1 });
  expect(rows.outbox.map(({ seq, recordId }) => ({ seq, recordId }))).toEqual([{ seq: 1, recordId: refused }]);
});

withOwnServer('a sync run on a full device: the interviews still reach the server, the failure is shown, the outbox stays; once there is space they are acknowledged as duplicates', async ({ page, request, ownServer }) => {
  test.setTimeout(90_000);
  await installStorageFault(page);
  const coordinator = await ownCoordinator(request, ownServer);
  const deviceId = await enrolledDevice(page, coordinator, 'Tablet Speicher voll');
  const captured = [await refusedInterview(page), await refusedInterview(page)];
  await shell(page).navLink(appTexts.nav.sync).click();
  await expect(page.getByTestId('pending-count')).toHaveText('2');
  const syncNowButton = page.getByRole('button', { name: syncTexts.screen.syncNow });
  const failed = syncTexts.outcome.failed.split('{{')[0]!.trim();
  const nextAttempt = syncTexts.nextAttempt.split('{{')[0]!.trim();

  const expectNothingAcknowledged = async () => {
    await expect(page.getByTestId('pending-count')).toHaveText('2');
    const rows = await deviceRows(page);
    expect(rows.outbox.map((entry) => entry.recordId).sort()).toEqual([...captured].sort());
    expect(rows.records.every((record) => record.status === 'complete' && record.serverRev === 0)).toBe(true);
    expect(rows.index.every((row) => row.status === 'complete')).toBe(true);
    expect(rows.syncIssues).toEqual([]);
  };

  // The whole device is full: reading works, every write fails. Pushing needs no local write, so
  // the interviews reach the server; only their acknowledgement cannot be stored.
  await refuseWritesTo(page, ['*']);
  await syncNowButton.click();
  await expect(page.getByTestId('sync-outcome')).toContainText(failed);
  await expect(page.getByTestId('sync-outcome')).toContainText(syncTexts.problem.storage_full);
  await expect(page.getByText(nextAttempt)).toBeVisible();
  expect((await coordinator.received(deviceId)).records).toHaveLength(2);
  await expectNothingAcknowledged();

  // Only the outbox refuses: the acknowledgement fails at its last step, after it had already
  // marked the records as synced in the same transaction — which must roll back with it.
  await refuseWritesTo(page, ['outbox']);
  await syncNowButton.click();
  await expect(page.getByTestId('sync-outcome')).toContainText(failed);
  await expectNothingAcknowledged();

  // Space again: the next run is answered "already there" and clears the outbox.
  await refuseWritesTo(page, []);
  await syncNowButton.click();
  await expect(page.getByTestId('sync-outcome')).toContainText(syncDone({ applied: 0, duplicates: 2 }));
  await expect(page.getByTestId('pending-count')).toHaveText('0');
  await expect(page.getByText(syncTexts.screen.noIssues)).toBeVisible();

  const received = await coordinator.received(deviceId);
  expect(received.records.map((record) => record.recordId).sort()).toEqual([...captured].sort());
  expect(received.records.every((record) => record.revisionCount === 1)).toBe(true);
  expect(received.issues).toEqual([]);
  const rows = await deviceRows(page);
  expect(rows.records.every((record) => record.status === 'synced' && record.serverRev === 1)).toBe(true);
  expect(rows.outbox).toEqual([]);
  expect(rows.syncIssues).toEqual([]);
});
