import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { createConsentRecord, noticeArtifactSchema, type NoticeArtifact } from '../../src/core/consent';
import de from '../../locales/de/form.json' with { type: 'json' };
import deParts from '../../locales/de/formParts.json' with { type: 'json' };
import { openedDeviceStores } from '../support/opened-store';

/** The German UI strings of the form stage (German is the default UI language): `form` and its later parts' `formParts`. */
export const formTexts = { ...de, ...deParts, fieldReady: { ...de.fieldReady, ...deParts.fieldReady } };

/** A UI string with its `{{placeholders}}` filled in, as i18next does. */
export function uiText(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));
}

type Text = Record<string, string>;
interface FieldJson {
  id: string;
  type: string;
  label: Text;
  hint?: Text;
  choices?: { value: string; label: Text }[];
  codeList?: string;
}
interface ItemJson extends FieldJson {
  kind?: 'group';
  items?: FieldJson[];
}
interface FormJson {
  id: string;
  version: number;
  title: Text;
  sections: { id: string; label: Text; items: ItemJson[] }[];
  codeLists: Record<string, { items: { code: string; label: Text }[] }>;
}

function readForm(version: number): FormJson {
  return JSON.parse(fs.readFileSync(new URL(`../../content/forms/profilingbogen@${version}.json`, import.meta.url), 'utf8')) as FormJson;
}

/**
 * The current Profilingbogen (version 3) as the test reads it from content/ (the same file the app
 * bundles and starts new interviews on). Version 3 keeps every German text of versions 1 and 2, so
 * its German labels also name the questions of their records (version 3 corrected translations and
 * split the referral partner "IHK / Handwerkskammer" into IHK and Handwerkskammer).
 */
export const formJson = readForm(3);
/** Version 2, still published: drafts begun on it stay on it. */
export const formJsonV2 = readForm(2);
/** Version 1, still published: records captured with it are shown and completed with it. */
export const formJsonV1 = readForm(1);

function findField(id: string): FieldJson {
  for (const section of formJson.sections) {
    for (const item of section.items) {
      if (item.id === id) return item;
      const inner = item.items?.find((field) => field.id === id);
      if (inner) return inner;
    }
  }
  throw new Error(`no field ${id} in the form`);
}

/** A field's (or group's) label in a language. */
export function labelOf(id: string, lang = 'de'): string {
  const text = findField(id).label[lang];
  if (text === undefined) throw new Error(`no ${lang} label for ${id}`);
  return text;
}

export function sectionLabel(id: string, lang = 'de'): string {
  return formJson.sections.find((section) => section.id === id)!.label[lang]!;
}

/** The label of a choice of a single/multi field. */
export function choiceLabel(fieldId: string, value: string, lang = 'de'): string {
  return findField(fieldId).choices!.find((choice) => choice.value === value)!.label[lang]!;
}

/** The label of a code-list entry. */
export function codeLabel(listId: string, code: string, lang = 'de'): string {
  return formJson.codeLists[listId]!.items.find((item) => item.code === code)!.label[lang]!;
}

export function noticeFile(lang: string): NoticeArtifact {
  return noticeArtifactSchema.parse(JSON.parse(fs.readFileSync(new URL(`../../content/notices/notice@1/${lang}.json`, import.meta.url), 'utf8')));
}

export const interviewer = { id: 'a8d4d9b6-5d1c-4b43-9a0e-6f3f2a1c0b11', name: 'Ines Interviewerin' };

/**
 * An interview exactly as `saveConsentDecision` leaves it after the applicant gave consent in
 * `lang` (every purpose and recipient accepted, a drawn signature): the Profilingbogen opens.
 */
/**
 * A consented interview in `lang`; `refusedRecipients` are recipients the applicant said no to.
 * It is on the current form unless `form` names another version (a draft begun before version 2).
 */
export function consentedInterview(lang: string, now = new Date(), refusedRecipients: readonly string[] = [], form: FormJson = formJson) {
  const recordId = randomUUID();
  const notice = noticeFile(lang);
  const german = noticeFile('de');
  const accepted = (items: readonly { id: string }[]) => Object.fromEntries(items.map((item) => [item.id, 'accepted' as const]));
  const consent = createConsentRecord(
    {
      record_id: recordId,
      interview_id: recordId,
      pii_principal_id: recordId,
      parties: { interviewer },
      collection_method: 'read_by_applicant',
      purposes: accepted(notice.purposes),
      recipient_third_parties: Object.fromEntries(notice.recipients.map((item) => [item.id, refusedRecipients.includes(item.id) ? ('refused' as const) : ('accepted' as const)])),
      special_categories: true,
      evidence: {
        kind: 'signature',
        strokes: [[{ x: 10, y: 20, t: 0 }, { x: 60, y: 25, t: 120 }]],
        png: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      },
    },
    notice,
    german,
    now,
  );
  const at = now.toISOString();
  const record = {
    recordId,
    rev: 0,
    serverRev: 0,
    status: 'draft',
    editing: false,
    formRef: `${form.id}@${form.version}`,
    noticeRef: { id: notice.id, version: notice.version, lang: notice.lang, sha256: notice.sha256 },
    createdAt: at,
    updatedAt: at,
    interview: { interviewerId: interviewer.id, interviewerName: interviewer.name, startedAt: at, applicantLang: lang, interviewLang: 'de' },
    consent,
    answers: {},
    progress: { stage: 'form', sectionId: null },
    displayName: '',
  };
  const indexRow = { recordId, status: 'draft', displayName: '', searchText: '', applicantLang: lang, createdAt: at, updatedAt: at };
  return { recordId, record, indexRow };
}

/** Writes the interview (and the interviewer profile) into the app's IndexedDB, as the consent stage would. */
export async function seedInterview(page: Page, seeded: ReturnType<typeof consentedInterview>) {
  // The app creates its database as it starts; a test that seeds right after opening waits for it.
  await expect
    .poll(() => page.evaluate(async () => (await indexedDB.databases()).some((known) => known.name === 'lotse')), { message: 'the app has created its database' })
    .toBe(true);
  await page.evaluate(
    async ({ record, indexRow, profile }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('lotse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (!db.objectStoreNames.contains('records')) throw new Error('the app has not created its database yet');
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['records', 'recordIndex', 'meta'], 'readwrite');
        tx.objectStore('records').put(record);
        tx.objectStore('recordIndex').put(indexRow);
        tx.objectStore('meta').put({ key: 'interviewer', value: profile });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { record: seeded.record, indexRow: seeded.indexRow, profile: interviewer },
  );
}

export interface StoredState {
  record: { status: string; rev: number; formRef: string; answers: Record<string, unknown>; progress: { stage: string; sectionId: string | null }; displayName: string; interview: { applicantLang: string } };
  outbox: { recordId: string; rev: number; formRef: string; payload: { answers: Record<string, unknown> } }[];
  index: { displayName: string; status: string } | undefined;
}

/** The record, its index row and its outbox entries as stored in IndexedDB (opened with the tablet's passphrase, issue #12). */
export async function storedState(page: Page, recordId: string): Promise<StoredState> {
  const stored = await openedDeviceStores(page);
  const ofRecord = <T extends { recordId: string }>(rows: unknown[]) => (rows as T[]).filter((row) => row.recordId === recordId);
  return {
    record: ofRecord<StoredState['record'] & { recordId: string }>(stored.records)[0]!,
    index: ofRecord<NonNullable<StoredState['index']> & { recordId: string }>(stored.recordIndex)[0],
    outbox: ofRecord<StoredState['outbox'][number]>(stored.outbox),
  };
}

/** The form stage: questions by answer path, both language columns, the controls of each field type. */
export function profilingbogen(page: Page) {
  const stage = page.getByTestId('form-stage');
  const question = (path: string) => page.getByTestId(`question-${path}`);
  const radio = (path: string, label: string) => question(path).getByRole('radio', { name: label, exact: true });
  return {
    stage,
    question,
    interviewerText: (path: string) => question(path).getByTestId('question-text-interviewer'),
    applicantText: (path: string) => question(path).getByTestId('question-text-applicant'),
    section: (id: string) => page.getByTestId(`section-${id}`),
    navItem: (id: string) => page.getByTestId(`nav-${id}`),
    summary: page.getByTestId('form-summary'),
    saveStatus: page.getByTestId('save-status'),
    saveError: page.getByTestId('save-error'),
    draftMark: page.getByTestId('draft-translation-mark'),
    applicantLanguageSelect: page.getByRole('combobox', { name: de.header.applicantLanguage }),
    group: (id: string) => page.getByTestId(`group-${id}`),

    async open(recordId: string) {
      await page.goto(`/interviews/${recordId}`);
      await expect(stage).toBeVisible();
    },
    async goToSection(id: string) {
      await page.getByTestId(`nav-${id}`).click();
      await expect(page.getByTestId(`section-${id}`)).toBeVisible();
    },
    async goToSummary() {
      await page.getByTestId('nav-summary').click();
      await expect(page.getByTestId('form-summary')).toBeVisible();
    },
    async next() {
      await stage.getByRole('button', { name: new RegExp(`^(${de.nav.next}|${de.nav.toSummary})`) }).click();
    },
    /** Waits until the indicator says everything typed so far is stored. */
    async saved() {
      await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
      await expect(page.getByTestId('save-status')).toContainText('Gespeichert um');
    },
    async text(path: string, value: string) {
      await question(path).getByRole('textbox').fill(value);
    },
    textbox: (path: string) => question(path).getByRole('textbox'),
    radio,
    async choose(path: string, label: string) {
      await radio(path, label).check();
    },
    async tick(path: string, label: string) {
      await question(path).getByRole('checkbox', { name: label, exact: true }).check();
    },
    async date(path: string, date: { day?: string; month?: string; year: string; dayUnknown?: boolean; monthUnknown?: boolean }) {
      const group = question(path);
      if (date.monthUnknown) await group.getByRole('checkbox', { name: de.date.monthUnknown }).check();
      else if (date.dayUnknown) await group.getByRole('checkbox', { name: de.date.dayUnknown }).check();
      if (date.day !== undefined) await group.getByRole('textbox', { name: de.date.day, exact: true }).fill(date.day);
      if (date.month !== undefined) await group.getByRole('textbox', { name: de.date.month, exact: true }).fill(date.month);
      await group.getByRole('textbox', { name: de.date.year, exact: true }).fill(date.year);
    },
    dateParts(path: string): Record<'day' | 'month' | 'year', Locator> {
      const group = question(path);
      return {
        day: group.getByRole('textbox', { name: de.date.day, exact: true }),
        month: group.getByRole('textbox', { name: de.date.month, exact: true }),
        year: group.getByRole('textbox', { name: de.date.year, exact: true }),
      };
    },
    /** Types into a code-list search and picks the match named `option`. */
    async search(path: string, query: string, option: string | RegExp) {
      const field = question(path);
      await field.getByRole('combobox').fill(query);
      await field.getByRole('option', { name: option }).first().click();
      await expect(field.getByTestId('codelist-selected')).toContainText(option);
    },
    selected: (path: string) => question(path).getByTestId('codelist-selected'),
    /** One row of a CEFR grid: the radio group named by the skill. */
    async cefr(path: string, levels: Record<string, string>) {
      for (const [skill, level] of Object.entries(levels)) {
        await question(path).getByRole('radiogroup', { name: skill }).getByRole('radio', { name: level, exact: true }).check();
      }
    },
    async addEntry(groupId: string) {
      const group = page.getByTestId(`group-${groupId}`);
      const before = await group.getByTestId(new RegExp(`^entry-${groupId}-`)).count();
      await group.getByRole('button', { name: new RegExp(`^${formTexts.repeat.add}`) }).click();
      await expect(group.getByTestId(`entry-${groupId}-${before}`)).toBeVisible();
      return before;
    },
  };
}
