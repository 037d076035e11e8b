/**
 * Interviews written straight into the app's IndexedDB ("lotse") inside the page, as
 * e2e/pages/consent.ts reads and writes it: a consented draft that opens in the form stage,
 * and thousands of realistic list rows (full records with consent, signature and answers, plus
 * their `recordIndex` rows) for the interview list.
 */
import type { Page } from '@playwright/test';
import { noticeRef } from '../../src/core/consent';
import { nameSearchText } from '../../src/core/text';
import { indexRowOf, type LocalRecord, type RecordStatus } from '../../src/data';
import { answersFor, applicantFor, consentFor, type PublishedContent } from './interviews';

const interviewer = { id: 'iv-bench', name: 'Ines Interviewerin' };

function baseRecord(content: PublishedContent, index: number, at: Date, decided: 'draft' | 'complete'): LocalRecord {
  const recordId = crypto.randomUUID();
  const applicant = applicantFor(index);
  const { consent, notice } = consentFor(content, index, recordId, 'given', at);
  const site = 'Gemeinschaftsunterkunft Peine';
  const iso = at.toISOString();
  const complete = decided === 'complete';
  return {
    recordId,
    rev: complete ? 1 : 0,
    serverRev: 0,
    status: complete ? 'complete' : 'draft',
    editing: false,
    formRef: content.formRef,
    noticeRef: noticeRef(notice),
    createdAt: iso,
    updatedAt: iso,
    interview: {
      interviewerId: interviewer.id,
      interviewerName: interviewer.name,
      startedAt: iso,
      applicantLang: notice.lang,
      interviewLang: 'de',
      site,
      ...(complete && { completedAt: iso }),
    },
    consent,
    answers: complete ? answersFor(index, recordId, applicant, interviewer.name, site, at) : {},
    progress: complete ? { stage: 'done', sectionId: null } : { stage: 'form', sectionId: null },
    displayName: complete ? `${applicant.givenNames} ${applicant.surname}` : '',
  };
}

/** A draft with consent given and no answers yet: it opens in the Profilingbogen (form stage). */
export function consentedDraft(content: PublishedContent, index = 0): LocalRecord {
  return baseRecord(content, index, new Date(), 'draft');
}

/** Writes records (and their index rows, and the interviewer profile) into the page's "lotse" database. */
export async function putRecords(page: Page, records: LocalRecord[]): Promise<void> {
  await page.evaluate(
    async ({ records, rows, interviewer }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('lotse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(['records', 'recordIndex', 'meta'], 'readwrite');
        for (const record of records) transaction.objectStore('records').put(record);
        for (const row of rows) transaction.objectStore('recordIndex').put(row);
        transaction.objectStore('meta').put({ key: 'interviewer', value: interviewer });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    { records, rows: records.map(indexRowOf), interviewer },
  );
}

export interface ListSeed {
  /** Names the list shows and searches: [displayName, folded search text]. */
  names: [string, string][];
  templates: LocalRecord[];
}

/** Completed interviews to clone in the page: real payload shapes, ~20 KB each. */
export function listSeed(content: PublishedContent): ListSeed {
  const at = new Date();
  const templates = Array.from({ length: 24 }, (_, index) => baseRecord(content, index, at, 'complete'));
  const names = Array.from({ length: 997 }, (_, index) => {
    const applicant = applicantFor(index + 1000);
    const name = `${applicant.givenNames} ${applicant.surname}`;
    return [name, nameSearchText(name)] as [string, string];
  });
  return { names, templates };
}

/**
 * Adds `count` interviews (from `from` on) in the page, 1,000 per transaction: mostly synced,
 * some complete, a few drafts and rejections, newest first by `updatedAt`.
 */
export async function seedInterviewList(page: Page, seed: ListSeed, from: number, count: number): Promise<void> {
  await page.evaluate(
    async ({ seed, from, count }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('lotse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const statusOf = (index: number): RecordStatus => {
        const bucket = index % 50;
        return bucket < 35 ? 'synced' : bucket < 45 ? 'complete' : bucket < 49 ? 'draft' : 'rejected';
      };
      const start = Date.parse('2026-01-01T08:00:00.000Z');
      for (let chunk = from; chunk < from + count; chunk += 1000) {
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction(['records', 'recordIndex'], 'readwrite');
          const records = transaction.objectStore('records');
          const index = transaction.objectStore('recordIndex');
          for (let i = chunk; i < Math.min(from + count, chunk + 1000); i++) {
            const template = seed.templates[i % seed.templates.length]!;
            const [displayName, searchText] = seed.names[i % seed.names.length]!;
            const status = statusOf(i);
            const at = new Date(start + i * 60_000).toISOString();
            const recordId = crypto.randomUUID();
            records.put({ ...template, recordId, status, displayName, createdAt: at, updatedAt: at, serverRev: status === 'synced' ? 1 : 0 });
            index.put({ recordId, status, displayName, searchText, applicantLang: template.interview.applicantLang, createdAt: at, updatedAt: at });
          }
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error);
        });
      }
      db.close();
    },
    { seed, from, count },
  );
}
