import crypto from 'node:crypto';
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/test';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { createCoordinatorWithCli, devicesPage, loginPage, recordsPage, texts } from './pages/coordinator';

const coordinator = { name: `Export ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };

test.beforeAll(() => {
  createCoordinatorWithCli(coordinator.name, coordinator.password);
});

test('a coordinator downloads the records of one tablet as CSV files or an Excel file, in the labels chosen', async ({ page }) => {
  // Two downloads, each projecting the evaluation facts first: slow on a busy machine.
  test.setTimeout(180_000);
  const login = loginPage(page);
  await login.open();
  await login.signIn(coordinator);
  await expect(devicesPage(page).heading).toBeVisible();
  // A tablet of its own, so that the filter carried over is this one.
  const deviceName = `Export-Tablet ${crypto.randomUUID().slice(0, 6)}`;
  const enrolment = await page.request.post('/api/v1/enrolments', { data: { deviceName } });
  const enrolled = await page.request.post('/api/v1/enrol', { data: { code: (await enrolment.json()).code, deviceName } });
  const { deviceId } = (await enrolled.json()) as { deviceId: string };
  await page.goto(`/coordinator/records?device=${deviceId}`);
  await expect(recordsPage(page).heading).toContainText(deviceName);

  const control = page.getByTestId('export-control');
  await control.getByText(texts.export.title, { exact: true }).click();
  await expect(control.getByTestId('export-filters')).toHaveText(texts.export.filtered);
  await control.getByLabel(texts.export.labels).selectOption({ label: texts.export.labelMode.en });
  await control.getByLabel(texts.export.multi).selectOption({ label: texts.export.multiMode.joined });
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => v.id)).toEqual([]);

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), control.getByRole('link', { name: texts.export.csv }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^lotse-records-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = unzipSync(new Uint8Array(fs.readFileSync((await csvDownload.path())!)));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['records.csv', 'workExperience.csv', 'dictionary.csv', 'metadata.csv']));
  const table = (name: string) => parseCsv(new TextDecoder().decode(files[name]), { bom: true }) as string[][];
  // No interview from this tablet yet: the header only, and the metadata says why.
  expect(table('records.csv')).toHaveLength(1);
  expect(table('records.csv')[0]).toEqual(expect.arrayContaining(['record_id', 'form_version', 'consent.status', 'nationality', 'surname']));
  const metadata = Object.fromEntries(table('metadata.csv').slice(1));
  expect(metadata).toMatchObject({ exported_by: coordinator.name, labels: 'en', multiple_choice: 'joined', 'filter.device': deviceId, records: '0' });

  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), control.getByRole('link', { name: texts.export.xlsx }).click()]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
  const sheets = await readXlsxFile(fs.readFileSync((await xlsxDownload.path())!));
  expect(sheets.map((s) => s.sheet)).toEqual(expect.arrayContaining(['records', 'dictionary', 'metadata']));
  const dictionary = sheets.find((s) => s.sheet === 'dictionary')!.data;
  expect(dictionary.find((row) => row[1] === 'nationality')?.[3]).toMatch(/nationalit/i);
});
