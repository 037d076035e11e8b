import { describe, expect, it } from 'vitest';
import { directionOf } from '../interview/form/languages';
import { documentLanguages, germanLabels, loadDocumentLabels, localLabelsOf, type DocumentLabelSet } from './subject-access-labels';

const files = import.meta.glob<DocumentLabelSet>('../../../locales/documents/subject-access/*.json', { eager: true, import: 'default' });
const notices = import.meta.glob<{ lang: string; dir: string; reviewState: string; text: string; ui: Record<string, string> }>('../../../content/notices/notice@3/*.json', { eager: true, import: 'default' });

const langOf = (path: string) => path.slice(path.lastIndexOf('/') + 1, -'.json'.length);
const labelFiles = Object.fromEntries(Object.entries(files).map(([path, set]) => [langOf(path), set]));
const noticeFiles = Object.fromEntries(Object.entries(notices).map(([path, notice]) => [langOf(path), notice]));

function entries(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => entries(child, prefix ? `${prefix}.${key}` : key));
}

/**
 * The newest notice (notice@3, whose terms follow content/terms/<lang>.json) is the one the
 * document's words must match. The word each notice uses for consent (as in its headings "Your consent is voluntary" and
 * "You can withdraw your consent"), as the stem that stays when it is declined (Arabic موافقة /
 * موافقتك, Russian согласие / согласия). The document must use the same word where it speaks of
 * consent, so the person recognises what they agreed to.
 */
const consentTerm: Record<string, string> = {
  de: 'einwilligung',
  en: 'consent',
  ar: 'موافق',
  fa: 'رضایت',
  prs: 'رضایت',
  ps: 'رضایت',
  ckb: 'ڕەزامەندی',
  kmr: 'razîbûn',
  ti: 'ስምምዕ',
  so: 'oggolaansh',
  tr: 'rıza',
  sq: 'pëlqim',
  fr: 'consentement',
  ru: 'соглас',
};

describe('labels of the subject-access document', () => {
  it('exist for every language of the notice, and only for those', () => {
    expect(Object.keys(labelFiles).sort()).toEqual(Object.keys(noticeFiles).sort());
    expect([...documentLanguages].sort()).toEqual(Object.keys(noticeFiles).sort());
    expect(Object.keys(noticeFiles)).toHaveLength(14);
  });

  it('every language file has exactly the German keys, and no empty text', () => {
    const germanKeys = entries(germanLabels.labels).map(([key]) => key).sort();
    expect(germanKeys.length).toBeGreaterThan(40);
    for (const [lang, set] of Object.entries(labelFiles)) {
      expect(set.lang, lang).toBe(lang);
      expect(Object.keys(set).sort(), lang).toEqual(['labels', 'lang', 'reviewState']);
      const own = entries(set.labels);
      expect(own.map(([key]) => key).sort(), lang).toEqual(germanKeys);
      for (const [key, text] of own) {
        expect(typeof text, `${lang} ${key}`).toBe('string');
        expect((text as string).trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('German is reviewed; every other language is a draft until a qualified translator checked it', () => {
    expect(germanLabels.reviewState).toBe('reviewed');
    for (const [lang, set] of Object.entries(labelFiles)) {
      if (lang !== 'de') expect(set.reviewState, lang).toBe('draft');
      // A file would only be reviewed together with the notice it borrows its words from.
      if (set.reviewState === 'reviewed') expect(noticeFiles[lang]!.reviewState, lang).toBe('reviewed');
    }
  });

  it('say "consent" with the word the notice of that language uses', () => {
    for (const [lang, set] of Object.entries(labelFiles)) {
      const term = consentTerm[lang];
      expect(term, `a consent term for ${lang}`).toBeDefined();
      // The term is the notice's own word …
      expect(noticeFiles[lang]!.text.toLocaleLowerCase(lang), lang).toContain(term);
      // … and the document uses it where it speaks of consent.
      for (const key of ['consentTitle', 'noConsent', 'answersErased'] as const) {
        expect(set.labels[key].toLocaleLowerCase(lang), `${lang} ${key}`).toContain(term);
      }
      expect(set.labels.action.withdrawal.toLocaleLowerCase(lang), `${lang} action.withdrawal`).toContain(lang === 'de' ? 'widerruf' : term);
    }
    expect(labelFiles.ar!.labels.consentTitle).toContain('موافقة');
    // Issue 14: Turkish consent is (açık) rıza; onay is approval or confirmation.
    expect(labelFiles.tr!.labels.consentTitle.toLocaleLowerCase('tr')).toContain('rıza');
    expect(labelFiles.tr!.labels.consentTitle.toLocaleLowerCase('tr')).not.toContain('onay');
  });

  it('name the notice and the draft state in the notice’s own words', () => {
    for (const [lang, set] of Object.entries(labelFiles)) {
      expect(set.labels.notice, lang).toBe(noticeFiles[lang]!.ui.receiptNoticeVersion);
      if (lang !== 'de') expect(set.labels.draftNote, lang).toBe(noticeFiles[lang]!.ui.draftTranslation);
    }
  });

  it('load the person’s language on demand, written in the direction of its notice', async () => {
    const arabic = localLabelsOf(await loadDocumentLabels('ar'));
    expect(arabic).toMatchObject({ dir: 'rtl', set: { lang: 'ar', reviewState: 'draft' } });
    for (const lang of ['fa', 'prs', 'ps', 'ckb']) expect(localLabelsOf(await loadDocumentLabels(lang))?.dir, lang).toBe('rtl');
    expect(localLabelsOf(await loadDocumentLabels('ti'))?.dir).toBe('ltr');
    for (const [lang, notice] of Object.entries(noticeFiles)) expect(directionOf(lang), lang).toBe(notice.dir);
    // German needs no second column, and a language without labels leaves the document German only.
    expect(localLabelsOf(await loadDocumentLabels('de'))).toBeNull();
    expect(await loadDocumentLabels('xx')).toBeNull();
  });
});
