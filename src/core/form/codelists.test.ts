import { describe, expect, it } from 'vitest';
import { searchKey, searchCodeList } from './codelists';
import type { CodeList } from './types';

const countries: CodeList = {
  id: 'countries',
  label: { de: 'Staaten', en: 'Countries' },
  source: 'ISO 3166-1',
  items: [
    { code: 'EG', label: { de: 'Ägypten', en: 'Egypt', ar: 'مصر' } },
    { code: 'SY', label: { de: 'Syrien', en: 'Syria', ar: 'سوريا' } },
    { code: 'CI', label: { de: 'Côte d’Ivoire', en: 'Côte d’Ivoire' }, keywords: { de: ['Elfenbeinküste'], en: ['Ivory Coast'] } },
    { code: 'TR', label: { de: 'Türkei', en: 'Türkiye' }, keywords: { en: ['Turkey'] } },
    { code: 'GB', label: { de: 'Vereinigtes Königreich', en: 'United Kingdom' }, keywords: { de: ['Großbritannien', 'England'], en: ['Great Britain'] } },
    { code: 'US', label: { de: 'Vereinigte Staaten', en: 'United States' }, keywords: { en: ['USA'] } },
    { code: 'SS', label: { de: 'Südsudan', en: 'South Sudan' } },
    { code: 'SD', label: { de: 'Sudan', en: 'Sudan' } },
  ],
};

const occupations: CodeList = {
  id: 'occupations',
  label: { de: 'Berufe', en: 'Occupations' },
  source: 'KldB 2010',
  items: [
    { code: '244', label: { de: 'Metallbau und Schweißtechnik', en: 'Metal construction and welding' }, keywords: { de: ['Schweißer'], en: ['welder'] } },
    { code: '813', label: { de: 'Gesundheits- und Krankenpflege', en: 'Nursing' }, keywords: { de: ['Pflegefachkraft'], en: ['nurse'] } },
    { code: '821', label: { de: 'Altenpflege', en: 'Geriatric care' } },
  ],
};

const codesFor = (list: CodeList, query: string, langs = ['de', 'en']): string[] =>
  searchCodeList(list, query, langs).map((match) => match.item.code);

describe('searchKey', () => {
  it('folds case, diacritics, ß and Arabic letter variants', () => {
    expect(searchKey('Schweißer')).toBe('schweisser');
    expect(searchKey('Côte d’Ivoire')).toBe('cote d ivoire');
    expect(searchKey('Kurmancî')).toBe('kurmanci');
    expect(searchKey('أفغانستان')).toBe(searchKey('افغانستان'));
    expect(searchKey('عربي')).toBe(searchKey('عربی'));
  });
});

describe('searchCodeList', () => {
  it('finds by German and English names, case-insensitively', () => {
    expect(codesFor(countries, 'syrien')).toEqual(['SY']);
    expect(codesFor(countries, 'SYRIA')).toEqual(['SY']);
  });

  it('ignores umlauts and accents, and accepts ae/oe/ue spellings', () => {
    expect(codesFor(countries, 'agypten')).toEqual(['EG']);
    expect(codesFor(countries, 'Aegypten')).toEqual(['EG']);
    expect(codesFor(countries, 'turkei')).toEqual(['TR']);
    expect(codesFor(countries, 'cote')).toEqual(['CI']);
    expect(codesFor(occupations, 'Schweisser')).toEqual(['244']);
  });

  it('searches keywords: alternative and everyday names', () => {
    expect(codesFor(countries, 'Elfenbeinküste')).toEqual(['CI']);
    expect(codesFor(countries, 'ivory')).toEqual(['CI']);
    expect(codesFor(countries, 'grossbritannien')).toEqual(['GB']);
    expect(codesFor(occupations, 'welder')).toEqual(['244']);
    expect(codesFor(occupations, 'nurse')).toEqual(['813']);
  });

  it('matches word prefixes in any word and all query words', () => {
    expect(codesFor(countries, 'verein kön')).toEqual(['GB']);
    expect(codesFor(countries, 'united')).toEqual(['US', 'GB']);
  });

  it('ranks exact before prefix before substring', () => {
    const matches = searchCodeList(occupations, 'pflege', ['de', 'en']);
    expect(matches.map((m) => [m.item.code, m.kind])).toEqual([
      ['813', 'prefix'],
      ['821', 'substring'],
    ]);
    expect(searchCodeList(countries, 'sudan', ['de', 'en']).map((m) => [m.item.code, m.kind, m.matchedText])).toEqual([
      ['SD', 'exact', 'Sudan'],
      ['SS', 'prefix', 'South Sudan'],
    ]);
    expect(searchCodeList(countries, 'sy', ['de', 'en']).map((m) => [m.item.code, m.kind, m.lang])).toEqual([['SY', 'exact', 'code']]);
  });

  it('searches only the languages asked for', () => {
    expect(codesFor(countries, 'مصر', ['de', 'en'])).toEqual([]);
    expect(searchCodeList(countries, 'مصر', ['ar', 'de'])).toEqual([
      { item: countries.items[0], kind: 'exact', matchedText: 'مصر', lang: 'ar' },
    ]);
  });

  it('honours the limit and finds nothing for an empty query', () => {
    expect(searchCodeList(countries, 'e', ['de', 'en'], 2)).toHaveLength(2);
    expect(searchCodeList(countries, '   ', ['de', 'en'])).toEqual([]);
  });
});
