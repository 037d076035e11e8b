/**
 * The form stage's notice strings (issue #15): the version the person decided on, not the newest;
 * the explicit consents' names and the draft mark filled from the settings version the notice was
 * filled with; no text and no hash — the form does not show them, and opening it does not pay for them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ar from '../../content/notices/notice@3/ar.json';
import de from '../../content/notices/notice@3/de.json';
import type { ConsentRecord } from '../core/consent';
import { testNoticeJson } from '../core/record/__fixtures__/interview';
import type { ArtifactChange } from '../core/sync';
import { artifactKey, ensureBundledArtifacts, rowsFromChanges } from './artifacts';
import { openDatabaseNamed, type LotseDatabase } from './db';
import { keptNoticeLabelBook, noticeLabelBook, type NoticeLabels } from './notice-labels';

let db: LotseDatabase;

/** The strings of the notice version `notice` names, as the interview screen picks them. */
const noticeLabels = async (database: LotseDatabase, notice: ConsentRecord['privacy_notice']): Promise<NoticeLabels[]> =>
  (await noticeLabelBook(database, notice.id)).labelsFor(notice);

const values = {
  withdrawalPhone: '05171 401-0000',
  withdrawalEmail: 'widerruf@example.org',
  withdrawalAddress: 'Burgstraße 1, 31224 Peine',
  controllerName: 'Landkreis Peine',
  controllerAddress: 'Burgstraße 1, 31224 Peine',
  dpoName: 'Datenschutzbeauftragte',
  dpoAddress: 'Burgstraße 1, 31224 Peine',
  dpoPhone: '05171 401-0001',
  dpoEmail: 'datenschutz@example.org',
  supervisoryAuthorityName: 'Die Landesbeauftragte für den Datenschutz Niedersachsen',
  supervisoryAuthorityAddress: 'Prinzenstraße 5, 30159 Hannover',
  supervisoryAuthorityPhone: '0511 120-4500',
  supervisoryAuthorityEmail: 'poststelle@lfd.niedersachsen.de',
};

function settingsChange(version: number, changeNo: number, withdrawalPhone: string): ArtifactChange {
  return {
    op: 'publish', changeNo, kind: 'settings', id: 'deployment', version, lang: null,
    sha256: '0'.repeat(64), reviewState: null, body: { id: 'deployment', version, values: { ...values, withdrawalPhone } },
  } as unknown as ArtifactChange;
}

beforeEach(async () => {
  db = openDatabaseNamed(`test-${Math.random()}`);
  await ensureBundledArtifacts(db, { forms: [], notices: [de, ar, testNoticeJson('de', { version: 4 })] });
  const { add } = rowsFromChanges([settingsChange(1, 1, '05171 401-1111'), settingsChange(2, 2, '05171 401-2222')]);
  await db.artifacts.bulkPut(add);
});

afterEach(async () => {
  await db.delete();
});

describe('noticeLabels', () => {
  it('gives every language of the version decided on, with names, direction and explicit consents, not the newest version', async () => {
    const labels = await noticeLabels(db, { id: 'notice', version: 3, language: 'ar', sha256: de.sha256, settings_version: 1 });
    expect(labels.map((label) => `${label.lang}@${label.version}`).sort()).toEqual(['ar@3', 'de@3']);
    const arabic = labels.find((label) => label.lang === 'ar')!;
    expect(arabic).toMatchObject({ dir: 'rtl', languageName: ar.languageName });
    expect(arabic.explicitConsents?.map((item) => item.label)).toEqual(ar.explicitConsents.map((item) => item.label));
    expect(arabic.ui).toEqual({ draftTranslation: ar.ui.draftTranslation });
    // Only what the form shows: not the text, and no hash that would have to be computed again.
    expect(Object.keys(arabic).sort()).toEqual(['dir', 'explicitConsents', 'id', 'lang', 'languageName', 'ui', 'version']);
  });

  it('fills placeholders from the settings version the notice was filled with, also a retired version', async () => {
    const withPlaceholder = { ...de, explicitConsents: de.explicitConsents.map((item) => ({ ...item, label: `${item.label} ({{withdrawalPhone}})` })) };
    await db.artifacts.update(artifactKey('notice', 'notice', 3, 'de'), { body: withPlaceholder, retired: 1 });
    const [first] = await noticeLabels(db, { id: 'notice', version: 3, language: 'de', sha256: de.sha256, settings_version: 1 }).then((all) => all.filter((label) => label.lang === 'de'));
    expect(first!.explicitConsents?.[0]?.label).toBe(`${de.explicitConsents[0]!.label} (05171 401-1111)`);
    const [second] = await noticeLabels(db, { id: 'notice', version: 3, language: 'de', sha256: de.sha256, settings_version: 2 }).then((all) => all.filter((label) => label.lang === 'de'));
    expect(second!.explicitConsents?.[0]?.label).toBe(`${de.explicitConsents[0]!.label} (05171 401-2222)`);
  });

  it('has nothing for a version the device does not hold', async () => {
    expect(await noticeLabels(db, { id: 'notice', version: 9, language: 'de', sha256: de.sha256 })).toEqual([]);
  });

  it('is known without a read once read (the first render of the form stage), the same book the live read answers, until the artifacts change', async () => {
    const notice = { id: 'notice', version: 3, language: 'ar', sha256: de.sha256, settings_version: 1 };
    expect(keptNoticeLabelBook(db)).toBeUndefined();
    const read = await noticeLabelBook(db);
    const kept = keptNoticeLabelBook(db);
    // The same object: the interview screen's live read then changes nothing, the stage does not render again.
    expect(kept).toBe(read);
    expect(await noticeLabelBook(db)).toBe(read);
    expect(kept!.labelsFor(notice)).toEqual(read.labelsFor(notice));
    // A pull (or any change of the artifacts) drops what was kept: the next open reads again, and sees the change.
    const withPlaceholder = { ...de, explicitConsents: de.explicitConsents.map((item) => ({ ...item, label: `${item.label} ({{withdrawalPhone}})` })) };
    await db.artifacts.update(artifactKey('notice', 'notice', 3, 'de'), { body: withPlaceholder });
    expect(keptNoticeLabelBook(db)).toBeUndefined();
    const again = await noticeLabelBook(db);
    expect(again).not.toBe(read);
    expect(again.labelsFor({ ...notice, language: 'de' }).find((label) => label.lang === 'de')!.explicitConsents?.[0]?.label).toBe(`${de.explicitConsents[0]!.label} (05171 401-1111)`);
  });
});
