import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testNoticeJson } from '../core/record/__fixtures__/interview';
import profilingbogen from '../../content/forms/profilingbogen@1.json';
import type { ArtifactChange } from '../core/sync';
import { artifactKey, ensureBundledArtifacts, ensureBundledContent, formByRef, keptRecordForm, latestForm, rowsFromChanges, storedRecordForm, warmInterview, type BundledFile } from './artifacts';
import { latestNoticeTexts, type NoticeTexts } from './notices';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { getMeta } from './meta';
import { watch } from './watch';

let db: LotseDatabase;

beforeEach(() => {
  db = openDatabaseNamed(`test-${Math.random()}`);
});

afterEach(async () => {
  await db.delete();
});

const labels = ({ texts, references }: NoticeTexts) => ({
  texts: texts.map((n) => `${n.lang}@${n.version}`).sort(),
  references: references.map((n) => `${n.lang}@${n.version}`).sort(),
});

describe('latestNoticeTexts', () => {
  it('offers every language in its newest version, each beside the German text of that same version', async () => {
    await ensureBundledArtifacts(db, { forms: [], notices: [testNoticeJson('de', { version: 1 }), testNoticeJson('en', { version: 1 })] });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1', 'en@1'], references: ['de@1'] });
  });

  it('offers only the current version: a language it lacks is not offered in an older version until its translation arrives', async () => {
    await ensureBundledArtifacts(db, {
      forms: [],
      notices: [testNoticeJson('de', { version: 1 }), testNoticeJson('en', { version: 1 }), testNoticeJson('de', { version: 2 })],
    });
    // Versions differ in what they ask and enforce (notice@3: core purpose, health item, guardian),
    // so nobody decides on an older version's terms while the current one is there.
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@2'], references: ['de@2'] });

    // Once the translation of version 2 arrives, it is offered.
    await ensureBundledArtifacts(db, { forms: [], notices: [testNoticeJson('en', { version: 2 })] });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@2', 'en@2'], references: ['de@2'] });
  });

  it('never offers a text without its German reference, a retired version, or a text that fails its SHA-256', async () => {
    await ensureBundledArtifacts(db, {
      forms: [],
      notices: [testNoticeJson('de', { version: 1 }), testNoticeJson('en', { version: 1 }), testNoticeJson('en', { version: 3 })],
    });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1', 'en@1'], references: ['de@1'] });

    await db.artifacts.update(artifactKey('notice', 'notice', 1, 'en'), { retired: 1 });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1'], references: ['de@1'] });

    // A row stored by an earlier version (no verdict yet) is checked when read: a text that fails its SHA-256 is left out.
    const key = artifactKey('notice', 'notice', 1, 'de');
    const row = await db.artifacts.get(key);
    await db.artifacts.put({ ...row!, check: undefined, body: { ...row!.body, text: 'tampered' } });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: [], references: [] });
  });

  it('never offers a pulled text that failed its SHA-256 when it arrived', async () => {
    const german = testNoticeJson('de', { version: 1 });
    const tampered = { ...testNoticeJson('en', { version: 1 }), text: 'tampered' };
    const { add } = rowsFromChanges([publish('notice', german), publish('notice', tampered)]);
    expect(add.map((row) => row.check)).toEqual(['valid', 'invalid']);
    await db.artifacts.bulkAdd(add);
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1'], references: ['de@1'] });
  });
});

function publish(kind: 'form' | 'notice', body: Record<string, unknown>, changeNo = 1): ArtifactChange {
  return {
    op: 'publish', changeNo, kind, id: String(body.id), version: Number(body.version),
    lang: kind === 'notice' ? String(body.lang) : null,
    sha256: kind === 'notice' ? String(body.sha256) : '0'.repeat(64),
    reviewState: 'reviewed', publishedAt: '2026-01-01T00:00:00.000Z', body,
  };
}

const formJson = () => structuredClone(profilingbogen) as Record<string, unknown>;

describe('checked once, when an artifact arrives', () => {
  it('reads a pulled form back as it arrived, and a form that failed its schema never', async () => {
    const form = formJson();
    const broken = { ...form, version: 2, sections: 'not a list' };
    const { add } = rowsFromChanges([publish('form', form), publish('form', broken, 2)]);
    expect(add.map((row) => row.check)).toEqual(['valid', 'invalid']);
    await db.artifacts.bulkAdd(add);
    expect(await formByRef(db, 'profilingbogen@1')).toEqual(form);
    expect(await formByRef(db, 'profilingbogen@2')).toBeNull();
    // The newest form offered for a new interview is the newest one that passed.
    expect((await latestForm(db))?.version).toBe(1);
  });

  it('loads only the shipped files the device does not have, and nothing once it has them all', async () => {
    const loaded: string[] = [];
    const file = (key: string, body: unknown): BundledFile => ({ key, load: async () => (loaded.push(key), body) });
    const files = [
      file('form:profilingbogen@1:*', formJson()),
      file('notice:notice@1:de', testNoticeJson('de', { version: 1 })),
      file('notice:notice@1:en', testNoticeJson('en', { version: 1 })),
    ];
    await ensureBundledArtifacts(db, { forms: [], notices: [testNoticeJson('de', { version: 1 })] });
    await ensureBundledContent(db, files);
    expect(loaded.sort()).toEqual(['form:profilingbogen@1:*', 'notice:notice@1:en']);
    expect((await db.artifacts.toArray()).map((row) => [row.key, row.check])).toEqual([
      ['form:profilingbogen@1:*', 'valid'],
      ['notice:notice@1:de', 'valid'],
      ['notice:notice@1:en', 'valid'],
    ]);
    loaded.length = 0;
    await ensureBundledContent(db, files);
    expect(loaded).toEqual([]);
    expect((await latestForm(db))?.id).toBe('profilingbogen');
  });

  it('refuses a shipped file that holds another artifact than its path names', async () => {
    const files: BundledFile[] = [{ key: 'notice:notice@1:fr', load: async () => testNoticeJson('en', { version: 1 }) }];
    await expect(ensureBundledContent(db, files)).rejects.toThrow(/notice:notice@1:en/);
    expect(await db.artifacts.count()).toBe(0);
  });

  it('gives rows stored by an earlier version their verdict once, and then reads them without checking', async () => {
    const german = testNoticeJson('de', { version: 1 });
    const english = testNoticeJson('en', { version: 1 });
    const legacy = rowsFromChanges([publish('notice', german), publish('notice', { ...english, text: 'tampered' })]).add.map(({ check: _check, ...row }) => row);
    await db.artifacts.bulkAdd(legacy);
    await ensureBundledContent(db, []);
    expect((await db.artifacts.toArray()).map((row) => [row.key, row.check])).toEqual([
      ['notice:notice@1:de', 'valid'],
      ['notice:notice@1:en', 'invalid'],
    ]);
    expect(await getMeta(db, 'artifactsChecked')).toBe(true);
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1'], references: ['de@1'] });
  });
});

describe('artifacts kept in memory once read (issue #15)', () => {
  it('another tab retiring a notice or storing a new version is seen at once, by a read and by a live read', async () => {
    await ensureBundledArtifacts(db, { forms: [], notices: [testNoticeJson('de', { version: 1 }), testNoticeJson('en', { version: 1 })] });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1', 'en@1'], references: ['de@1'] });
    const seen: NoticeTexts[] = [];
    const stop = watch(() => latestNoticeTexts(db)).subscribe((value) => seen.push(value), () => undefined);
    await vi.waitFor(() => expect(seen).toHaveLength(1));

    // The other tab: its own connection to the same database.
    const other = openDatabaseNamed(db.name);
    await other.artifacts.update(artifactKey('notice', 'notice', 1, 'en'), { retired: 1 });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@1'], references: ['de@1'] });
    await vi.waitFor(() => expect(labels(seen.at(-1)!)).toEqual({ texts: ['de@1'], references: ['de@1'] }));

    await ensureBundledArtifacts(other, { forms: [], notices: [testNoticeJson('de', { version: 2 })] });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: ['de@2'], references: ['de@2'] });
    await vi.waitFor(() => expect(labels(seen.at(-1)!)).toEqual({ texts: ['de@2'], references: ['de@2'] }));
    stop();
    other.close();
  });

  it('a form version read again comes from memory, and still follows a change of its row', async () => {
    await ensureBundledArtifacts(db, { forms: [profilingbogen], notices: [] });
    const ref = `${profilingbogen.id}@${profilingbogen.version}`;
    const first = await formByRef(db, ref);
    expect(first?.id).toBe(profilingbogen.id);
    // The same object: not read and cloned out of IndexedDB again.
    expect(await formByRef(db, ref)).toBe(first);
    await db.artifacts.update(artifactKey('form', profilingbogen.id, profilingbogen.version, null), { check: 'invalid' });
    expect(await formByRef(db, ref)).toBeNull();
  });

  it('the form of a record in its form stage is known without a read once its row was read behind the lock (the form stage\'s first render), the same object the live read answers', async () => {
    await ensureBundledArtifacts(db, { forms: [profilingbogen], notices: [] });
    const ref = `${profilingbogen.id}@${profilingbogen.version}`;
    // The clear fields of a stored record (what warmInterview reads while the tablet is locked).
    const row = { recordId: 'in-form', rev: 0, serverRev: 0, status: 'draft', editing: false, formRef: ref, createdAt: '2026-12-06T08:00:00Z', updatedAt: '2026-12-06T08:00:00Z', progress: { stage: 'form', sectionId: null } };
    await db.records.bulkPut([row, { ...row, recordId: 'deciding', formRef: null, progress: { stage: 'consent', sectionId: null } }] as never);
    expect(keptRecordForm(db, 'in-form')).toBeUndefined();
    expect(await warmInterview(db, 'in-form')).toBe('form');
    await vi.waitFor(() => expect(keptRecordForm(db, 'in-form')).toBeTruthy());
    const kept = keptRecordForm(db, 'in-form');
    expect(kept?.id).toBe(profilingbogen.id);
    expect(await storedRecordForm(db, 'in-form')).toBe(kept);
    // Before the consent the form is not decided yet: always read.
    expect(await warmInterview(db, 'deciding')).toBe('consent');
    expect(keptRecordForm(db, 'deciding')).toBeUndefined();
    // A change of the form's row (here: found invalid) drops what was kept; the read says so.
    await db.artifacts.update(artifactKey('form', profilingbogen.id, profilingbogen.version, null), { check: 'invalid' });
    expect(keptRecordForm(db, 'in-form')).toBeUndefined();
    expect(await storedRecordForm(db, 'in-form')).toBeNull();
  });
});
