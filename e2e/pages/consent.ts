import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import de from '../../locales/de/consent.json' with { type: 'json' };
import interview from '../../locales/de/interview.json' with { type: 'json' };
import { openedDeviceStores, rewriteStoredRecord } from '../support/opened-store';

/** The German UI strings of the consent stage (German is the default UI language). */
export const texts = de;

/** A published notice text as the test reads it from content/ (the same file the app bundles). */
export interface NoticeFile {
  lang: string;
  dir: 'ltr' | 'rtl';
  languageName: string;
  title: string;
  text: string;
  sha256: string;
  purposes: { id: string; label: string }[];
  recipients: { id: string; label: string }[];
  ui: Record<string, string>;
}

export function noticeFile(lang: string): NoticeFile {
  return JSON.parse(fs.readFileSync(new URL(`../../content/notices/notice@1/${lang}.json`, import.meta.url), 'utf8')) as NoticeFile;
}

/** SHA-256 of the UTF-8 bytes, computed here independently of the app's own implementation. */
export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Home → "Neues Interview" → name → start; returns the new interview's id. */
export async function startInterview(page: Page, interviewerName: string): Promise<string> {
  await page.getByRole('link', { name: 'Neues Interview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: interview.new.title })).toBeVisible();
  await page.getByLabel(interview.new.interviewerName).fill(interviewerName);
  await page.getByRole('button', { name: interview.new.start }).click();
  await expect(page).toHaveURL(/\/interviews\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

/** The consent stage: language grid, notice beside German, decisions, confirmation. */
export function consentStage(page: Page) {
  const stage = page.getByTestId('consent-stage');
  return {
    stage,
    /** A language button by the name the language gives itself (the interviewer's name for it follows). */
    languageButton: (languageName: string) => stage.getByRole('button', { name: new RegExp(`^${escaped(languageName)}(\\s|$)`) }),
    column: (lang: string) => page.getByTestId(`notice-column-${lang}`),
    draftMark: page.getByTestId('draft-translation-mark'),
    readAloud: (lang: string) => page.getByTestId(`read-aloud-${lang}`),
    stepHeading: (name: string) => stage.getByRole('heading', { level: 2, name }),

    async chooseMode(label: string) {
      await page.getByTestId('reading-mode').getByRole('radio', { name: label }).check();
    },
    async toDecision() {
      await stage.getByRole('button', { name: de.actions.toDecision }).click();
      await expect(stage.getByRole('heading', { level: 2, name: de.decision.title })).toBeVisible();
    },
    item: (kind: 'purpose' | 'recipient', id: string): Locator => page.getByTestId(`decision-${kind}-${id}`),
    async decide(kind: 'purpose' | 'recipient', id: string, answer: string) {
      await page.getByTestId(`decision-${kind}-${id}`).getByRole('radio', { name: new RegExp(escaped(answer)) }).check();
    },
    bulkButton: (germanLabel: string) => stage.getByRole('button', { name: new RegExp(escaped(germanLabel)) }),
    continueToConfirmation: () => stage.getByRole('button', { name: de.actions.toConfirmation }),

    async sign() {
      await page.getByTestId('evidence-kind').getByRole('radio', { name: de.evidence.signature }).check();
      const canvas = page.getByTestId('signature-canvas');
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      if (!box) throw new Error('the signature canvas is not visible');
      // A short signature: two strokes drawn with the mouse.
      await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
      await page.mouse.down();
      for (let step = 1; step <= 12; step += 1) {
        await page.mouse.move(box.x + 30 + step * 18, box.y + box.height * (0.6 - 0.25 * Math.sin(step / 2)));
      }
      await page.mouse.up();
      await page.mouse.move(box.x + 60, box.y + box.height * 0.75);
      await page.mouse.down();
      await page.mouse.move(box.x + 220, box.y + box.height * 0.7, { steps: 8 });
      await page.mouse.up();
    },
    async confirmAsInterviewer(outcome: 'consent' | 'refusal') {
      const label = outcome === 'consent' ? de.evidence.interviewerConfirmsConsent : de.evidence.interviewerConfirmsRefusal;
      await page.getByTestId('interviewer-attestation').getByRole('checkbox', { name: label }).check();
    },
    saveButton: (outcome: 'consent' | 'refusal') => stage.getByRole('button', { name: outcome === 'consent' ? de.actions.saveConsent : de.actions.saveRefusal }),
  };
}

/** What the device stored, read straight from IndexedDB and opened with the tablet's passphrase (issue #12). */
export async function storedInterview(page: Page, recordId: string) {
  const stored = await openedDeviceStores(page);
  const record = (stored.records as { recordId: string }[]).find((row) => row.recordId === recordId) as Record<string, unknown> | undefined;
  const outbox = stored.outbox as { recordId: string; rev: number }[];
  return { record, outboxEntries: outbox.filter((entry) => entry.recordId === recordId) };
}

/**
 * Marks an interview with consent as completed, as the form stage does when the Profilingbogen is
 * finished (that stage is tested on its own): the record is locked and waits for sync.
 */
export async function markCompleted(page: Page, recordId: string) {
  await rewriteStoredRecord(page, recordId, (record) => ({ ...record, status: 'complete', rev: 1, progress: { stage: 'done', sectionId: null } }));
}
