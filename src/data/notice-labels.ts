/**
 * What the form stage shows of a record's notice (issue #15): for each language of the version the
 * person decided on, its name and direction, its "translation not reviewed" line and the names of
 * its explicit consents — the few strings that need the notice at all, filled with the settings
 * version the notice was filled with, never hashed. The consent stage reads whole notices, filled
 * and hashed (`latestNoticeTexts`, notices.ts); opening a consented interview does not, so its path
 * loads neither that work nor its code.
 */
import { fillPlaceholders, type ConsentRecord, type NoticeArtifact } from '../core/consent';
import { settingsVersion, usableNotice } from './artifacts';
import { artifactRows } from './artifact-rows';
import type { LotseDatabase } from './db';

export type NoticeLabels = Pick<NoticeArtifact, 'id' | 'version' | 'lang' | 'dir' | 'languageName' | 'explicitConsents'> & {
  ui: Pick<NoticeArtifact['ui'], 'draftTranslation'>;
};

/**
 * Every language of the notice version `consent` was given on that passed its check when it arrived,
 * retired or not (a record keeps its version), as the form shows it.
 */
export async function noticeLabels(db: LotseDatabase, notice: ConsentRecord['privacy_notice']): Promise<NoticeLabels[]> {
  const [rows, settings] = await Promise.all([
    artifactRows(db, 'notice', notice.id),
    notice.settings_version === undefined ? null : settingsVersion(db, notice.settings_version),
  ]);
  const notices = await Promise.all(rows.filter((row) => row.version === notice.version).map(usableNotice));
  const fill = (text: string) => (settings ? fillPlaceholders(text, settings.values) : text);
  return notices.flatMap((text) =>
    text
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
}
