/**
 * Issue #14: the health consent (notice@3, Art. 9(2)(a)) withdrawn on its own. A person phones; the
 * coordinator enters the withdrawal of only that item on the record page. The health answer is
 * gone from the record page and from the export; the rest of the record stays, and the consent
 * history shows the item withdrawn by phone. The tablet that captured it learns of it at its next
 * sync (a partial erasure in the pull): its sealed local copy no longer holds the health answer, the
 * rest stays. On a server of its own: saving the settings publishes notice@3, which the shared
 * server's other specs must not see.
 */
import { unzipSync } from 'fflate';
import { parse as parseCsv } from 'csv-parse/sync';
import { E2E_PASSPHRASE, expect, test } from './support/test';
import fs from 'node:fs';
import { createConsentRecord, filledNotice, noticeArtifactSchema, noticeRef, settingKeys, type DeploymentSettings } from '../src/core/consent/index';
import { payloadHash } from '../src/core/record/payload-hash';
import { profilingbogenV2Complete } from '../src/core/form/__fixtures__/profilingbogen-answers';
import texts from '../locales/de/coordinator.json' with { type: 'json' };
import appTexts from '../locales/de/translation.json' with { type: 'json' };
import syncTexts from '../locales/de/sync.json' with { type: 'json' };
import { createCoordinatorWithCli, type CoordinatorApi } from './pages/coordinator';
import { shell } from './pages/shell';
import { enrolWithPassphrase } from './pages/tablet';
import { openedDeviceStores, writeStoredRecord } from './support/opened-store';
import { startServer, type TestServer } from './support/server';

const COORDINATOR = { name: 'Clara Koordination', password: 'lange genug und geheim 42' };
const readContent = (file: string): unknown => JSON.parse(fs.readFileSync(new URL(`../content/${file}`, import.meta.url), 'utf8'));
const form = readContent('forms/profilingbogen@2.json') as { sections: { items: { id: string; label: { de: string } }[] }[] };
const healthLabel = form.sections.flatMap((s) => s.items).find((item) => item.id === 'workRestrictions')!.label.de;
const template = noticeArtifactSchema.parse(readContent('notices/notice@3/de.json'));
const values = {
  ...(Object.fromEntries(settingKeys.map((key) => [key, `Landkreis Peine (${key})`])) as DeploymentSettings['values']),
  dpoPhone: '05171 401-1000',
  dpoEmail: 'datenschutz@landkreis-peine.de',
  supervisoryAuthorityPhone: '0511 120-4500',
  supervisoryAuthorityEmail: 'poststelle@lfd.niedersachsen.de',
  withdrawalPhone: '05171 401-7700',
  withdrawalEmail: 'uebergang@landkreis-peine.de',
  withdrawalAddress: 'Landkreis Peine, Burgstraße 1, 31224 Peine',
};
const answersWithHealth = {
  ...profilingbogenV2Complete,
  interviewerAssessment: 'Motiviert, sucht eine Stelle in einer Apotheke.',
  recommendedMeasures: ['jobLanguageCourse'],
  workRestrictions: true,
};

let server: TestServer;
test.beforeAll(async () => {
  server = await startServer({ staticDir: process.env.STATIC_DIR ?? 'dist' });
  createCoordinatorWithCli(COORDINATOR.name, COORDINATOR.password, server.dataDir);
});
test.afterAll(async () => {
  await server.stop();
});

async function exportedRow(request: import('@playwright/test').APIRequestContext, recordId: string): Promise<Record<string, string>> {
  const response = await request.get(`${server.url}/api/v1/exports/records.csv`);
  expect(response.status()).toBe(200);
  const files = unzipSync(new Uint8Array(await response.body()));
  const rows = parseCsv(new TextDecoder().decode(files['records.csv']), { bom: true }) as string[][];
  const header = rows[0]!;
  const row = rows.find((r) => r.includes(recordId));
  expect(row, 'the record is in the export').toBeDefined();
  return Object.fromEntries(header.map((name, index) => [name, row![index]!]));
}

test('the coordinator withdraws only the health consent: the health answer leaves the record page, the export and the tablet, the rest stays', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const request = page.request;
  expect((await request.post(`${server.url}/api/v1/auth/login`, { data: COORDINATOR })).status()).toBe(200);
  const saved = await request.put(`${server.url}/api/v1/settings`, { data: { values } });
  expect(saved.status(), await saved.text()).toBe(201);
  const de = filledNotice(template, { id: 'deployment', version: (await saved.json()).settings.version, values } as DeploymentSettings)!;

  // A tablet (the app, enrolled here) pushes an interview that consented to everything, the health item included, and answered the health question.
  const tabletContext = await browser.newContext({ baseURL: server.url });
  const tabletPage = await tabletContext.newPage();
  const codes = { enrolmentCode: async () => (await (await request.post(`${server.url}/api/v1/enrolments`, { data: { deviceName: 'Tablet Gesundheit' } })).json()).code as string } as unknown as CoordinatorApi;
  await enrolWithPassphrase(tabletPage, codes, 'Tablet Gesundheit', E2E_PASSPHRASE);
  const metaValue = (meta: Record<string, unknown>[], key: string) => meta.find((row) => row.key === key)?.value as string;
  const enrolled = (await openedDeviceStores(tabletPage)).meta;
  const tablet = { deviceId: metaValue(enrolled, 'deviceId'), deviceToken: metaValue(enrolled, 'deviceToken') };
  expect(tablet.deviceId).toMatch(/^[0-9a-f-]{36}$/);
  const recordId = crypto.randomUUID();
  const interviewer = { id: 'iv-1', name: 'Ines Interviewerin' };
  const accepted = (items: readonly { id: string }[]) => Object.fromEntries(items.map((item) => [item.id, 'accepted' as const]));
  const consent = createConsentRecord(
    {
      record_id: recordId, interview_id: recordId, pii_principal_id: recordId, parties: { interviewer }, collection_method: 'read_by_applicant',
      purposes: accepted(de.purposes), recipient_third_parties: accepted(de.recipients), explicit_consents: { health: 'accepted' }, special_categories: true, age_at_consent: 37,
      evidence: { kind: 'signature', strokes: [[{ x: 1, y: 2, t: 0 }, { x: 3, y: 4, t: 16 }]], png: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' },
    },
    de,
    de,
    new Date(),
  );
  const record = {
    recordId,
    interview: { interviewerId: interviewer.id, interviewerName: interviewer.name, site: 'Unterkunft Nord', startedAt: new Date(Date.now() - 3600_000).toISOString(), completedAt: new Date().toISOString(), applicantLang: 'de', interviewLang: 'de' },
    consent,
    answers: answersWithHealth,
  };
  const payload = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  const pushed = await request.post(`${server.url}/api/v1/sync/push`, {
    headers: { authorization: `Bearer ${tablet.deviceToken}` },
    data: { protocolVersion: 1, deviceId: tablet.deviceId, batchId: crypto.randomUUID(), pendingCount: 0, entries: [{ seq: 1, recordId, rev: 1, baseRev: 0, formRef: 'profilingbogen@2', noticeRef: noticeRef(de), payload, payloadSha256: payloadHash(payload) }] },
  });
  expect((await pushed.json()).results.map((r: { status: string }) => r.status)).toEqual(['applied']);
  // The tablet keeps its copy, sealed, as after a sync that delivered it.
  await writeStoredRecord(tabletPage, {
    recordId, rev: 1, serverRev: 1, status: 'synced', editing: false, formRef: 'profilingbogen@2', createdAt: record.interview.startedAt, updatedAt: record.interview.completedAt,
    progress: { stage: 'done', sectionId: null }, interview: record.interview, consent, answers: answersWithHealth, displayName: String(profilingbogenV2Complete.surname), noticeRef: noticeRef(de),
  });
  const tabletAnswers = async () => (await openedDeviceStores(tabletPage)).records.find((row) => row.recordId === recordId)?.answers as Record<string, unknown> | undefined;
  expect((await tabletAnswers())?.workRestrictions).toBe(true);
  const surname = String(profilingbogenV2Complete.surname);
  expect((await exportedRow(request, recordId)).workRestrictions).not.toBe('');

  // The record page shows the health answer among the others.
  await page.goto(`${server.url}/coordinator/records?record=${recordId}`);
  const answers = page.getByTestId('record-answers');
  await expect(answers).toContainText(healthLabel);
  await expect(answers).toContainText(surname);

  // The person phones: only the health consent is withdrawn.
  const form = page.getByTestId('withdrawal-form');
  await form.getByLabel(texts.erasure.form.channel).selectOption({ label: texts.erasure.channel.phone });
  await form.getByLabel(texts.erasure.form.scopeRecipients).check();
  await form.getByTestId('withdraw-explicit-health').getByRole('checkbox').check();
  await expect(form).toContainText(texts.erasure.form.explicitWarning);
  await form.getByRole('button', { name: texts.erasure.form.submit }).click();
  await expect(form.getByTestId('withdrawal-done')).toHaveText(texts.erasure.form.doneExplicit);

  // The health answer is gone from the page, the rest stays; the history says withdrawn, by phone.
  await page.reload();
  await expect(page.getByTestId('record-answers')).toContainText(surname);
  await expect(page.getByTestId('record-answers')).not.toContainText(healthLabel);
  await expect(page.getByTestId('record-erased')).toHaveCount(0);
  const healthRow = page.getByTestId('consent-explicit-health');
  await expect(healthRow).toContainText(texts.consentHistory.state.withdrawn);
  await expect(healthRow).toContainText(texts.consentHistory.channel.phone);
  await expect(page.getByTestId('consent-jobcenter')).toContainText(texts.consentHistory.state.given);

  // The export: the record is still there with its name, the health answer is empty.
  const row = await exportedRow(request, recordId);
  expect(row.workRestrictions).toBe('');
  expect(Object.values(row)).toContain(surname);

  // The tablet syncs: its copy loses the health answer and keeps the rest; the server is told.
  await shell(tabletPage).navLink(appTexts.nav.sync).click();
  await tabletPage.getByRole('button', { name: syncTexts.screen.syncNow }).click();
  await expect.poll(async () => (await tabletAnswers())?.workRestrictions, { timeout: 30_000 }).toBeUndefined();
  const kept = await tabletAnswers();
  expect(kept?.surname).toBe(surname);
  expect(kept?.interviewerAssessment).toBe(answersWithHealth.interviewerAssessment);
  const stored = await openedDeviceStores(tabletPage);
  expect(JSON.stringify([stored.records, stored.outbox, stored.syncIssues])).not.toContain('workRestrictions');
  await expect.poll(async () => ((await openedDeviceStores(tabletPage)).meta.find((row) => row.key === 'partialErasuresToConfirm')?.value as string[] | undefined)?.length, { timeout: 30_000 }).toBe(0);
  await tabletContext.close();
});
