/**
 * Hand-over mode (issue #12 item 5): while the applicant holds the tablet only their interview is
 * reachable — a link, the back button, a typed URL, a reload and a new tab all end on it — and
 * only the interviewer's passphrase ends the mode.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import shellTexts from '../locales/de/translation.json' with { type: 'json' };
import lockTexts from '../locales/de/lock.json' with { type: 'json' };
import { shell } from './pages/shell';
import { startInterview } from './pages/consent';
import { coordinatorApi as signedInCoordinator, createCoordinatorWithCli } from './pages/coordinator';
import { enrolWithPassphrase } from './pages/tablet';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Buttons of at least 44×44 px (the project's touch target). */
async function smallButtons(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main button, .handover-bar button, header button')]
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => ({ name: element.textContent?.trim() ?? '', rect: element.getBoundingClientRect() }))
      .filter(({ rect }) => rect.height < 44 || rect.width < 44)
      .map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
  );
}

const COORDINATOR = { name: 'Hanna Hand', password: 'sehr-geheimes-passwort' };
const PASSPHRASE = 'Ofen Tulpe Regen Karte';

test('hand-over mode: back, typed URL, reload and a new tab stay on the interview; a wrong passphrase does not end it, the right one does', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password);
  await enrolWithPassphrase(page, await signedInCoordinator(request, COORDINATOR), 'Tablet Hand', PASSPHRASE);
  const app = shell(page);
  await app.navLink('Interviews').click();
  const other = await startInterview(page, 'Ines Interviewerin');
  await app.navLink('Interviews').click();
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const here = new RegExp(`/interviews/${recordId}$`);

  await page.getByTestId('start-handover').click();
  const bar = page.getByTestId('handover-bar');
  await expect(bar).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByTestId('lock-button')).toHaveCount(0);
  await page.getByRole('button', { name: shellTexts.handoverMode.giveBack }).click();
  expect(await seriousViolations(page)).toEqual([]);
  expect(await smallButtons(page)).toEqual([]);
  await page.getByRole('button', { name: shellTexts.handoverMode.cancel }).click();

  // The back button (the list was before this interview in the history).
  await page.goBack();
  await expect(page).toHaveURL(here);
  await expect(bar).toBeVisible();
  // Typed URLs: the list, another interview, the settings, the coordinator pages.
  for (const path of ['/', `/interviews/${other}`, '/settings', '/sync', '/coordinator/devices']) {
    await page.goto(path);
    await expect(page).toHaveURL(here);
    await expect(page.getByTestId('handover-bar')).toBeVisible();
    await expect(page.getByRole('navigation')).toHaveCount(0);
  }
  // A reload.
  await page.reload();
  await expect(page).toHaveURL(here);
  await expect(page.getByTestId('handover-bar')).toBeVisible();
  // A new tab.
  const second = await context.newPage();
  await second.goto('/');
  await expect(second).toHaveURL(here);
  await expect(second.getByTestId('handover-bar')).toBeVisible();
  await second.close();

  // Leaving needs the interviewer's passphrase.
  await page.getByRole('button', { name: shellTexts.handoverMode.giveBack }).click();
  await page.getByLabel(shellTexts.handoverMode.secret).fill('Falsche Worte Hier Drin');
  await page.getByRole('button', { name: shellTexts.handoverMode.end }).click();
  await expect(page.getByTestId('handover-error')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('handover-bar')).toBeVisible();
  await page.getByLabel(shellTexts.handoverMode.secret).fill(PASSPHRASE);
  await page.getByRole('button', { name: shellTexts.handoverMode.end }).click();
  await expect(page.getByTestId('handover-bar')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('navigation')).toBeVisible();
  await app.navLink('Interviews').click();
  await expect(page).toHaveURL(/\/$/);

  // The local wipe's warning names the two unsent drafts; the screen is axe-clean with big buttons.
  await app.navLink('Einstellungen').click();
  await page.getByRole('button', { name: lockTexts.wipe.start }).click();
  const warning = page.getByTestId('wipe-warning');
  await expect(warning).toContainText(lockTexts.wipe.draftsTitle.replace('{{count}}', '2'));
  await expect(page.getByRole('button', { name: lockTexts.wipe.confirm })).toBeDisabled();
  expect(await seriousViolations(page)).toEqual([]);
  expect(await smallButtons(page)).toEqual([]);
  await expect(page.getByTestId('lock-button')).toBeVisible();
});
