import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import de from '../../locales/de/coordinator.json' with { type: 'json' };
import { freePort } from '../../src/server/testing/processes';

/** The German UI strings of the coordinator pages (German is the default UI language). */
export const texts = de;

/**
 * Creates a coordinator the way an operator does, with the admin CLI on the
 * server's database (playwright.config.ts exports E2E_DATA_DIR for this; a
 * server of a test's own passes its `dataDir`).
 */
export function createCoordinatorWithCli(name: string, password: string, dataDir = process.env.E2E_DATA_DIR): void {
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: run through playwright.config.ts');
  execFileSync('npm', ['run', '--silent', 'lotse', '--', 'create-coordinator', name], {
    input: `${password}\n`,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** A record as the coordinator's records API lists it. */
export interface ReceivedRecord {
  recordId: string;
  deviceId: string;
  revisionCount: number;
}

/**
 * The coordinator's side through the API, signed in with `credentials` (the request context keeps
 * the session cookie): enrolment codes, what reached the server, revocation.
 */
export async function coordinatorApi(request: APIRequestContext, credentials: { name: string; password: string }) {
  const login = await request.post('/api/v1/auth/login', { data: credentials });
  expect(login.status()).toBe(200);
  return {
    async enrolmentCode(deviceName = 'Tablet Süd'): Promise<string> {
      const created = await request.post('/api/v1/enrolments', { data: { deviceName } });
      expect(created.status()).toBe(201);
      return (await created.json()).code as string;
    },
    /** Every record on the server, or only one device's; with its conflicts and rejections (every page). */
    async received(deviceId?: string): Promise<{ records: ReceivedRecord[]; issues: unknown[] }> {
      const everyPage = async <T>(path: string, key: string): Promise<T[]> => {
        const rows: T[] = [];
        for (let offset = 0; ; offset += 200) {
          const response = await request.get(`${path}?limit=200&offset=${offset}${deviceId ? `&deviceId=${deviceId}` : ''}`);
          expect(response.status()).toBe(200);
          const body = await response.json();
          rows.push(...(body[key] as T[]));
          if (offset + 200 >= body.page.total) return rows;
        }
      };
      return { records: await everyPage<ReceivedRecord>('/api/v1/records', 'records'), issues: await everyPage('/api/v1/issues', 'issues') };
    },
    async revoke(deviceId: string): Promise<void> {
      // Body-less, but JSON like the app's: the server refuses state changes a plain form could send.
      const response = await request.post(`/api/v1/devices/${deviceId}/revoke`, { headers: { 'content-type': 'application/json' } });
      expect(response.status()).toBe(200);
    },
  };
}

export type CoordinatorApi = Awaited<ReturnType<typeof coordinatorApi>>;

export interface FreshServer {
  /** The one-time set-up link the server printed. */
  setupUrl: string;
  stop(): Promise<void>;
}

/**
 * A second server on an empty database, serving the same build, to follow the
 * set-up link it prints on its console (the webServer's console is not readable from tests).
 */
export async function startFreshServer(): Promise<FreshServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-e2e-setup-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const setupUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = /Set up the first coordinator: (\S+)/.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before printing a set-up link:\n${output}`)));
  });
  return {
    setupUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export function setupPage(page: Page) {
  return {
    heading: page.getByRole('heading', { level: 1, name: de.setup.title }),
    name: page.getByRole('textbox', { name: de.setup.name, exact: true }),
    password: page.getByLabel(de.setup.password, { exact: true }),
    repeat: page.getByLabel(de.setup.repeat, { exact: true }),
    submit: page.getByRole('button', { name: de.setup.submit }),
    done: page.getByTestId('setup-done'),
    toLogin: page.getByRole('link', { name: de.setup.toLogin }),
  };
}

export function loginPage(page: Page) {
  const name = page.getByRole('textbox', { name: de.login.name, exact: true });
  const password = page.getByLabel(de.login.password, { exact: true });
  const submit = page.getByRole('button', { name: de.login.submit, exact: true });
  return {
    heading: page.getByRole('heading', { level: 1, name: de.login.title }),
    name,
    password,
    submit,
    error: page.getByTestId('login-error'),
    signedOut: page.getByTestId('signed-out'),
    async open() {
      await page.goto('/coordinator/login');
      await expect(page.getByRole('heading', { level: 1, name: de.login.title })).toBeVisible();
    },
    async signIn(coordinator: { name: string; password: string }) {
      await name.fill(coordinator.name);
      await password.fill(coordinator.password);
      await submit.click();
    },
  };
}

/** The bar on every signed-in coordinator page. */
export function coordinatorBar(page: Page) {
  const nav = page.getByRole('navigation', { name: de.frame.navLabel });
  return {
    nav,
    devicesLink: nav.getByRole('link', { name: de.frame.devices }),
    recordsLink: nav.getByRole('link', { name: de.frame.records }),
    signedInAs: page.getByTestId('signed-in-as'),
    logout: page.getByRole('button', { name: de.frame.logout }),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function devicesPage(page: Page) {
  const devicesTable = page.getByTestId('devices-table');
  // On a phone the cells carry their column label in front (CSS), which is part of the accessible name.
  const deviceRow = (deviceName: string) =>
    devicesTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`(^|\\s)${escapeRegExp(deviceName)}$`) }) });
  const dialog = page.getByRole('alertdialog');
  return {
    heading: page.getByRole('heading', { level: 1, name: de.devices.title }),
    refresh: page.getByRole('button', { name: de.common.refresh }),
    deviceName: page.getByLabel(de.enrolment.deviceName),
    expiry: page.getByLabel(de.enrolment.expiry),
    create: page.getByRole('button', { name: de.enrolment.create }),
    newEnrolment: page.getByTestId('new-enrolment'),
    code: page.getByTestId('enrolment-code'),
    enrolUrl: page.getByTestId('enrol-url'),
    qrCode: (code: string) => page.getByRole('img', { name: de.enrolment.qrAlt.replace('{{code}}', code) }),
    openEnrolments: page.getByRole('table', { name: new RegExp(`^${de.enrolment.openCaption}`) }),
    announcement: page.getByTestId('coord-announcement'),
    devicesTable,
    deviceRow,
    deviceState: (deviceName: string) => deviceRow(deviceName).getByTestId('device-state'),
    revokeButton: (deviceName: string) => deviceRow(deviceName).getByRole('button', { name: `${de.devices.revoke} ${deviceName}` }),
    recordsLink: (deviceName: string) => deviceRow(deviceName).getByRole('link', { name: `${de.devices.showRecords} ${deviceName}` }),
    revokeDialog: {
      dialog,
      cancel: dialog.getByRole('button', { name: de.common.cancel }),
      confirm: dialog.getByRole('button', { name: de.revoke.confirm }),
    },
    async createEnrolment(options: { deviceName?: string; expiry?: string } = {}): Promise<string> {
      if (options.deviceName !== undefined) await page.getByLabel(de.enrolment.deviceName).fill(options.deviceName);
      if (options.expiry !== undefined) await page.getByLabel(de.enrolment.expiry).selectOption({ label: options.expiry });
      await page.getByRole('button', { name: de.enrolment.create }).click();
      const code = page.getByTestId('enrolment-code');
      await expect(code).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      return (await code.textContent())!.trim();
    },
  };
}

export function recordsPage(page: Page) {
  const recordLinkName = (recordId: string) => `${de.records.recordLinkPrefix} ${recordId.slice(0, 8)}`;
  return {
    heading: page.getByRole('heading', { level: 1 }),
    refresh: page.getByRole('button', { name: de.common.refresh }),
    issueRow: (recordId: string) =>
      page.getByTestId('issues-table').getByRole('row').filter({ has: page.getByRole('link', { name: recordLinkName(recordId) }) }),
    recordLink: (recordId: string) => page.getByRole('link', { name: recordLinkName(recordId) }).first(),
    summary: page.getByTestId('records-summary'),
    empty: page.getByTestId('records-empty'),
    noIssues: page.getByTestId('no-issues'),
    showAll: page.getByRole('link', { name: de.records.showAllDevices }),
  };
}
