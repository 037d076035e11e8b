import { describe, expect, it } from 'vitest';
import { shortReference } from '../../core/record/index';
import { searchFactsOf } from './search';

const id = '3f1c2a9e-6b1d-4c8e-9a57-2d4f8e1b0c11';

describe('searchFactsOf', () => {
  it('keeps the names in both scripts, folded, as skeletons, for display and for sorting', () => {
    const { row } = searchFactsOf(id, { answers: { surname: 'Al-Hassan', givenNames: 'Aḥmad', surnameOriginal: 'الحسن', givenNamesOriginal: 'أحمد' } });
    expect(row).toMatchObject({ record_id: id, short_reference: shortReference(id), name_latin: 'Al-Hassan, Aḥmad', name_original: 'الحسن أحمد', name_sort: 'al-hassan ahmad' });
    expect(row.name_folded).toBe(`al-hassan ahmad الحسن احمد ${shortReference(id).toLowerCase()}`);
    // "hsn" also without the joined Arabic article, so "Hassan" finds الحسن.
    expect(row.name_skeletons.split(' ')).toEqual(expect.arrayContaining(['l', 'hsn', 'hmd', 'lhsn']));
    expect(row.name_skeletons.startsWith(' ') && row.name_skeletons.endsWith(' ')).toBe(true);
  });

  it('takes the lowest assessed German level; "not assessed" is no level, and no German entry gives none', () => {
    const german = (levels: Record<string, string>) =>
      searchFactsOf(id, { answers: { languageSkills: [{ skillLanguage: 'arb', skillLevels: { listening: 'C2' } }, { skillLanguage: 'deu', skillLevels: levels }] } }).values.filter((v) => v.dimension === 'german');
    expect(german({ listening: 'B2', reading: 'A2', writing: 'notAssessed' })).toEqual([{ dimension: 'german', value: 'A2' }]);
    expect(german({ listening: 'B1', writing: 'none' })).toEqual([{ dimension: 'german', value: 'none' }]);
    expect(german({ writing: 'notAssessed' })).toEqual([]);
    expect(searchFactsOf(id, { answers: { languageSkills: [] } }).values).toEqual([]);
  });

  it('lists every nationality (or the status without one), the area of every past job once, and the municipality', () => {
    const { values } = searchFactsOf(id, {
      answers: {
        nationalityStatus: 'known',
        nationality: ['SY', 'TR'],
        municipality: 'ilsede',
        workExperience: [{ occupationCode: '293' }, { occupationCode: '252' }, { occupationCode: '821' }, { jobTitle: 'ohne Code' }],
      },
    });
    expect(values).toEqual([
      { dimension: 'nationality', value: 'SY' },
      { dimension: 'nationality', value: 'TR' },
      { dimension: 'occupationArea', value: '2' },
      { dimension: 'occupationArea', value: '8' },
      { dimension: 'municipality', value: 'ilsede' },
    ]);
    expect(searchFactsOf(id, { answers: { nationalityStatus: 'stateless' } }).values).toEqual([{ dimension: 'nationality', value: 'stateless' }]);
  });

  it('gives a refusal or an unreadable payload its short reference only', () => {
    for (const payload of [{ answers: null }, null, '{}', { answers: ['x'] }]) {
      expect(searchFactsOf(id, payload)).toEqual({
        row: { record_id: id, short_reference: shortReference(id), name_folded: shortReference(id).toLowerCase(), name_skeletons: ' ', name_sort: null, name_latin: null, name_original: null },
        values: [],
      });
    }
  });
});
