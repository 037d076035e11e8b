/**
 * What interviewers and coordinators hit when they first tried Lotse in the field (issue 15):
 * each test here is the one that would have caught a defect, asserting what a person sees.
 */
import crypto from 'node:crypto';
import { expect, test, type Page } from './support/test';
import { appendWithdrawal } from '../src/core/consent';
import { payloadHash } from '../src/core/record';
import { nameSearchText } from '../src/core/text';
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import appTexts from '../locales/de/translation.json' with { type: 'json' };
import { shell } from './pages/shell';
import { codeLabel, consentedInterview, noticeFile, profilingbogen, seedInterview, uiText } from './pages/profilingbogen';
import { coordinatorApi, createCoordinatorWithCli, devicesPage, loginPage, texts } from './pages/coordinator';

const coordinator = { name: `Koordination ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };

test.beforeAll(() => {
  createCoordinatorWithCli(coordinator.name, coordinator.password);
});

async function signedIn(page: Page): Promise<void> {
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();
}

/** A device enrolled through the API, as the tablet's data layer does it. */
async function enrolledDevice(page: Page, deviceName: string): Promise<{ deviceId: string; deviceToken: string }> {
  const api = await coordinatorApi(page.request, coordinator);
  const response = await page.request.post('/api/v1/enrol', { data: { code: await api.enrolmentCode(deviceName), deviceName } });
  expect(response.status()).toBe(201);
  return response.json();
}

/** Pushes a consented interview (Arabic notice, everything accepted) whose Jobcenter consent was then withdrawn by phone. */
async function pushPartlyWithdrawn(page: Page, device: { deviceId: string; deviceToken: string }): Promise<string> {
  const seeded = consentedInterview('ar', new Date('2026-11-02T09:00:00.000Z'));
  const consent = appendWithdrawal(seeded.record.consent, {
    scope: { recipients: ['jobcenter'] },
    actor: { role: 'coordinator', id: 'k-2', name: 'Jonas Weber' },
    channel: 'phone',
    now: new Date('2026-11-20T14:30:00.000Z'),
  });
  const { interview } = seeded.record;
  const payload = JSON.parse(JSON.stringify({ recordId: seeded.recordId, interview, consent, answers: null })) as Record<string, unknown>;
  const notice = noticeFile('ar');
  const response = await page.request.post('/api/v1/sync/push', {
    headers: { authorization: `Bearer ${device.deviceToken}` },
    data: {
      protocolVersion: 1,
      deviceId: device.deviceId,
      batchId: crypto.randomUUID(),
      pendingCount: 0,
      entries: [
        {
          seq: 1,
          recordId: seeded.recordId,
          rev: 1,
          baseRev: 0,
          formRef: null,
          noticeRef: { id: notice.id, version: notice.version, lang: notice.lang, sha256: notice.sha256 },
          payload,
          payloadSha256: payloadHash(payload),
        },
      ],
    },
  });
  expect((await response.json()).results).toEqual([expect.objectContaining({ status: 'applied' })]);
  return seeded.recordId;
}

/** Nothing on the page is wider than the window, and every table fits its region. */
async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    regions: [...document.querySelectorAll<HTMLElement>('[role="region"]')]
      .filter((region) => region.scrollWidth > region.clientWidth + 1)
      .map((region) => region.getAttribute('aria-labelledby')),
  }));
  expect(overflow, where).toEqual({ page: 0, regions: [] });
}

test.describe('occupation and language search (defect 2)', () => {
  test('finds occupations by English, Arabic and ISCO-08 words beside an Arabic applicant, without a "missing translation" mark on every hit', async ({ page }) => {
    await shell(page).open('/');
    const seeded = consentedInterview('ar');
    await seedInterview(page, seeded);
    const form = profilingbogen(page);
    await form.open(seeded.recordId);
    await form.goToSection('work');
    await form.addEntry('workExperience');
    const question = form.question('workExperience[0].occupationCode');
    const search = question.getByRole('combobox');
    const cooking = codeLabel('occupations', '293');
    for (const query of ['cook', 'Chef', 'طباخ', '5120']) {
      await search.fill(query);
      await expect(question.getByRole('option').first(), query).toContainText(cooking);
    }
    for (const [query, code] of [['driver', '521'], ['welder', '244'], ['hairdresser', '823'], ['Fahrer LKW', '521']] as const) {
      await search.fill(query);
      await expect(question.getByRole('option').first(), query).toContainText(codeLabel('occupations', code));
    }
    // The list has no Arabic names: the English one stands beside, said once, not on every hit.
    await search.fill('Koch');
    await expect(question.getByRole('option').first()).toContainText('Cooking');
    await expect(question.getByTestId('fallback-mark')).toHaveCount(0);
    await expect(question.getByTestId('codelist-unlabelled')).toBeVisible();
    await expect(question.getByTestId('codelist-unlabelled')).toContainText('Arabisch');
    await question.getByRole('option').first().click();
    await expect(question.getByTestId('codelist-selected')).toContainText(cooking);
    await expect(question.getByTestId('fallback-mark')).toHaveCount(0);
  });

  test('"arab" offers Standard Arabic first', async ({ page }) => {
    await shell(page).open('/');
    const seeded = consentedInterview('ar');
    await seedInterview(page, seeded);
    const form = profilingbogen(page);
    await form.open(seeded.recordId);
    await form.goToSection('languages');
    const question = form.question('languageSkills[0].skillLanguage');
    await question.getByRole('combobox').fill('arab');
    await expect(question.getByRole('option').first()).toContainText(codeLabel('languages', 'arb'));
  });
});

test('the interview list finds names in their original script by a Latin spelling, and back (defect 2)', async ({ page }) => {
  await shell(page).open('/');
  for (const name of ['أحمد الحسن', 'Zahra Hosseini', 'ተስፋይ ገብረማርያም']) {
    const seeded = consentedInterview('ar');
    await seedInterview(page, { ...seeded, record: { ...seeded.record, displayName: name }, indexRow: { ...seeded.indexRow, displayName: name, searchText: nameSearchText(name) } });
  }
  await page.reload();
  const search = page.getByLabel(appTexts.home.searchLabel);
  const rows = page.getByTestId('interview-row');
  for (const [query, name] of [['Ahmad', 'أحمد الحسن'], ['Ahmed', 'أحمد الحسن'], ['حسینی', 'Zahra Hosseini'], ['Gebremariam', 'ተስፋይ ገብረማርያም']] as const) {
    await search.fill(query);
    // The skeleton match is deliberately loose (حسین and حسن share one), so other names may come too.
    await expect(rows.filter({ hasText: name }), query).toHaveCount(1);
  }
  await search.fill('Tesfay');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('ተስፋይ ገብረማርያም');
});

test('the record page shows the consent per purpose and recipient with a partial withdrawal: when, how, through whom (defect 3)', async ({ page }) => {
  await signedIn(page);
  const recordId = await pushPartlyWithdrawn(page, await enrolledDevice(page, `Tablet West ${crypto.randomUUID().slice(0, 6)}`));
  await page.goto(`/coordinator/records?record=${recordId}`);
  const history = page.getByTestId('consent-history');
  const german = noticeFile('de');
  const jobcenter = history.getByTestId('consent-jobcenter');
  await expect(jobcenter).toContainText(`${texts.consentHistory.kind.recipient} ${german.recipients.find((item) => item.id === 'jobcenter')!.label}`);
  await expect(jobcenter.getByRole('listitem')).toHaveCount(2);
  await expect(jobcenter.getByRole('listitem').nth(1)).toContainText(texts.consentHistory.change.withdrawn);
  await expect(jobcenter.getByRole('listitem').nth(1)).toContainText(texts.consentHistory.channel.phone);
  await expect(jobcenter.getByRole('listitem').nth(1)).toContainText('Jonas Weber');
  await expect(jobcenter.getByRole('cell').nth(0)).toHaveText(texts.consentHistory.state.withdrawn);
  const kvhs = history.getByTestId('consent-kvhs');
  await expect(kvhs).toContainText(german.recipients.find((item) => item.id === 'kvhs')!.label);
  await expect(kvhs.getByRole('cell').nth(0)).toHaveText(texts.consentHistory.state.given);
  await expect(history.getByTestId('consent-profiling')).toContainText(`${texts.consentHistory.kind.purpose} ${german.purposes[0]!.label}`);
});

test('enrolment on the tablet: a malformed or wrong code and no connection are said in German; the coordinator\'s name is explained; the used code leaves the coordinator\'s screen (defects 4, 9)', async ({ page, context }) => {
  await signedIn(page);
  const devices = devicesPage(page);
  const coordinatorsName = `Tablet Koordination ${crypto.randomUUID().slice(0, 6)}`;
  const code = await devices.createEnrolment({ deviceName: coordinatorsName });
  await expect(devices.qrCode(code)).toBeVisible();

  const tablet = await context.newPage();
  await tablet.goto('/enrol');
  const enrolRequests: string[] = [];
  tablet.on('request', (request) => {
    if (request.url().endsWith('/api/v1/enrol')) enrolRequests.push(request.url());
  });
  const codeField = tablet.getByLabel(syncTexts.enrol.code);
  const submit = tablet.getByRole('button', { name: syncTexts.enrol.submit });
  const error = tablet.getByTestId('enrol-error');
  await tablet.getByLabel(syncTexts.enrol.deviceName).fill('Mein Tablet');

  // Too short: explained at once, nothing sent.
  await codeField.fill('ABC');
  await submit.click();
  await expect(error).toHaveText(uiText(syncTexts.enrol.problem.codeFormat, { length: 8 }));
  expect(enrolRequests).toEqual([]);

  // Well-formed but unknown: the server's refusal in German, its English words only as the detail.
  await codeField.fill('ABCD-EFGH');
  await submit.click();
  await expect(error).toContainText(syncTexts.enrol.problem.codeRefused);
  await expect(error.locator('small')).toHaveAttribute('lang', 'en');

  // No answer at all ("Failed to fetch"): said in German, the browser's words beneath.
  await tablet.route('**/api/v1/enrol', (route) => route.abort('internetdisconnected'));
  await submit.click();
  await expect(error).toContainText(syncTexts.enrol.problem.network);
  await expect(error.locator('small')).toBeVisible();
  await tablet.unroute('**/api/v1/enrol');

  await codeField.fill(code.toLowerCase());
  await submit.click();
  await expect(tablet.getByTestId('enrol-success')).toHaveText(uiText(syncTexts.enrol.success, { name: coordinatorsName }));
  await expect(tablet.getByTestId('enrol-name-from-coordinator')).toHaveText(uiText(syncTexts.enrol.nameFromCoordinator, { name: coordinatorsName, typed: 'Mein Tablet' }));

  // The coordinator's screen notices: the code and its QR code are gone, and it says why.
  await page.bringToFront();
  await expect(devices.newEnrolment).toHaveCount(0);
  await expect(devices.qrCode(code)).toHaveCount(0);
  await expect(devices.announcement).toHaveText(uiText(texts.enrolment.codeUsed, { code }));
  await expect(devices.deviceRow(coordinatorsName)).toBeVisible();
  await expect(devices.openEnrolments.getByRole('row').filter({ hasText: code })).toHaveCount(0);
});

test('a revoked tablet says so on its home screen before an interview is started (defect 9)', async ({ page }) => {
  test.setTimeout(150_000);
  const api = await coordinatorApi(page.request, coordinator);
  await shell(page).open('/enrol');
  await page.getByLabel(syncTexts.enrol.code).fill(await api.enrolmentCode('Tablet Gesperrt'));
  await page.getByLabel(syncTexts.enrol.deviceName).fill('Tablet Gesperrt');
  await page.getByRole('button', { name: syncTexts.enrol.submit }).click();
  await expect(page.getByTestId('enrol-success')).toBeVisible();
  await page.goto('/');
  await expect(page.getByTestId('device-refused')).toHaveCount(0);
  const devices = await (await page.request.get('/api/v1/devices')).json();
  const device = (devices.devices as { id: string; name: string; revoked: boolean }[]).find((entry) => entry.name === 'Tablet Gesperrt' && !entry.revoked)!;
  await api.revoke(device.id);
  await page.goto('/sync');
  // The tablet may already have synced by itself and learnt of the revocation; otherwise sync now.
  const refused = page.getByRole('link', { name: syncTexts.reenrol });
  const syncNow = page.getByRole('button', { name: syncTexts.screen.syncNow });
  await expect(async () => {
    // Gone the moment an automatic sync is refused: then there is nothing to click.
    if ((await syncNow.count()) > 0 && (await syncNow.isEnabled({ timeout: 1_000 }))) await syncNow.click({ timeout: 1_000 });
    await expect(refused.first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await shell(page).navLink(appTexts.nav.interviews).click();
  await expect(page.getByTestId('device-refused')).toContainText(appTexts.deviceState.revoked);
  await expect(page.getByTestId('device-refused').getByRole('link', { name: appTexts.deviceState.reenrol })).toBeVisible();
});

for (const viewport of [{ width: 390, height: 844 }, { width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
  test(`layout at ${viewport.width}×${viewport.height}: navigation, sync screen, long device names and the records table fit (defects 9, 10)`, async ({ page }) => {
    test.setTimeout(150_000);
    await page.setViewportSize(viewport);
    await shell(page).open('/sync');
    // Every destination of the navigation is on screen, none cut off.
    for (const name of [appTexts.nav.interviews, appTexts.nav.sync, appTexts.nav.settings, appTexts.nav.coordination]) {
      const link = shell(page).navLink(name);
      await expect(link, name).toBeInViewport({ ratio: 1 });
      expect(await link.evaluate((element) => element.scrollWidth <= element.clientWidth), name).toBe(true);
    }
    // "Not enrolled" is said once.
    await expect(page.getByTestId('not-enrolled')).toBeVisible();
    expect((await page.getByRole('main').innerText()).match(/nicht angemeldet/g) ?? []).toHaveLength(1);
    await expectNoHorizontalOverflow(page, 'sync');

    await signedIn(page);
    // 100 characters (the most the server takes) and no space to wrap at; unique per run, so the random part first.
    const longName = `Tablet-${crypto.randomUUID().slice(0, 6)}-${'Unterkunft-Vechelde-Nord-'.repeat(4)}`.slice(0, 100);
    const device = await enrolledDevice(page, longName);
    await pushPartlyWithdrawn(page, device);
    await devicesPage(page).refresh.click();
    await expect(devicesPage(page).devicesTable.getByTitle(longName)).toBeVisible();
    await expectNoHorizontalOverflow(page, 'devices');

    await page.goto(`/coordinator/records?device=${device.deviceId}`);
    const firstRow = page.getByTestId('records-table').getByRole('row').filter({ hasText: longName.slice(0, 20) }).first();
    await expect(firstRow).toBeVisible();
    // Every column of the record is on screen (stacked or in the table), none scrolled away.
    const cells = firstRow.locator('td');
    // Beside the record (row header): name, device, form, notice, revisions, last outcome, received, changed.
    await expect(cells).toHaveCount(8);
    const cutOff = await cells.evaluateAll((elements) =>
      elements.filter((cell) => {
        const rect = cell.getBoundingClientRect();
        return rect.width === 0 || rect.left < 0 || rect.right > document.documentElement.clientWidth + 1;
      }).map((cell) => cell.getAttribute('data-label')),
    );
    expect(cutOff).toEqual([]);
    await expectNoHorizontalOverflow(page, 'records');

    // A fieldset legend stays inside its border: one that sits on the border (not floated into the
    // box) must fit on one line, or its second line runs across the border.
    const seeded = consentedInterview('ar');
    await seedInterview(page, seeded);
    await profilingbogen(page).open(seeded.recordId);
    const legendsOutside = await page.evaluate(() =>
      [...document.querySelectorAll('fieldset > legend')]
        .filter((legend) => legend.getClientRects().length > 0 && getComputedStyle(legend.parentElement!).borderTopStyle !== 'none')
        .filter((legend) => {
          const style = getComputedStyle(legend);
          const lineHeight = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.2;
          return style.float === 'none' && legend.getBoundingClientRect().height > lineHeight * 1.5;
        })
        .map((legend) => legend.textContent),
    );
    expect(legendsOutside).toEqual([]);
    await expectNoHorizontalOverflow(page, 'form');
  });
}
