/**
 * What the form stage shows of a record's notice (issue #15): for each language of the version the
 * person decided on, its name and direction, its "translation not reviewed" line and the names of
 * its explicit consents — the few strings that need the notice at all, filled with the settings
 * version the notice was filled with, never hashed. The consent stage reads whole notices, filled
 * and hashed (`latestNoticeTexts`, notices.ts); opening a consented interview does not, so its path
 * loads neither that work nor its code.
 */
import { DEPLOYMENT_SETTINGS_ID, fillPlaceholders, type ConsentRecord, type DeploymentSettings, type NoticeArtifact } from '../core/consent';
import { trustedNow, usableNotice, usableSettings } from './artifacts';
import { artifactRows, keptArtifactRows } from './artifact-rows';
import type { LotseDatabase, StoredArtifact } from './db';

export type NoticeLabels = Pick<NoticeArtifact, 'id' | 'version' | 'lang' | 'dir' | 'languageName' | 'explicitConsents'> & {
  ui: Pick<NoticeArtifact['ui'], 'draftTranslation'>;
};

/** The form stage's notice strings of every version on the device, read once; `labelsFor` picks and fills a record's. */
export interface NoticeLabelBook {
  /** Every language of the version `notice` names, filled with the settings version it names (none: as stored). */
  labelsFor(notice: ConsentRecord['privacy_notice']): NoticeLabels[];
}

/**
 * Every language of every version of the notice `id` that passed its check when it arrived,
 * retired or not (a record keeps its version), with the deployment settings versions to fill them:
 * read without the record, so that an interview opened at a start reads it beside its record
 * rather than after it (issue #15); the record's version is picked in memory (`labelsFor`).
 */
export async function noticeLabelBook(db: LotseDatabase, id = 'notice'): Promise<NoticeLabelBook> {
  const [rows, settingsRows] = await Promise.all([artifactRows(db, 'notice', id), artifactRows(db, 'settings', DEPLOYMENT_SETTINGS_ID)]);
  const known = rememberedBook(rows, settingsRows);
  if (known) return known;
  const [notices, settings] = await Promise.all([Promise.all(rows.map(usableNotice)), Promise.all(settingsRows.map(usableSettings))]);
  return bookOf(notices, settings);
}

/**
 * `noticeLabelBook` without asking IndexedDB (issue #15): the book of the rows read while the
 * tablet was locked and kept since (undefined when they are not: then the live read answers).
 */
export function keptNoticeLabelBook(db: LotseDatabase, id = 'notice'): NoticeLabelBook | undefined {
  const rows = keptArtifactRows(db, 'notice', id);
  const settingsRows = keptArtifactRows(db, 'settings', DEPLOYMENT_SETTINGS_ID);
  return rows && settingsRows ? rememberedBook(rows, settingsRows) : undefined;
}

/** One book per pair of kept row lists: the first render's book and the live read's are the same object, so the stage does not render again. */
const books = new WeakMap<StoredArtifact[], WeakMap<StoredArtifact[], NoticeLabelBook>>();

function rememberedBook(rows: StoredArtifact[], settingsRows: StoredArtifact[]): NoticeLabelBook | undefined {
  const known = books.get(rows)?.get(settingsRows);
  if (known) return known;
  const notices = rows.map((row) => trustedNow<NoticeArtifact>(row));
  const settings = settingsRows.map((row) => trustedNow<DeploymentSettings>(row));
  // A row without its verdict yet is checked by the async read.
  if (notices.includes(undefined) || settings.includes(undefined)) return undefined;
  const book = bookOf(notices as (NoticeArtifact | null)[], settings as (DeploymentSettings | null)[]);
  const bySettings = books.get(rows) ?? new WeakMap<StoredArtifact[], NoticeLabelBook>();
  bySettings.set(settingsRows, book);
  books.set(rows, bySettings);
  return book;
}

function bookOf(notices: (NoticeArtifact | null)[], settings: (DeploymentSettings | null)[]): NoticeLabelBook {
  return {
    labelsFor(notice) {
      const values = notice.settings_version === undefined ? null : (settings.find((candidate) => candidate?.version === notice.settings_version)?.values ?? null);
      const fill = (text: string) => (values ? fillPlaceholders(text, values) : text);
      return notices.flatMap((text) =>
        text && text.id === notice.id && text.version === notice.version
          ? [
              {
                id: text.id,
                version: text.version,
                lang: text.lang,
                dir: text.dir,
                languageName: text.languageName,
                ...(text.explicitConsents && { explicitConsents: text.explicitConsents.map((item) => ({ ...item, label: fill(item.label), description: fill(item.description) })) }),
                ui: { draftTranslation: fill(text.ui.draftTranslation) },
              },
            ]
          : [],
      );
    },
  };
}
