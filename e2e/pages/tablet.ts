import { expect, type Page } from '@playwright/test';
import syncTexts from '../../locales/de/sync.json' with { type: 'json' };
import lockTexts from '../../locales/de/lock.json' with { type: 'json' };
import type { CoordinatorApi } from './coordinator';
import { shell } from './shell';

/** Enrols this browser as a tablet and sets its passphrase (issue #12); leaves it unlocked. */
export async function enrolWithPassphrase(page: Page, api: CoordinatorApi, deviceName: string, passphrase: string): Promise<void> {
  const app = shell(page);
  await app.open('/enrol');
  await app.waitForServiceWorkerControl();
  await page.getByLabel(syncTexts.enrol.code).fill(await api.enrolmentCode(deviceName));
  await page.getByLabel(syncTexts.enrol.deviceName).fill(deviceName);
  await page.getByRole('button', { name: syncTexts.enrol.submit }).click();
  // The first field's name includes its hint (the label wraps it).
  await page.getByTestId('set-secret').getByRole('textbox', { name: new RegExp(`^${lockTexts.set.secret}\\b(?! wiederholen)`) }).fill(passphrase);
  await page.getByLabel(lockTexts.set.repeat).fill(passphrase);
  await page.getByRole('button', { name: lockTexts.set.submit }).click();
  await expect(page.getByTestId('set-secret')).toHaveCount(0, { timeout: 30_000 });
}
