import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeShortReference, shortReference } from './short-reference';

describe('shortReference', () => {
  it('is 8 characters of Crockford base32 in two groups of four', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(shortReference(id)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      }),
    );
  });

  it('is the same for the same record, whatever the case of its id', () => {
    const id = '0b1f9a5e-3c2d-4e8f-9a7b-6c5d4e3f2a1b';
    expect(shortReference(id)).toBe(shortReference(id.toUpperCase()));
    // Pinned: a reference printed on a receipt must find its record after any release.
    expect(shortReference('00000000-0000-4000-8000-000000000000')).toMatchInlineSnapshot(`"VE05-BR70"`);
  });

  it('tells apart ids that differ only in their last character', () => {
    const references = new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'].map(
      (last) => shortReference(`0b1f9a5e-3c2d-4e8f-9a7b-6c5d4e3f2a1${last}`),
    ));
    expect(references.size).toBe(16);
  });

  it('spreads 20,000 random ids over distinct references', () => {
    const ids = fc.sample(fc.uuid(), 20_000);
    const references = new Set(ids.map(shortReference));
    // 40 bits: a collision among 20,000 has a chance of about 0.02 %.
    expect(references.size).toBeGreaterThanOrEqual(new Set(ids).size - 1);
  });
});

describe('normalizeShortReference', () => {
  it('reads what a person typed or heard back as the printed reference', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const printed = shortReference(id);
        expect(normalizeShortReference(printed)).toBe(printed);
        expect(normalizeShortReference(printed.toLowerCase().replace('-', ' '))).toBe(printed);
        expect(normalizeShortReference(printed.replace('-', ''))).toBe(printed);
        expect(normalizeShortReference(printed.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(printed);
      }),
    );
  });

  it('refuses what cannot be a reference', () => {
    for (const input of ['', 'K7QM-3XP', 'K7QM-3XPAB', 'K7QM-3XPU', 'Ahmed', 'K7QM/3XPA']) {
      expect(normalizeShortReference(input), input).toBeNull();
    }
  });
});
