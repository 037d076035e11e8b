/**
 * What the form stage shows of a record's notice (issue #15): for each language of the version the
 * person decided on, its name and direction, its "translation not reviewed" line and the names of
 * its explicit consents — the few strings that need the notice at all, filled with the settings
 * version the notice was filled with, never hashed. The consent stage reads whole notices, filled
 * and hashed (`latestNoticeTexts`, notices.ts); opening a consented interview does not, so its path
 * loads neither that work nor its code.
 */
import { DEPLOYMENT_SETTINGS_ID, fillPlaceholders, type ConsentRecord, type NoticeArtifact } from '../core/consent';
import { usableNotice, usableSettings } from './artifacts';
import { artifactRows } from './artifact-rows';
import type { LotseDatabase } from './db';

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
  const [notices, settings] = await Promise.all([Promise.all(rows.map(usableNotice)), Promise.all(settingsRows.map(usableSettings))]);
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
