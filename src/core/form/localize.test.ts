import { describe, expect, it } from 'vitest';
import { miniForm } from './__fixtures__/mini-form';
import { localized, translatedCounts, translationState } from './localize';

describe('localized', () => {
  const text = { de: 'Geburtsdatum', en: 'Date of birth', fa: 'تاریخ تولد', ar: '  ' };

  it('returns the text in the requested language', () => {
    expect(localized(text, 'fa')).toEqual({ text: 'تاریخ تولد', lang: 'fa', isFallback: false });
  });

  it('falls back to German and says so, also for blank translations', () => {
    expect(localized(text, 'ti')).toEqual({ text: 'Geburtsdatum', lang: 'de', isFallback: true });
    expect(localized(text, 'ar')).toEqual({ text: 'Geburtsdatum', lang: 'de', isFallback: true });
  });

  it('never substitutes a related language: Dari does not get Farsi', () => {
    expect(localized(text, 'prs')).toEqual({ text: 'Geburtsdatum', lang: 'de', isFallback: true });
  });

  it('uses the base language of a regional tag', () => {
    expect(localized(text, 'en-GB')).toEqual({ text: 'Date of birth', lang: 'en', isFallback: false });
    expect(localized(text, 'de-AT')).toEqual({ text: 'Geburtsdatum', lang: 'de', isFallback: false });
  });

  it('German itself is never a fallback', () => {
    expect(localized(text, 'de')).toEqual({ text: 'Geburtsdatum', lang: 'de', isFallback: false });
  });
});

describe('translationState', () => {
  const form = miniForm();

  it('reports review state and complete coverage', () => {
    const state = translationState(form, 'en');
    expect(state).toMatchObject({ lang: 'en', declared: true, reviewState: 'draft', missing: [] });
    expect(state.translated).toBe(state.total);
    expect(state.total).toBe(37);
  });

  it('lists every missing text for an undeclared language', () => {
    const state = translationState(form, 'ar');
    expect(state.declared).toBe(false);
    expect(state.reviewState).toBe('missing');
    expect(state.translated).toBe(0);
    expect(state.missing).toHaveLength(37);
    expect(state.missing.slice(0, 4)).toEqual(['title', 'sections[0].label', 'sections[0].items[0].label', 'sections[0].items[1].label']);
    expect(state.codeListLabels.translated).toBe(0);
  });
});

describe('translatedCounts', () => {
  it('counts in one pass what translationState counts per language', () => {
    const form = miniForm();
    const langs = ['de', 'en', 'ar', 'fa'];
    const counts = translatedCounts(form, langs);
    for (const lang of langs) {
      const state = translationState(form, lang);
      expect(counts.get(lang)).toEqual({ translated: state.translated, total: state.total });
    }
    expect(counts.get('ar')).toEqual({ translated: 0, total: 37 });
  });
});
