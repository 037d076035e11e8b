import { expect, test, type Page } from './support/test';
import AxeBuilder from '@axe-core/playwright';
import { shell } from './pages/shell';
import { consentStage, markCompleted, noticeFile, sha256OfText, startInterview, storedInterview, texts } from './pages/consent';

const fa = noticeFile('fa');
const de = noticeFile('de');
const ar = noticeFile('ar');
const ti = noticeFile('ti');
const refusedRecipients = ['jobcenter', 'caritas'];

/** First visit online (the service worker installs), then everything happens offline. */
async function openOffline(page: Page, context: import('@playwright/test').BrowserContext) {
  const app = shell(page);
  await app.open('/');
  await app.waitForServiceWorkerControl();
  await context.setOffline(true);
  await page.reload();
  await expect(app.offlineBanner).toBeVisible();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="consent-stage"] button')]
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => ({ name: element.textContent?.trim() ?? '', rect: element.getBoundingClientRect() }))
      .filter(({ rect }) => rect.height < 44 || rect.width < 44)
      .map(({ name, rect }) => `${name} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
  );
}

test('offline: Farsi beside German, a partial consent with signature, the gate opens, the receipt names the refusals', async ({ page, context }) => {
  await openOffline(page, context);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);

  // Language: big buttons, each named in its own language and script.
  const farsi = consent.languageButton(fa.languageName);
  await expect(farsi).toHaveAttribute('lang', 'fa');
  await expect(farsi).toHaveAttribute('dir', 'rtl');
  await expect(consent.languageButton(ti.languageName)).toHaveAttribute('dir', 'ltr');
  await expect(consent.languageButton('Kurmancî')).toHaveAttribute('dir', 'ltr');
  await farsi.click();

  // Reading: the Farsi column right-to-left, German left-to-right, the draft translation marked.
  await expect(consent.stepHeading(texts.reading.title)).toBeVisible();
  const farsiColumn = consent.column('fa');
  await expect(farsiColumn).toHaveAttribute('lang', 'fa');
  await expect(farsiColumn).toHaveAttribute('dir', 'rtl');
  await expect(farsiColumn.getByRole('heading', { level: 3 })).toHaveText(fa.title);
  const germanColumn = consent.column('de');
  await expect(germanColumn).toHaveAttribute('lang', 'de');
  await expect(germanColumn).toHaveAttribute('dir', 'ltr');
  await expect(germanColumn.getByRole('heading', { level: 3 })).toHaveText(de.title);
  await expect(consent.draftMark).toBeVisible();
  await expect(consent.draftMark).toContainText('Übersetzung ungeprüft');
  await expect(farsiColumn).toContainText(fa.ui.draftTranslation!);

  // The mode must be chosen before going on.
  await consent.stage.getByRole('button', { name: texts.actions.toDecision }).click();
  await expect(page.getByTestId('problems')).toContainText(texts.problems.modeMissing);
  await consent.chooseMode(texts.mode.read_by_applicant);
  await consent.toDecision();

  // Deciding: nothing preselected, and going on with open items points them out.
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
  await consent.continueToConfirmation().click();
  await expect(page.getByTestId('decision-problems')).toContainText('12 Punkte');
  await expect(consent.item('recipient', 'jobcenter')).toContainText(texts.decision.itemOpen);

  await consent.bulkButton(de.ui.acceptAll!).click();
  for (const id of refusedRecipients) await consent.decide('recipient', id, de.ui.refuse!);
  await expect(page.getByTestId('decision-progress')).toHaveText('12 von 12 entschieden');
  await consent.continueToConfirmation().click();

  // Evidence: a drawn signature and the interviewer's confirmation.
  await expect(consent.stepHeading(texts.confirmation.titleConsent)).toBeVisible();
  await consent.saveButton('consent').click();
  await expect(page.getByTestId('problems')).toContainText(texts.problems.evidenceKindMissing);
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();

  // The gate opens: the consent stage is gone, the interview continues on the same URL.
  await expect(consent.stage).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/interviews/${recordId}$`));

  const { record } = await storedInterview(page, recordId);
  const stored = record as {
    answers: unknown;
    consent: {
      recipient_third_parties: Record<string, string>;
      purposes: Record<string, string>;
      privacy_notice: { language: string; sha256: string; version: number };
      evidence: { kind: string; strokes: unknown[][]; png: string };
    };
  };
  const refusedInRecord = Object.entries(stored.consent.recipient_third_parties).filter(([, d]) => d === 'refused').map(([id]) => id);
  expect(refusedInRecord.sort()).toEqual([...refusedRecipients].sort());
  expect(Object.keys(stored.consent.recipient_third_parties)).toHaveLength(de.recipients.length);
  expect(Object.values(stored.consent.purposes)).toEqual(['accepted', 'accepted', 'accepted']);
  expect(stored.consent.privacy_notice.language).toBe('fa');
  expect(stored.consent.privacy_notice.sha256).toBe(sha256OfText(fa.text));
  expect(stored.consent.evidence.kind).toBe('signature');
  expect(stored.consent.evidence.strokes.length).toBeGreaterThanOrEqual(2);
  expect(stored.consent.evidence.png).toMatch(/^data:image\/png;base64,/);
  // The consent stage stores no answers; the form it opened onto saves, by itself and at once
  // (it opens fast enough now to do so before this read), only what it fills in: the interview's
  // id, date and time, the interviewer, the applicant's language (the notice's), and the empty
  // first row of the language table — nothing the applicant said.
  await expect.poll(async () => Object.keys(((await storedInterview(page, recordId)).record as { answers: object }).answers).length).toBeGreaterThan(0);
  const opened = ((await storedInterview(page, recordId)).record as { answers: Record<string, unknown> }).answers;
  const today = new Date();
  expect(opened).toEqual({
    interviewId: recordId,
    interviewDate: { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() },
    interviewTime: expect.stringMatching(/^\d{2}:\d{2}$/),
    interviewer: 'Ines Interviewerin',
    applicantLanguage: 'fa',
    languageSkills: [{}],
  });

  // The receipt, in Farsi and German, names the refused recipients in both.
  await page.goto(`/interviews/${recordId}/receipt`);
  const applicant = page.getByTestId('receipt-applicant');
  const german = page.getByTestId('receipt-german');
  await expect(applicant).toHaveAttribute('lang', 'fa');
  await expect(applicant).toHaveAttribute('dir', 'rtl');
  await expect(german).toHaveAttribute('lang', 'de');
  await expect(german).toHaveAttribute('dir', 'ltr');
  for (const id of refusedRecipients) {
    await expect(page.getByTestId('receipt-applicant-refused')).toContainText(fa.recipients.find((r) => r.id === id)!.label);
    await expect(page.getByTestId('receipt-german-refused')).toContainText(de.recipients.find((r) => r.id === id)!.label);
    await expect(page.getByTestId('receipt-german-accepted')).not.toContainText(de.recipients.find((r) => r.id === id)!.label);
  }
  await expect(applicant).toContainText(fa.ui.howToWithdraw!);
  await expect(german).toContainText(de.ui.howToWithdraw!);
  await expect(applicant).toContainText(`notice@1 · fa · SHA-256 ${fa.sha256.slice(0, 16)}`);
  await expect(page.getByRole('button', { name: texts.receipt.print })).toBeVisible();

  // Printed, the app chrome and the buttons are hidden; both language sections remain.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation')).toBeHidden();
  await expect(page.getByRole('button', { name: texts.receipt.print })).toBeHidden();
  await expect(applicant).toBeVisible();
  await expect(german).toBeVisible();
});

test('offline: refusing everything ends the interview politely, stores a minimal record and never opens the form', async ({ page, context }) => {
  await openOffline(page, context);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);

  await consent.languageButton(ar.languageName).click();
  await consent.chooseMode(texts.mode.interpreted);
  await page.getByTestId('interpreter-fields').getByLabel(texts.parties.name).fill('Samir Sprachmittler');
  await page.getByTestId('interpreter-fields').getByLabel(texts.parties.role).fill('Sprachmittler');
  await consent.toDecision();
  await consent.bulkButton(de.ui.refuseAll!).click();
  await consent.continueToConfirmation().click();

  await expect(consent.stepHeading(texts.confirmation.titleRefusal)).toBeVisible();
  await expect(page.getByTestId('signature')).toHaveCount(0);
  await consent.confirmAsInterviewer('refusal');
  await consent.saveButton('refusal').click();

  // A kind end, in Arabic beside German, and a way back to the list.
  await expect(page.getByRole('heading', { level: 1, name: texts.done.refusalTitle })).toBeVisible();
  const message = page.getByTestId('refusal-message');
  await expect(message.locator('[lang="ar"][dir="rtl"]')).toHaveText(ar.ui.receiptNothingAccepted!);
  await expect(message.locator('[lang="de"][dir="ltr"]')).toHaveText(de.ui.receiptNothingAccepted!);
  await expect(page.getByText(texts.done.refusalThanks)).toBeVisible();
  await expect(page.getByRole('link', { name: texts.done.backToList })).toBeVisible();
  await expect(page.getByTestId('form-stage')).toHaveCount(0);

  const { record, outboxEntries } = await storedInterview(page, recordId);
  const stored = record as { answers: unknown; status: string; consent: { events: { event_type: string }[]; evidence?: unknown; parties: Record<string, unknown> } };
  expect(stored.answers).toBeNull();
  expect(stored.status).toBe('complete');
  expect(stored.consent.events.map((e) => e.event_type)).toEqual(['refused']);
  expect(stored.consent.evidence).toBeUndefined();
  expect(Object.keys(stored.consent.parties)).toEqual(['interviewer']);
  expect(outboxEntries).toHaveLength(1);

  // Coming back to it never shows a form.
  await page.goto('/');
  await page.goto(`/interviews/${recordId}`);
  await expect(page.getByRole('heading', { level: 1, name: texts.done.refusalTitle })).toBeVisible();
  await expect(page.getByTestId('form-stage')).toHaveCount(0);
  await expect(page.getByTestId('consent-stage')).toHaveCount(0);

  // Its receipt says nothing was agreed to.
  await page.getByRole('link', { name: texts.done.receipt }).click();
  await expect(page.getByTestId('receipt-applicant')).toContainText(ar.ui.receiptNothingAccepted!);
  await expect(page.getByTestId('receipt-german')).toContainText(de.ui.receiptNothingAccepted!);
});

test('a completed interview shows its decisions and records a partial withdrawal as a new revision', async ({ page, context }) => {
  await openOffline(page, context);
  const recordId = await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(fa.languageName).click();
  await consent.chooseMode(texts.mode.read_by_applicant);
  await consent.toDecision();
  await consent.bulkButton(de.ui.acceptAll!).click();
  await consent.decide('recipient', 'caritas', de.ui.refuse!);
  await consent.continueToConfirmation().click();
  await consent.sign();
  await consent.confirmAsInterviewer('consent');
  await consent.saveButton('consent').click();
  await expect(consent.stage).toHaveCount(0);

  await markCompleted(page, recordId);
  await page.reload();
  const done = page.getByTestId('done-stage');
  await expect(done.getByTestId('record-status')).toHaveText('Abgeschlossen, noch nicht übertragen');
  await expect(done.getByTestId('consent-status')).toHaveText(texts.consentStatus.given);
  await expect(done.getByRole('row', { name: /Caritas/ })).toContainText(texts.itemStatus.refused);
  await expect(done.getByRole('button', { name: texts.done.edit })).toBeVisible();

  await done.getByRole('button', { name: texts.done.withdraw }).click();
  const form = page.getByTestId('withdrawal-form');
  await form.getByRole('button', { name: texts.withdrawal.save }).click();
  await expect(form.getByRole('alert')).toContainText(texts.withdrawal.problems.scopeMissing);
  await form.getByRole('radio', { name: texts.withdrawal.partial }).check();
  // Only what is accepted now can be withdrawn: Caritas was refused and is not offered.
  await expect(form.getByRole('checkbox', { name: 'Caritas' })).toHaveCount(0);
  await form.getByRole('checkbox', { name: 'Agentur für Arbeit' }).check();
  await form.getByRole('radio', { name: texts.channel.phone }).check();
  await form.getByRole('button', { name: texts.withdrawal.save }).click();

  await expect(page.getByText(texts.withdrawal.saved)).toBeVisible();
  await expect(done.getByRole('row', { name: /Agentur für Arbeit/ })).toContainText(texts.itemStatus.withdrawn);
  await expect(done.getByTestId('consent-status')).toHaveText(texts.consentStatus.given);
  await expect(done.getByTestId('withdrawal-events')).toContainText('teilweise widerrufen (Am Telefon)');

  const { record, outboxEntries } = await storedInterview(page, recordId);
  const stored = record as { rev: number; consent: { events: { event_type: string; scope?: { recipients: string[] } }[]; evidence: { kind: string } } };
  expect(stored.consent.events.map((e) => e.event_type)).toEqual(['given', 'withdrawn']);
  expect(stored.consent.events[1]?.scope?.recipients).toEqual(['agentur-fuer-arbeit']);
  expect(stored.consent.evidence.kind).toBe('signature');
  expect(outboxEntries.map((entry) => entry.rev)).toEqual([2]);

  await done.getByRole('link', { name: texts.done.receipt }).click();
  await expect(page.getByTestId('receipt-german-withdrawn')).toContainText('Agentur für Arbeit');
  await expect(page.getByTestId('receipt-applicant-withdrawn')).toContainText(fa.recipients.find((r) => r.id === 'agentur-fuer-arbeit')!.label);

  // Editing the answers reopens the form as the next revision.
  await page.getByRole('link', { name: texts.receipt.backToInterview }).click();
  await done.getByRole('button', { name: texts.done.edit }).click();
  await expect(done).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/interviews/${recordId}$`));
  const reopened = (await storedInterview(page, recordId)).record as { status: string; editing: boolean };
  expect(reopened).toMatchObject({ status: 'draft', editing: true });
});

test('read-aloud uses a device voice where there is one and says so where there is none', async ({ page, context }) => {
  // A device with a German voice only; speaking is recorded instead of heard.
  await context.addInitScript(() => {
    const spoken: string[] = [];
    Object.assign(window, { spokenTexts: spoken });
    const voice = { lang: 'de-DE', name: 'Test Deutsch', localService: true, default: true, voiceURI: 'test-de' };
    speechSynthesis.getVoices = () => [voice as SpeechSynthesisVoice];
    // The real utterance accepts only real voices.
    Object.assign(window, {
      SpeechSynthesisUtterance: class {
        voice: unknown = null;
        lang = '';
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        constructor(readonly text: string) {}
      },
    });
    speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
      spoken.push(utterance.text);
    };
    speechSynthesis.cancel = () => {};
  });
  await openOffline(page, context);
  await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);
  await consent.languageButton(fa.languageName).click();

  await consent.readAloud('de').getByRole('button', { name: de.ui.readAloud }).click();
  await expect(consent.readAloud('de').getByRole('button', { name: texts.readAloud.stop })).toBeVisible();
  await expect.poll(() => page.evaluate(() => (window as unknown as { spokenTexts: string[] }).spokenTexts[0])).toBe(de.title);
  await consent.readAloud('de').getByRole('button', { name: texts.readAloud.stop }).click();
  await expect(consent.readAloud('de').getByRole('button', { name: de.ui.readAloud })).toBeVisible();

  await consent.readAloud('fa').getByRole('button', { name: fa.ui.readAloud }).click();
  await expect(consent.readAloud('fa')).toContainText(texts.readAloud.unavailable);
});

test('language choice, reading and decision screens have no serious accessibility violations', async ({ page, context }) => {
  // Six full-page axe runs; the decision screen now also lists what each recipient receives.
  test.setTimeout(120_000);
  await openOffline(page, context);
  await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);

  for (const viewport of [{ width: 1024, height: 768 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await expect(consent.stepHeading(texts.language.title)).toBeVisible();
    expect(await seriousViolations(page), `language choice at ${viewport.width}`).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);

    await consent.languageButton(fa.languageName).click();
    await expect(consent.column('fa')).toBeVisible();
    expect(await seriousViolations(page), `reading at ${viewport.width}`).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow).toBe(false);

    await consent.chooseMode(texts.mode.read_by_applicant);
    await consent.toDecision();
    await consent.continueToConfirmation().click();
    await expect(page.getByTestId('decision-problems')).toBeVisible();
    expect(await seriousViolations(page), `decision at ${viewport.width}`).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);

    await consent.stage.getByRole('button', { name: texts.actions.backToReading }).click();
    await consent.stage.getByRole('button', { name: texts.actions.back }).click();
  }
});

/** The applicant's and the German notice column's boxes, read in the same frame. */
async function columnBoxes(page: Page, lang: string): Promise<[Box, Box]> {
  return page.evaluate(
    (selectors) =>
      selectors.map((selector) => {
        const rect = document.querySelector(selector)!.getBoundingClientRect();
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      }) as [Box, Box],
    [`[data-testid="notice-column-${lang}"]`, '[data-testid="notice-column-de"]'],
  );
}
type Box = { x: number; y: number; width: number; height: number };

test('offline, every letter of the applicants\' scripts has a shipped font (only the subsets the languages need are built in)', async ({ page, context }) => {
  await openOffline(page, context);
  // The letters that set each language apart (shared/domain/languages.md), with the family styles.css picks for it.
  const samples: [family: string, letters: string][] = [
    ['Noto Sans', 'ÄÖÜäöüß'], // German
    ['Noto Sans', 'ğıİşŞçÇ'], // Turkish
    ['Noto Sans', 'çêîşû'], // Kurmanji
    ['Noto Sans', 'ëËç'], // Albanian
    ['Noto Sans', 'œéàèùâ'], // French
    ['Noto Sans', 'ЖжЯяЁё'], // Russian
    ['Noto Sans', 'Ӏӏ'], // Chechen (palochka)
    ['Noto Sans Arabic', 'عربي'], // Arabic
    ['Noto Sans Arabic', 'پچژگ'], // Farsi / Dari
    ['Noto Sans Arabic', 'ټډړږښګڼ'], // Pashto
    ['Noto Sans Arabic', 'ەێۆڕڵ'], // Sorani
    ['Noto Sans Ethiopic Variable', 'ሰላምትግርኛ'], // Tigrinya
  ];
  const uncovered = await page.evaluate(async (pairs) => {
    const missing: string[] = [];
    for (const [family, letters] of pairs) {
      for (const letter of letters) {
        const faces = await document.fonts.load(`16px "${family}"`, letter);
        if (faces.length === 0) missing.push(`${letter} (${family})`);
      }
    }
    return missing;
  }, samples);
  expect(uncovered).toEqual([]);
  // The subsets left out are not offered at all (a Greek letter has no face of ours).
  expect(await page.evaluate(async () => (await document.fonts.load('16px "Noto Sans"', 'Ω')).length)).toBe(0);
});

test('offline, text that mixes scripts (the Tigrinya name in the Arabic column) is drawn with the shipped fonts, never with a font of the device', async ({ page, context }) => {
  await openOffline(page, context);
  // As the language picker shows names: each language's own name beside the reader's.
  const mixed: [lang: string | null, text: string][] = [
    [null, 'Tigrinya – ትግርኛ, Arabisch – العربية'],
    ['ar', 'التغرينية – ትግርኛ (Tigrinya)'],
    ['fa', 'تیگرینیا – ትግርኛ'],
    ['ti', 'ዓረብኛ – العربية (Arabisch)'],
  ];
  await page.evaluate(async (samples) => {
    for (const [lang, text] of samples) {
      const line = document.createElement('p');
      if (lang) line.lang = lang;
      line.dataset.mixed = lang ?? 'de';
      line.textContent = text;
      document.body.append(line);
    }
    // Laid out once (the faces its letters need start loading), then again with them.
    void document.body.offsetHeight;
    await document.fonts.ready;
    void document.body.offsetHeight;
  }, mixed);
  const session = await context.newCDPSession(page);
  await session.send('DOM.enable');
  await session.send('CSS.enable');
  const { root } = await session.send('DOM.getDocument', { depth: 0 });
  const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-mixed]' });
  expect(nodeIds).toHaveLength(mixed.length);
  const fontsUsed: string[] = [];
  for (const nodeId of nodeIds) {
    const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
    for (const font of fonts) fontsUsed.push(`${font.familyName}${font.isCustomFont ? '' : ' (device)'}`);
  }
  // Only our web fonts, each script its own (named as in the font files: the variable Ethiopic is "Noto Sans Ethiopic").
  expect([...new Set(fontsUsed)].sort()).toEqual(['Noto Sans', 'Noto Sans Arabic', 'Noto Sans Ethiopic']);
  await session.detach();
});

test('on a phone the applicant column comes first and the columns stack; Arabic mirrors, Tigrinya renders in Ethiopic', async ({ page, context }, testInfo) => {
  await openOffline(page, context);
  await startInterview(page, 'Ines Interviewerin');
  const consent = consentStage(page);

  for (const notice of [ar, ti]) {
    await page.setViewportSize({ width: 1024, height: 768 });
    await consent.languageButton(notice.languageName).click();
    const column = consent.column(notice.lang);
    await expect(column.getByRole('heading', { level: 3 })).toHaveText(notice.title);
    await expect(column).toHaveAttribute('dir', notice.dir);
    const layout = await column.evaluate((element) => {
      const style = getComputedStyle(element);
      return { direction: style.direction, font: style.fontFamily };
    });
    expect(layout.direction).toBe(notice.dir);
    expect(layout.font).toContain(notice.lang === 'ti' ? 'Ethiopic' : 'Arabic');
    // The shipped font is really there (offline, from the precache): no fallback boxes.
    const family = notice.lang === 'ti' ? 'Noto Sans Ethiopic Variable' : 'Noto Sans Arabic';
    const loaded = await page.evaluate(async ([fontFamily, sample]) => (await document.fonts.load(`16px "${fontFamily}"`, sample)).length, [family, notice.title] as const);
    expect(loaded).toBeGreaterThan(0);

    // Side by side on the tablet: the applicant's column at the inline start of the page (left in this LTR UI).
    // Both boxes in one look at the page: a banner or bar above them appearing between two reads
    // would shift the second one (and the hand-over button loads its state asynchronously).
    const [applicantBox, germanBox] = await columnBoxes(page, notice.lang);
    expect(applicantBox.x).toBeLessThan(germanBox.x);
    expect(Math.abs(applicantBox.y - germanBox.y)).toBeLessThan(2);
    await page.screenshot({ path: testInfo.outputPath(`reading-${notice.lang}-tablet.png`) });

    // On a phone: one after the other, the applicant's language first.
    await page.setViewportSize({ width: 390, height: 844 });
    const [stackedApplicant, stackedGerman] = await columnBoxes(page, notice.lang);
    expect(stackedApplicant.y + stackedApplicant.height).toBeLessThanOrEqual(stackedGerman.y);
    await page.screenshot({ path: testInfo.outputPath(`reading-${notice.lang}-phone.png`) });

    await consent.stage.getByRole('button', { name: texts.actions.back }).click();
  }
});
