import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LotseDatabase, type RecordIndexRow, type RecordStatus } from './db';
import { unlockedDatabase } from './test-keyring';
import { countInterviewsByFilter, filterStatuses, listInterviews } from './interviews';
import { matchesName, nameQuery, nameSearchText } from '../core/text';

let db: LotseDatabase;
let counter = 0;

function row(displayName: string, status: RecordStatus, minute: number): RecordIndexRow {
  const at = new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
  counter += 1;
  return {
    recordId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    status,
    displayName,
    searchText: nameSearchText(displayName),
    shortReference: '',
    refused: false,
    applicantLang: 'ar',
    createdAt: at,
    updatedAt: at,
  };
}

beforeEach(async () => {
  // Index rows as written before version 3 (the name in clear): listed as they are until the upgrade seals them.
  db = await unlockedDatabase(`test-${Math.random()}`);
  await db.recordIndex.bulkPut([
    row('Ahmad Karimi', 'draft', 1),
    row('Müller, Hanna', 'complete', 2),
    row('أحمد الحسن', 'synced', 3),
    row('Tesfay Gebremariam', 'conflict', 4),
    row('Selam Haile', 'rejected', 5),
  ]);
});

afterEach(async () => {
  await db.delete();
});

describe('interview list', () => {
  it('lists newest first', async () => {
    const page = await listInterviews(db, { filter: 'all', search: '', offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.displayName)).toEqual(['Selam Haile', 'Tesfay Gebremariam', 'أحمد الحسن', 'Müller, Hanna', 'Ahmad Karimi']);
    expect(page.total).toBe(5);
  });

  it('groups conflicts and rejections as "needs attention"', async () => {
    const page = await listInterviews(db, { filter: 'attention', search: '', offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.status).sort()).toEqual(['conflict', 'rejected']);
    expect(await countInterviewsByFilter(db)).toEqual({ all: 5, draft: 1, complete: 1, synced: 1, attention: 2 });
  });

  it('searches names without regard to case, diacritics or Arabic letter variants', async () => {
    expect((await listInterviews(db, { filter: 'all', search: 'muller', offset: 0, limit: 10 })).rows.map((r) => r.displayName)).toEqual(['Müller, Hanna']);
    expect((await listInterviews(db, { filter: 'all', search: 'الحسن', offset: 0, limit: 10 })).rows.map((r) => r.displayName)).toEqual(['أحمد الحسن']);
    expect((await listInterviews(db, { filter: 'draft', search: 'hanna', offset: 0, limit: 10 })).total).toBe(0);
  });

  it('finds a name typed in the original script by its Latin spelling, and back', async () => {
    const names = async (search: string) => (await listInterviews(db, { filter: 'all', search, offset: 0, limit: 10 })).rows.map((r) => r.displayName);
    expect(await names('احمد')).toEqual(['أحمد الحسن', 'Ahmad Karimi']);
    expect(await names('Ahmed')).toEqual(['أحمد الحسن', 'Ahmad Karimi']);
    expect(await names('ገብረማርያም')).toEqual(['Tesfay Gebremariam']);
    expect(await names('hassan')).toEqual(['أحمد الحسن']);
    expect(await names('ሰላም')).toEqual(['Selam Haile']);
  });

  it('filters and searches in the same order as the whole list, pages and ties included', async () => {
    const statuses: RecordStatus[] = ['draft', 'complete', 'synced', 'conflict', 'rejected'];
    const names = ['Amanuel Tesfay', 'Amina Yusuf', 'Tesfay Haile', 'Yusuf Amani', 'Hanna Amsel'];
    // 40 more rows, many sharing a minute, so the order of ties matters.
    await db.recordIndex.bulkPut(Array.from({ length: 40 }, (_, i) => row(`${names[i % 5]} ${i}`, statuses[(i * 7) % 5]!, 10 + (i % 6))));
    const everything = (await listInterviews(db, { filter: 'all', search: '', offset: 0, limit: 100 })).rows;
    for (const filter of ['all', 'draft', 'complete', 'synced', 'attention'] as const) {
      for (const search of ['', 'ama', 'tesfay', 'yusuf 1', 'nobody']) {
        const needle = nameQuery(search);
        const expected = everything.filter(
          (r) => (filter === 'all' || filterStatuses[filter].includes(r.status)) && (!needle || matchesName(r.searchText, needle)),
        );
        const pages = [];
        for (let offset = 0; offset < expected.length + 7; offset += 7) {
          const page = await listInterviews(db, { filter, search, offset, limit: 7 });
          expect(page.total, `${filter} "${search}"`).toBe(expected.length);
          pages.push(...page.rows);
        }
        expect(pages.map((r) => r.recordId), `${filter} "${search}"`).toEqual(expected.map((r) => r.recordId));
      }
    }
  });

  it('pages through the list', async () => {
    const first = await listInterviews(db, { filter: 'all', search: '', offset: 0, limit: 2 });
    const second = await listInterviews(db, { filter: 'all', search: '', offset: 2, limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(second.rows.map((r) => r.displayName)).toEqual(['أحمد الحسن', 'Müller, Hanna']);
    expect(second.total).toBe(5);
  });
});
