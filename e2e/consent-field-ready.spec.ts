import { expect, test, type Locator, type Page } from './support/test';
import AxeBuilder from '@axe-core/playwright';
import { consentStage, noticeFile, startInterview, storedInterview, texts } from './pages/consent';

const ar = noticeFile('ar');
const de = noticeFile('de');

type StoredDraft = { consentDraft?: { state: { step: string; decisions: { purposes: Record<string, string>; recipient_third_parties: Record<string, string> } } } };

/** Waits until the device holds the consent draft the test expects, as a reload would find it. */
async function draftSaved(page: Page, recordId: string, check: (draft: StoredDraft['consentDraft']) => boolean) {
  await expect.poll(async () => check(((await storedInterview(page, recordId)).record as StoredDraft | undefined)?.consentDraft)).toBe(true);
}

async function draw(page: Page, canvas: Locator) {
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not visible');
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + box.height / 3, { steps: 10 });
  await page.mouse.up();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a reload in the middle of the consent continues at the same step with the same choices, in Arabic right to left', async ({ page }) => {
  // Two reloads, a trip home and a whole consent: longer than one screen's default.
  test.setTimeout(150_000);
  await page.goto('/');
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);

  await consent.languageButton(ar.languageName).click();
  await consent.chooseMode(texts.mode.read_aloud);
  await consent.toDecision();
  await consent.decide('purpose', 'profiling', ar.ui.accept!);
  await consent.decide('recipient', 'jobcenter', ar.ui.refuse!);
  await expect(page.getByTestId('decision-progress')).toHaveText('2 von 12 entschieden');
  await draftSaved(page, recordId, (draft) => Object.keys(draft?.state.decisions.recipient_third_parties ?? {}).length === 1);

  for (const leave of ['reload', 'navigate'] as const) {
    if (leave === 'reload') await page.reload();
    else {
      await page.getByRole('navigation').getByRole('link').first().click();
      await expect(page.getByTestId('consent-stage')).toHaveCount(0);
      await page.goBack();
    }
    await expect(consent.stepHeading(texts.decision.title), `after ${leave}`).toBeVisible();
    await expect(page.getByRole('list', { name: texts.stage.stepsLabel }).locator('[aria-current="step"]')).toContainText(texts.steps.decision);
    await expect(page.getByTestId('decision-progress')).toHaveText('2 von 12 entschieden');
    const profiling = consent.item('purpose', 'profiling');
    await expect(profiling.getByRole('radio', { name: new RegExp(ar.ui.accept!) })).toBeChecked();
    await expect(consent.item('recipient', 'jobcenter').getByRole('radio', { name: new RegExp(ar.ui.refuse!) })).toBeChecked();
    await expect(page.getByRole('radio', { checked: true })).toHaveCount(2);
    // In the applicant's language and direction, German beside it.
    const arabicLabel = profiling.locator('legend [lang="ar"]');
    await expect(arabicLabel).toHaveAttribute('dir', 'rtl');
    await expect(arabicLabel).toHaveText(ar.purposes.find((p) => p.id === 'profiling')!.label);
    await expect(profiling.locator('legend [lang="de"]')).toHaveText(de.purposes.find((p) => p.id === 'profiling')!.label);
  }

  // The reading mode came back too.
  await consent.stage.getByRole('button', { name: texts.actions.backToReading }).click();
  await expect(page.getByTestId('reading-mode').getByRole('radio', { name: texts.mode.read_aloud })).toBeChecked();
  await expect(consent.column('ar')).toHaveAttribute('dir', 'rtl');
  await consent.toDecision();

  // Only the saved decision is evidence; the draft goes with it.
  await consent.bulkButton(de.ui.acceptAll!).click();
  await consent.continueToConfirmation().click();
  await consent.sign();
  await page.getByTestId('reading-attester').getByRole('radio', { name: texts.parties.witness }).check();
  await page.getByTestId('reading-attester-fields').getByLabel(texts.parties.name).fill('Wiebke Zeugin');
  await page.getByTestId('reading-attester-fields').getByLabel(texts.parties.role).fill('Sozialarbeiterin');

  // A signature being given survives a reload too, with the witness's name.
  await draftSaved(page, recordId, (draft) => {
    const capture = (draft?.state as { capture?: { drawing?: unknown; witness?: { role: string } } } | undefined)?.capture;
    return draft?.state.step === 'confirmation' && capture?.drawing != null && capture.witness?.role === 'Sozialarbeiterin';
  });
  await page.reload();
  await expect(consent.stepHeading(texts.confirmation.titleConsent)).toBeVisible();
  await expect(page.getByTestId('signature').getByRole('button', { name: new RegExp(ar.ui.clearSignature!) })).toBeEnabled();
  await expect(page.getByTestId('reading-attester-fields').getByLabel(texts.parties.name)).toHaveValue('Wiebke Zeugin');

  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('form-stage')).toBeVisible();
  const { record } = await storedInterview(page, recordId);
  expect(record).toMatchObject({ consent: { language: 'ar', evidence: { kind: 'signature' } } });
  expect((record as { consent: { evidence: { strokes: unknown[] } } }).consent.evidence.strokes.length).toBeGreaterThan(0);
  expect(record).not.toHaveProperty('consentDraft');
});

test('yes and no look alike until chosen; the choice shows a mark and a word; a mark is signed by its witness; no serious axe violations', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(ar.languageName).click();
  await consent.chooseMode(texts.mode.read_by_applicant);
  await consent.toDecision();

  const options = consent.item('purpose', 'profiling').locator('label');
  const look = (option: Locator) =>
    option.evaluate((element) => {
      const style = getComputedStyle(element);
      return `${style.borderTopColor} ${style.borderTopWidth} ${style.backgroundColor} ${style.color}`;
    });
  expect(await look(options.nth(0))).toBe(await look(options.nth(1)));

  // Chosen "yes" on one item and "no" on another look the same: colour says nothing about which.
  await consent.decide('purpose', 'profiling', ar.ui.accept!);
  await consent.decide('purpose', 'counselling', ar.ui.refuse!);
  const chosenYes = options.nth(0);
  const chosenNo = consent.item('purpose', 'counselling').locator('label').nth(1);
  expect(await look(chosenYes)).toBe(await look(chosenNo));
  expect(await look(chosenYes)).not.toBe(await look(options.nth(1)));
  await expect(chosenYes.getByTestId('decision-chosen')).toHaveText(`✓ ${texts.fieldReady.chosen}`);
  await expect(chosenNo.getByTestId('decision-chosen')).toHaveText(`✓ ${texts.fieldReady.chosen}`);
  await expect(options.nth(1).getByTestId('decision-chosen')).toHaveCount(0);
  expect(await seriousViolations(page), 'decision').toEqual([]);

  await consent.bulkButton(de.ui.acceptAll!).click();
  await consent.continueToConfirmation().click();
  await page.getByTestId('evidence-kind').getByRole('radio', { name: texts.evidence.mark }).check();
  await expect(page.getByRole('img', { name: texts.fieldReady.markCanvas })).toBeVisible();
  await draw(page, page.getByRole('img', { name: texts.fieldReady.markCanvas }));
  await page.getByTestId('mark-attester').getByRole('radio', { name: texts.parties.witness }).check();
  await page.getByTestId('mark-attester-fields').getByLabel(texts.parties.name).fill('Wiebke Zeugin');
  await page.getByTestId('mark-attester-fields').getByLabel(texts.parties.role).fill('Sozialarbeiterin');
  await consent.confirmAsInterviewer('consent');

  // Named is not enough: the witness signs.
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('problems')).toContainText(texts.problems.markAttesterUnsigned);
  const witnessCanvas = page.getByRole('img', { name: texts.fieldReady.attesterCanvas });
  await expect(witnessCanvas).toBeVisible();
  expect(await seriousViolations(page), 'confirmation').toEqual([]);
  await draw(page, witnessCanvas);
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('form-stage')).toBeVisible();

  const { record } = await storedInterview(page, recordId);
  const evidence = (record as { consent: { evidence: { kind: string; strokes?: unknown[]; attestedBy: { name: string; role: string; signature?: { strokes: unknown[]; png: string } } } } }).consent.evidence;
  expect(evidence).toMatchObject({ kind: 'mark', attestedBy: { name: 'Wiebke Zeugin', role: 'witness' } });
  expect(evidence.strokes?.length).toBeGreaterThan(0);
  expect(evidence.attestedBy.signature?.strokes.length).toBeGreaterThan(0);
  expect(evidence.attestedBy.signature?.png).toMatch(/^data:image\/png;base64,/);
});
