import { describe, expect, it } from 'vitest';
import { foldForSearch } from './fold';

describe('foldForSearch', () => {
  it('ignores case and diacritics in Latin script', () => {
    expect(foldForSearch('  Müller-Şahin  ')).toBe('muller-sahin');
    expect(foldForSearch('Straße')).toBe('strasse');
    expect(foldForSearch('Kurmancî Çiya')).toBe('kurmanci ciya');
  });
  it('unifies Arabic and Persian letter variants', () => {
    expect(foldForSearch('علي')).toBe(foldForSearch('علی'));
    expect(foldForSearch('أحمد')).toBe(foldForSearch('احمد'));
    expect(foldForSearch('كريم')).toBe(foldForSearch('کریم'));
  });
  it('keeps Ethiopic text searchable as it is', () => {
    expect(foldForSearch('ሰላም')).toBe('ሰላም');
  });
});
