import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latinRuns } from './latin-runs';

const latin = (text: string) => latinRuns(text).filter((part) => part.kind === 'latin').map((part) => part.text);

describe('latinRuns', () => {
  it('keeps a parenthesised German name whole, with its brackets', () => {
    expect(latin('قسم الخدمات الاجتماعية في مقاطعة باينه (Fachdienst Soziales des Landkreises Peine)')).toEqual(['(Fachdienst Soziales des Landkreises Peine)']);
    expect(latin('غرفة الصناعة والتجارة / غرفة الحرف اليدوية (IHK / Handwerkskammer)')).toEqual(['(IHK / Handwerkskammer)']);
  });

  it('leaves the sentence full stop after an address in the right-to-left text', () => {
    const parts = latinRuns('أو اكتب إلى: Landkreis Peine, Burgstraße 1, 31224 Peine.');
    expect(parts).toEqual([
      { kind: 'text', text: 'أو اكتب إلى: ' },
      { kind: 'latin', text: 'Landkreis Peine, Burgstraße 1, 31224 Peine' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('isolates phone numbers and e-mail addresses as one unit each', () => {
    expect(latin('الهاتف: +49 5171 401-7700')).toEqual(['+49 5171 401-7700']);
    expect(latin('البريد الإلكتروني: uebergang@landkreis-peine.de')).toEqual(['uebergang@landkreis-peine.de']);
  });

  it('leaves a bracket on one side only to the right-to-left text', () => {
    expect(latinRuns('(Vechelde أو Wendeburg)')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'latin', text: 'Vechelde' },
      { kind: 'text', text: ' أو ' },
      { kind: 'latin', text: 'Wendeburg' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('gives back exactly the characters it was given', () => {
    const unit = fc.constantFrom('a', 'ß', 'ب', ' ', '(', ')', '.', '1', '+', '@', '-', 'ی');
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
      expect(latinRuns(text).map((part) => part.text).join('')).toBe(text);
    }));
  });
});
