/**
 * Roles from the admin's and an analyst's side: an admin creates an analyst account in the UI,
 * the analyst sets the password with the one-time link, sees the evaluation but no record (not in
 * the navigation, not by URL, not through the API), the admin finds it all in the audit log, and
 * disabling the account ends the analyst's session at once.
 */
import crypto from 'node:crypto';
import { expect, test } from './support/test';
import { coordinatorBar, createCoordinatorWithCli, loginPage, texts } from './pages/coordinator';

const admin = { name: `Admin ${crypto.randomUUID().slice(0, 8)}`, password: 'ein langes Passwort für Tests' };
const analystName = `Ana Lyse ${crypto.randomUUID().slice(0, 8)}`;
const analystPassword = 'das Passwort der Analystin';

test.beforeAll(() => {
  createCoordinatorWithCli(admin.name, admin.password);
});

test('an admin creates an analyst, who sees the evaluation but not the records, and the audit log shows it', async ({ page, browser }) => {
  const login = loginPage(page);
  await login.open();
  await login.signIn(admin);
  const bar = coordinatorBar(page);
  await expect(bar.signedInAs).toContainText(`${admin.name} (${texts.roles.admin})`);
  const nav = page.getByRole('navigation', { name: texts.frame.navLabel });
  await nav.getByRole('link', { name: texts.frame.accounts }).click();
  await expect(page.getByRole('heading', { level: 1, name: texts.accounts.title })).toBeVisible();

  // Create the analyst.
  await page.getByRole('textbox', { name: texts.accounts.name, exact: true }).fill(analystName);
  await page.getByLabel(texts.accounts.role, { exact: true }).selectOption({ label: texts.roles.analyst });
  await expect(page.getByText(texts.roles.about.analyst)).toBeVisible();
  await page.getByRole('button', { name: texts.accounts.create }).click();
  const linkField = page.getByTestId('password-link');
  await expect(linkField).toHaveValue(/\/coordinator\/password#[A-Za-z0-9_-]{43}$/);
  const link = await linkField.inputValue();
  const row = page.locator(`[data-testid="account-row"][data-account="${analystName}"]`);
  await expect(row.getByTestId('account-state')).toHaveText(texts.accounts.state.linkOpen);
  await expect(row.getByRole('combobox')).toHaveValue('analyst');

  // The analyst, in a browser of their own, follows the link and sets the password.
  const analystContext = await browser.newContext();
  const analyst = await analystContext.newPage();
  try {
    await analyst.goto(link);
    await expect(analyst.getByRole('heading', { level: 1, name: texts.password.title })).toBeVisible();
    await analyst.getByLabel(texts.setup.password, { exact: true }).fill(analystPassword);
    await analyst.getByLabel(texts.setup.repeat, { exact: true }).fill(analystPassword);
    await analyst.getByRole('button', { name: texts.password.submit }).click();
    await expect(coordinatorBar(analyst).signedInAs).toContainText(`${analystName} (${texts.roles.analyst})`);
    // The one-time link is gone from the address bar and the history.
    expect(analyst.url()).not.toContain('#');

    // No page for records, hand-overs, devices, content, accounts, the audit log or retention in the analyst's navigation.
    const analystNav = analyst.getByRole('navigation', { name: texts.frame.navLabel });
    for (const label of [texts.frame.records, texts.frame.handovers, texts.frame.devices, texts.frame.content, texts.frame.accounts, texts.frame.audit, texts.frame.retention]) {
      await expect(analystNav.getByRole('link', { name: label })).toHaveCount(0);
    }
    // Nor by typing the address: the page says so and loads nothing.
    const recordRequests: string[] = [];
    analyst.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/records')) recordRequests.push(request.url());
    });
    await analyst.goto('/coordinator/records');
    await expect(analyst.getByRole('heading', { level: 1, name: texts.frame.notForRole.title })).toBeVisible();
    await expect(analyst.getByTestId('records-table')).toHaveCount(0);
    expect(recordRequests).toEqual([]);
    // And the server refuses it whatever the page does.
    const records = await analyst.request.get('/api/v1/records');
    expect(records.status()).toBe(403);
    expect((await analyst.request.get('/api/v1/exports/partners/jobcenter.xlsx')).status()).toBe(403);
    expect((await records.json()).error.code).toBe('forbidden');
    expect((await analyst.request.get(`/api/v1/records/${crypto.randomUUID()}`)).status()).toBe(403);
    expect((await analyst.request.get('/api/v1/audit')).status()).toBe(403);
    // The evaluation is the analyst's: counts only.
    const evaluation = await analyst.request.get('/api/v1/evaluation?lang=de');
    expect(evaluation.status()).toBe(200);
    expect(Array.isArray((await evaluation.json()).tables)).toBe(true);

    // The admin sees all of it in the audit log.
    await nav.getByRole('link', { name: texts.frame.audit }).click();
    await expect(page.getByRole('heading', { level: 1, name: texts.audit.title })).toBeVisible();
    await page.getByLabel(texts.audit.filter.actor).fill(analystName);
    await page.getByRole('button', { name: texts.audit.filter.apply, exact: true }).click();
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toHaveAttribute('data-action', 'evaluation.view');
    await expect(page.locator('[data-testid="audit-row"][data-action="auth.password_set"]')).toHaveCount(1);
    await expect(page.getByTestId('audit-csv')).toHaveAttribute('href', `/api/v1/audit.csv?actor=${encodeURIComponent(analystName).replaceAll('%20', '+')}`);
    await page.getByRole('button', { name: texts.audit.filter.clear }).click();
    const created = page.locator('[data-testid="audit-row"][data-action="account.create"]').filter({ hasText: analystName });
    await expect(created).toHaveCount(1);
    await expect(created).toContainText(admin.name);

    // Disabling the analyst ends their session at once.
    await nav.getByRole('link', { name: texts.frame.accounts }).click();
    await row.getByRole('button', { name: texts.accounts.disable }).click();
    await expect(row.getByTestId('account-state')).toHaveText(texts.accounts.state.disabled);
    await analyst.goto('/coordinator');
    await expect(loginPage(analyst).heading).toBeVisible();
    await loginPage(analyst).signIn({ name: analystName, password: analystPassword });
    await expect(loginPage(analyst).error).toHaveText(texts.login.wrongCredentials);
  } finally {
    await analystContext.close();
  }
});
