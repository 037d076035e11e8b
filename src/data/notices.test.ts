import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testNoticeJson } from '../core/record/__fixtures__/interview';
import { artifactKey, ensureBundledArtifacts } from './artifacts';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { noticeVersionTexts } from './notices';

let db: LotseDatabase;

beforeEach(async () => {
  db = openDatabaseNamed(`test-${Math.random()}`);
  await ensureBundledArtifacts(db, {
    forms: [],
    notices: [testNoticeJson('de', { version: 1 }), testNoticeJson('en', { version: 1 }), testNoticeJson('de', { version: 2 })],
  });
});

afterEach(async () => {
  await db.delete();
});

describe('noticeVersionTexts', () => {
  it('returns every language of exactly the version asked for, not the newest', async () => {
    const texts = await noticeVersionTexts(db, 'notice', 1);
    expect(texts.map((n) => `${n.lang}@${n.version}`).sort()).toEqual(['de@1', 'en@1']);
  });

  it('still finds a retired version, since records keep pointing at it', async () => {
    await db.artifacts.update(artifactKey('notice', 'notice', 1, 'en'), { retired: 1 });
    expect((await noticeVersionTexts(db, 'notice', 1)).map((n) => n.lang).sort()).toEqual(['de', 'en']);
  });

  it('leaves out a text stored by an earlier version that does not match its SHA-256', async () => {
    const key = artifactKey('notice', 'notice', 1, 'en');
    const row = await db.artifacts.get(key);
    // Rows stored by an earlier version carry no verdict and are checked when read.
    await db.artifacts.put({ ...row!, check: undefined, body: { ...row!.body, text: 'tampered' } });
    expect((await noticeVersionTexts(db, 'notice', 1)).map((n) => n.lang)).toEqual(['de']);
  });
});
