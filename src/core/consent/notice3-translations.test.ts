/**
 * The thirteen translations of notice@3 (issue 14, "Notice version 2"): what a reader of each
 * language and an auditor would check — the same notice as German, in the right script and
 * direction, honest about review, naming every office with its German name and every contact by
 * placeholder. The terms themselves are checked by src/core/text/terms.content.test.ts.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filledNotice, noticeArtifactSchema, noticeBlocks, noticePlaceholders, translationProblems, verifyNoticeHash, type DeploymentSettings, type NoticeArtifact } from './index';
import { settingKeys } from './settings';

const LANGUAGES = ['de', 'en', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ti', 'so', 'tr', 'sq', 'fr', 'ru'] as const;
const RTL = ['ar', 'fa', 'prs', 'ps', 'ckb'];
const dir = new URL('../../../content/notices/notice@3/', import.meta.url);
const read = (lang: string): NoticeArtifact => noticeArtifactSchema.parse(JSON.parse(fs.readFileSync(new URL(`${lang}.json`, dir), 'utf8')));
const notices = new Map(LANGUAGES.map((lang) => [lang, read(lang)]));
const german = notices.get('de')!;

/** The German legal name each translation keeps in its recipient label, so staff can check it. */
const GERMAN_NAMES: Record<string, string> = {
  auslaenderbehoerde: 'Ausländerbehörde',
  'fachdienst-soziales': 'Fachdienst Soziales',
  jobcenter: 'Jobcenter',
  'agentur-fuer-arbeit': 'Agentur für Arbeit Hildesheim',
  massnahmetraeger: 'Maßnahmeträger',
  kvhs: 'Kreisvolkshochschule Peine',
  caritas: 'Caritasverband Peine',
  ihk: 'Industrie- und Handelskammer Braunschweig',
  hwk: 'Handwerkskammer Braunschweig-Lüneburg-Stade',
  gemeinde: 'Wohngemeinde',
};

const outline = (notice: NoticeArtifact) =>
  noticeBlocks(notice.text).map((block) => (block.kind === 'list' ? `list(${block.items.length})` : block.kind));

const settings = {
  id: 'deployment',
  version: 1,
  values: Object.fromEntries(settingKeys.map((key) => [key, key.endsWith('Phone') ? '05171 401-0' : key.endsWith('Email') ? 'amt@example.de' : `Wert ${key}`])),
} as DeploymentSettings;

describe('notice@3 translations', () => {
  it('exist for exactly the fourteen languages', () => {
    const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual(LANGUAGES.map((lang) => `${lang}.json`).sort());
  });

  describe.each(LANGUAGES.filter((lang) => lang !== 'de'))('%s', (lang) => {
    const notice = notices.get(lang)!;

    it('is notice@3 with German’s purposes, explicit consents, recipients and outline, and its hash holds', () => {
      expect(notice).toMatchObject({ id: 'notice', version: 3, lang, hashScheme: 2, corePurpose: 'profiling' });
      expect(verifyNoticeHash(notice)).toBe(true);
      expect(translationProblems(notice, german)).toEqual([]);
      expect(outline(notice)).toEqual(outline(german));
      expect(Object.keys(notice.ui).sort()).toEqual(Object.keys(german.ui).sort());
    });

    it('is a draft, written in the direction of its script', () => {
      expect(notice.reviewState).toBe('draft');
      expect(notice.reviewedBy).toBeUndefined();
      expect(notice.dir).toBe(RTL.includes(lang) ? 'rtl' : 'ltr');
    });

    it('names every recipient with its German legal name', () => {
      for (const recipient of notice.recipients) expect(recipient.label, recipient.id).toContain(GERMAN_NAMES[recipient.id]);
    });

    it('names every contact by placeholder and fills them all', () => {
      expect(noticePlaceholders(notice)).toEqual(noticePlaceholders(german));
      const filled = filledNotice(notice, settings)!;
      expect([filled.text, ...Object.values(filled.ui)].join('\n')).not.toMatch(/\{\{|\}\}/);
      expect(filled.ui.howToWithdraw).toContain('05171 401-0');
      expect(filled.ui.howToWithdraw).toContain('amt@example.de');
    });

    it.skipIf(lang === 'en')('is translated, not a copy of the English or German text', () => {
      const english = notices.get('en')!;
      for (const key of ['corePurposeNote', 'coreRefusal', 'minorAgreement', 'guardianConsent', 'interpreterConfidentiality'] as const) {
        expect(notice.ui[key], key).not.toBe(english.ui[key]);
        expect(notice.ui[key], key).not.toBe(german.ui[key]);
      }
      expect(notice.explicitConsents![0]!.description).not.toBe(english.explicitConsents![0]!.description);
    });
  });

  it('writes Kurmanji in Latin script and Tigrinya in Ethiopic', () => {
    expect(notices.get('kmr')!.text).toMatch(/[çêîşû]/);
    expect(notices.get('kmr')!.text).not.toMatch(/[\u0600-\u06ff]/);
    const letters = [...notices.get('ti')!.text].filter((char) => /\p{L}/u.test(char));
    expect(letters.filter((char) => /[\u1200-\u137f]/.test(char)).length / letters.length).toBeGreaterThan(0.8);
  });

  it('uses the Persian and Sorani letters, not their Arabic look-alikes, and the Pashto letters in Pashto', () => {
    for (const lang of ['fa', 'prs', 'ckb'] as const) {
      const { text, ui } = notices.get(lang)!;
      const all = [text, ...Object.values(ui)].join('\n');
      expect(all, lang).not.toMatch(/[يك]/);
    }
    expect(notices.get('ckb')!.text).toMatch(/[ەێۆڕڵ]/);
    expect(new Set([...notices.get('ps')!.text].filter((char) => 'ټډړږښګڼ'.includes(char))).size).toBeGreaterThanOrEqual(5);
  });

  it('keeps the section letters of the form in each language (Arabic abjad, Ethiopic, Latin)', () => {
    const first = (lang: (typeof LANGUAGES)[number]) => {
      const sections = noticeBlocks(notices.get(lang)!.text).find((block) => block.kind === 'list' && block.items.length === 9);
      return sections?.kind === 'list' ? sections.items.map((item) => item.split(' ')[0]) : [];
    };
    expect(first('ar')).toEqual(['أ', 'ب', 'ج', 'د', 'هـ', 'و', 'ز', 'ح', 'ط']);
    expect(first('fa')).toEqual(['الف', 'ب', 'ج', 'د', 'هـ', 'و', 'ز', 'ح', 'ط']);
    expect(first('ti')).toEqual(['ሀ', 'ለ', 'ሐ', 'መ', 'ረ', 'ሰ', 'ሸ', 'ቀ', 'በ']);
    expect(first('tr')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
  });
});
