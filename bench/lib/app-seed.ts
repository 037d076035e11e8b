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

/** The bench tablet's passphrase (issue #12). */
export const BENCH_PASSPHRASE = 'Fenster Tinte Wolke Bahnhof';

/** A data key for a seeded tablet: its raw bytes go into the page, which seals the seeded rows as the app would. */
export interface SeedKey {
  raw: number[];
  id: number[];
}

/**
 * Sets the tablet up as `setUpSecret` does (issue #12): the data key wrapped by the bench
 * passphrase (the app's Argon2id parameters), its key check, and `encryptedAt` (nothing to
 * upgrade). Returns the key for `seedInterviewList`.
 */
export async function seedKeyring(page: Page): Promise<SeedKey> {
  const { createDataKeyMaterial, wrapWithSecret, importDataKey, seal, keyIdText } = await import('../../src/core/encryption');
  const material = createDataKeyMaterial();
  const secretWrap = await wrapWithSecret(material, BENCH_PASSPHRASE);
  const keyCheck = await seal(await importDataKey(material), { store: 'meta', recordId: 'keyCheck', revision: 0 }, 'lotse-key-check');
  await page.evaluate(
    async ({ secretWrap, dataKeyId, keyCheck }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('lotse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('meta', 'readwrite');
        const meta = transaction.objectStore('meta');
        meta.put({ key: 'secretWrap', value: secretWrap });
        meta.put({ key: 'dataKeyId', value: dataKeyId });
        meta.put({ key: 'keyCheck', value: Uint8Array.from(keyCheck) });
        meta.put({ key: 'encryptedAt', value: new Date().toISOString() });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    { secretWrap, dataKeyId: keyIdText(material.id), keyCheck: [...keyCheck] },
  );
  return { raw: [...material.raw], id: [...material.id] };
}

/**
 * Like `seedInterviewList`, but as the app stores them since issue #12: each record sealed (one
 * envelope, store/record id/revision as associated data), clear index rows, and the names in the
 * 64 sealed index shards (opened, merged and sealed again on every call). The envelope is built
 * here with WebCrypto exactly as core/encryption/envelope.ts builds it.
 */
export async function seedSealedInterviewList(page: Page, seed: ListSeed, from: number, count: number, key: SeedKey): Promise<void> {
  await page.evaluate(
    async ({ seed, from, count, key }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('lotse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const cryptoKey = await crypto.subtle.importKey('raw', Uint8Array.from(key.raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
      const header = Uint8Array.from([1, ...key.id]);
      const ad = (store: string, recordId: string, revision: number) => {
        const json = new TextEncoder().encode(JSON.stringify(['lotse-record', store, recordId, revision]));
        const out = new Uint8Array(header.length + json.length);
        out.set(header);
        out.set(json, header.length);
        return out;
      };
      const sealValue = async (store: string, recordId: string, revision: number, value: unknown) => {
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ad(store, recordId, revision) }, cryptoKey, new TextEncoder().encode(JSON.stringify(value))));
        const out = new Uint8Array(header.length + 12 + ciphertext.length);
        out.set(header);
        out.set(iv, header.length);
        out.set(ciphertext, header.length + 12);
        return out;
      };
      const openValue = async (store: string, recordId: string, revision: number, blob: Uint8Array) => {
        const bytes = new Uint8Array(blob);
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(9, 21), additionalData: ad(store, recordId, revision) }, cryptoKey, bytes.slice(21));
        return JSON.parse(new TextDecoder().decode(plain)) as Record<string, unknown>;
      };
      const shardOf = (recordId: string) => Number.parseInt(recordId.slice(0, 2), 16) % 64;
      const statusOf = (index: number) => {
        const bucket = index % 50;
        return bucket < 35 ? 'synced' : bucket < 45 ? 'complete' : bucket < 49 ? 'draft' : 'rejected';
      };
      const start = Date.parse('2026-01-01T08:00:00.000Z');
      const shardEntries = new Map<number, Record<string, unknown>>();
      for (let chunk = from; chunk < from + count; chunk += 1000) {
        const rows: { record: Record<string, unknown>; index: Record<string, unknown> }[] = [];
        for (let i = chunk; i < Math.min(from + count, chunk + 1000); i++) {
          const template = seed.templates[i % seed.templates.length]! as unknown as Record<string, unknown> & { interview: { applicantLang: string }; rev: number };
          const [displayName, searchText] = seed.names[i % seed.names.length]!;
          const status = statusOf(i);
          const at = new Date(start + i * 60_000).toISOString();
          const recordId = crypto.randomUUID();
          const { interview, consent, answers, noticeRef, rev, formRef, editing, progress } = template as Record<string, unknown> & { rev: number };
          const sealed = await sealValue('records', recordId, rev, { interview, consent, answers, displayName, noticeRef });
          rows.push({
            record: { recordId, rev, serverRev: status === 'synced' ? 1 : 0, status, editing, formRef, createdAt: at, updatedAt: at, progress, sealed },
            index: { recordId, status, createdAt: at, updatedAt: at },
          });
          const shard = shardOf(recordId);
          const entries = shardEntries.get(shard) ?? {};
          entries[recordId] = { displayName, searchText, shortReference: '', refused: false, applicantLang: template.interview.applicantLang };
          shardEntries.set(shard, entries);
        }
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction(['records', 'recordIndex'], 'readwrite');
          for (const row of rows) {
            transaction.objectStore('records').put(row.record);
            transaction.objectStore('recordIndex').put(row.index);
          }
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error);
        });
      }
      const stored = await new Promise<{ shard: number; version: number; sealed: Uint8Array }[]>((resolve, reject) => {
        const request = db.transaction('indexShards', 'readonly').objectStore('indexShards').getAll();
        request.onsuccess = () => resolve(request.result as { shard: number; version: number; sealed: Uint8Array }[]);
        request.onerror = () => reject(request.error);
      });
      const label = (shard: number) => `shard-${String(shard).padStart(2, '0')}`;
      const next: { shard: number; version: number; sealed: Uint8Array }[] = [];
      for (const [shard, entries] of shardEntries) {
        const before = stored.find((row) => row.shard === shard);
        const merged = { ...(before ? await openValue('recordIndex', label(shard), before.version, before.sealed) : {}), ...entries };
        const version = (before?.version ?? 0) + 1;
        next.push({ shard, version, sealed: await sealValue('recordIndex', label(shard), version, merged) });
      }
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('indexShards', 'readwrite');
        for (const row of next) transaction.objectStore('indexShards').put(row);
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      db.close();
    },
    { seed, from, count, key },
  );
}

/** On a reload of a sealed tablet: gives the passphrase; returns when the unlock screen went away (ms since navigation start). */
export async function unlockAfterReload(page: Page, options: { typingDelayMs?: number } = {}): Promise<number> {
  return (await unlockTimed(page, options)).unlockedAt;
}

/** When an unlock's steps happened (ms since navigation start). */
export interface UnlockTimes {
  /** The passphrase was typed and submitted (the bench's click). */
  submittedAt: number;
  /** The app handed the passphrase to `unlock` (its `lotse:unlock` mark): later than `submittedAt` when the app was still loading. */
  askedAt: number;
  /** The unlock screen went away. */
  unlockedAt: number;
}

/**
 * Types the passphrase into the unlock screen — at once, or key by key with `typingDelayMs`
 * between keys as a person does — submits it and waits until the screen is gone.
 */
export async function unlockTimed(page: Page, options: { typingDelayMs?: number } = {}): Promise<UnlockTimes> {
  const screen = page.getByTestId('unlock-screen');
  await screen.waitFor({ state: 'visible', timeout: 60_000 });
  await page.evaluate(() => {
    const w = window as Window & { __benchUnlockedAt?: number; __benchSubmittedAt?: number };
    w.__benchUnlockedAt = 0;
    w.__benchSubmittedAt = 0;
    document.addEventListener('submit', () => {
      w.__benchSubmittedAt ||= performance.now();
    }, true);
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="unlock-screen"]')) {
        w.__benchUnlockedAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
  const input = screen.locator('input[type=password]');
  if (options.typingDelayMs) await input.pressSequentially(BENCH_PASSPHRASE, { delay: options.typingDelayMs });
  else await input.fill(BENCH_PASSPHRASE);
  await input.press('Enter');
  await page.waitForFunction(() => ((window as Window & { __benchUnlockedAt?: number }).__benchUnlockedAt ?? 0) > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const w = window as Window & { __benchUnlockedAt?: number; __benchSubmittedAt?: number };
    const asked = performance.getEntriesByName('lotse:unlock', 'mark')[0]?.startTime ?? w.__benchSubmittedAt!;
    return { submittedAt: w.__benchSubmittedAt!, askedAt: asked, unlockedAt: w.__benchUnlockedAt! };
  });
}

/**
 * Since issue #12 every tablet screen is behind the passphrase: sets it on a fresh tablet's first
 * screen (the app's own set-secret form, its Argon2id), or gives it on the unlock screen; returns
 * when that screen went away.
 */
export async function passphraseIfAsked(page: Page): Promise<void> {
  const set = page.getByTestId('set-secret');
  const unlock = page.getByTestId('unlock-screen');
  await set.or(unlock).first().waitFor({ state: 'visible', timeout: 30_000 });
  if (await set.isVisible()) {
    await set.locator('input[type=password]').nth(0).fill(BENCH_PASSPHRASE);
    await set.locator('input[type=password]').nth(1).fill(BENCH_PASSPHRASE);
    await set.getByRole('button').click();
    await set.waitFor({ state: 'hidden', timeout: 60_000 });
  } else {
    await unlock.locator('input[type=password]').fill(BENCH_PASSPHRASE);
    await unlock.getByRole('button').click();
    await unlock.waitFor({ state: 'hidden', timeout: 60_000 });
  }
}
