/**
 * Partner hand-over and subject access (issue 11, items 2 and 6): a coordinator prepares a
 * hand-over to the Jobcenter and downloads it, enters a withdrawal a person declared by phone for
 * the Jobcenter only, and that person is not in the next Jobcenter hand-over — read from the
 * downloaded files. The record page then says when the data went to the Jobcenter, and the
 * printable subject-access document lists that disclosure and the coordinator's view of the record,
 * its headings in German and in the person's language (Arabic, right to left).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './support/test';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { shortReference } from '../src/core/record/index';
import { demoCampaign } from '../src/server/demo/campaign';
import { publishedContentV1, pushEntryOf } from './support/demo-entries';
import { createCoordinatorWithCli, devicesPage, loginPage, texts } from './pages/coordinator';
import documentDe from '../locales/documents/subject-access/de.json' with { type: 'json' };
import documentAr from '../locales/documents/subject-access/ar.json' with { type: 'json' };

const coordinator = { name: `Übergabe ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };

test.beforeAll(() => {
  createCoordinatorWithCli(coordinator.name, coordinator.password);
});


/** Downloads the Jobcenter hand-over from the page and reads the record ids in the file. */
async function downloadJobcenter(page: Page, format: 'csv' | 'xlsx'): Promise<{ ids: string[]; surnames: string[] }> {
  await page.goto('/coordinator/handovers');
  await expect(page.getByRole('heading', { level: 1, name: texts.handover.title })).toBeVisible();
  await page.getByLabel(texts.handover.recipient).selectOption({ label: 'Jobcenter' });
  await expect(page.getByTestId('handover-qualifying')).toBeVisible();
  const link = page.getByTestId(`handover-download-${format}`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = fs.readFileSync((await download.path())!);
  if (format === 'xlsx') {
    expect(download.suggestedFilename()).toMatch(/^lotse-handover-jobcenter-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = (await readXlsxFile(bytes)).find((s) => s.sheet === 'records')!.data as unknown[][];
    const header = sheet[0] as string[];
    return { ids: sheet.slice(1).map((row) => String(row[0])), surnames: sheet.slice(1).map((row) => String(row[header.indexOf('surname')])) };
  }
  expect(download.suggestedFilename()).toMatch(/^lotse-handover-jobcenter-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = unzipSync(new Uint8Array(bytes));
  const rows = parseCsv(new TextDecoder().decode(files['records.csv']), { bom: true }) as string[][];
  const header = rows[0]!;
  // Only the Jobcenter's own consent columns: nothing about what the person told other recipients.
  expect(header.filter((name) => name.startsWith('consent.recipient.'))).toEqual(['consent.recipient.jobcenter']);
  return { ids: rows.slice(1).map((row) => row[0]!), surnames: rows.slice(1).map((row) => row[header.indexOf('surname')]!) };
}

test('a withdrawal by phone for the Jobcenter takes the person out of the next Jobcenter hand-over; the record and its Art. 15 document show what was given', async ({ page }) => {
  test.setTimeout(240_000);
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();

  // Two interviews from a tablet of this test's own, both agreeing to the Jobcenter and to referral.
  const deviceName = `Tablet Übergabe ${crypto.randomUUID().slice(0, 6)}`;
  const enrolment = await page.request.post('/api/v1/enrolments', { data: { deviceName } });
  const tablet = (await (await page.request.post('/api/v1/enrol', { data: { code: (await enrolment.json()).code, deviceName } })).json()) as { deviceId: string; deviceToken: string };
  const campaign = demoCampaign(publishedContentV1(), { count: 60, seed: 9311, start: new Date('2026-03-02T00:00:00.000Z'), weeks: 2, devices: 1 });
  const agreeing = campaign.filter((interview) => {
    const consent = interview.revisions[0]!.consent;
    return interview.revisions.length === 1 && interview.revisions[0]!.answers !== null && consent.recipient_third_parties.jobcenter === 'accepted' && consent.purposes.referral === 'accepted';
  });
  // The caller read the notice in Arabic: their Art. 15 document is in German and Arabic.
  const caller = agreeing.find((interview) => interview.notice.lang === 'ar')!;
  expect(caller).toBeDefined();
  const other = agreeing.find((interview) => interview !== caller)!;
  const pushed = await page.request.post('/api/v1/sync/push', {
    headers: { authorization: `Bearer ${tablet.deviceToken}` },
    data: { protocolVersion: 1, deviceId: tablet.deviceId, batchId: crypto.randomUUID(), pendingCount: 0, entries: [pushEntryOf(caller, caller.revisions[0]!, 1, 1), pushEntryOf(other, other.revisions[0]!, 1, 2)] },
  });
  expect((await pushed.json()).results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied']);
  const callerSurname = String((caller.revisions[0]!.answers as Record<string, unknown>).surname);

  // The first hand-over holds both, with their names.
  const first = await downloadJobcenter(page, 'xlsx');
  expect(first.ids).toEqual(expect.arrayContaining([caller.recordId, other.recordId]));
  expect(first.surnames).toContain(callerSurname);
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);

  // The person phones: no more data to the Jobcenter. The coordinator enters it on the record page.
  await page.goto(`/coordinator/records?record=${caller.recordId}`);
  await expect(page.getByTestId('record-disclosures')).toContainText(texts.disclosures.given.replace('{{recipient}}', 'Jobcenter').replace('{{by}}', coordinator.name));
  const form = page.getByTestId('withdrawal-form');
  await form.getByLabel(texts.erasure.form.channel).selectOption({ label: texts.erasure.channel.phone });
  await form.getByLabel(texts.erasure.form.scopeRecipients).check();
  await form.getByRole('checkbox', { name: 'Jobcenter' }).check();
  await form.getByRole('button', { name: texts.erasure.form.submit }).click();
  await expect(form.getByTestId('withdrawal-done')).toHaveText(texts.erasure.form.donePartial);

  // The next Jobcenter hand-over leaves the caller out, and the page says why.
  const second = await downloadJobcenter(page, 'csv');
  expect(second.ids).toContain(other.recordId);
  expect(second.ids).not.toContain(caller.recordId);
  expect(second.surnames).not.toContain(callerSurname);
  await expect(page.getByTestId('handover-left-out').getByRole('row').filter({ hasText: shortReference(caller.recordId) })).toContainText(texts.handover.reasonShort.recipient_withdrawn);

  // Art. 15: the printable document lists the disclosure and who viewed the record.
  await page.goto(`/coordinator/records?record=${caller.recordId}`);
  await page.getByTestId('subject-access-link').click();
  const document = page.getByTestId('subject-access');
  const [de, ar] = [documentDe.labels, documentAr.labels];
  await expect(document.getByRole('heading', { level: 1, name: de.title })).toBeVisible();
  await expect(document.getByTestId('subject-access-disclosures')).toContainText('Jobcenter');
  await expect(document.getByTestId('subject-access-disclosures').getByRole('listitem')).toHaveCount(1);
  const accesses = document.getByTestId('subject-access-accesses');
  await expect(accesses.getByRole('row').filter({ hasText: de.action.view }).first()).toContainText(coordinator.name);
  await expect(accesses).toContainText(de.action.withdrawal);
  await expect(accesses).toContainText(de.action.subjectAccess);
  await expect(document.getByTestId('subject-access-consent').getByRole('row').filter({ hasText: 'Jobcenter' })).toContainText(de.state.withdrawn);
  await expect(document).toContainText(callerSurname);

  // Its own headings and labels: German, and beside each the person's language, marked as Arabic
  // written right to left; the translation of the headings is marked as a draft.
  for (const level of [1, 2]) {
    const heading = document.getByRole('heading', { level, name: level === 1 ? de.title : de.consentTitle });
    await expect(heading.locator('[lang="de"]')).toHaveText(level === 1 ? de.title : de.consentTitle);
    const arabic = heading.locator('[lang="ar"]');
    await expect(arabic).toHaveText(level === 1 ? ar.title : ar.consentTitle);
    await expect(arabic).toHaveAttribute('dir', 'rtl');
  }
  await expect(document.getByTestId('subject-access-consent').getByRole('row').filter({ hasText: 'Jobcenter' }).locator('td [lang="ar"][dir="rtl"]')).toHaveText(ar.state.withdrawn);
  await expect(accesses.getByRole('columnheader').first().locator('[lang="ar"]')).toHaveText(ar.when);
  const draft = document.getByTestId('subject-access-draft-mark');
  await expect(draft.locator('[lang="de"]')).toHaveText(de.draftNote);
  await expect(draft.locator('[lang="ar"]')).toHaveAttribute('dir', 'rtl');
  const seriousOnDocument = (await new AxeBuilder({ page }).include('[data-testid="subject-access"]').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(seriousOnDocument.map((v) => v.id)).toEqual([]);
});

test('an admin sees the retention periods, previews what a later day would erase, and saves the periods', async ({ page }) => {
  test.setTimeout(120_000);
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();
  await page.getByRole('navigation', { name: texts.frame.navLabel }).getByRole('link', { name: texts.frame.retention }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.retention.title })).toBeVisible();
  const months = page.getByLabel(texts.retention.setting.counsellingMonths);
  await expect(months).toHaveValue(/^\d+$/);
  // Far enough ahead, every interview of the e2e server is due; the preview says how many, and lists them.
  await page.getByLabel(texts.retention.previewDate).fill('2099-01-01');
  const count = page.getByTestId('retention-preview-count');
  await expect(count).toContainText('2099-01-01');
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);
  await months.fill(String(await months.inputValue()));
  await page.getByRole('button', { name: texts.retention.save }).click();
  await expect(page.getByText(texts.retention.saved, { exact: true })).toBeVisible();
  await expect(page.getByText(texts.retention.lastSaved.replace('{{by}}', coordinator.name))).toBeVisible();
});
