import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNoticeJson } from '../core/record/__fixtures__/interview';
import { artifactKey, ensureBundledArtifacts, latestNoticeTexts, type NoticeTexts } from './artifacts';
import { openDatabaseNamed, type LotseDatabase } from './db';

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

  it('keeps offering a translation when a new German version is published before its translation', async () => {
    await ensureBundledArtifacts(db, {
      forms: [],
      notices: [testNoticeJson('de', { version: 1 }), testNoticeJson('en', { version: 1 }), testNoticeJson('de', { version: 2 })],
    });
    const offered = await latestNoticeTexts(db);
    expect(labels(offered)).toEqual({ texts: ['de@2', 'en@1'], references: ['de@1', 'de@2'] });
    // The English text is read beside the German it was translated from, not the newer one.
    const english = offered.texts.find((n) => n.lang === 'en')!;
    expect(offered.references.find((n) => n.version === english.version)?.text).toContain('Datenschutzerklärung 1');

    // Once the translation of version 2 arrives, it replaces version 1.
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

    const key = artifactKey('notice', 'notice', 1, 'de');
    const row = await db.artifacts.get(key);
    await db.artifacts.update(key, { body: { ...row!.body, text: 'tampered' } });
    expect(labels(await latestNoticeTexts(db))).toEqual({ texts: [], references: [] });
  });
});
